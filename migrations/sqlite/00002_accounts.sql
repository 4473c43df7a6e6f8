-- +goose Up
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN default_true_solar BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN default_zi_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN default_luck_method TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN default_place TEXT NOT NULL DEFAULT '';

CREATE TABLE identities (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider         TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    email            TEXT NOT NULL DEFAULT '',
    name             TEXT NOT NULL DEFAULT '',
    avatar_url       TEXT NOT NULL DEFAULT '',
    created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (provider, provider_user_id)
);
CREATE INDEX identities_user_id_idx ON identities (user_id);

-- +goose Down
DROP TABLE identities;
ALTER TABLE users DROP COLUMN default_place;
ALTER TABLE users DROP COLUMN default_luck_method;
ALTER TABLE users DROP COLUMN default_zi_rule;
ALTER TABLE users DROP COLUMN default_true_solar;
ALTER TABLE users DROP COLUMN session_epoch;
