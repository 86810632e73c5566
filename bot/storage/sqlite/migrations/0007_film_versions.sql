-- A version per film for optimistic concurrency (issue 9, item 6): a form remembers the version
-- it showed and its write is refused when the film changed since. Triggers bump it on every
-- write to the film or anything it owns, so no write path can forget to.
ALTER TABLE films ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);

-- recursive_triggers is off, so this trigger's own UPDATE does not fire it again.
CREATE TRIGGER films_version_on_update AFTER UPDATE ON films
WHEN NEW.version = OLD.version
BEGIN
    UPDATE films SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER films_version_on_scene_insert AFTER INSERT ON scenes
BEGIN
    UPDATE films SET version = version + 1 WHERE id = NEW.film_id;
END;

CREATE TRIGGER films_version_on_scene_update AFTER UPDATE ON scenes
BEGIN
    UPDATE films SET version = version + 1 WHERE id IN (OLD.film_id, NEW.film_id);
END;

CREATE TRIGGER films_version_on_scene_delete AFTER DELETE ON scenes
BEGIN
    UPDATE films SET version = version + 1 WHERE id = OLD.film_id;
END;

CREATE TRIGGER films_version_on_alt_title_insert AFTER INSERT ON film_alt_titles
BEGIN
    UPDATE films SET version = version + 1 WHERE id = NEW.film_id;
END;

CREATE TRIGGER films_version_on_alt_title_delete AFTER DELETE ON film_alt_titles
BEGIN
    UPDATE films SET version = version + 1 WHERE id = OLD.film_id;
END;

CREATE TRIGGER films_version_on_genre_insert AFTER INSERT ON film_genres
BEGIN
    UPDATE films SET version = version + 1 WHERE id = NEW.film_id;
END;

CREATE TRIGGER films_version_on_genre_delete AFTER DELETE ON film_genres
BEGIN
    UPDATE films SET version = version + 1 WHERE id = OLD.film_id;
END;
