"""Discord's documented limits, checked on messages, components and application commands."""
