"""Discord-facing commands. Cogs are thin: parse input, call the core in ``bot``, render."""
