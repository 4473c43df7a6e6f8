-- +goose Up
-- Soul portraits an image model painted for a chart. The built-in portrait
-- is drawn from the chart on every request and is never stored. A signed-in
-- user's portrait of a saved chart is kept with it (chart_id); a guest's
-- (guest_ip set) follows the guests' readings' retention. Each row counts
-- against its owner's daily reading quota.
CREATE TABLE portraits (
    id          BIGSERIAL PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,                 -- random, for /portraits/{public_id}.png
    user_id     BIGINT REFERENCES users (id) ON DELETE CASCADE,
    guest_ip    TEXT NOT NULL DEFAULT '',              -- guests only: the client IP subject
    chart_id    BIGINT REFERENCES charts (id) ON DELETE CASCADE,
    chart_query TEXT NOT NULL,                         -- the chart's canonical query
    provider    TEXT NOT NULL CHECK (provider IN ('builtin', 'openai')),
    model       TEXT NOT NULL DEFAULT '',
    mime        TEXT NOT NULL,
    bytes       BYTEA NOT NULL,
    cost_usd    DOUBLE PRECISION NOT NULL DEFAULT 0,   -- the per-image price when painted
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX portraits_user_created_idx ON portraits (user_id, created_at);
CREATE INDEX portraits_chart_idx ON portraits (chart_id, created_at);
CREATE INDEX portraits_guest_created_idx ON portraits (guest_ip, created_at) WHERE user_id IS NULL;
CREATE INDEX portraits_created_idx ON portraits (created_at);

-- +goose Down
DROP TABLE portraits;
