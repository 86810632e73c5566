-- SQLite's 0005 on PostgreSQL. A scene an open poll lists cannot be removed (by a moderator or a
-- re-import): it would vanish from a running ballot or win under a title that no longer exists.
-- Close or cancel the poll first; a closed poll keeps the scene's title (scene_id becomes NULL).
CREATE FUNCTION scenes_keep_open_polls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM poll_options o JOIN polls p ON p.id = o.poll_id
        WHERE o.scene_id = OLD.id AND p.status = 'open'
    ) THEN
        RAISE EXCEPTION 'scene is in an open poll'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'scenes_keep_open_polls';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER scenes_keep_open_polls BEFORE DELETE ON scenes
    FOR EACH ROW EXECUTE FUNCTION scenes_keep_open_polls();

-- The community ranking reads the latest closed poll that has ballots.
CREATE INDEX polls_film_closed ON polls (guild_id, film_id, closed_at) WHERE status = 'closed';
