package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The admin overview's figures on both databases, against data made for
// the test in an empty database: user counts by age, saved charts,
// readings and tokens by provider, quota use, day buckets and failures.
func TestStats(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.FreshPostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/stats.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			ctx := context.Background()
			stats := models.NewStats(db.Gorm)
			now := time.Now().UTC()
			today := models.StartOfDay(now)

			// Users: one today, one 3 days ago, one 20 days ago, one 40 days ago.
			ages := []time.Duration{0, 3 * 24 * time.Hour, 20 * 24 * time.Hour, 40 * 24 * time.Hour}
			var ids []int64
			for _, age := range ages {
				id := newUser(t, db, "stats")
				created := now.Add(-age)
				if age == 0 {
					created = today.Add(time.Minute) // surely today, whatever the hour
				}
				if err := db.Gorm.Model(&models.User{}).Where("id = ?", id).Update("created_at", created).Error; err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			count := func(f func() (int64, error)) int64 {
				t.Helper()
				n, err := f()
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := count(func() (int64, error) { return stats.UsersTotal(ctx) }); n != 4 {
				t.Errorf("users total %d, want 4", n)
			}
			for _, c := range []struct {
				since time.Time
				want  int64
			}{{today, 1}, {today.AddDate(0, 0, -7), 2}, {today.AddDate(0, 0, -30), 3}} {
				if n := count(func() (int64, error) { return stats.UsersSince(ctx, c.since) }); n != c.want {
					t.Errorf("users since %s: %d, want %d", c.since, n, c.want)
				}
			}

			charts := models.NewCharts(db.Gorm)
			for i := 0; i < 3; i++ {
				if err := charts.Create(ctx, chart(ids[0], i, "c", "甲子 乙丑 丙寅 丁卯")); err != nil {
					t.Fatal(err)
				}
			}
			if n := count(func() (int64, error) { return stats.ChartsSaved(ctx) }); n != 3 {
				t.Errorf("charts saved %d, want 3", n)
			}

			// Readings: two openai today (one with an answer), one anthropic
			// yesterday that fell back, one builtin failed 40 days ago, one
			// guest reading today.
			quota := 1
			if err := db.Gorm.Model(&models.User{}).Where("id = ?", ids[1]).Update("reading_quota", quota).Error; err != nil {
				t.Fatal(err)
			}
			mk := func(user *int64, guest, provider string, created time.Time, pt, ct int, status string, fellBack bool) *models.Reading {
				r := &models.Reading{PublicID: models.NewPublicID(), UserID: user, GuestIP: guest, ChartQuery: "q", Topic: "overall",
					Lang: "en", Provider: provider, Model: provider + "-m", Status: status, FellBack: fellBack,
					PromptTokens: pt, CompletionTokens: ct, CreatedAt: created}
				if err := db.Gorm.Create(r).Error; err != nil {
					t.Fatal(err)
				}
				return r
			}
			u0, u1 := ids[0], ids[1]
			r1 := mk(&u0, "", "openai", today.Add(2*time.Minute), 100, 20, models.ReadingDone, false)
			mk(&u1, "", "openai", today.Add(3*time.Minute), 10, 5, models.ReadingDone, false)
			mk(&u1, "", "anthropic", today.Add(-time.Hour), 50, 0, models.ReadingDone, true)
			mk(&u0, "", "builtin", now.AddDate(0, 0, -40), 0, 0, models.ReadingFailed, false)
			mk(nil, "203.0.113.7", "builtin", today.Add(4*time.Minute), 30, 300, models.ReadingDone, false)
			ans := &models.ReadingMessage{ReadingID: r1.ID, Role: "assistant", Content: "a", Status: models.ReadingDone,
				PromptTokens: 7, CompletionTokens: 3, CreatedAt: today.Add(5 * time.Minute)}
			if err := db.Gorm.Create(ans).Error; err != nil {
				t.Fatal(err)
			}

			by, err := stats.ReadingsByProvider(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][2]int64{"openai": {2, 145}, "anthropic": {1, 50}, "builtin": {2, 330}}
			if len(by) != len(want) {
				t.Fatalf("providers %+v", by)
			}
			for _, p := range by {
				if w := want[p.Provider]; p.Readings != w[0] || p.Tokens != w[1] {
					t.Errorf("%s: %d readings, %d tokens, want %v", p.Provider, p.Readings, p.Tokens, w)
				}
			}
			if n := count(func() (int64, error) { return stats.TokensSince(ctx, today) }); n != 120+15+330+10 {
				t.Errorf("tokens today %d, want %d", n, 120+15+330+10)
			}
			if n := count(func() (int64, error) { return stats.TokensSince(ctx, today.Add(-2*time.Hour)) }); n != 525 {
				t.Errorf("tokens since yesterday evening %d, want 525", n)
			}

			// Quota: u0 has 1 reading + 1 answer today (quota 2: at it), u1
			// has 1 (own quota 1: at it), the guest 1 (guest quota 3: not).
			use, err := stats.QuotaUseSince(ctx, today, 2, 3)
			if err != nil {
				t.Fatal(err)
			}
			if use != (models.QuotaUse{Generations: 4, Users: 2, Guests: 1, UsersAtQuota: 2, GuestsAtQuota: 0}) {
				t.Errorf("quota use %+v", use)
			}

			signUps, err := stats.SignUpsPerDay(ctx, now, 30)
			if err != nil {
				t.Fatal(err)
			}
			readings, err := stats.ReadingsPerDay(ctx, now, 30)
			if err != nil {
				t.Fatal(err)
			}
			if len(signUps.Counts) != 30 || !signUps.First.Equal(today.AddDate(0, 0, -29)) {
				t.Fatalf("sign-ups %+v", signUps)
			}
			if signUps.Counts[29] != 1 || signUps.Counts[26] != 1 || signUps.Counts[9] != 1 || sumOf(signUps.Counts) != 3 {
				t.Errorf("sign-ups per day %v", signUps.Counts)
			}
			if readings.Counts[29] != 3 || readings.Counts[28] != 1 || sumOf(readings.Counts) != 4 {
				t.Errorf("readings per day %v", readings.Counts)
			}

			failed, err := stats.RecentFailedReadings(ctx, 20)
			if err != nil {
				t.Fatal(err)
			}
			if len(failed) != 2 || failed[0].Provider != "anthropic" || !failed[0].FellBack || failed[1].Status != models.ReadingFailed {
				t.Errorf("failed readings %+v", failed)
			}
		})
	}
}

func sumOf(xs []int64) int64 {
	var n int64
	for _, x := range xs {
		n += x
	}
	return n
}
