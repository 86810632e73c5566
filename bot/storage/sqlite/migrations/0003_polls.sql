-- Scene-ranking polls. Options snapshot the scene titles at the start, so editing or removing a
-- scene later never changes what members voted on. Option ids are the positions 1..N.
CREATE TABLE polls (
    id                 INTEGER PRIMARY KEY,
    guild_id           INTEGER NOT NULL CHECK (guild_id > 0),
    channel_id         INTEGER NOT NULL CHECK (channel_id > 0),
    message_id         INTEGER,
    results_message_id INTEGER,
    film_id            INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    film_title         TEXT NOT NULL,
    host_id            INTEGER NOT NULL,
    method             TEXT NOT NULL CHECK (method IN ('schulze', 'borda', 'irv', 'plurality')),
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
    created_at         TEXT NOT NULL,
    closes_at          TEXT NOT NULL CHECK (closes_at > created_at),
    closed_at          TEXT,
    ballot_count       INTEGER NOT NULL DEFAULT 0 CHECK (ballot_count >= 0)
);
-- One open poll per film per guild.
CREATE UNIQUE INDEX polls_one_open_per_film ON polls (guild_id, film_id) WHERE status = 'open';
CREATE INDEX polls_guild_status ON polls (guild_id, status, id);
CREATE INDEX polls_open_deadline ON polls (closes_at) WHERE status = 'open';

-- A film with an open poll cannot be removed (closed polls go with it).
CREATE TRIGGER films_keep_open_polls BEFORE DELETE ON films
WHEN EXISTS (SELECT 1 FROM polls WHERE film_id = OLD.id AND status = 'open')
BEGIN
    SELECT RAISE(ABORT, 'film has an open poll');
END;

CREATE TABLE poll_options (
    poll_id  INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    option   INTEGER NOT NULL CHECK (option BETWEEN 1 AND 25),
    scene_id INTEGER REFERENCES scenes (id) ON DELETE SET NULL,
    title    TEXT NOT NULL,
    spoiler  INTEGER NOT NULL CHECK (spoiler IN (0, 1)),
    PRIMARY KEY (poll_id, option)
) WITHOUT ROWID;

-- One ballot per member per poll; submitting again replaces its rankings.
CREATE TABLE ballots (
    id       INTEGER PRIMARY KEY,
    poll_id  INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL CHECK (user_id > 0),
    cast_at  TEXT NOT NULL,
    UNIQUE (poll_id, user_id)
);

CREATE TABLE ballot_rankings (
    ballot_id INTEGER NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    rank      INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 25),
    option    INTEGER NOT NULL CHECK (option BETWEEN 1 AND 25),
    PRIMARY KEY (ballot_id, rank),
    UNIQUE (ballot_id, option)
) WITHOUT ROWID;

-- The incremental tally, updated in the same transaction as each ballot: pairwise preferences
-- (winner preferred to loser by count members) and first choices.
CREATE TABLE poll_pairwise (
    poll_id INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    winner  INTEGER NOT NULL,
    loser   INTEGER NOT NULL,
    count   INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (poll_id, winner, loser)
) WITHOUT ROWID;

CREATE TABLE poll_first_choices (
    poll_id INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    option  INTEGER NOT NULL,
    count   INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (poll_id, option)
) WITHOUT ROWID;
