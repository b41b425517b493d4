-- +goose Up
-- What each unit has chosen to show the public about its approved pilots
-- (sqlstore/publication.go). A unit without a row shows nothing: the
-- public page is opt-in, by an administrator of the unit.
CREATE TABLE unit_publication (
    unit_id    TEXT PRIMARY KEY REFERENCES units(id),
    published  BIGINT NOT NULL DEFAULT 0,
    names      BIGINT NOT NULL DEFAULT 0,
    money      BIGINT NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX unit_publication_published ON unit_publication(published);

-- +goose Down
DROP TABLE unit_publication;
