-- The scene limit and one discussion per subject are enforced by the schema, where concurrent
-- commands cannot race past them (issue 9, item 11).

-- At most 50 scenes per film (bot.catalogue.models.MAX_SCENES). Counted without the new row's
-- rank, so an upsert that rewrites an existing rank in place is not refused.
CREATE TRIGGER scenes_limit BEFORE INSERT ON scenes
WHEN (SELECT count(*) FROM scenes WHERE film_id = NEW.film_id AND rank <> NEW.rank) >= 50
BEGIN
    SELECT RAISE(ABORT, 'scene limit: a film can have at most 50 scenes');
END;

-- A discussion row is claimed (thread_id NULL) before its thread is created, so of several
-- concurrent /discuss for one subject exactly one creates a thread; the others use it.
CREATE TABLE discussions_new (
    guild_id   INTEGER NOT NULL CHECK (guild_id > 0),
    channel_id INTEGER NOT NULL CHECK (channel_id > 0),
    film_id    INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    scene_id   INTEGER REFERENCES scenes (id) ON DELETE CASCADE,
    thread_id  INTEGER CHECK (thread_id IS NULL OR thread_id > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO discussions_new (guild_id, channel_id, film_id, scene_id, thread_id, created_at)
    SELECT guild_id, channel_id, film_id, scene_id, thread_id, created_at FROM discussions;
DROP TABLE discussions;
ALTER TABLE discussions_new RENAME TO discussions;
CREATE UNIQUE INDEX discussions_subject
    ON discussions (guild_id, channel_id, film_id, ifnull(scene_id, 0));
