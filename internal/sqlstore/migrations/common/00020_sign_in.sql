-- +goose Up
-- Sessions and tokens a person can see and end one by one: id is the
-- public handle shown in lists and used to revoke (hash stays the only
-- form of the secret), name and scope are the holder's choice for an
-- API token ('read' tokens may only read), address is where it was
-- issued from. Rows from before get a handle from their hash.
ALTER TABLE tokens ADD COLUMN id TEXT;
ALTER TABLE tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';
ALTER TABLE tokens ADD COLUMN address TEXT NOT NULL DEFAULT '';
UPDATE tokens SET id = substr(hash, 1, 22);
CREATE UNIQUE INDEX tokens_id ON tokens(id);

-- Who signed in, failed to, issued or revoked a token, changed a
-- password or signed someone out, when and from which address. Access,
-- not the procedure's history: roles and seats are in the log
-- (org_events); this is for the administrators' eyes. actor_id is who
-- acted ('' for a failed sign-in), subject the person or e-mail acted
-- on, detail a short code-like note; unit_path is the subject's first
-- seat then, so that an administrator sees the events of their subtree
-- ('' when the subject is unknown: only a top administrator sees those).
CREATE TABLE auth_events (
    id       TEXT PRIMARY KEY,
    at       TEXT NOT NULL,
    kind     TEXT NOT NULL,
    actor_id TEXT NOT NULL DEFAULT '',
    subject  TEXT NOT NULL DEFAULT '',
    address  TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT '',
    unit_path TEXT NOT NULL DEFAULT ''
);
CREATE INDEX auth_events_at ON auth_events(at, id);
CREATE INDEX auth_events_subject ON auth_events(subject, at);

-- A person's accounts at an OpenID Connect provider, linked by an
-- administrator: the provider's issuer and its subject (the stable id the
-- provider gives the person) sign in as person_id.
CREATE TABLE identity_links (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX identity_links_person ON identity_links(person_id);

-- One-time links that let a person set a password: an invitation (a
-- person who has none yet, an imported one) or a reset. Only the hash of
-- the link's secret is kept; used_at is set once, by the one redemption
-- that may succeed.
CREATE TABLE invitations (
    hash       TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    kind       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitations_person ON invitations(person_id);

-- The space a person's attachments use, summed at each upload against
-- the quota (workflow.CheckQuota).
CREATE INDEX proposal_attachments_added_by ON proposal_attachments(added_by);

-- +goose Down
DROP INDEX proposal_attachments_added_by;
DROP TABLE invitations;
DROP TABLE identity_links;
DROP TABLE auth_events;
DROP INDEX tokens_id;
ALTER TABLE tokens DROP COLUMN address;
ALTER TABLE tokens DROP COLUMN scope;
ALTER TABLE tokens DROP COLUMN name;
ALTER TABLE tokens DROP COLUMN id;
