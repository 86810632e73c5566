"""Per-guild settings: moderator and poll host roles, spoiler display."""
