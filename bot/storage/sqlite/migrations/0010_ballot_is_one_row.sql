-- A ballot is one row: its ranking (the options in rank order, as text such as '3,1,2') lives in
-- the row, keyed by (poll, member), so storing a ballot is one statement writing one b-tree
-- page (and the poll's count) instead of five pages over three statements.
-- previous_ranking is the ranking the latest replacement took back: the upsert returns it, so
-- the live tally learns what to remove in the same statement that stores the new ranking.
CREATE TABLE ballots_one_row (
    poll_id          INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL CHECK (user_id > 0),
    -- Whole numbers from 1, joined by single commas: '3,1,2' (25 options fit in 65 characters).
    ranking          TEXT NOT NULL CHECK (
                         length(ranking) BETWEEN 1 AND 65 AND ranking NOT GLOB '*[^0-9,]*'
                         AND ranking GLOB '[1-9]*' AND ranking NOT GLOB '*,'
                         AND ranking NOT GLOB '*,,*' AND ranking NOT GLOB '*,0*'
                     ),
    previous_ranking TEXT
                     CHECK (previous_ranking IS NULL OR previous_ranking NOT GLOB '*[^0-9,]*'),
    cast_at          TEXT NOT NULL,
    PRIMARY KEY (poll_id, user_id)
) WITHOUT ROWID;

-- The window orders each ballot's options by rank (a plain group_concat's order is undefined).
INSERT INTO ballots_one_row (poll_id, user_id, ranking, cast_at)
SELECT b.poll_id, b.user_id, r.ranking, b.cast_at
FROM ballots AS b
JOIN (
    SELECT DISTINCT ballot_id, group_concat(option, ',') OVER (
        PARTITION BY ballot_id ORDER BY rank
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS ranking
    FROM ballot_rankings
) AS r ON r.ballot_id = b.id;

DROP TABLE ballot_rankings;
DROP TABLE ballots;
ALTER TABLE ballots_one_row RENAME TO ballots;

-- The count follows the stored ballots (a ballot row without ranks, which no version wrote,
-- would not have come through).
UPDATE polls SET ballot_count = (SELECT count(*) FROM ballots WHERE ballots.poll_id = polls.id)
WHERE ballot_count <> (SELECT count(*) FROM ballots WHERE ballots.poll_id = polls.id);

-- Dropped with the old table: a member's first ballot counts, a replacement does not.
CREATE TRIGGER ballots_count AFTER INSERT ON ballots
BEGIN
    UPDATE polls SET ballot_count = ballot_count + 1 WHERE id = NEW.poll_id;
END;
