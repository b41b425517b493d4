-- +goose Up
-- Times are TEXT in UTC, fixed width (2006-01-02T15:04:05.000000000Z), so
-- they sort as strings and read the same on SQLite and PostgreSQL. Dates are
-- TEXT yyyy-mm-dd. Flags are BIGINT 0/1 on both.
CREATE TABLE units (
    id              TEXT PRIMARY KEY,
    parent_id       TEXT REFERENCES units(id),
    name            TEXT NOT NULL,
    name_fold       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    party_committee TEXT NOT NULL DEFAULT '',
    path            TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    name_fold     TEXT NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL DEFAULT '',
    pseudonym     TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL
);

CREATE TABLE positions (
    person_id TEXT NOT NULL REFERENCES people(id),
    unit_id   TEXT NOT NULL REFERENCES units(id),
    position  TEXT NOT NULL,
    PRIMARY KEY (person_id, unit_id)
);
CREATE INDEX positions_unit ON positions(unit_id, position);

CREATE TABLE grants (
    person_id TEXT NOT NULL REFERENCES people(id),
    role      TEXT NOT NULL,
    unit_id   TEXT NOT NULL REFERENCES units(id),
    PRIMARY KEY (person_id, role, unit_id)
);
CREATE INDEX grants_unit ON grants(unit_id, role);

CREATE TABLE tokens (
    hash       TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    kind       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX tokens_person ON tokens(person_id);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE proposals (
    id            TEXT PRIMARY KEY,
    unit_id       TEXT NOT NULL REFERENCES units(id),
    unit_path     TEXT NOT NULL,
    decider_id    TEXT NOT NULL REFERENCES units(id),
    decider_path  TEXT NOT NULL,
    proposer_id   TEXT NOT NULL REFERENCES people(id),
    title         TEXT NOT NULL,
    field         TEXT NOT NULL,
    state         TEXT NOT NULL,
    version       BIGINT NOT NULL,
    content       TEXT NOT NULL,
    search_fold   TEXT NOT NULL,
    source_id     TEXT REFERENCES proposals(id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    submitted_at  TEXT NOT NULL DEFAULT '',
    entered_at    TEXT NOT NULL,
    reported_at   TEXT NOT NULL DEFAULT '',
    decided_at    TEXT NOT NULL DEFAULT '',
    due_date      TEXT NOT NULL DEFAULT '',
    escalated_for TEXT NOT NULL DEFAULT '',
    vote_round    BIGINT NOT NULL DEFAULT 0,
    scope         TEXT NOT NULL DEFAULT '',
    scope_index   BIGINT NOT NULL DEFAULT -1,
    scope_spent   BIGINT NOT NULL DEFAULT 0,
    outside_scope BIGINT NOT NULL DEFAULT 0,
    evaluation    TEXT NOT NULL DEFAULT '',
    result        TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    last_seq      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX proposals_state ON proposals(state, due_date);
CREATE INDEX proposals_unit ON proposals(unit_path, state);
CREATE INDEX proposals_decider ON proposals(decider_id, state, due_date);
CREATE INDEX proposals_proposer ON proposals(proposer_id, state);
CREATE INDEX proposals_source ON proposals(source_id);
CREATE INDEX proposals_due ON proposals(due_date);

CREATE TABLE proposal_versions (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    version     BIGINT NOT NULL,
    content     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (proposal_id, version)
);

-- events is the business record of every fact of a case; each row's leaf
-- in the log is derived from it alone (plus the actor's pseudonym and the
-- previous leaf's index), so an audit can re-derive and compare.
CREATE TABLE events (
    proposal_id  TEXT NOT NULL REFERENCES proposals(id),
    seq          BIGINT NOT NULL,
    type         TEXT NOT NULL,
    action       TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    at           TEXT NOT NULL,
    state_before TEXT NOT NULL,
    state_after  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    log_index    BIGINT NOT NULL UNIQUE,
    prev_index   BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, seq)
);
CREATE INDEX events_actor ON events(actor_id);

CREATE TABLE votes (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    round       BIGINT NOT NULL,
    person_id   TEXT NOT NULL REFERENCES people(id),
    ballot      TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    PRIMARY KEY (proposal_id, round, person_id)
);

CREATE TABLE attachments (
    sha256     TEXT PRIMARY KEY,
    size       BIGINT NOT NULL,
    mime       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE proposal_attachments (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    sha256      TEXT NOT NULL REFERENCES attachments(sha256),
    name        TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (proposal_id, sha256)
);

CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id),
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    kind        TEXT NOT NULL,
    at          TEXT NOT NULL,
    read_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notifications_person ON notifications(person_id, read_at);

CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    note TEXT NOT NULL
);

-- +goose Down
DROP TABLE calendar_days;
DROP TABLE notifications;
DROP TABLE proposal_attachments;
DROP TABLE attachments;
DROP TABLE votes;
DROP TABLE events;
DROP TABLE proposal_versions;
DROP TABLE proposals;
DROP TABLE counters;
DROP TABLE tokens;
DROP TABLE grants;
DROP TABLE positions;
DROP TABLE people;
DROP TABLE units;
