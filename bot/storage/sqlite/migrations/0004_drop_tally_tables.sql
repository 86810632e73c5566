-- The incremental tally lives in memory and is rebuilt from the stored ballots, the single
-- source of truth; these tables were written on every ballot and never read.
DROP TABLE poll_pairwise;
DROP TABLE poll_first_choices;

-- A poll's ballot count follows its ballots: a member's first ballot counts, a replacement
-- (an upsert that updates the existing row) does not.
CREATE TRIGGER ballots_count AFTER INSERT ON ballots
BEGIN
    UPDATE polls SET ballot_count = ballot_count + 1 WHERE id = NEW.poll_id;
END;
