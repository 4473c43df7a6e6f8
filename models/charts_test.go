package models_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

func TestMain(m *testing.M) { testutil.Main(m) }

func openDB(t testing.TB, cfg config.Config) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateUp(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return db
}

func newUser(t testing.TB, db *database.DB, name string) int64 {
	t.Helper()
	email := name + "-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "@example.com"
	u := &models.User{Email: &email}
	if err := models.NewUsers(db.Gorm).Create(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func chart(user int64, i int, name, pillars string) *models.SavedChart {
	year := 1950 + i%60
	return &models.SavedChart{
		UserID: user, Name: name, Notes: "note " + strconv.Itoa(i), Input: fmt.Sprintf(`{"date":"%d-01-01"}`, year),
		BirthDate: fmt.Sprintf("%d-%02d-%02d", year, 1+i%12, 1+i%28), BirthYear: year,
		Gender: []string{"male", "female"}[i%2], Place: []string{"Beijing", "London", "台北"}[i%3], Pillars: pillars,
		Tags: []string{",family,", ",client,", ""}[i%3], Favourite: i%5 == 0,
	}
}

// The history list on both databases: filters, search by name, place and
// 干支, keyset pages that add up to the whole list, and owner scoping.
func TestChartListing(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.PostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/charts.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			store := models.NewCharts(db.Gorm)
			ctx := context.Background()
			alice, bob := newUser(t, db, "alice"), newUser(t, db, "bob")
			for i := 0; i < 57; i++ {
				pillars := "庚午 辛巳 丙子 癸巳"
				if i == 13 {
					pillars = "甲子 丙寅 戊辰 庚午"
				}
				if err := store.Create(ctx, chart(alice, i, fmt.Sprintf("Person %02d", i), pillars)); err != nil {
					t.Fatal(err)
				}
			}
			if err := store.Create(ctx, chart(bob, 0, "Bob's own 甲子", "甲子 甲子 甲子 甲子")); err != nil {
				t.Fatal(err)
			}

			for _, sort := range []string{models.SortCreated, models.SortBirth, models.SortName} {
				seen := map[int64]bool{}
				cur := ""
				for pages := 0; ; pages++ {
					p, err := store.List(ctx, alice, models.ListQuery{Sort: sort, Cursor: cur, Limit: 10})
					if err != nil {
						t.Fatal(err)
					}
					for _, c := range p.Charts {
						if c.UserID != alice || seen[c.ID] {
							t.Fatalf("%s: foreign or repeated chart %d", sort, c.ID)
						}
						seen[c.ID] = true
					}
					if p.NextCursor == "" {
						break
					}
					cur = p.NextCursor
					if pages > 10 {
						t.Fatal("pagination does not end")
					}
				}
				if len(seen) != 57 {
					t.Fatalf("%s: pages cover %d charts, want 57", sort, len(seen))
				}
			}

			count := func(q models.ListQuery) int {
				q.Limit = 100
				p, err := store.List(ctx, alice, q)
				if err != nil {
					t.Fatal(err)
				}
				return len(p.Charts)
			}
			if n := count(models.ListQuery{Search: "甲子"}); n != 1 {
				t.Errorf("search 甲子 found %d charts, want 1 (and never Bob's)", n)
			}
			if n := count(models.ListQuery{Search: "person 1"}); n != 10 {
				t.Errorf("search by name (case-insensitive): %d", n)
			}
			if n := count(models.ListQuery{Search: "台北"}); n != 19 {
				t.Errorf("search by place: %d", n)
			}
			if n := count(models.ListQuery{Search: "100%"}); n != 0 {
				t.Errorf("a literal %% matched %d", n)
			}
			if n := count(models.ListQuery{Gender: "female"}); n != 28 {
				t.Errorf("gender filter: %d", n)
			}
			if n := count(models.ListQuery{Tag: "family"}); n != 19 {
				t.Errorf("tag filter: %d", n)
			}
			if n := count(models.ListQuery{Favourites: true}); n != 12 {
				t.Errorf("favourites: %d", n)
			}
			if n := count(models.ListQuery{YearFrom: 1960, YearTo: 1969}); n != 10 {
				t.Errorf("year range: %d", n)
			}

			// Trash, restore, delete forever; all scoped to the owner.
			p, _ := store.List(ctx, alice, models.ListQuery{Limit: 3})
			ids := []int64{p.Charts[0].ID, p.Charts[1].ID, p.Charts[2].ID}
			if n, _ := store.Trash(ctx, bob, ids); n != 0 {
				t.Fatal("Bob trashed Alice's charts")
			}
			if n, _ := store.Trash(ctx, alice, ids); n != 3 || count(models.ListQuery{}) != 54 || count(models.ListQuery{Trash: true}) != 3 {
				t.Fatal("trash")
			}
			if n, _ := store.Restore(ctx, alice, ids[:1]); n != 1 {
				t.Fatal("restore")
			}
			if n, _ := store.DeleteForever(ctx, bob, ids); n != 0 {
				t.Fatal("Bob deleted Alice's charts")
			}
			if n, _ := store.EmptyTrash(ctx, alice); n != 2 || count(models.ListQuery{Trash: true}) != 0 {
				t.Fatal("empty trash")
			}
			if _, err := store.Get(ctx, bob, ids[0]); err != models.ErrNotFound {
				t.Fatalf("Bob read Alice's chart: %v", err)
			}
			if err := store.Update(ctx, bob, ids[0], map[string]any{"name": "stolen"}); err != models.ErrNotFound {
				t.Fatalf("Bob edited Alice's chart: %v", err)
			}
		})
	}
}

