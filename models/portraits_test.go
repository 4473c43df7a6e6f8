package models_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The portrait store on both databases: keeping, owner scoping of the
// image, the quota count (painted portraits are generations), the admin
// counts and the guests' retention.
func TestPortraitStore(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.PostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/portraits.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			store := models.NewPortraits(db.Gorm)
			readings := models.NewReadings(db.Gorm)
			ctx := context.Background()
			alice, bob := newUser(t, db, "alice"), newUser(t, db, "bob")
			start := time.Now().Add(-time.Minute)
			png := []byte("\x89PNG fake")

			mine := &models.Portrait{UserID: &alice, ChartQuery: "date=1990-05-17", Provider: models.PortraitOpenAI, Model: "gpt-image-1", Mime: "image/png", Bytes: png, CostUSD: 0.04}
			if err := store.Keep(ctx, mine); err != nil {
				t.Fatal(err)
			}
			guest := &models.Portrait{GuestIP: "203.0.113.9", ChartQuery: "date=2000-01-01", Provider: models.PortraitOpenAI, Model: "gpt-image-1", Mime: "image/png", Bytes: png, CostUSD: 0.04}
			if err := store.Keep(ctx, guest); err != nil {
				t.Fatal(err)
			}
			if len(mine.PublicID) < 22 || mine.PublicID == guest.PublicID {
				t.Fatalf("public ids %q, %q", mine.PublicID, guest.PublicID)
			}

			got, err := store.ByPublicID(ctx, models.Owner{UserID: alice}, mine.PublicID)
			if err != nil || !bytes.Equal(got.Bytes, png) || got.Mime != "image/png" {
				t.Fatalf("alice's own portrait: %+v, %v", got, err)
			}
			if _, err := store.ByPublicID(ctx, models.Owner{UserID: bob}, mine.PublicID); err == nil {
				t.Fatal("bob read alice's portrait")
			}
			if _, err := store.ByPublicID(ctx, models.Owner{GuestIP: "203.0.113.9"}, mine.PublicID); err == nil {
				t.Fatal("a guest read alice's portrait")
			}
			if _, err := store.ByPublicID(ctx, models.Owner{UserID: bob}, guest.PublicID); err != nil {
				t.Fatalf("a guest's portrait by its public id: %v", err)
			}

			n, err := readings.CountSince(ctx, models.Owner{UserID: alice}, start)
			if err != nil || n != 1 {
				t.Fatalf("alice's generations today: %d, %v (want 1: the portrait)", n, err)
			}
			if n, _ := readings.CountSince(ctx, models.Owner{UserID: bob}, start); n != 0 {
				t.Fatalf("bob's generations: %d", n)
			}
			if n, _ := readings.CountSince(ctx, models.Owner{GuestIP: "203.0.113.9"}, start); n != 1 {
				t.Fatalf("the guest's generations: %d", n)
			}

			usage, err := models.NewStats(db.Gorm).PortraitsByProvider(ctx, models.StartOfDay(time.Now()), time.Now().AddDate(0, 0, -30))
			if err != nil || len(usage) != 1 || usage[0].Provider != "openai" || usage[0].Today != 2 || usage[0].Month != 2 || usage[0].CostUSD < 0.079 || usage[0].CostUSD > 0.081 {
				t.Fatalf("usage %+v, %v", usage, err)
			}

			n, err = store.DeleteGuest(ctx, time.Now().Add(time.Minute))
			if err != nil || n != 1 {
				t.Fatalf("deleted %d guest portraits, %v", n, err)
			}
			if _, err := store.ByPublicID(ctx, models.Owner{UserID: alice}, mine.PublicID); err != nil {
				t.Fatalf("a user's portrait went with the guests': %v", err)
			}
		})
	}
}
