-- Every ballot stored (a member's first and each replacement) counts one write. A process
-- holding a live tally knows how many writes it accounts for; when the stored count differs,
-- another process stored a ballot since, and it recounts. ballot_count alone cannot tell: a
-- replaced ballot changes no count.
-- Every ballot already stored was written at least once; a replacement before now is in the
-- stored ballots a fresh process recounts, so starting at ballot_count loses nothing.
ALTER TABLE polls ADD COLUMN ballot_writes INTEGER NOT NULL DEFAULT 0
    CHECK (ballot_writes >= 0);
UPDATE polls SET ballot_writes = ballot_count;

-- A first ballot: one statement bumps both counts (the poll's row is written anyway).
DROP TRIGGER ballots_count;
CREATE TRIGGER ballots_count AFTER INSERT ON ballots
BEGIN
    UPDATE polls SET ballot_count = ballot_count + 1, ballot_writes = ballot_writes + 1
    WHERE id = NEW.poll_id;
END;

-- A replacement (the upsert's update sets ranking, even to the same ranking).
CREATE TRIGGER ballots_replaced AFTER UPDATE OF ranking ON ballots
BEGIN
    UPDATE polls SET ballot_writes = ballot_writes + 1 WHERE id = NEW.poll_id;
END;
