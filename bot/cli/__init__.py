"""The `projectionist` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.errors import ConfigError, ProjectionistError, StorageError


def _guild(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "a guild id is a number such as 123456789012345678"
        ) from None
    if number <= 0:
        raise argparse.ArgumentTypeError("a guild id is a positive number")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="projectionist",
        description="A self-hosted Discord bot for films and their best scenes.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (needs DISCORD_TOKEN)")
    run.set_defaults(handler="bot.cli.bot_cmds:run")

    sandbox = commands.add_parser(
        "sandbox", help="try the bot on a local Discord emulator (no token needed)"
    )
    sandbox.add_argument(
        "--run",
        dest="commands",
        action="append",
        default=[],
        metavar="COMMAND",
        help='run a slash command such as "/film info title:rocky 4" and print the answer '
        "(repeatable; no interactive prompt)",
    )
    sandbox.set_defaults(handler="bot.cli.bot_cmds:sandbox")

    imp = commands.add_parser("import", help="import films from article, TOML or JSON files")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    imp.add_argument("--guild", type=_guild, help="import as this guild's own films")
    imp.add_argument("--dry-run", action="store_true", help="check and show, change nothing")
    imp.add_argument(
        "--remove-missing",
        action="store_true",
        help="each file is the full scene list: remove stored scenes it leaves out "
        "(default: keep them after the imported ones)",
    )
    imp.add_argument("--json", action="store_true", help="print the films as JSON")
    imp.set_defaults(handler="bot.cli.catalogue_cmds:import_")

    exp = commands.add_parser("export", help="write the catalogue (or one guild's films) as JSON")
    exp.add_argument("--guild", type=_guild, help="only this guild's own films")
    exp.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    exp.set_defaults(handler="bot.cli.catalogue_cmds:export")

    search = commands.add_parser("search", help="fuzzy-search film titles")
    search.add_argument("query")
    search.add_argument("--guild", type=_guild, help="search what this guild can see")
    search.add_argument("--limit", type=int, default=10, choices=range(1, 26), metavar="1-25")
    search.add_argument("--json", action="store_true", help="print results as JSON")
    search.set_defaults(handler="bot.cli.catalogue_cmds:search")

    show = commands.add_parser("show", help="show one film and its scenes")
    show.add_argument("film", help="a title (typos welcome) or #ID")
    show.add_argument("--guild", type=_guild, help="look in what this guild can see")
    show.add_argument("--json", action="store_true", help="print the film as JSON")
    show.set_defaults(handler="bot.cli.catalogue_cmds:show")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("migrate", help="apply pending migrations").set_defaults(
        handler="bot.cli.db_cmds:migrate"
    )
    db_commands.add_parser("info", help="schema version, path and counts").set_defaults(
        handler="bot.cli.db_cmds:info"
    )
    backup = db_commands.add_parser(
        "backup",
        help="copy the database to DEST without changing it (a folder DEST gets a dated file)",
    )
    backup.add_argument("destination", type=Path, metavar="DEST")
    backup.set_defaults(handler="bot.cli.db_cmds:backup")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module_name, _, function_name = args.handler.partition(":")
    import importlib

    handler = getattr(importlib.import_module(module_name), function_name)
    try:
        return int(handler(args))
    except ProjectionistError as exc:
        print(f"projectionist: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (ConfigError, StorageError)) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
