-- +goose Up
-- Every word of a search is the start of a word ("duong"* finds duong and
-- duongday). Without a prefix index FTS5 answers such a term by merging the
-- whole doclist of every word it begins, before it can hand out the newest
-- match: 5 to 20 ms per search over 30,000 proposals, linear in them. With
-- an index of every prefix up to seven letters (a Vietnamese syllable has
-- at most seven), each term is one doclist read newest first, and a page
-- stops after fifty matches: under a millisecond. detail=none drops the
-- word positions, which only phrase and NEAR queries (never asked) need;
-- the index with its prefixes is then no larger than it was without them.
DROP TRIGGER proposal_search_delete;
DROP TRIGGER proposal_search_update;
DROP TRIGGER proposal_search_insert;
DROP TABLE proposal_search;
CREATE VIRTUAL TABLE proposal_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0',
    detail = none, prefix = '1 2 3 4 5 6 7'
);
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
CREATE VIRTUAL TABLE proposal_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
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
