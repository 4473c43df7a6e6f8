-- +goose Up
CREATE TABLE users (
    id                BIGSERIAL PRIMARY KEY,
    email             TEXT,
    email_verified_at TIMESTAMPTZ,
    password_hash     TEXT NOT NULL DEFAULT '',
    display_name      TEXT NOT NULL DEFAULT '',
    language          TEXT NOT NULL DEFAULT '',
    disabled_at       TIMESTAMPTZ,
    last_sign_in_at   TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Emails are stored lower-cased; OAuth-only accounts may have none.
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE email IS NOT NULL;
CREATE INDEX users_created_at_idx ON users (created_at);

-- Key/value entries with expiry: sessions and OAuth state when no Redis is configured.
CREATE TABLE kv_entries (
    key        TEXT PRIMARY KEY,
    value      BYTEA NOT NULL,
    expires_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX kv_entries_expires_at_idx ON kv_entries (expires_at) WHERE expires_at > 0;

-- +goose Down
DROP TABLE kv_entries;
DROP TABLE users;
