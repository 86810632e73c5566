"""Storage adapters. Each backend implements every feature's store protocol
(``bot.catalogue.store``, ``bot.polls.store``, ``bot.community.store``, ``bot.guilds.store``);
only ``bot.services`` picks and opens one. Adapters import only models and ``bot.errors``, and
raise domain errors, never driver exceptions. SQLite (``bot.storage.sqlite``) is the default."""
