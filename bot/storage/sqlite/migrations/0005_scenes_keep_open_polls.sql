-- A scene an open poll lists cannot be removed (by a moderator or a re-import): it would vanish
-- from a running ballot or win under a title that no longer exists. Close or cancel the poll
-- first; a closed poll keeps the scene's title (its option's scene_id becomes NULL).
CREATE TRIGGER scenes_keep_open_polls BEFORE DELETE ON scenes
WHEN EXISTS (
    SELECT 1 FROM poll_options o JOIN polls p ON p.id = o.poll_id
    WHERE o.scene_id = OLD.id AND p.status = 'open'
)
BEGIN
    SELECT RAISE(ABORT, 'scene is in an open poll');
END;

-- The community ranking reads the latest closed poll that has ballots.
CREATE INDEX polls_film_closed ON polls (guild_id, film_id, closed_at) WHERE status = 'closed';
