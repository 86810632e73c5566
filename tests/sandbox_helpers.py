"""What the sandbox shell tests share: a plain console that writes into memory, and its text."""

from __future__ import annotations

import io

from rich.console import Console


def memory_console() -> Console:
    """A 100-column console without colour or markup, writing into a string."""
    return Console(file=io.StringIO(), width=100, color_system=None, markup=False)


def written(console: Console) -> str:
    """Everything ``console`` (a ``memory_console``) has printed so far."""
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()
