-- +goose Up
-- An admin may set a user's own daily reading quota; NULL = the default.
ALTER TABLE users ADD COLUMN reading_quota INTEGER;

-- Every admin action, newest first on the audit page; never edited.
CREATE TABLE admin_audit (
    id          BIGSERIAL PRIMARY KEY,
    admin_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    admin_email TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX admin_audit_created_idx ON admin_audit (created_at DESC, id DESC);

-- +goose Down
DROP TABLE admin_audit;
ALTER TABLE users DROP COLUMN reading_quota;
