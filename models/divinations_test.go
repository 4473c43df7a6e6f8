package models_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The casts-and-draws store on both databases: keeping (once per query),
// search over question, summary and the owner's readings, kind filter,
// keyset pages, owner scoping of every method, idempotent sharing, import
// duplicates and the guests' retention.
func TestDivinationStore(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.PostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/divinations.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			store := models.NewDivinations(db.Gorm)
			ctx := context.Background()
			alice, bob := newUser(t, db, "alice"), newUser(t, db, "bob")
			aliceOwner := models.Owner{UserID: alice}

			cast, err := store.Keep(ctx, aliceOwner, models.KindIChing, "lines=789678&question=Should+I+move", "Should I move?", "30 离 → 51 震")
			if err != nil {
				t.Fatal(err)
			}
			if cast.UserID == nil || *cast.UserID != alice || cast.GuestIP != "" || len(cast.PublicID) < 22 {
				t.Fatalf("kept %+v", cast)
			}
			again, err := store.Keep(ctx, aliceOwner, models.KindIChing, cast.Query, "Should I move?", "30 离 → 51 震")
			if err != nil || again.ID != cast.ID {
				t.Fatalf("keeping the same cast again made another (%v, %v)", again, err)
			}
			draw, err := store.Keep(ctx, aliceOwner, models.KindTarot, "spread=three-card&cards=0,1,2", "Love this year", "The Fool, The Magician, The High Priestess")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.Keep(ctx, aliceOwner, "runes", "x=1", "", ""); !errors.Is(err, models.ErrBadKind) {
				t.Fatalf("unknown kind: %v", err)
			}
			bobs, err := store.Keep(ctx, models.Owner{UserID: bob}, models.KindIChing, "lines=666666", "BOB SECRET career", "2 坤")
			if err != nil {
				t.Fatal(err)
			}

			// Alice's reading of the draw, and one of Bob's of Alice's cast
			// query: only her own readings are searched.
			uid, bid := alice, bob
			for _, r := range []*models.Reading{
				{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: draw.Query, Topic: models.KindTarot, Lang: "en", Status: models.ReadingDone, Text: "An older reading."},
				{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: draw.Query, Topic: models.KindTarot, Lang: "en", Status: models.ReadingDone, Text: "The cards speak of a JOURNEY across water."},
				{PublicID: models.NewPublicID(), UserID: &bid, ChartQuery: cast.Query, Topic: models.KindIChing, Lang: "en", Status: models.ReadingDone, Text: "bob's zebra reading"},
			} {
				r.CreatedAt = time.Now().UTC()
				if err := db.Gorm.Create(r).Error; err != nil {
					t.Fatal(err)
				}
				time.Sleep(2 * time.Millisecond) // distinct created_at, so "latest" is defined
			}

			search := func(q models.DivinationQuery) []int64 {
				t.Helper()
				page, err := store.List(ctx, alice, q)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, it := range page.Items {
					ids = append(ids, it.ID)
				}
				return ids
			}
			for _, tc := range []struct {
				q    models.DivinationQuery
				want []int64
			}{
				{models.DivinationQuery{}, []int64{draw.ID, cast.ID}},
				{models.DivinationQuery{Search: "should i"}, []int64{cast.ID}},
				{models.DivinationQuery{Search: "离"}, []int64{cast.ID}},
				{models.DivinationQuery{Search: "magician"}, []int64{draw.ID}},
				{models.DivinationQuery{Search: "journey"}, []int64{draw.ID}}, // the reading's text
				{models.DivinationQuery{Search: "zebra"}, nil},                // Bob's reading
				{models.DivinationQuery{Search: "secret"}, nil},               // Bob's question
				{models.DivinationQuery{Search: "100%"}, nil},
				{models.DivinationQuery{Kind: models.KindTarot}, []int64{draw.ID}},
				{models.DivinationQuery{Kind: models.KindIChing, Search: "journey"}, nil},
			} {
				if got := search(tc.q); fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("search %+v = %v, want %v", tc.q, got, tc.want)
				}
			}
			page, err := store.List(ctx, alice, models.DivinationQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if page.Items[0].Reading != "The cards speak of a JOURNEY across water." || page.Items[1].Reading != "" {
				t.Errorf("latest readings: %q, %q", page.Items[0].Reading, page.Items[1].Reading)
			}

			// Keyset pages add up to the whole list.
			for i := 0; i < 5; i++ {
				if _, err := store.Keep(ctx, aliceOwner, models.KindIChing, fmt.Sprintf("lines=77777%d", 6+i%4), "", ""); err != nil {
					t.Fatal(err)
				}
			}
			all := search(models.DivinationQuery{Limit: 100})
			var paged []int64
			q := models.DivinationQuery{Limit: 2}
			for {
				p, err := store.List(ctx, alice, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range p.Items {
					paged = append(paged, it.ID)
				}
				if p.NextCursor == "" {
					break
				}
				q.Before = p.NextCursor
			}
			if fmt.Sprint(paged) != fmt.Sprint(all) || len(all) != 6 {
				t.Fatalf("pages %v, whole list %v", paged, all)
			}

			// Owner scoping: Bob's id is not Alice's to load, share, revoke or delete.
			if _, err := store.Get(ctx, alice, bobs.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("Get another user's: %v", err)
			}
			if _, err := store.Share(ctx, alice, bobs.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("Share another user's: %v", err)
			}
			if err := store.RevokeShare(ctx, alice, bobs.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("RevokeShare another user's: %v", err)
			}
			if _, err := store.Delete(ctx, alice, []int64{bobs.ID}); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("Delete another user's: %v", err)
			}
			if _, err := store.Get(ctx, bob, bobs.ID); err != nil {
				t.Fatalf("Bob's cast is gone after Alice's attempts: %v", err)
			}

			// Sharing is idempotent; revoking ends the link.
			tok, err := store.Share(ctx, alice, cast.ID)
			if err != nil || len(tok) < 22 {
				t.Fatalf("share: %q %v", tok, err)
			}
			if tok2, err := store.Share(ctx, alice, cast.ID); err != nil || tok2 != tok {
				t.Fatalf("share again: %q %v, want %q", tok2, err, tok)
			}
			if got, err := store.ByShareToken(ctx, tok); err != nil || got.ID != cast.ID {
				t.Fatalf("by token: %v %v", got, err)
			}
			if err := store.RevokeShare(ctx, alice, cast.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := store.ByShareToken(ctx, tok); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("revoked token still works: %v", err)
			}
			if tok3, _ := store.Share(ctx, alice, cast.ID); tok3 == tok {
				t.Fatal("sharing after a revoke brought the old link back")
			}

			// Import: a second import of the same record is a duplicate.
			when := time.Date(2024, 3, 1, 8, 30, 0, 123456789, time.UTC)
			if ok, err := store.Import(ctx, bob, models.KindTarot, "spread=single&cards=13", "Old question", "Death", when); err != nil || !ok {
				t.Fatalf("import: %v %v", ok, err)
			}
			if ok, err := store.Import(ctx, bob, models.KindTarot, "spread=single&cards=13", "Old question", "Death", when.Truncate(time.Microsecond)); err != nil || ok {
				t.Fatalf("duplicate import: %v %v", ok, err)
			}
			if ok, err := store.Import(ctx, bob, models.KindTarot, "spread=single&cards=13", "Old question", "Death", when.Add(time.Hour)); err != nil || !ok {
				t.Fatalf("import at another time: %v %v", ok, err)
			}
			exp, err := store.ForExport(ctx, bob)
			if err != nil || len(exp) != 3 || !exp[0].CreatedAt.Equal(when.Truncate(time.Microsecond)) || exp[2].ID != bobs.ID {
				t.Fatalf("Bob's export: %+v %v", exp, err)
			}

			// Delete: Alice's own go.
			if n, err := store.Delete(ctx, alice, []int64{cast.ID, draw.ID, bobs.ID}); err != nil || n != 2 {
				t.Fatalf("delete: %d %v", n, err)
			}
			if _, err := store.Get(ctx, alice, cast.ID); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("deleted cast still loads: %v", err)
			}
		})
	}
}

