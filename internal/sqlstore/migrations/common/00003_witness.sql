-- +goose Up
-- Cosignatures collected from witnesses: each row is a checkpoint of this
-- log with an independent witness's timestamped cosignature appended. They
-- are evidence for others, not state of ours, so rows are only ever added.
CREATE TABLE witness_cosignatures (
    witness     TEXT   NOT NULL,
    size        BIGINT NOT NULL,
    cosigned_at TEXT   NOT NULL,
    note        TEXT   NOT NULL,
    PRIMARY KEY (witness, size)
);
CREATE INDEX witness_cosignatures_size ON witness_cosignatures(size);

-- +goose Down
DROP TABLE witness_cosignatures;
