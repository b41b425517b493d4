-- +goose Up
-- A reader who sees a ward or two has their list read through the indexes
-- on the paths (sqlstore/list_narrow.go); the decider's path needs one.
-- It changes at most once per case (when a head's proposal goes up).
CREATE INDEX proposals_decider_path ON proposals (decider_path);

-- +goose Down
DROP INDEX proposals_decider_path;