// Guests' casts and draws follow the guests' readings' retention: those
// older than the cut-off go, recent ones and every user's stay.
func TestDivinationGuestRetention(t *testing.T) {
	db := openDB(t, config.Config{DatabaseURL: testutil.PostgresURL(t)})
	store := models.NewDivinations(db.Gorm)
	ctx := context.Background()
	alice := newUser(t, db, "alice")
	guest := models.Owner{GuestIP: "203.0.113.7"}
	old, err := store.Keep(ctx, guest, models.KindIChing, "lines=777777&r=old", "", "")
	if err != nil {
		t.Fatal(err)
	}
	recent, err := store.Keep(ctx, guest, models.KindTarot, "spread=single&cards=1&r=recent", "", "")
	if err != nil {
		t.Fatal(err)
	}
	users, err := store.Keep(ctx, models.Owner{UserID: alice}, models.KindIChing, "lines=777777&r=user", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if old.UserID != nil || old.GuestIP != guest.GuestIP {
		t.Fatalf("guest's cast stored as %+v", old)
	}
	longAgo := time.Now().Add(-40 * 24 * time.Hour)
	for _, id := range []int64{old.ID, users.ID} {
		if err := db.Gorm.Model(&models.Divination{}).Where("id = ?", id).Update("created_at", longAgo).Error; err != nil {
			t.Fatal(err)
		}
	}
	n, err := store.DeleteGuest(ctx, time.Now().Add(-30*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("DeleteGuest = %d, %v; want 1", n, err)
	}
	var left []int64
	db.Gorm.Model(&models.Divination{}).Where("id IN ?", []int64{old.ID, recent.ID, users.ID}).Order("id").Pluck("id", &left)
	if fmt.Sprint(left) != fmt.Sprint([]int64{recent.ID, users.ID}) {
		t.Fatalf("left %v, want the recent guest's and the user's", left)
	}
}
