-- The incremental tally lives in memory and is rebuilt from the stored ballots, the single
-- source of truth; these tables were written on every ballot and never read.
DROP TABLE poll_pairwise;
DROP TABLE poll_first_choices;
