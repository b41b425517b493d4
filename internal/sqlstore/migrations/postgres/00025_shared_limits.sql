-- +goose Up
-- Sign-in attempts counted per key ('account:…' or 'address:…'), shared
-- by every instance serving one database (sqlstore/signin_limits.go), so
-- that guessing through two instances gets no more tries than through
-- one. attempts counts the failures and the checks still running;
-- next_at (Unix milliseconds) is when the next attempt may begin once the
-- free ones are spent; a key quiet since last_at for an hour starts
-- afresh, and is swept. Each attempt is one INSERT … ON CONFLICT DO
-- UPDATE per key, whose row lock orders concurrent attempts.
CREATE TABLE sign_in_limits (
    key      TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    next_at  BIGINT NOT NULL DEFAULT 0,
    last_at  BIGINT NOT NULL
);
CREATE INDEX sign_in_limits_last ON sign_in_limits (last_at);

-- The security-relevant configuration serve last started with (OIDC
-- issuer and client id, passwords on or off, trusted proxies, public URL,
-- mail server host; never a secret), as JSON: each start compares its own
-- with it and records a change among the access events (auth_events).
CREATE TABLE config_records (
    name   TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    at     TEXT NOT NULL
);

-- +goose Down
DROP TABLE config_records;
DROP TABLE sign_in_limits;
