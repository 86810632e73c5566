"""Community scene suggestions on Discord: ids -> rendering -> components -> commands.

``/scene suggest`` and ``/scene suggestions`` join the /scene group, ``/manage scene review``
the /manage scene group; this extension loads those first, so the order extensions load in
does not matter.
"""

from __future__ import annotations

from discord import app_commands

from bot.client import ProjectionistBot
from cogs.suggestions.commands import review, suggest, suggestions
from cogs.suggestions.components import ITEMS

_NEEDS = ("cogs.scenes", "cogs.manage")


def _group(bot: ProjectionistBot, *path: str) -> app_commands.Group:
    found = bot.tree.get_command(path[0])
    for name in path[1:]:
        found = found.get_command(name) if isinstance(found, app_commands.Group) else None
    if not isinstance(found, app_commands.Group):
        raise RuntimeError(f"/{' '.join(path)} is missing: the suggestion commands join it")
    return found


async def setup(bot: ProjectionistBot) -> None:
    for extension in _NEEDS:
        if extension not in bot.extensions:
            await bot.load_extension(extension)
    bot.add_dynamic_items(*ITEMS)
    scene = _group(bot, "scene")
    scene.add_command(suggest)
    scene.add_command(suggestions)
    _group(bot, "manage", "scene").add_command(review)
