"""Community scene suggestions: members propose scenes, moderators review them."""
