package models_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The admin's user list on both databases: search by e-mail or name in any
// case (LIKE wildcards typed by the admin are literal), keyset pages that
// add up to the whole result, and the per-user counts.
func TestUserAdminSearch(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.PostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/admin.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			ctx := context.Background()
			store := models.NewUserAdmin(db.Gorm)
			users := models.NewUsers(db.Gorm)
			// A tag no other test's accounts carry: the PostgreSQL database is shared.
			tag := "adm" + strconv.FormatInt(time.Now().UnixNano(), 36)
			var ids []int64
			for i := 0; i < 7; i++ {
				email := tag + "-" + strconv.Itoa(i) + "@example.com"
				u := &models.User{Email: &email, DisplayName: "Person " + strconv.Itoa(i)}
				if err := users.Create(ctx, u); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, u.ID)
			}
			// A name-only match, mixed case, and a name with a literal "%".
			nameOnly := &models.User{DisplayName: "Zhang " + strings.ToUpper(tag) + " 100%"}
			if err := users.Create(ctx, nameOnly); err != nil {
				t.Fatal(err)
			}

			// Keyset pages of 3 cover all 8 matches, newest first, once each.
			var seen []int64
			var before int64
			for pages := 0; ; pages++ {
				if pages > 5 {
					t.Fatal("pagination does not end")
				}
				page, err := store.Search(ctx, models.UserQuery{Search: strings.ToUpper(tag), BeforeID: before, Limit: 3})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page.Rows {
					seen = append(seen, r.ID)
				}
				if page.NextBeforeID == 0 {
					break
				}
				before = page.NextBeforeID
			}
			want := append([]int64{nameOnly.ID}, reverse(ids)...)
			if !equalIDs(seen, want) {
				t.Fatalf("pages gave %v, want %v", seen, want)
			}

			// By name only, and wildcards are literal.
			page, err := store.Search(ctx, models.UserQuery{Search: tag + " 100%"})
			if err != nil || len(page.Rows) != 1 || page.Rows[0].ID != nameOnly.ID {
				t.Fatalf("name search: %+v %v", page.Rows, err)
			}
			page, err = store.Search(ctx, models.UserQuery{Search: tag + "_%"})
			if err != nil || len(page.Rows) != 0 {
				t.Fatalf("wildcards matched: %d rows %v", len(page.Rows), err)
			}
			// An id.
			page, err = store.Search(ctx, models.UserQuery{Search: "#" + strconv.FormatInt(ids[2], 10)})
			if err != nil || len(page.Rows) != 1 || page.Rows[0].ID != ids[2] {
				t.Fatalf("id search: %+v %v", page.Rows, err)
			}

			// Counts: charts outside the trash, readings, providers.
			charts := models.NewCharts(db.Gorm)
			for i := 0; i < 3; i++ {
				if err := charts.Create(ctx, chart(ids[0], i, "c"+strconv.Itoa(i), "甲子 乙丑 丙寅 丁卯")); err != nil {
					t.Fatal(err)
				}
			}
			trashed := chart(ids[0], 9, "trashed", "甲子 乙丑 丙寅 丁卯")
			if err := charts.Create(ctx, trashed); err != nil {
				t.Fatal(err)
			}
			if _, err := charts.Trash(ctx, ids[0], []int64{trashed.ID}); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ {
				uid := ids[0]
				r := &models.Reading{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: "date=2000-01-01", Topic: "overall",
					Lang: "en", Provider: "builtin", Status: models.ReadingDone, CreatedAt: time.Now().UTC()}
				if err := db.Gorm.Create(r).Error; err != nil {
					t.Fatal(err)
				}
			}
			identities := models.NewIdentities(db.Gorm)
			for _, prov := range []string{"wechat", "google"} {
				if err := identities.Link(ctx, &models.Identity{UserID: ids[0], Provider: prov, ProviderUserID: tag + prov}); err != nil {
					t.Fatal(err)
				}
			}
			row, err := store.Row(ctx, ids[0])
			if err != nil {
				t.Fatal(err)
			}
			if row.Charts != 3 || row.Readings != 2 || strings.Join(row.Providers, ",") != "google,wechat" {
				t.Fatalf("counts: charts %d readings %d providers %v", row.Charts, row.Readings, row.Providers)
			}
			page, err = store.Search(ctx, models.UserQuery{Search: tag})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Rows {
				if r.ID == ids[0] && (r.Charts != 3 || r.Readings != 2 || len(r.Providers) != 2) {
					t.Fatalf("list counts: %+v", r)
				}
				if r.ID != ids[0] && (r.Charts != 0 || r.Readings != 0 || len(r.Providers) != 0) {
					t.Fatalf("another user's counts leaked: %+v", r)
				}
			}
			if _, err := store.Row(ctx, 1<<50); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("missing user: %v", err)
			}
		})
	}
}

