-- The outbox: what a finished poll must still deliver to its channel (the poll message edited so
-- the Vote button is gone; for a close, the results posted). Written in the closing transaction,
-- so a crash or a Discord outage cannot lose it. One row per poll. A worker claims a row with a
-- lease (claimed_by until lease_until); a claim whose holder died is taken over after the lease.
CREATE TABLE poll_outbox (
    id              INTEGER PRIMARY KEY,
    poll_id         INTEGER NOT NULL UNIQUE REFERENCES polls (id) ON DELETE CASCADE,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT NOT NULL,
    claimed_by      TEXT,
    lease_until     TEXT,
    message_id      INTEGER,
    last_error      TEXT,
    host_told       TEXT CHECK (host_told IN ('dm', 'channel', 'reply', 'none')),
    created_at      TEXT NOT NULL,
    settled_at      TEXT,
    CHECK ((claimed_by IS NULL) = (lease_until IS NULL)),
    CHECK (state = 'pending' OR (claimed_by IS NULL AND settled_at IS NOT NULL))
);
CREATE INDEX poll_outbox_due ON poll_outbox (next_attempt_at) WHERE state = 'pending';
