"""Scene-ranking polls: the Discord-free service over storage and the voting core."""
