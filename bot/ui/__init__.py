"""Discord-facing helpers shared by the cogs: the command tree, error replies, rendering."""
