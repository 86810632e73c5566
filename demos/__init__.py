"""Demonstrations that need more than the sandbox: several processes, a real database."""
