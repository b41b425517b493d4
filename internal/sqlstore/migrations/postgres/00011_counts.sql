-- +goose Up
-- Counts for dashboards, kept by triggers in the same transaction as the
-- change they count, so a dashboard over the whole country reads a few
-- dozen rows instead of grouping a million proposals, and no batch job
-- ever runs behind the data.
--
-- unit_ancestors is the closure of the organisation tree: a unit and every
-- unit above it. proposal_counts holds, for every unit, how many proposals
-- of its subtree have a given key in a dimension:
--   srs      state|result|scoped (scoped is 1 once a scope was approved)
--   field    the proposal's field
--   outcome  the protection outcome ('' until determined)
-- Both are derived: a copy of the database to another server rebuilds
-- them through the same triggers rather than copying them.
--
-- Every decision already locks the log's sequencer row, so the counter
-- rows it updates add no new point where transactions wait on each other.
CREATE TABLE unit_ancestors (
    unit_id     TEXT NOT NULL,
    ancestor_id TEXT NOT NULL,
    PRIMARY KEY (unit_id, ancestor_id)
);
CREATE TABLE proposal_counts (
    unit_id TEXT   NOT NULL,
    dim     TEXT   NOT NULL,
    key     TEXT   NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (unit_id, dim, key)
);

INSERT INTO unit_ancestors (unit_id, ancestor_id)
    WITH RECURSIVE up(unit_id, ancestor_id) AS (
        SELECT id, id FROM units
        UNION ALL
        SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor_id WHERE u.parent_id IS NOT NULL)
    SELECT unit_id, ancestor_id FROM up;

-- +goose StatementBegin
CREATE FUNCTION proposal_srs(state TEXT, result TEXT, scope TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$ SELECT state || '|' || result || '|' || (CASE WHEN scope <> '' THEN '1' ELSE '0' END) $$;
-- +goose StatementEnd

INSERT INTO proposal_counts (unit_id, dim, key, n)
    SELECT a.ancestor_id, d.dim, d.key, count(*) FROM proposals p JOIN unit_ancestors a ON a.unit_id = p.unit_id
    CROSS JOIN LATERAL (VALUES ('srs', proposal_srs(p.state, p.result, p.scope)), ('field', p.field), ('outcome', p.outcome)) d(dim, key)
    GROUP BY 1, 2, 3;

-- +goose StatementBegin
CREATE FUNCTION unit_ancestors_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO unit_ancestors (unit_id, ancestor_id) SELECT NEW.id, ancestor_id FROM unit_ancestors WHERE unit_id = NEW.parent_id;
    INSERT INTO unit_ancestors (unit_id, ancestor_id) VALUES (NEW.id, NEW.id);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER unit_ancestors_insert AFTER INSERT ON units FOR EACH ROW EXECUTE FUNCTION unit_ancestors_insert();

-- +goose StatementBegin
CREATE FUNCTION proposal_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_keys TEXT[] := ARRAY[NULL, NULL, NULL];
    new_keys TEXT[] := ARRAY[NULL, NULL, NULL];
    unit TEXT;
BEGIN
    -- Keys per dimension (srs, field, outcome), NULL where unchanged.
    IF TG_OP <> 'INSERT' THEN
        old_keys := ARRAY[proposal_srs(OLD.state, OLD.result, OLD.scope), OLD.field, OLD.outcome];
        unit := OLD.unit_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_keys := ARRAY[proposal_srs(NEW.state, NEW.result, NEW.scope), NEW.field, NEW.outcome];
        unit := NEW.unit_id;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        FOR i IN 1..3 LOOP
            IF old_keys[i] = new_keys[i] THEN
                old_keys[i] := NULL;
                new_keys[i] := NULL;
            END IF;
        END LOOP;
    END IF;
    -- One statement with its rows in one order (unit, dimension, key) in
    -- every transaction: concurrent changes to the same counters queue
    -- for each other instead of deadlocking.
    INSERT INTO proposal_counts (unit_id, dim, key, n)
    SELECT a.ancestor_id, d.dim, d.key, d.delta FROM unit_ancestors a
    CROSS JOIN (VALUES ('srs', old_keys[1], -1), ('field', old_keys[2], -1), ('outcome', old_keys[3], -1),
                       ('srs', new_keys[1], 1), ('field', new_keys[2], 1), ('outcome', new_keys[3], 1)) d(dim, key, delta)
    WHERE a.unit_id = unit AND d.key IS NOT NULL
    ORDER BY a.ancestor_id, d.dim, d.key
    ON CONFLICT (unit_id, dim, key) DO UPDATE SET n = proposal_counts.n + excluded.n;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER proposal_counts_insert_delete AFTER INSERT OR DELETE ON proposals
    FOR EACH ROW EXECUTE FUNCTION proposal_counts_change();
CREATE TRIGGER proposal_counts_update AFTER UPDATE OF state, result, scope, field, outcome ON proposals
    FOR EACH ROW WHEN (OLD.state <> NEW.state OR OLD.result <> NEW.result OR (OLD.scope <> '') <> (NEW.scope <> '')
        OR OLD.field <> NEW.field OR OLD.outcome <> NEW.outcome)
    EXECUTE FUNCTION proposal_counts_change();

-- +goose Down
DROP TRIGGER proposal_counts_update ON proposals;
DROP TRIGGER proposal_counts_insert_delete ON proposals;
DROP FUNCTION proposal_counts_change();
DROP TRIGGER unit_ancestors_insert ON units;
DROP FUNCTION unit_ancestors_insert();
DROP FUNCTION proposal_srs(TEXT, TEXT, TEXT);
DROP TABLE proposal_counts;
DROP TABLE unit_ancestors;
