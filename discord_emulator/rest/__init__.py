"""REST API v10 routes of the Discord emulator."""
