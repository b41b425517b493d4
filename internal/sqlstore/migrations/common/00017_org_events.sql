-- +goose Up
-- The business record of every authority fact (sqlstore/orglog.go): a unit
-- created, a person created, a seat or role given or taken, a day
-- announced. Each row is one leaf of the log, written in the same
-- transaction as the change to units, people, positions, grants or
-- calendar_days; the leaf carries the SHA-256 of payload, so the audit
-- re-derives every leaf from its row and replays the rows to check the
-- tables (sqlstore/audit_org.go), as it does with events for cases.
-- chain is the leaf's chain in the log (proof.AuthorityChain and friends);
-- unit_id and person_id name the fact's subjects ('' where there is none).
CREATE TABLE org_events (
    log_index  BIGINT PRIMARY KEY,
    chain      TEXT   NOT NULL,
    seq        BIGINT NOT NULL,
    prev_index BIGINT NOT NULL,
    kind       TEXT   NOT NULL,
    unit_id    TEXT   NOT NULL DEFAULT '',
    person_id  TEXT   NOT NULL DEFAULT '',
    payload    TEXT   NOT NULL,
    at         TEXT   NOT NULL,
    actor_id   TEXT   NOT NULL,
    UNIQUE (chain, seq)
);

-- +goose Down
DROP TABLE org_events;
