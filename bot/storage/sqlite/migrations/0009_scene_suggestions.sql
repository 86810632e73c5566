-- Community scene suggestions (issue 13): a member proposes a scene for a film their guild can
-- see; a moderator approves it (it becomes a normal scene, scene_id, crediting user_id) or
-- rejects it (with an optional reason). Everything is per guild.
CREATE TABLE scene_suggestions (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL CHECK (guild_id > 0),
    film_id     INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL CHECK (user_id > 0),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- casefolding may lengthen a title (ß -> ss), so the key has room to grow
    title_key   TEXT NOT NULL CHECK (length(title_key) BETWEEN 1 AND 800),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    spoiler     INTEGER NOT NULL DEFAULT 0 CHECK (spoiler IN (0, 1)),
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
    reason      TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
    reviewer_id INTEGER CHECK (reviewer_id IS NULL OR reviewer_id > 0),
    -- The scene it became; NULL again if a moderator later removes that scene.
    scene_id    INTEGER REFERENCES scenes (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    decided_at  TEXT,
    -- A moderator approving holds a short claim while the scene is written, so of two
    -- moderators approving at once only one writes a scene; an expired claim is void.
    claim_token TEXT CHECK (claim_token IS NULL OR length(claim_token) BETWEEN 1 AND 64),
    claim_until TEXT,
    CHECK ((claim_token IS NULL) = (claim_until IS NULL)),
    CHECK (status = 'pending' OR claim_token IS NULL),
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK ((status = 'pending') = (reviewer_id IS NULL)),
    CHECK (status = 'rejected' OR reason IS NULL),
    CHECK (status = 'approved' OR scene_id IS NULL)
);
CREATE INDEX scene_suggestions_member ON scene_suggestions (guild_id, user_id, status);
CREATE INDEX scene_suggestions_scene ON scene_suggestions (scene_id);
-- One pending suggestion per title and film in a guild (a duplicate is refused).
CREATE UNIQUE INDEX scene_suggestions_pending_title
    ON scene_suggestions (guild_id, film_id, title_key) WHERE status = 'pending';

-- At most 3 pending suggestions per member per guild (bot.suggestions.models.MAX_PENDING).
-- SQLite has one writer at a time, so the count cannot race another insert.
CREATE TRIGGER scene_suggestions_pending_limit BEFORE INSERT ON scene_suggestions
WHEN NEW.status = 'pending' AND (
    SELECT count(*) FROM scene_suggestions
    WHERE guild_id = NEW.guild_id AND user_id = NEW.user_id AND status = 'pending'
) >= 3
BEGIN
    SELECT RAISE(ABORT, 'suggestion limit: at most 3 pending suggestions per member');
END;
