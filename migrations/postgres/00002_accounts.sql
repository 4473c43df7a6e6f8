-- +goose Up
-- Bumping session_epoch ends every session of the user ("sign out of all
-- devices", password change, account disabled).
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
-- Default chart options from the profile.
ALTER TABLE users ADD COLUMN default_true_solar BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN default_zi_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN default_luck_method TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN default_place TEXT NOT NULL DEFAULT '';

-- Sign-in providers linked to an account, keyed by the provider's user id
-- (never by e-mail: WeChat's addresses are synthetic).
CREATE TABLE identities (
    id               BIGSERIAL PRIMARY KEY,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider         TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    email            TEXT NOT NULL DEFAULT '',
    name             TEXT NOT NULL DEFAULT '',
    avatar_url       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
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
