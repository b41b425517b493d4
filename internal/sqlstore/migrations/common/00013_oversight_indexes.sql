-- +goose Up
-- What waits on inspectors, disciplinary authorities and reward officers
-- (sqlstore/oversight_inbox.go): cases in a state, least recently touched
-- first, that have no event of some type yet. proposals_state_updated
-- walks a state in that order, so a page of 200 stops after about 200
-- cases; events_type answers "has this case an event of this type" with
-- one lookup instead of reading the case's whole record.
CREATE INDEX proposals_state_updated ON proposals (state, updated_at);
CREATE INDEX events_type ON events (proposal_id, type);

-- +goose Down
DROP INDEX events_type;
DROP INDEX proposals_state_updated;
