package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The reading store on both databases: one reading in progress per owner
// (enforced when starts race), owner-scoped lookups by public id, the
// claim that only one stream wins, quota counts, and abandoned readings
// no longer blocking their owner.
func TestReadingStore(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.PostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/readings.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			store := models.NewReadings(db.Gorm)
			ctx := context.Background()
			alice, bob := newUser(t, db, "alice"), newUser(t, db, "bob")
			start := time.Now().UTC().Add(-time.Second)

			// Ten racing starts for one user: exactly one wins.
			var wg sync.WaitGroup
			results := make(chan error, 10)
			for i := 0; i < 10; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					uid := alice
					results <- store.Start(ctx, &models.Reading{UserID: &uid, ChartQuery: "date=2000-01-01", Topic: "overall", Lang: "en"})
				}()
			}
			wg.Wait()
			close(results)
			won, busy := 0, 0
			for err := range results {
				switch {
				case err == nil:
					won++
				case errors.Is(err, models.ErrBusy):
					busy++
				default:
					t.Fatalf("start: %v", err)
				}
			}
			if won != 1 || busy != 9 {
				t.Fatalf("%d starts won and %d were refused, want 1 and 9", won, busy)
			}
			var r models.Reading
			if err := db.Gorm.Where("user_id = ?", alice).Take(&r).Error; err != nil {
				t.Fatal(err)
			}
			if len(r.PublicID) < 22 || r.Status != models.ReadingPending {
				t.Fatalf("stored %+v", r)
			}
			// Owner scoping: Bob and guests cannot load it by its id.
			for _, viewer := range []int64{bob, 0} {
				if _, err := store.ByPublicID(ctx, r.PublicID, viewer); !errors.Is(err, models.ErrNotFound) {
					t.Fatalf("viewer %d loaded Alice's reading: %v", viewer, err)
				}
			}
			if got, err := store.ByPublicID(ctx, r.PublicID, alice); err != nil || got.ID != r.ID {
				t.Fatalf("owner load: %v", err)
			}
			// Only one stream claims it.
			if ok, _ := store.Claim(ctx, r.ID); !ok {
				t.Fatal("first claim lost")
			}
			if ok, _ := store.Claim(ctx, r.ID); ok {
				t.Fatal("second claim won")
			}
			if err := store.Finish(ctx, r.ID, models.ReadingOutcome{Status: models.ReadingDone, Text: "text", Provider: "builtin", Model: "builtin-v1", PromptTokens: 3, CompletionTokens: 5}); err != nil {
				t.Fatal(err)
			}
			// Guests: by IP; another IP is not blocked; a guest reading is open to its id holder.
			g1 := &models.Reading{GuestIP: "192.0.2.1", ChartQuery: "q", Topic: "overall", Lang: "en"}
			if err := store.Start(ctx, g1); err != nil {
				t.Fatal(err)
			}
			if err := store.Start(ctx, &models.Reading{GuestIP: "192.0.2.1", ChartQuery: "q", Topic: "overall", Lang: "en"}); !errors.Is(err, models.ErrBusy) {
				t.Fatalf("second guest start: %v", err)
			}
			if err := store.Start(ctx, &models.Reading{GuestIP: "192.0.2.2", ChartQuery: "q", Topic: "overall", Lang: "en"}); err != nil {
				t.Fatalf("another guest IP: %v", err)
			}
			if _, err := store.ByPublicID(ctx, g1.PublicID, bob); err != nil {
				t.Fatalf("guest reading by id: %v", err)
			}
			// A pending reading nobody connected to stops blocking after PendingStale.
			store.PendingStale = 0
			if err := store.Start(ctx, &models.Reading{GuestIP: "192.0.2.1", ChartQuery: "q", Topic: "career", Lang: "en"}); err != nil {
				t.Fatalf("start after an abandoned one: %v", err)
			}
			store.PendingStale = time.Minute

			// Quota counts: readings and follow-up answers written to the end
			// since the start of the day; pending, streaming, cancelled or failed
			// ones never count.
			if err := store.Finish(ctx, r.ID, models.ReadingOutcome{Status: models.ReadingDone, Text: "text"}); err != nil {
				t.Fatal(err)
			}
			ans, err := store.Ask(ctx, r.ID, "why?")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.Ask(ctx, r.ID, "and?"); !errors.Is(err, models.ErrBusy) {
				t.Fatalf("second question while one is answered: %v", err)
			}
			if busy, _ := store.InProgress(ctx, models.Owner{UserID: alice}); !busy {
				t.Fatal("an answer in progress does not count as in progress")
			}
			if n, err := store.CountSince(ctx, models.Owner{UserID: alice}, start); err != nil || n != 1 {
				t.Fatalf("alice's count %d (%v) with an answer in progress, want 1", n, err)
			}
			if n, _ := store.CountSince(ctx, models.Owner{GuestIP: "192.0.2.1"}, start); n != 0 {
				t.Fatalf("guest count %d with nothing finished, want 0", n)
			}
			if n, _ := store.CountSince(ctx, models.Owner{UserID: alice}, time.Now().UTC().Add(time.Hour)); n != 0 {
				t.Fatalf("count after now: %d", n)
			}
			if err := store.FinishMessage(ctx, ans.ID, models.ReadingOutcome{Status: models.ReadingDone, Text: "because"}); err != nil {
				t.Fatal(err)
			}
			if n, _ := store.CountSince(ctx, models.Owner{UserID: alice}, start); n != 2 {
				t.Fatalf("alice's count %d once the answer is done, want 2", n)
			}
			if err := store.Finish(ctx, g1.ID, models.ReadingOutcome{Status: models.ReadingCancelled, Text: "part"}); err != nil {
				t.Fatal(err)
			}
			if n, _ := store.CountSince(ctx, models.Owner{GuestIP: "192.0.2.1"}, start); n != 0 {
				t.Fatalf("guest count %d after a cancelled reading, want 0", n)
			}
			rs, msgs, err := store.ForUser(ctx, alice)
			if err != nil || len(rs) != 1 || len(msgs[r.ID]) != 2 || msgs[r.ID][1].Content != "because" {
				t.Fatalf("export: %v %d %+v", err, len(rs), msgs)
			}
			if rs, _, _ := store.ForUser(ctx, bob); len(rs) != 0 {
				t.Fatal("bob's export has alice's readings")
			}
			if list, err := store.ForChart(ctx, alice, 0, "date=2000-01-01", 10); err != nil || len(list) != 1 {
				t.Fatalf("ForChart: %v %d", err, len(list))
			}
		})
	}
}

