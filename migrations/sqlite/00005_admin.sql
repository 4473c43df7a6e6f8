-- +goose Up
ALTER TABLE users ADD COLUMN reading_quota INTEGER;

CREATE TABLE admin_audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    admin_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    admin_email TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX admin_audit_created_idx ON admin_audit (created_at DESC, id DESC);

-- +goose Down
DROP TABLE admin_audit;
ALTER TABLE users DROP COLUMN reading_quota;
