-- +goose Up
-- The document register (sổ đăng ký văn bản đi) of every issuing unit: the
-- official documents (decisions, minutes, notices, records, conclusions)
-- a case's steps produce, numbered per unit and calendar year without gap
-- or repeat, in the transaction of the step that issues them
-- (sqlstore/register.go). The number, date and SHA-256 of each PDF are in
-- the step's payload, so in its leaf; the PDF's bytes are kept here, since
-- they are what the digest names.
CREATE TABLE document_counters (
    unit_id     TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year)
);

-- A unit's abbreviation in its documents' symbols (QĐ-UBND, BB-SXD), when
-- it is not the one derived from its kind and name.
CREATE TABLE document_units (
    unit_id TEXT PRIMARY KEY,
    abbrev  TEXT NOT NULL
);

CREATE TABLE documents (
    unit_id     TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    symbol      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    proposal_id TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    issued_at   TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    folded      TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    pdf         BYTEA   NOT NULL,
    PRIMARY KEY (unit_id, year, number),
    UNIQUE (proposal_id, seq, kind)
);
CREATE INDEX documents_case ON documents (proposal_id, seq);

-- +goose Down
DROP TABLE documents;
DROP TABLE document_units;
DROP TABLE document_counters;
