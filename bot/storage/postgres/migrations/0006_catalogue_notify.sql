-- PostgreSQL only (SQLite has no NOTIFY; its one process compares PRAGMA data_version). Every
-- statement that writes films or scenes tells the listening bot processes, so a film added,
-- edited or imported by another process (or the CLI) is searchable everywhere within a second.
-- Statement-level, with an empty payload: PostgreSQL folds identical notifications of one
-- transaction into one, so an import of many films wakes each process once, after its commit.
-- Writes to alternative titles and genres bump films.version (0004), so they notify as well.
CREATE FUNCTION notify_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('projectionist_catalogue', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER notify_catalogue_films AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON films
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
CREATE TRIGGER notify_catalogue_scenes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON scenes
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
