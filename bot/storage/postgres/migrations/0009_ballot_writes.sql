-- SQLite's 0011: every ballot stored (a member's first and each replacement) counts one write in
-- polls.ballot_writes, so a process holding a live tally sees a ballot another process replaced
-- (which changes no ballot_count). Existing polls start at their ballot count.
ALTER TABLE polls ADD COLUMN ballot_writes INTEGER NOT NULL DEFAULT 0
    CHECK (ballot_writes >= 0);
UPDATE polls SET ballot_writes = ballot_count;

-- A first ballot: one statement bumps both counts.
CREATE OR REPLACE FUNCTION ballots_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE polls SET ballot_count = ballot_count + 1, ballot_writes = ballot_writes + 1
    WHERE id = NEW.poll_id;
    RETURN NULL;
END;
$$;

-- A replacement: the upsert's DO UPDATE lists ranking in its SET, which fires this (even when
-- the ranking is the same); the poll's row is already locked by the upsert's FOR NO KEY UPDATE.
CREATE FUNCTION ballots_replaced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE polls SET ballot_writes = ballot_writes + 1 WHERE id = NEW.poll_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER ballots_replaced AFTER UPDATE OF ranking ON ballots
    FOR EACH ROW EXECUTE FUNCTION ballots_replaced();
