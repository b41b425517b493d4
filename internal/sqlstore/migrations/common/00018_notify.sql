-- +goose Up
-- Who is told what (workflow.Notices), written in the transaction of the
-- event that causes it (sqlstore/notify.go): an in-app notice per person,
-- and a row of the outbox per mail, which the delivery worker sends
-- (sqlstore/outbox.go). Neither is part of the log: a notice tells of a
-- decision the log holds; it decides nothing.
ALTER TABLE notifications ADD COLUMN urgent BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN due_date TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT '';
-- digest: "" while a daily digest has still to carry the notice, "-" when
-- none will (the person takes every mail, or none), else the outbox row of
-- the digest that carried it.
ALTER TABLE notifications ADD COLUMN digest TEXT NOT NULL DEFAULT '-';
-- A person's notices are read through notifications_person (person_id,
-- read_at): a few hundred rows each, sorted by time when listed; every
-- further index is written by every decision. Notices a daily digest has
-- still to carry:
CREATE INDEX notifications_digest ON notifications (person_id, at) WHERE digest = '';

-- How each person wants mail: every (the default, when no row), digest
-- (one mail a day) or none. Urgent notices are mailed whatever the choice.
CREATE TABLE notify_prefs (
    person_id  TEXT PRIMARY KEY REFERENCES people(id),
    mail       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One row per mail. The worker claims a row (claimed_until, or a row lock
-- on PostgreSQL), sends it, and marks it sent; a failure sets next_at by
-- backoff and last_error; after too many attempts failed_at is set and an
-- administrator may retry. spell is a reminder's waiting spell (the
-- case's entered_at): if the case has moved on when the row comes up,
-- the reminder is dropped (dropped_at), never sent.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES people(id),
    notification_id TEXT NOT NULL DEFAULT '',
    proposal_id     TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    to_addr         TEXT NOT NULL,
    due_date        TEXT NOT NULL DEFAULT '',
    link            TEXT NOT NULL DEFAULT '',
    urgent          BIGINT NOT NULL DEFAULT 0,
    spell           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    next_at         TEXT NOT NULL,
    claimed_until   TEXT NOT NULL DEFAULT '',
    attempts        BIGINT NOT NULL DEFAULT 0,
    sent_at         TEXT NOT NULL DEFAULT '',
    failed_at       TEXT NOT NULL DEFAULT '',
    dropped_at      TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT ''
);
-- The worker reads the pending rows only; the administrator's lists of
-- sent and failed mail scan the table, which holds a year's mail in a few
-- thousand rows.
CREATE INDEX outbox_pending ON outbox (next_at, id) WHERE sent_at = '' AND failed_at = '' AND dropped_at = '';

-- Reminders sent, one per case, waiting spell and kind (before, due_day):
-- the key is what keeps a reminder from going out twice, from one
-- instance or several.
CREATE TABLE reminders (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    spell       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (proposal_id, spell, kind)
);

-- The corrective deadlines of violations an inspection found, open until
-- the implementer reports the violation corrected: reminders go before and
-- on each deadline (sqlstore/corrective.go). Derived from the cases'
-- events (pilot.inspected, pilot.violation_corrected) as they are written.
CREATE TABLE corrective_deadlines (
    proposal_id  TEXT   NOT NULL REFERENCES proposals(id),
    inspection   BIGINT NOT NULL,
    violation    BIGINT NOT NULL,
    deadline     TEXT   NOT NULL,
    corrected_at TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (proposal_id, inspection, violation)
);
CREATE INDEX corrective_open ON corrective_deadlines (deadline) WHERE corrected_at = '';

-- +goose Down
DROP TABLE corrective_deadlines;
DROP TABLE reminders;
DROP TABLE outbox;
DROP TABLE notify_prefs;
DROP INDEX notifications_digest;
ALTER TABLE notifications DROP COLUMN digest;
ALTER TABLE notifications DROP COLUMN link;
ALTER TABLE notifications DROP COLUMN due_date;
ALTER TABLE notifications DROP COLUMN urgent;
