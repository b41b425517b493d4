-- +goose Up
-- A violation's corrective deadline is a due item like a waiting step's:
-- it shows in the implementers' inboxes and, once past uncorrected, is
-- sent up to the superior head once (violation.escalated), which
-- escalated_at keeps. The rows are derived from the cases' events
-- (pilot.inspected, pilot.violation_corrected, violation.escalated),
-- written with each step, loaders' too, and checked and rebuilt from the
-- events by the audit and --repair-projection; the rows a loader left out
-- before are derived here.
ALTER TABLE corrective_deadlines ADD COLUMN escalated_at TEXT NOT NULL DEFAULT '';
INSERT OR IGNORE INTO corrective_deadlines (proposal_id, inspection, violation, deadline)
    SELECT e.proposal_id, e.seq, j.key + 1, COALESCE(json_extract(j.value, '$.deadline'), '')
    FROM events e, json_each(e.payload, '$.input.violations') j
    WHERE e.type = 'pilot.inspected' AND json_type(e.payload, '$.input.violations') = 'array';
UPDATE corrective_deadlines SET corrected_at = (SELECT max(e.at) FROM events e
        WHERE e.proposal_id = corrective_deadlines.proposal_id AND e.type = 'pilot.violation_corrected'
        AND json_extract(e.payload, '$.input.inspection') = corrective_deadlines.inspection
        AND json_extract(e.payload, '$.input.violation') = corrective_deadlines.violation)
    WHERE EXISTS (SELECT 1 FROM events e
        WHERE e.proposal_id = corrective_deadlines.proposal_id AND e.type = 'pilot.violation_corrected'
        AND json_extract(e.payload, '$.input.inspection') = corrective_deadlines.inspection
        AND json_extract(e.payload, '$.input.violation') = corrective_deadlines.violation);
UPDATE corrective_deadlines SET escalated_at = (SELECT min(e.at) FROM events e
        WHERE e.proposal_id = corrective_deadlines.proposal_id AND e.type = 'violation.escalated'
        AND json_extract(e.payload, '$.details.violation') = corrective_deadlines.inspection || '.' || corrective_deadlines.violation)
    WHERE EXISTS (SELECT 1 FROM events e
        WHERE e.proposal_id = corrective_deadlines.proposal_id AND e.type = 'violation.escalated'
        AND json_extract(e.payload, '$.details.violation') = corrective_deadlines.inspection || '.' || corrective_deadlines.violation);
-- The open corrections by case, for the inboxes and the inspectors' list.
CREATE INDEX corrective_open_case ON corrective_deadlines (proposal_id, deadline) WHERE corrected_at = '';

-- +goose Down
DROP INDEX corrective_open_case;
ALTER TABLE corrective_deadlines DROP COLUMN escalated_at;
