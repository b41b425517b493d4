-- +goose Up
-- A head's inbox is shown a page at a time, soonest due first
-- (sqlstore/inbox.go). Each part of it (the decider's cases in the states
-- where the decider acts, the proposer's in theirs) reads the keys of its
-- order, the due date and the id, from these indexes alone, sorts those
-- few hundred keys and reads the rows of one page only; the count and the
-- overdue count come from the same entries. Before, the page read every
-- pending case's row, which at a country's million proposals are spread
-- over the whole file. IF EXISTS: a bulk load may have dropped them.
DROP INDEX IF EXISTS proposals_decider;
CREATE INDEX proposals_decider ON proposals (decider_id, state, due_date, id);
DROP INDEX IF EXISTS proposals_proposer;
CREATE INDEX proposals_proposer ON proposals (proposer_id, state, due_date, id);
-- What a superior head sees: cases below them escalated for the state they
-- are still in. Only those rows are in this index, with every column the
-- inbox asks of them, so finding a province's few among a million cases
-- reads neither the others nor the table.
CREATE INDEX proposals_escalated ON proposals (decider_path, due_date, id, escalated_for, entered_at) WHERE escalated_for = entered_at AND due_date > '';

-- +goose Down
DROP INDEX proposals_escalated;
DROP INDEX proposals_proposer;
CREATE INDEX proposals_proposer ON proposals(proposer_id, state);
DROP INDEX proposals_decider;
CREATE INDEX proposals_decider ON proposals(decider_id, state, due_date);