// Guests' readings older than the retention go with their follow-ups, on
// both databases; newer ones and every signed-in user's readings stay.
func TestDeleteGuestReadings(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.PostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/guests.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			store := models.NewReadings(db.Gorm)
			ctx := context.Background()
			uid := newUser(t, db, "keeper-"+name)
			now := time.Now().UTC()
			add := func(r models.Reading, age time.Duration) int64 {
				t.Helper()
				r.PublicID, r.ChartQuery, r.Topic, r.Lang, r.Status = models.NewPublicID(), "date=2000-01-01", "overall", "en", models.ReadingDone
				r.CreatedAt = now.Add(-age)
				if err := db.Gorm.Create(&r).Error; err != nil {
					t.Fatal(err)
				}
				if err := db.Gorm.Create(&models.ReadingMessage{ReadingID: r.ID, Role: "user", Content: "and love?", Status: models.ReadingDone}).Error; err != nil {
					t.Fatal(err)
				}
				return r.ID
			}
			oldGuest := add(models.Reading{GuestIP: "192.0.2.7"}, 40*24*time.Hour)
			newGuest := add(models.Reading{GuestIP: "192.0.2.7"}, 2*24*time.Hour)
			oldUser := add(models.Reading{UserID: &uid}, 400*24*time.Hour)

			n, err := store.DeleteGuestReadings(ctx, now.Add(-30*24*time.Hour))
			if err != nil || n != 1 {
				t.Fatalf("deleted %d (%v), want 1", n, err)
			}
			for id, want := range map[int64]int64{oldGuest: 0, newGuest: 1, oldUser: 1} {
				var readings, messages int64
				db.Gorm.Model(&models.Reading{}).Where("id = ?", id).Count(&readings)
				db.Gorm.Model(&models.ReadingMessage{}).Where("reading_id = ?", id).Count(&messages)
				if readings != want || messages != want {
					t.Errorf("reading %d: %d readings and %d messages left, want %d", id, readings, messages, want)
				}
			}
			if n, err := store.DeleteGuestReadings(ctx, now.Add(-30*24*time.Hour)); err != nil || n != 0 {
				t.Errorf("second run deleted %d (%v)", n, err)
			}
		})
	}
}
