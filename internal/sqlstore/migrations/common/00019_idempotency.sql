-- +goose Up
-- The answers to requests sent with an Idempotency-Key (sqlstore/idempotency.go).
-- A row is written in the same transaction as the action it answers, so it
-- exists exactly when the action committed: a retry with the same key and
-- the same request (digest: SHA-256 of method, path and body) gets the first
-- answer instead of taking the action again; another request under the key
-- is refused. status and answer are the first answer (0 and '' until the
-- server has sent it; a server that died in between rebuilds it from
-- subject and log_index, the case and the log entry the action wrote).
-- Keys live 24 hours from created_at.
CREATE TABLE idempotency_keys (
    caller     TEXT    NOT NULL,
    idem_key   TEXT    NOT NULL,
    digest     TEXT    NOT NULL,
    status     INTEGER NOT NULL DEFAULT 0,
    answer     TEXT    NOT NULL DEFAULT '',
    subject    TEXT    NOT NULL DEFAULT '',
    log_index  BIGINT  NOT NULL DEFAULT -1,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
