-- +goose Up
-- The second chart of a compatibility reading (a canonical chart query); '' for a single-chart reading.
ALTER TABLE readings ADD COLUMN partner_query TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE readings DROP COLUMN partner_query;
