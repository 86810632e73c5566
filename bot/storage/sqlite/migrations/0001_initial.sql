-- Films, their alternative titles, genres and ranked scenes, plus per-guild settings.
-- A film with guild_id NULL belongs to the shared catalogue every guild sees; otherwise it is
-- owned by that guild. Polls, favourites and discussions get their own later migrations.

CREATE TABLE films (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER CHECK (guild_id IS NULL OR guild_id > 0),
    title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    title_key      TEXT NOT NULL CHECK (length(title_key) >= 1),
    original_title TEXT CHECK (original_title IS NULL OR length(original_title) <= 200),
    release_date   TEXT CHECK (release_date IS NULL OR date(release_date) = release_date),
    year           INTEGER CHECK (year IS NULL OR year BETWEEN 1870 AND 2100),
    runtime        INTEGER CHECK (runtime IS NULL OR runtime BETWEEN 1 AND 1000),
    director       TEXT CHECK (director IS NULL OR length(director) <= 200),
    tagline        TEXT CHECK (tagline IS NULL OR length(tagline) <= 300),
    synopsis       TEXT NOT NULL DEFAULT '' CHECK (length(synopsis) <= 12000),
    source         TEXT,
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The identity used by idempotent imports: one film per owner, normalised title and year.
CREATE UNIQUE INDEX films_identity ON films (ifnull(guild_id, 0), title_key, ifnull(year, 0));
CREATE INDEX films_guild ON films (guild_id);

CREATE TABLE film_alt_titles (
    film_id  INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    title    TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    PRIMARY KEY (film_id, position)
) WITHOUT ROWID;

CREATE TABLE film_genres (
    film_id  INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    genre    TEXT NOT NULL CHECK (length(genre) BETWEEN 1 AND 40),
    PRIMARY KEY (film_id, position),
    UNIQUE (film_id, genre)
) WITHOUT ROWID;
CREATE INDEX film_genres_genre ON film_genres (genre);

CREATE TABLE scenes (
    id          INTEGER PRIMARY KEY,
    film_id     INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    rank        INTEGER NOT NULL CHECK (rank >= 1),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 8000),
    spoiler     INTEGER NOT NULL DEFAULT 0 CHECK (spoiler IN (0, 1)),
    UNIQUE (film_id, rank)
);

CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY CHECK (guild_id > 0),
    moderator_role_id INTEGER,
    poll_role_id      INTEGER,
    spoilers          INTEGER NOT NULL DEFAULT 1 CHECK (spoilers IN (0, 1))
);
