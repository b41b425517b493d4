-- +goose Up
-- Search without diacritics. proposals.search_fold holds the folded text
-- (lower case, no marks, đ → d); a LIKE '%word%' over it reads every row,
-- which at a country's million proposals takes seconds. FTS5 indexes its
-- words instead. The index keeps no copy of the text (contentless) and
-- names documents through proposal_search_docs, whose INTEGER PRIMARY KEY
-- survives VACUUM (the implicit rowid of proposals does not). Documents
-- are numbered as proposals are created, so the index can hand out the
-- newest matches first and stop after a page.
--
-- Everything here is derived from proposals by the triggers below: a copy
-- of the database to another server rebuilds it rather than copying it.
CREATE TABLE proposal_search_docs (
    doc         INTEGER PRIMARY KEY,
    proposal_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE proposal_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO proposal_search_docs (proposal_id) SELECT id FROM proposals ORDER BY created_at, id;
INSERT INTO proposal_search (rowid, text)
    SELECT d.doc, p.search_fold FROM proposal_search_docs d JOIN proposals p ON p.id = d.proposal_id;

-- +goose StatementBegin
CREATE TRIGGER proposal_search_insert AFTER INSERT ON proposals BEGIN
    INSERT INTO proposal_search_docs (proposal_id) VALUES (new.id);
    INSERT INTO proposal_search (rowid, text)
        VALUES ((SELECT doc FROM proposal_search_docs WHERE proposal_id = new.id), new.search_fold);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER proposal_search_update AFTER UPDATE OF search_fold ON proposals
WHEN old.search_fold <> new.search_fold BEGIN
    DELETE FROM proposal_search WHERE rowid = (SELECT doc FROM proposal_search_docs WHERE proposal_id = old.id);
    INSERT INTO proposal_search (rowid, text)
        VALUES ((SELECT doc FROM proposal_search_docs WHERE proposal_id = new.id), new.search_fold);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER proposal_search_delete AFTER DELETE ON proposals BEGIN
    DELETE FROM proposal_search WHERE rowid = (SELECT doc FROM proposal_search_docs WHERE proposal_id = old.id);
    DELETE FROM proposal_search_docs WHERE proposal_id = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER proposal_search_delete;
DROP TRIGGER proposal_search_update;
DROP TRIGGER proposal_search_insert;
DROP TABLE proposal_search;
DROP TABLE proposal_search_docs;
