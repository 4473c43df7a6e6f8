package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// Tokens per provider and model on both databases: today's part, the
// period's, follow-up answers under their reading's model, and nothing
// from before the period or from readings that never started.
func TestTokensByModel(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.FreshPostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/spend.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			ctx := context.Background()
			uid := newUser(t, db, "spend")
			now := time.Now().UTC()
			today := models.StartOfDay(now)
			add := func(provider, model string, created time.Time, in, out int) int64 {
				r := &models.Reading{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: "q", Topic: "overall", Lang: "en",
					Provider: provider, Model: model, Status: models.ReadingDone, PromptTokens: in, CompletionTokens: out, CreatedAt: created}
				if err := db.Gorm.Create(r).Error; err != nil {
					t.Fatal(err)
				}
				return r.ID
			}
			old := add("openai", "gpt-4o-mini", now.AddDate(0, 0, -5), 100, 10)
			add("openai", "gpt-4o-mini", today.Add(time.Minute), 200, 20)
			add("anthropic", "claude-sonnet-4-5", now.AddDate(0, 0, -2), 300, 30)
			add("openai", "gpt-4o-mini", now.AddDate(0, 0, -40), 9999, 9999)
			add("", "", today.Add(time.Minute), 0, 0)
			// An answer today under the 5-day-old reading.
			if err := db.Gorm.Create(&models.ReadingMessage{ReadingID: old, Role: "assistant", Content: "a", Status: models.ReadingDone,
				PromptTokens: 50, CompletionTokens: 5, CreatedAt: today.Add(2 * time.Minute)}).Error; err != nil {
				t.Fatal(err)
			}
			rows, err := models.NewStats(db.Gorm).TokensByModel(ctx, today, now.AddDate(0, 0, -30))
			if err != nil {
				t.Fatal(err)
			}
			want := []models.ModelTokens{
				{Provider: "anthropic", Model: "claude-sonnet-4-5", Readings: 1, PeriodInput: 300, PeriodOutput: 30},
				{Provider: "openai", Model: "gpt-4o-mini", Readings: 2, TodayInput: 250, TodayOutput: 25, PeriodInput: 350, PeriodOutput: 35},
			}
			if len(rows) != len(want) {
				t.Fatalf("rows %+v", rows)
			}
			for i := range want {
				if rows[i] != want[i] {
					t.Errorf("row %d: %+v, want %+v", i, rows[i], want[i])
				}
			}
		})
	}
}
