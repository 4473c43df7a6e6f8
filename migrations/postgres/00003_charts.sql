-- +goose Up
-- A saved chart keeps the input, not the result: the chart is recomputed on
-- every view so engine fixes reach saved charts. birth_date, birth_year,
-- gender, place and pillars are search columns derived from the input at
-- each save.
CREATE TABLE charts (
    id                    BIGSERIAL PRIMARY KEY,
    user_id               BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                  TEXT NOT NULL,
    notes                 TEXT NOT NULL DEFAULT '',
    tags                  TEXT NOT NULL DEFAULT '',   -- ",tag1,tag2," for exact tag matching
    favourite             BOOLEAN NOT NULL DEFAULT FALSE,
    input                 TEXT NOT NULL,              -- chartinput.Request as JSON
    birth_date            TEXT NOT NULL,              -- YYYY-MM-DD (Gregorian)
    birth_year            INTEGER NOT NULL,
    gender                TEXT NOT NULL,
    place                 TEXT NOT NULL DEFAULT '',
    pillars               TEXT NOT NULL DEFAULT '',   -- "甲子 乙丑 丙寅 丁卯"
    share_token           TEXT UNIQUE,
    share_show_name       BOOLEAN NOT NULL DEFAULT FALSE,
    share_show_place      BOOLEAN NOT NULL DEFAULT FALSE,
    share_include_reading BOOLEAN NOT NULL DEFAULT FALSE,
    deleted_at            TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- One index per sort order of the history list (keyset pagination).
CREATE INDEX charts_user_created_idx ON charts (user_id, created_at DESC, id DESC);
CREATE INDEX charts_user_birth_idx ON charts (user_id, birth_date, id);
CREATE INDEX charts_user_name_idx ON charts (user_id, name, id);

-- +goose Down
DROP TABLE charts;
