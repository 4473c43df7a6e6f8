-- +goose Up
-- An AI reading of a chart, streamed into the page. A signed-in user's
-- readings are kept with their account; a guest's are stored only so the
-- stream (and a reconnect) can find them, are reachable by their random
-- public_id alone, and are never listed.
CREATE TABLE readings (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id         TEXT NOT NULL UNIQUE,            -- random, in URLs instead of id
    user_id           INTEGER REFERENCES users (id) ON DELETE CASCADE,
    chart_id          INTEGER REFERENCES charts (id) ON DELETE SET NULL,
    guest_ip          TEXT NOT NULL DEFAULT '',         -- guests only: the client IP subject, for quotas
    chart_query       TEXT NOT NULL,                    -- the chart's canonical query
    topic             TEXT NOT NULL,
    lang              TEXT NOT NULL,
    provider          TEXT NOT NULL DEFAULT '',
    model             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'pending',  -- pending | streaming | done | failed | cancelled
    text              TEXT NOT NULL DEFAULT '',
    fell_back         BOOLEAN NOT NULL DEFAULT FALSE,
    error             TEXT NOT NULL DEFAULT '',
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    started_at        DATETIME,
    finished_at       DATETIME
);
CREATE INDEX readings_user_created_idx ON readings (user_id, created_at);
CREATE INDEX readings_guest_created_idx ON readings (guest_ip, created_at);
CREATE INDEX readings_chart_idx ON readings (chart_id);
-- At most one reading in progress per user, and per guest IP: enforced by
-- the database, so two requests racing cannot both start one.
CREATE UNIQUE INDEX readings_user_active_idx ON readings (user_id) WHERE status IN ('pending', 'streaming') AND user_id IS NOT NULL;
CREATE UNIQUE INDEX readings_guest_active_idx ON readings (guest_ip) WHERE status IN ('pending', 'streaming') AND user_id IS NULL;

-- Follow-up questions and their answers, in order.
CREATE TABLE reading_messages (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    reading_id        INTEGER NOT NULL REFERENCES readings (id) ON DELETE CASCADE,
    role              TEXT NOT NULL,                    -- user | assistant
    content           TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'done',     -- as readings.status
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    finished_at       DATETIME
);
CREATE INDEX reading_messages_reading_idx ON reading_messages (reading_id, id);
-- One answer in progress per reading.
CREATE UNIQUE INDEX reading_messages_active_idx ON reading_messages (reading_id) WHERE status IN ('pending', 'streaming');

-- +goose Down
DROP TABLE reading_messages;
DROP TABLE readings;
