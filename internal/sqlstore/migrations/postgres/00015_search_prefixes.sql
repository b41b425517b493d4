-- +goose Up
-- SQLite's word index gains prefix indexes (sqlite/00015); PostgreSQL's
-- trigram index already answers a word's start without merging.
SELECT 1;

-- +goose Down
SELECT 1;
