-- +goose Up
-- I Ching casts and Tarot draws a visitor made. The result page is fully
-- described by its canonical query, so that is what is kept, with the
-- question and a short summary for the list and its search. A signed-in
-- user's are kept with the account; a guest's (guest_ip set) follow the
-- guests' readings' retention.
CREATE TABLE divinations (
    id          BIGSERIAL PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,                -- random, for links that must not enumerate
    user_id     BIGINT REFERENCES users (id) ON DELETE CASCADE,
    guest_ip    TEXT NOT NULL DEFAULT '',             -- guests only: the client IP subject
    kind        TEXT NOT NULL CHECK (kind IN ('iching', 'tarot')),
    query       TEXT NOT NULL,                        -- the page's canonical query
    question    TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',             -- "30 离 → 51 震", the card names, …
    share_token TEXT UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX divinations_user_created_idx ON divinations (user_id, created_at, id);
CREATE INDEX divinations_user_query_idx ON divinations (user_id, kind, query);
CREATE INDEX divinations_guest_created_idx ON divinations (created_at) WHERE user_id IS NULL;

-- +goose Down
DROP TABLE divinations;
