-- +goose Up
-- The verifiable log (internal/ledger); see the SQLite variant for the
-- reasoning. Same tables and columns, PostgreSQL types, and one plpgsql
-- function behind the append-only triggers.

CREATE TABLE ledger_state (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    size BIGINT NOT NULL CHECK (size >= 0)
);
INSERT INTO ledger_state (id, size) VALUES (1, 0);

CREATE TABLE ledger_leaves (
    idx        BIGINT PRIMARY KEY CHECK (idx >= 0),
    case_id    TEXT   NOT NULL,
    leaf       BYTEA  NOT NULL,
    created_at TEXT   NOT NULL
);
CREATE INDEX ledger_leaves_case ON ledger_leaves (case_id, idx);

CREATE TABLE ledger_hashes (
    id   BIGINT PRIMARY KEY CHECK (id >= 0),
    hash BYTEA  NOT NULL CHECK (length(hash) = 32)
);

CREATE TABLE ledger_checkpoints (
    size       BIGINT PRIMARY KEY CHECK (size >= 0),
    root       BYTEA  NOT NULL CHECK (length(root) = 32),
    note       TEXT   NOT NULL,
    created_at TEXT   NOT NULL
);

CREATE TABLE ledger_keys (
    key_id     TEXT   PRIMARY KEY,
    vkey       TEXT   NOT NULL UNIQUE,
    since_size BIGINT NOT NULL UNIQUE CHECK (since_size >= 0),
    created_at TEXT   NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'ledger_state' AND TG_OP = 'UPDATE' THEN
        IF NEW.size >= OLD.size AND NEW.id = OLD.id THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'ledger_state: the log cannot shrink';
    END IF;
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_state_guard BEFORE UPDATE OR DELETE ON ledger_state
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_leaves_guard BEFORE UPDATE OR DELETE ON ledger_leaves
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_hashes_guard BEFORE UPDATE OR DELETE ON ledger_hashes
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_checkpoints_guard BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_keys_guard BEFORE UPDATE OR DELETE ON ledger_keys
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
-- TRUNCATE bypasses row triggers; refuse it too.
CREATE TRIGGER ledger_leaves_no_truncate BEFORE TRUNCATE ON ledger_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_hashes_no_truncate BEFORE TRUNCATE ON ledger_hashes
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_keys_no_truncate BEFORE TRUNCATE ON ledger_keys
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- +goose Down
DROP TABLE ledger_keys;
DROP TABLE ledger_checkpoints;
DROP TABLE ledger_hashes;
DROP TABLE ledger_leaves;
DROP TABLE ledger_state;
DROP FUNCTION ledger_append_only();
