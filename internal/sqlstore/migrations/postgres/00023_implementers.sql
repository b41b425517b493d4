-- +goose Up
-- Who is named to carry out a plan, by person: the inbox of an implementer
-- who is not the proposer (sqlstore/inbox_parts.go) finds their cases
-- through it. Derived from proposals.content, which names them; written
-- with the content, checked and rebuilt from it by the audit and
-- --repair-projection. Who may act is read from the content itself.
CREATE TABLE proposal_implementers (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    person_id   TEXT NOT NULL,
    PRIMARY KEY (proposal_id, person_id)
);
CREATE INDEX proposal_implementers_person ON proposal_implementers (person_id, proposal_id);
INSERT INTO proposal_implementers (proposal_id, person_id)
    SELECT p.id, j.value FROM proposals p,
        jsonb_array_elements_text(CASE WHEN jsonb_typeof(p.content::jsonb -> 'implementers') = 'array'
            THEN p.content::jsonb -> 'implementers' ELSE '[]'::jsonb END) AS j(value)
    ON CONFLICT DO NOTHING;

-- +goose Down
DROP TABLE proposal_implementers;
