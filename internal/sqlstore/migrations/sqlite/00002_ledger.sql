-- +goose Up
-- The verifiable log (internal/ledger). One RFC 6962 tree over every
-- decision, written in the same transaction as the business rows. Rows of
-- the log are never changed or removed: the triggers below refuse it, so a
-- mistake cannot quietly rewrite history (deliberate tampering by someone
-- who can drop triggers is what the Merkle tree and the signed checkpoints
-- kept outside the database detect).

-- The sequencer: one row, read and bumped by every append under the write
-- lock, so indices are dense (an autoincrement would leave gaps).
CREATE TABLE ledger_state (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL CHECK (size >= 0)
);
INSERT INTO ledger_state (id, size) VALUES (1, 0);

CREATE TABLE ledger_leaves (
    idx        INTEGER PRIMARY KEY CHECK (idx >= 0),
    case_id    TEXT    NOT NULL,
    leaf       BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX ledger_leaves_case ON ledger_leaves (case_id, idx);

-- Stored tree hashes in golang.org/x/mod/sumdb/tlog's numbering.
CREATE TABLE ledger_hashes (
    id   INTEGER PRIMARY KEY CHECK (id >= 0),
    hash BLOB    NOT NULL CHECK (length(hash) = 32)
);

CREATE TABLE ledger_checkpoints (
    size       INTEGER PRIMARY KEY CHECK (size >= 0),
    root       BLOB    NOT NULL CHECK (length(root) = 32),
    note       TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

-- Every key that ever signed checkpoints; the newest (largest since_size)
-- signs now, the older ones stay listed so old receipts keep verifying.
CREATE TABLE ledger_keys (
    key_id     TEXT    PRIMARY KEY,
    vkey       TEXT    NOT NULL UNIQUE,
    since_size INTEGER NOT NULL UNIQUE CHECK (since_size >= 0),
    created_at TEXT    NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER ledger_state_no_shrink BEFORE UPDATE ON ledger_state
WHEN NEW.size < OLD.size OR NEW.id <> OLD.id
BEGIN SELECT RAISE(ABORT, 'ledger_state: the log cannot shrink'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_state_no_delete BEFORE DELETE ON ledger_state
BEGIN SELECT RAISE(ABORT, 'ledger_state: the sequencer row cannot be deleted'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_leaves_no_update BEFORE UPDATE ON ledger_leaves
BEGIN SELECT RAISE(ABORT, 'ledger_leaves is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_leaves_no_delete BEFORE DELETE ON ledger_leaves
BEGIN SELECT RAISE(ABORT, 'ledger_leaves is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_hashes_no_update BEFORE UPDATE ON ledger_hashes
BEGIN SELECT RAISE(ABORT, 'ledger_hashes is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_hashes_no_delete BEFORE DELETE ON ledger_hashes
BEGIN SELECT RAISE(ABORT, 'ledger_hashes is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_keys_no_update BEFORE UPDATE ON ledger_keys
BEGIN SELECT RAISE(ABORT, 'ledger_keys is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_keys_no_delete BEFORE DELETE ON ledger_keys
BEGIN SELECT RAISE(ABORT, 'ledger_keys is append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE ledger_keys;
DROP TABLE ledger_checkpoints;
DROP TABLE ledger_hashes;
DROP TABLE ledger_leaves;
DROP TABLE ledger_state;