func TestJoinTags(t *testing.T) {
	if got, ok := models.JoinTags([]string{" family ", "Family", "", "a,b"}); !ok || got != ",family,a b," {
		t.Fatalf("JoinTags = %q %v", got, ok)
	}
	many := make([]string, models.MaxTags+1)
	for i := range many {
		many[i] = strconv.Itoa(i)
	}
	if _, ok := models.JoinTags(many); ok {
		t.Fatal("too many tags accepted")
	}
}

// BenchmarkChartList is the history list and a search over 10,000 charts of
// one user on PostgreSQL (the budget: under 20 ms each).
func BenchmarkChartList(b *testing.B) {
	db := openDB(b, config.Config{DatabaseURL: testutil.PostgresURL(b)})
	store := models.NewCharts(db.Gorm)
	ctx := context.Background()
	user := newUser(b, db, "bench")
	rows := make([]*models.SavedChart, 0, 10000)
	for i := 0; i < 10000; i++ {
		rows = append(rows, chart(user, i, fmt.Sprintf("Client %05d", i), "庚午 辛巳 丙子 癸巳"))
	}
	if err := db.Gorm.CreateInBatches(rows, 1000).Error; err != nil {
		b.Fatal(err)
	}
	if err := db.Gorm.Exec("ANALYZE charts").Error; err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		q    models.ListQuery
	}{
		{"first-page", models.ListQuery{}},
		{"deep-page-by-name", models.ListQuery{Sort: models.SortName}},
		{"search-name", models.ListQuery{Search: "client 0042"}},
		{"search-ganzhi", models.ListQuery{Search: "丙子"}},
		{"filters", models.ListQuery{Gender: "female", YearFrom: 1970, YearTo: 1990, Tag: "family"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := bc.q
			if bc.name == "deep-page-by-name" {
				p, _ := store.List(ctx, user, models.ListQuery{Sort: models.SortName, Limit: 100})
				for i := 0; i < 40; i++ { // page 41 of 100-row pages
					p, _ = store.List(ctx, user, models.ListQuery{Sort: models.SortName, Limit: 100, Cursor: p.NextCursor})
				}
				q.Cursor = p.NextCursor
			}
			for i := 0; i < b.N; i++ {
				if _, err := store.List(ctx, user, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Tags added to one chart at the same moment all stay (the read and the
// write are one locked step), on both databases; an edit that fails
// changes no chart, and another user's chart is never touched.
func TestEditTagsConcurrently(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.PostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/tags.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			store := models.NewCharts(db.Gorm)
			ctx := context.Background()
			alice, mallory := newUser(t, db, "tagger-"+name), newUser(t, db, "other-"+name)
			mine, theirs := chart(alice, 1, "Mine", "甲子 甲子 甲子 甲子"), chart(mallory, 2, "Theirs", "乙丑 乙丑 乙丑 乙丑")
			mine.Tags, theirs.Tags = "", ""
			for _, c := range []*models.SavedChart{mine, theirs} {
				if err := store.Create(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			add := func(tag string) func([]string) (string, bool, error) {
				return func(cur []string) (string, bool, error) {
					stored, ok := models.JoinTags(append(cur, tag))
					if !ok {
						return "", false, errors.New("too many")
					}
					return stored, true, nil
				}
			}
			var wg sync.WaitGroup
			errs := make(chan error, 12)
			for i := range 12 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := store.EditTags(ctx, alice, []int64{mine.ID, theirs.ID}, add("t"+strconv.Itoa(i)))
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			got, err := store.Get(ctx, alice, mine.ID)
			if err != nil {
				t.Fatal(err)
			}
			if tags := got.TagList(); len(tags) != 12 {
				t.Fatalf("%d tags after 12 concurrent additions: %v", len(tags), tags)
			}
			other, _ := store.Get(ctx, mallory, theirs.ID)
			if other.Tags != "" {
				t.Fatalf("another user's chart was tagged: %q", other.Tags)
			}
			// A failing edit (the second chart) leaves the first unchanged too.
			second := chart(alice, 3, "Second", "丙寅 丙寅 丙寅 丙寅")
			if err := store.Create(ctx, second); err != nil {
				t.Fatal(err)
			}
			calls := 0
			n, err := store.EditTags(ctx, alice, []int64{mine.ID, second.ID}, func(cur []string) (string, bool, error) {
				if calls++; calls == 2 {
					return "", false, errors.New("refused")
				}
				return ",x,", true, nil
			})
			if err == nil || n != 0 {
				t.Fatalf("failing edit: %d changed, %v", n, err)
			}
			if again, _ := store.Get(ctx, alice, mine.ID); len(again.TagList()) != 12 {
				t.Fatalf("a failed edit changed the first chart: %q", again.Tags)
			}
		})
	}
}
