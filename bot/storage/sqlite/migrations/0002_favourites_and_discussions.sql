-- Each member keeps one favourite scene per film, per guild.
CREATE TABLE favourites (
    guild_id   INTEGER NOT NULL CHECK (guild_id > 0),
    user_id    INTEGER NOT NULL CHECK (user_id > 0),
    film_id    INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    scene_id   INTEGER NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (guild_id, user_id, film_id)
) WITHOUT ROWID;
CREATE INDEX favourites_scene ON favourites (guild_id, scene_id);

-- The discussion thread opened for a subject (a film, or one of its scenes) in a channel, so a
-- second /discuss points at the active thread instead of opening another.
CREATE TABLE discussions (
    guild_id   INTEGER NOT NULL CHECK (guild_id > 0),
    channel_id INTEGER NOT NULL CHECK (channel_id > 0),
    film_id    INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    scene_id   INTEGER REFERENCES scenes (id) ON DELETE CASCADE,
    thread_id  INTEGER NOT NULL CHECK (thread_id > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE UNIQUE INDEX discussions_subject ON discussions (guild_id, channel_id, film_id, ifnull(scene_id, 0));
