-- +goose Up
-- The chart daily guidance reads against; cleared when that chart is deleted.
ALTER TABLE users ADD COLUMN main_chart_id BIGINT REFERENCES charts (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE users DROP COLUMN main_chart_id;
