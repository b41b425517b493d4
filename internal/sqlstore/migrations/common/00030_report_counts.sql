-- +goose Up
-- The report's counts by quarter (report_counts.go) live in the derived
-- proposal_counts under dimensions "rq.*", added in each step's own
-- transaction. The row below says whether the steps taken before that
-- have been counted (n = 0: not yet, 1: done): the store counts them once,
-- under a lock on this row, the first time a report asks. A database with
-- no step yet has nothing to count. Like the decision times, a copy of
-- the database to another server counts again.
INSERT INTO proposal_counts (unit_id, dim, key, n)
    SELECT '', 'rq.ready', '', CASE WHEN EXISTS (SELECT 1 FROM events) THEN 0 ELSE 1 END WHERE true
    ON CONFLICT (unit_id, dim, key) DO NOTHING;

-- +goose Down
DELETE FROM proposal_counts WHERE dim >= 'rq.' AND dim < 'rq/';
