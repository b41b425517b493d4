-- +goose Up
-- Decision times for dashboards: proposal_counts gains the dimension
-- "ddays" (working days from submission to the collective's decision),
-- which the store adds in the decision's own transaction (working days
-- need the calendar, which lives in Go). The row below says whether the
-- decisions made before that have been counted yet (n = 0: not yet,
-- 1: done): the store counts them once, under a lock on this row, the
-- first time a dashboard asks. It lives in the derived table, so a copy of
-- the database to another server, which rebuilds that table, counts again.
INSERT INTO proposal_counts (unit_id, dim, key, n) VALUES ('', 'ddays.done', '', 0) ON CONFLICT (unit_id, dim, key) DO NOTHING;

-- +goose Down
DELETE FROM proposal_counts WHERE dim IN ('ddays', 'ddays.done');
