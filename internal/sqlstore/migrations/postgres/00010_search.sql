-- +goose Up
-- Search without diacritics. proposals.search_fold holds the folded text
-- (lower case, no marks, đ → d); a trigram index lets PostgreSQL answer
-- search_fold LIKE '%word%' without reading every row. pg_trgm ships with
-- PostgreSQL; where the database user may not create it, search still
-- works, by reading the table.
-- +goose StatementBegin
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX IF NOT EXISTS proposals_search_trgm ON proposals USING gin (search_fold gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): search reads the proposals table', SQLERRM;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX IF EXISTS proposals_search_trgm;
