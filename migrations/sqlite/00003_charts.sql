-- +goose Up
CREATE TABLE charts (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id               INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                  TEXT NOT NULL,
    notes                 TEXT NOT NULL DEFAULT '',
    tags                  TEXT NOT NULL DEFAULT '',
    favourite             BOOLEAN NOT NULL DEFAULT FALSE,
    input                 TEXT NOT NULL,
    birth_date            TEXT NOT NULL,
    birth_year            INTEGER NOT NULL,
    gender                TEXT NOT NULL,
    place                 TEXT NOT NULL DEFAULT '',
    pillars               TEXT NOT NULL DEFAULT '',
    share_token           TEXT UNIQUE,
    share_show_name       BOOLEAN NOT NULL DEFAULT FALSE,
    share_show_place      BOOLEAN NOT NULL DEFAULT FALSE,
    share_include_reading BOOLEAN NOT NULL DEFAULT FALSE,
    deleted_at            DATETIME,
    created_at            DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at            DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX charts_user_created_idx ON charts (user_id, created_at DESC, id DESC);
CREATE INDEX charts_user_birth_idx ON charts (user_id, birth_date, id);
CREATE INDEX charts_user_name_idx ON charts (user_id, name, id);

-- +goose Down
DROP TABLE charts;