// Each account action changes the account and writes exactly one audit
// entry in the same transaction; an action that changes nothing writes none.
func TestUserAdminActionsAreAudited(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"postgres": {DatabaseURL: testutil.PostgresURL(t)},
		"sqlite":   {SQLitePath: t.TempDir() + "/admin.db"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, cfg)
			ctx := context.Background()
			store, users := models.NewUserAdmin(db.Gorm), models.NewUsers(db.Gorm)
			admin, target := newUser(t, db, "admin"), newUser(t, db, "target")
			who := models.AuditActor{AdminID: admin, AdminEmail: "admin@example.com", IP: "203.0.113.9"}
			last := lastAuditID(t, db)

			expect := func(action, details string) {
				t.Helper()
				var entries []models.AuditEntry
				if err := db.Gorm.Where("id > ?", last).Order("id").Find(&entries).Error; err != nil {
					t.Fatal(err)
				}
				// Other tests share the PostgreSQL database: only this target's entries count.
				var mine []models.AuditEntry
				for _, e := range entries {
					if e.TargetID == strconv.FormatInt(target, 10) {
						mine = append(mine, e)
					}
				}
				if action == "" {
					if len(mine) != 0 {
						t.Fatalf("a no-op wrote %+v", mine)
					}
					return
				}
				if len(mine) != 1 {
					t.Fatalf("%s: %d entries, want 1: %+v", action, len(mine), mine)
				}
				e := mine[0]
				if e.Action != action || e.Details != details || e.AdminID == nil || *e.AdminID != admin ||
					e.AdminEmail != "admin@example.com" || e.TargetType != "user" || e.IP != "203.0.113.9" || e.CreatedAt.IsZero() {
					t.Fatalf("entry %+v, want %s %q", e, action, details)
				}
				last = e.ID
			}
			load := func() *models.User {
				t.Helper()
				u, err := users.ByID(ctx, target)
				if err != nil {
					t.Fatal(err)
				}
				return u
			}

			epoch := load().SessionEpoch
			if changed, err := store.Disable(ctx, who, target); err != nil || !changed {
				t.Fatalf("disable: %v %v", changed, err)
			}
			if u := load(); !u.Disabled() || u.SessionEpoch != epoch+1 {
				t.Fatalf("after disable: disabled %v epoch %d", u.Disabled(), u.SessionEpoch)
			}
			expect(models.ActionUserDisable, "active → disabled")
			if changed, err := store.Disable(ctx, who, target); err != nil || changed {
				t.Fatalf("second disable: %v %v", changed, err)
			}
			expect("", "")

			if changed, err := store.Enable(ctx, who, target); err != nil || !changed {
				t.Fatalf("enable: %v %v", changed, err)
			}
			if u := load(); u.Disabled() || u.SessionEpoch != epoch+1 {
				t.Fatalf("after enable: disabled %v epoch %d", u.Disabled(), u.SessionEpoch)
			}
			expect(models.ActionUserEnable, "disabled → active")
			if changed, err := store.Enable(ctx, who, target); err != nil || changed {
				t.Fatalf("second enable: %v %v", changed, err)
			}
			expect("", "")

			if err := store.RevokeSessions(ctx, who, target); err != nil {
				t.Fatal(err)
			}
			if u := load(); u.SessionEpoch != epoch+2 {
				t.Fatalf("after revoke: epoch %d", u.SessionEpoch)
			}
			expect(models.ActionUserRevokeSessions, "session epoch "+strconv.FormatInt(epoch+1, 10)+" → "+strconv.FormatInt(epoch+2, 10))

			five, zero := 5, 0
			if changed, err := store.SetQuota(ctx, who, target, &five); err != nil || !changed {
				t.Fatalf("quota: %v %v", changed, err)
			}
			if u := load(); u.ReadingQuota == nil || *u.ReadingQuota != 5 {
				t.Fatalf("quota stored: %v", u.ReadingQuota)
			}
			expect(models.ActionUserQuota, "reading quota default → 5")
			if changed, _ := store.SetQuota(ctx, who, target, &five); changed {
				t.Fatal("the same quota again changed something")
			}
			expect("", "")
			if _, err := store.SetQuota(ctx, who, target, &zero); err != nil {
				t.Fatal(err)
			}
			expect(models.ActionUserQuota, "reading quota 5 → 0")
			if _, err := store.SetQuota(ctx, who, target, nil); err != nil {
				t.Fatal(err)
			}
			if u := load(); u.ReadingQuota != nil {
				t.Fatalf("quota not reset: %v", *u.ReadingQuota)
			}
			expect(models.ActionUserQuota, "reading quota 0 → default")

			// A missing account: ErrNotFound and no entry.
			missing := int64(1 << 50)
			if _, err := store.Disable(ctx, who, missing); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("disable missing: %v", err)
			}
			if _, err := store.Enable(ctx, who, missing); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("enable missing: %v", err)
			}
			if err := store.RevokeSessions(ctx, who, missing); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("revoke missing: %v", err)
			}
			if _, err := store.SetQuota(ctx, who, missing, &five); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("quota missing: %v", err)
			}
			var n int64
			if err := db.Gorm.Model(&models.AuditEntry{}).Where("target_id = ?", strconv.FormatInt(missing, 10)).Count(&n).Error; err != nil || n != 0 {
				t.Fatalf("entries for a missing account: %d %v", n, err)
			}
		})
	}
}

func lastAuditID(t *testing.T, db *database.DB) int64 {
	t.Helper()
	var id int64
	if err := db.Gorm.Model(&models.AuditEntry{}).Select("COALESCE(MAX(id), 0)").Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}

func reverse(xs []int64) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[len(xs)-1-i] = x
	}
	return out
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
