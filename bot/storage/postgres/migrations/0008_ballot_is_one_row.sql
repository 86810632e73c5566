-- SQLite's 0010: a ballot is one row, its ranking (the options in rank order) in the row and
-- keyed by (poll, member); storing a ballot is one statement. previous_ranking is the ranking the
-- latest replacement took back, which the upsert returns to the live tally.
ALTER TABLE ballots ADD COLUMN ranking SMALLINT[];
ALTER TABLE ballots ADD COLUMN previous_ranking SMALLINT[];

UPDATE ballots AS b SET ranking = r.ranking
FROM (
    SELECT ballot_id, array_agg(option ORDER BY rank)::SMALLINT[] AS ranking
    FROM ballot_rankings GROUP BY ballot_id
) AS r
WHERE r.ballot_id = b.id;
DELETE FROM ballots WHERE ranking IS NULL;  -- no version wrote a ballot without ranks

ALTER TABLE ballots
    ALTER COLUMN ranking SET NOT NULL,
    ADD CONSTRAINT ballots_ranking_check
        CHECK (cardinality(ranking) BETWEEN 1 AND 25 AND 1 <= ALL (ranking) AND 25 >= ALL (ranking)),
    ADD CONSTRAINT ballots_previous_ranking_check
        CHECK (previous_ranking IS NULL OR cardinality(previous_ranking) BETWEEN 1 AND 25);

DROP TABLE ballot_rankings;
ALTER TABLE ballots DROP CONSTRAINT ballots_poll_id_user_id_key;
ALTER TABLE ballots DROP COLUMN id;
ALTER TABLE ballots ADD PRIMARY KEY (poll_id, user_id);

UPDATE polls SET ballot_count = (SELECT count(*) FROM ballots WHERE ballots.poll_id = polls.id)
WHERE ballot_count <> (SELECT count(*) FROM ballots WHERE ballots.poll_id = polls.id);
