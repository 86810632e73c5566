"""Drive the emulator from tests or a sandbox: play members, run a discord.py client against it.

* :class:`GuildDriver` - a guild seen from its members' side (slash, click, select, modals,
  ``wait_until``);
* :func:`start_client` / :func:`stop_client` - run a discord.py client until READY, and stop it;
* :func:`point_discord_py_at` / :func:`restore_discord_py` - where discord.py connects.
"""

from discord_emulator.testing.driver import GuildDriver
from discord_emulator.testing.endpoints import point_discord_py_at, restore_discord_py
from discord_emulator.testing.models import DriverError, Reply, SentMessage
from discord_emulator.testing.options import Upload
from discord_emulator.testing.runner import start_client, stop_client

__all__ = [
    "DriverError",
    "GuildDriver",
    "Reply",
    "SentMessage",
    "Upload",
    "point_discord_py_at",
    "restore_discord_py",
    "start_client",
    "stop_client",
]
