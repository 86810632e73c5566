"""A local emulator of the parts of Discord's API the bot uses (REST v10 + Gateway v10).

Loopback only. See :class:`bot.emulator.server.DiscordEmulator` and, to play a user,
:class:`bot.emulator.driver.GuildDriver`.
"""

from bot.emulator.server import DiscordEmulator, EmulatorConfig

__all__ = ["DiscordEmulator", "EmulatorConfig"]
