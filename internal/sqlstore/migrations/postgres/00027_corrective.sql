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
INSERT INTO corrective_deadlines (proposal_id, inspection, violation, deadline)
    SELECT e.proposal_id, e.seq, j.n, COALESCE(j.v ->> 'deadline', '')
    FROM events e, jsonb_array_elements(CASE WHEN jsonb_typeof(e.payload::jsonb -> 'input' -> 'violations') = 'array'
            THEN e.payload::jsonb -> 'input' -> 'violations' ELSE '[]'::jsonb END) WITH ORDINALITY AS j(v, n)
    WHERE e.type = 'pilot.inspected'
    ON CONFLICT DO NOTHING;
UPDATE corrective_deadlines d SET corrected_at = c.at FROM (
        SELECT e.proposal_id, (e.payload::jsonb -> 'input' ->> 'inspection')::bigint AS inspection,
            (e.payload::jsonb -> 'input' ->> 'violation')::bigint AS violation, max(e.at) AS at
        FROM events e WHERE e.type = 'pilot.violation_corrected'
        GROUP BY 1, 2, 3) c
    WHERE d.proposal_id = c.proposal_id AND d.inspection = c.inspection AND d.violation = c.violation;
UPDATE corrective_deadlines d SET escalated_at = c.at FROM (
        SELECT e.proposal_id, e.payload::jsonb -> 'details' ->> 'violation' AS violation, min(e.at) AS at
        FROM events e WHERE e.type = 'violation.escalated'
        GROUP BY 1, 2) c
    WHERE d.proposal_id = c.proposal_id AND d.inspection || '.' || d.violation = c.violation;
-- The open corrections by case, for the inboxes and the inspectors' list.
CREATE INDEX corrective_open_case ON corrective_deadlines (proposal_id, deadline) WHERE corrected_at = '';

-- +goose Down
DROP INDEX corrective_open_case;
ALTER TABLE corrective_deadlines DROP COLUMN escalated_at;
