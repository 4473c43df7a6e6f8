-- +goose Up
CREATE TABLE users (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    email             TEXT,
    email_verified_at DATETIME,
    password_hash     TEXT NOT NULL DEFAULT '',
    display_name      TEXT NOT NULL DEFAULT '',
    language          TEXT NOT NULL DEFAULT '',
    disabled_at       DATETIME,
    last_sign_in_at   DATETIME,
    created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE email IS NOT NULL;
CREATE INDEX users_created_at_idx ON users (created_at);

CREATE TABLE kv_entries (
    key        TEXT PRIMARY KEY,
    value      BLOB NOT NULL,
    expires_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kv_entries_expires_at_idx ON kv_entries (expires_at) WHERE expires_at > 0;

-- +goose Down
DROP TABLE kv_entries;
DROP TABLE users;
