-- +goose Up
-- A locality's own rule set (time limits, reminders, vote threshold), one
-- row per version: a change adds a version, and each version is logged as
-- an authority fact (rules.issued) whose leaf carries the body's digest,
-- which the audit checks every row against. A case follows the set that
-- applied in its unit when it was first submitted: the submission logs it
-- whole, and proposals.rules keeps a copy, derived from the case's events
-- like every other column of the projection.
CREATE TABLE rule_sets (
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES units(id),
    body       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE INDEX rule_sets_unit ON rule_sets (unit_id, version);
ALTER TABLE proposals ADD COLUMN rules TEXT NOT NULL DEFAULT '';

-- The instruments an administrator adds to those a case's legal basis may
-- name (Conclusion 14, Decree 73 and HCMC's plan are built in:
-- workflow.BuiltinInstruments). A date left empty is not known.
CREATE TABLE instruments (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    number     TEXT NOT NULL,
    issued_on  TEXT NOT NULL,
    issuer     TEXT NOT NULL,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE instruments;
ALTER TABLE proposals DROP COLUMN rules;
DROP TABLE rule_sets;
