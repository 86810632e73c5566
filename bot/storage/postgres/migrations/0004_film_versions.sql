-- SQLite's 0007 on PostgreSQL. A version per film for optimistic concurrency (issue 9, item 6):
-- a form remembers the version it showed and its write is refused when the film changed since.
-- Triggers bump it on every write to the film or anything it owns, so no write path can forget.
ALTER TABLE films ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);

-- A write to the film that does not set the version itself bumps it.
CREATE FUNCTION films_version_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version = OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER films_version_on_update BEFORE UPDATE ON films
    FOR EACH ROW EXECUTE FUNCTION films_version_on_update();

-- A write to a scene, alternative title or genre bumps its film's version (both films when a
-- scene moves).
CREATE FUNCTION films_version_on_owned_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE films SET version = version + 1 WHERE id = OLD.film_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.film_id IS DISTINCT FROM OLD.film_id) THEN
        UPDATE films SET version = version + 1 WHERE id = NEW.film_id;
    END IF;
    RETURN NULL;
END;
$$;
-- One trigger per event, named as SQLite names them.
CREATE TRIGGER films_version_on_scene_insert AFTER INSERT ON scenes
    FOR EACH ROW EXECUTE FUNCTION films_version_on_owned_write();
CREATE TRIGGER films_version_on_scene_update AFTER UPDATE ON scenes
    FOR EACH ROW EXECUTE FUNCTION films_version_on_owned_write();
CREATE TRIGGER films_version_on_scene_delete AFTER DELETE ON scenes
    FOR EACH ROW EXECUTE FUNCTION films_version_on_owned_write();
CREATE TRIGGER films_version_on_alt_title_insert AFTER INSERT ON film_alt_titles
    FOR EACH ROW EXECUTE FUNCTION films_version_on_owned_write();
CREATE TRIGGER films_version_on_alt_title_delete AFTER DELETE ON film_alt_titles
    FOR EACH ROW EXECUTE FUNCTION films_version_on_owned_write();
CREATE TRIGGER films_version_on_genre_insert AFTER INSERT ON film_genres
    FOR EACH ROW EXECUTE FUNCTION films_version_on_owned_write();
CREATE TRIGGER films_version_on_genre_delete AFTER DELETE ON film_genres
    FOR EACH ROW EXECUTE FUNCTION films_version_on_owned_write();
