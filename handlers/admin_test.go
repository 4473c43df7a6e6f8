package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/buildinfo"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
	"github.com/bazi-master/bazi-master/models"
)

// adminApp is the app on its own fresh database (so the overview's totals
// are exactly what a test made), with an admin address configured and a
// route that always fails with a 500.
type adminApp struct {
	*testutil.App
	adminEmail string
}

func startAdminApp(t *testing.T, opts ...testutil.AppOption) *adminApp {
	t.Helper()
	email := testutil.UniqueEmail("admin")
	all := []testutil.AppOption{
		testutil.WithEnv("DATABASE_URL", testutil.FreshPostgresURL(t), "ADMIN_EMAILS", "someone@example.com, "+strings.ToUpper(email)),
		testutil.WithRoutes(func(r fiber.Router) {
			r.Get("/test/boom", func(c *fiber.Ctx) error { return fiber.ErrInternalServerError })
		}),
	}
	return &adminApp{App: testutil.StartApp(t, append(all, opts...)...), adminEmail: email}
}

// user stores an account; verified or not.
func (a *adminApp) user(t *testing.T, email string, verified bool) *models.User {
	t.Helper()
	return a.CreateUser(t, testutil.User{Email: email, Verified: verified})
}

// as returns a new browser signed in as u (nil: a guest).
func (a *adminApp) as(t *testing.T, u *models.User) *testutil.App {
	t.Helper()
	if u == nil {
		return a.NewSession()
	}
	return a.NewSessionAs(t, u.ID)
}

func (a *adminApp) admin(t *testing.T) *testutil.App {
	t.Helper()
	return a.as(t, a.user(t, a.adminEmail, true))
}

func auditEntries(t *testing.T, a *adminApp) []models.AuditEntry {
	t.Helper()
	entries, err := a.Server.Audit.Page(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

var adminRawKey = regexp.MustCompile(`admin\.(nav|overview|ai|system|quota)\.[a-z_]+`)

func TestAdminPagesAreNotFoundForEveryoneElse(t *testing.T) {
	a := startAdminApp(t)
	who := map[string]*testutil.App{
		"guest":                   a.as(t, nil),
		"non-admin":               a.as(t, a.user(t, testutil.UniqueEmail("plain"), true)),
		"unverified admin e-mail": a.as(t, a.user(t, a.adminEmail, false)),
	}
	for name, b := range who {
		for _, path := range []string{"/admin", "/admin/", "/admin/ai", "/admin/system"} {
			res := b.Get(t, path)
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", name, path, res.StatusCode)
			}
			if strings.Contains(res.Body, `data-testid="admin-nav"`) {
				t.Errorf("%s GET %s: the admin navigation is shown", name, path)
			}
		}
		for _, token := range []string{"", "-"} { // with the CSRF token, and without
			res := b.PostForm(t, "/admin/ai/test", url.Values{"provider": {"builtin"}, "_csrf": {token}})
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s POST /admin/ai/test (csrf %q): %d, want 404", name, token, res.StatusCode)
			}
		}
	}
	if n := len(auditEntries(t, a)); n != 0 {
		t.Errorf("%d audit entries written by refused requests", n)
	}
}

func TestAdminOverviewShowsTheNumbers(t *testing.T) {
	a := startAdminApp(t)
	ctx := context.Background()
	b := a.admin(t) // the admin signs up today too
	db := a.Server.DB.Gorm
	now := time.Now().UTC()
	today := models.StartOfDay(now)

	// Users: the admin and one more today, one 5 days ago, one 20 days ago, one 60 days ago.
	fresh := a.user(t, testutil.UniqueEmail("today"), true)
	for _, days := range []int{5, 20, 60} {
		u := a.user(t, testutil.UniqueEmail("older"), true)
		if err := db.Model(&models.User{}).Where("id = ?", u.ID).Update("created_at", now.AddDate(0, 0, -days)).Error; err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		if err := a.Server.Charts.Create(ctx, &models.SavedChart{UserID: fresh.ID, Name: "c" + strconv.Itoa(i), Input: `{"date":"1990-01-01"}`,
			BirthDate: "1990-01-01", BirthYear: 1990, Gender: "male", Pillars: "甲子 乙丑 丙寅 丁卯"}); err != nil {
			t.Fatal(err)
		}
	}
	reading := func(provider string, created time.Time, prompt, completion int, status string, fellBack bool) {
		uid := fresh.ID
		r := &models.Reading{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: "q", Topic: "overall", Lang: "en",
			Provider: provider, Model: provider + "-model", Status: status, FellBack: fellBack, Error: "boom " + provider,
			PromptTokens: prompt, CompletionTokens: completion, CreatedAt: created}
		if err := db.Create(r).Error; err != nil {
			t.Fatal(err)
		}
	}
	reading("openai", today.Add(time.Minute), 1000, 200, models.ReadingDone, false)
	reading("openai", today.Add(2*time.Minute), 300, 50, models.ReadingDone, false)
	reading("anthropic", now.AddDate(0, 0, -3), 400, 100, models.ReadingDone, true)
	reading("builtin", now.AddDate(0, 0, -45), 0, 0, models.ReadingFailed, false)

	// Traffic: two charts through the API, one chart page, one server error.
	for i := 0; i < 2; i++ {
		if res := postJSON(t, a.App, "/api/v1/chart", `{"date":"1990-05-15","time":"10:30","tz":"Asia/Shanghai","gender":"female"}`); res.StatusCode != 200 {
			t.Fatalf("chart API: %d %s", res.StatusCode, res.Body)
		}
	}
	if res := b.Get(t, "/chart?date=1990-05-15&time=10:30&tz=Asia/Shanghai&gender=female"); res.StatusCode != 200 {
		t.Fatalf("chart page: %d", res.StatusCode)
	}
	if res := b.Get(t, "/test/boom"); res.StatusCode != 500 {
		t.Fatalf("boom: %d", res.StatusCode)
	}

	res := b.Get(t, "/admin")
	if res.StatusCode != 200 {
		t.Fatalf("GET /admin: %d %s", res.StatusCode, res.Body)
	}
	d := testutil.HTML(t, res.Body)
	stat := func(id string) string {
		return strings.TrimSpace(testutil.ByTestID(d, id).Find("[data-value]").Text())
	}
	for id, want := range map[string]string{
		"stat-users-total": "5", "stat-users-today": "2", "stat-users-week": "3", "stat-users-month": "4",
		"stat-charts-saved": "2", "stat-charts-computed": "3",
		"stat-tokens-today": "1550",
	} {
		if got := stat(id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	// This month: today's plus the anthropic reading when 3 days ago is in this month.
	wantMonth := 1550
	if now.AddDate(0, 0, -3).Month() == now.Month() {
		wantMonth += 500
	}
	if got := stat("stat-tokens-month"); got != strconv.Itoa(wantMonth) {
		t.Errorf("tokens this month %q, want %d", got, wantMonth)
	}
	rows := map[string][2]string{}
	testutil.ByTestID(d, "readings-by-provider").Find("tbody tr").Each(func(_ int, s *goquery.Selection) {
		p, _ := s.Attr("data-provider")
		rows[p] = [2]string{strings.TrimSpace(s.Find("[data-readings]").Text()), strings.TrimSpace(s.Find("[data-tokens]").Text())}
	})
	for p, want := range map[string][2]string{"openai": {"2", "1550"}, "anthropic": {"1", "500"}, "builtin": {"1", "0"}} {
		if rows[p] != want {
			t.Errorf("provider %s: %v, want %v (all %v)", p, rows[p], want, rows)
		}
	}
	if got := testutil.ByTestID(d, "quota-today").Text(); !strings.Contains(got, ": 2") {
		t.Errorf("generations today: %q", got)
	}

	// Traffic: this test's requests before this page (sign-in, 2 API
	// calls, the chart page, the 500), one of them a 5xx.
	requests, _ := strconv.Atoi(stat("stat-requests"))
	if requests < 5 {
		t.Errorf("requests %d, want at least 5", requests)
	}
	errs := stat("stat-errors")
	if !strings.HasPrefix(errs, "1 (") || strings.Contains(errs, "(0.00%)") {
		t.Errorf("server errors %q, want 1 with a share above 0", errs)
	}

	// The sparkline: two series of 30 points, described in its label.
	svg := testutil.ByTestID(d, "sparkline")
	if role, _ := svg.Attr("role"); role != "img" {
		t.Errorf("sparkline role %q", role)
	}
	label, _ := svg.Attr("aria-label")
	if !strings.Contains(label, "4 sign-ups") || !strings.Contains(label, "3 readings") {
		t.Errorf("sparkline label %q, want 4 sign-ups and 3 readings in 30 days", label)
	}
	for _, series := range []string{"signups", "readings"} {
		pts, _ := svg.Find(`polyline[data-series="` + series + `"]`).Attr("points")
		if n := len(strings.Fields(pts)); n != 30 {
			t.Errorf("%s sparkline has %d points, want 30", series, n)
		}
	}
	// The last point (today) of sign-ups is the highest: 2 of max 2.
	pts, _ := svg.Find(`polyline[data-series="signups"]`).Attr("points")
	f := strings.Fields(pts)
	if !strings.HasSuffix(f[29], ",3.0") {
		t.Errorf("today's sign-ups point %q is not at the top", f[29])
	}

	// The admin sub-navigation marks the overview.
	if cur, _ := testutil.ByTestID(d, "admin-nav-overview").Attr("aria-current"); cur != "page" {
		t.Errorf("overview not marked current in the admin nav")
	}
	if n := testutil.ByTestID(d, "admin-nav").Find("a").Length(); n != 5 {
		t.Errorf("admin nav has %d links, want 5", n)
	}
}

func TestAdminAIPageWithBuiltinReader(t *testing.T) {
	a := startAdminApp(t)
	b := a.admin(t)
	d := testutil.HTML(t, b.Get(t, "/admin/ai").Body)
	active, _ := testutil.ByTestID(d, "ai-providers").Find(`tr[data-active="true"]`).Attr("data-provider")
	if active != "builtin" {
		t.Errorf("active provider %q, want builtin", active)
	}
	for _, p := range []string{"openai", "anthropic"} {
		if testutil.ByTestID(d, "test-"+p).Length() != 0 {
			t.Errorf("%s is not configured but has a test button", p)
		}
	}
	res := b.PostForm(t, "/admin/ai/test", url.Values{"provider": {"builtin"}})
	if res.StatusCode != 200 {
		t.Fatalf("test builtin: %d %s", res.StatusCode, res.Body)
	}
	if ok, _ := testutil.ByTestID(testutil.HTML(t, res.Body), "test-result").Attr("data-ok"); ok != "true" {
		t.Errorf("builtin test not ok: %.600s", res.Body)
	}
	// A provider that is not configured is refused and not recorded.
	if res := b.PostForm(t, "/admin/ai/test", url.Values{"provider": {"openai"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("test unconfigured openai: %d", res.StatusCode)
	}
	entries := auditEntries(t, a)
	if len(entries) != 1 || entries[0].Action != "provider.test" || entries[0].TargetID != "builtin" {
		t.Fatalf("audit entries %+v", entries)
	}
}

func TestAdminProviderTestAgainstOpenAI(t *testing.T) {
	const key = "sk-admin-test-secret-key-123456"
	for _, tc := range []struct {
		name string
		opts fakeai.Options
		ok   bool
		code string
	}{
		{"answers", fakeai.Options{Pieces: []string{"OK"}}, true, ""},
		{"refuses the key", fakeai.Options{Status: http.StatusUnauthorized, ErrorMessage: "Incorrect API key provided: " + key}, false, "http_401"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeai.StartOpenAI(t, tc.opts)
			a := startAdminApp(t, testutil.WithEnv("OPENAI_API_KEY", key, "OPENAI_BASE_URL", fake.URL+"/v1", "OPENAI_MODEL", "fake-model"))
			b := a.admin(t)
			d := testutil.HTML(t, b.Get(t, "/admin/ai").Body)
			row := testutil.ByTestID(d, "ai-providers").Find(`tr[data-provider="openai"]`)
			if v, _ := row.Attr("data-active"); v != "true" || !strings.Contains(row.Text(), "fake-model") {
				t.Fatalf("openai row: active %q, %q", v, row.Text())
			}
			if testutil.ByTestID(d, "test-openai").Length() != 1 {
				t.Fatal("no test button for openai")
			}
			res := b.PostForm(t, "/admin/ai/test", url.Values{"provider": {"openai"}}, "X-Forwarded-For", "198.51.100.9")
			if res.StatusCode != 200 {
				t.Fatalf("test: %d %s", res.StatusCode, res.Body)
			}
			if strings.Contains(res.Body, key) {
				t.Error("the page shows the API key")
			}
			result := testutil.ByTestID(testutil.HTML(t, res.Body), "test-result")
			if ok, _ := result.Attr("data-ok"); ok != strconv.FormatBool(tc.ok) {
				t.Errorf("result ok=%q, want %v: %s", ok, tc.ok, result.Text())
			}
			if tc.ok && !strings.Contains(result.Text(), "fake-model") {
				t.Errorf("result %q", result.Text())
			}
			if !tc.ok && !strings.Contains(result.Text(), "401") {
				t.Errorf("error %q does not say 401", result.Text())
			}
			reqs := fake.Requests()
			if len(reqs) != 1 || !strings.Contains(string(reqs[0].Body), reading.PingPrompt) || len(reqs[0].Body) > 500 {
				t.Errorf("the fake got %d requests; first %.300s", len(reqs), reqs)
			}

			entries := auditEntries(t, a)
			if len(entries) != 1 {
				t.Fatalf("%d audit entries, want 1", len(entries))
			}
			e := entries[0]
			if e.Action != "provider.test" || e.TargetType != "provider" || e.TargetID != "openai" || e.AdminEmail != a.adminEmail || e.AdminID == nil || e.IP == "" {
				t.Errorf("audit entry %+v", e)
			}
			if e.IP == "198.51.100.9" {
				t.Error("an untrusted X-Forwarded-For was recorded as the admin's IP")
			}
			var details map[string]any
			if err := json.Unmarshal([]byte(e.Details), &details); err != nil {
				t.Fatalf("details %q: %v", e.Details, err)
			}
			if details["ok"] != tc.ok || (!tc.ok && details["error"] != tc.code) || strings.Contains(e.Details, key) {
				t.Errorf("details %s", e.Details)
			}
			if _, ok := details["latency_ms"]; !ok {
				t.Errorf("details %s carry no latency", e.Details)
			}
		})
	}
}

func TestAdminAIPageListsFailedReadings(t *testing.T) {
	a := startAdminApp(t)
	b := a.admin(t)
	for i, st := range []struct {
		status   string
		fellBack bool
	}{{models.ReadingDone, false}, {models.ReadingFailed, false}, {models.ReadingDone, true}} {
		r := &models.Reading{PublicID: "r" + strconv.Itoa(i) + models.NewPublicID(), GuestIP: "203.0.113.1", ChartQuery: "q", Topic: "overall", Lang: "en",
			Provider: "openai", Model: "m", Status: st.status, FellBack: st.fellBack, Error: "err-" + strconv.Itoa(i),
			CreatedAt: time.Now().UTC().Add(time.Duration(i) * time.Second)}
		if err := a.Server.DB.Gorm.Create(r).Error; err != nil {
			t.Fatal(err)
		}
	}
	d := testutil.HTML(t, b.Get(t, "/admin/ai").Body)
	rows := testutil.ByTestID(d, "failed-readings").Find("tbody tr")
	if rows.Length() != 2 || !strings.Contains(rows.Eq(0).Text(), "err-2") || !strings.Contains(rows.Eq(1).Text(), "err-1") {
		t.Errorf("failed readings: %d rows: %q", rows.Length(), rows.Text())
	}
}

func TestAdminSystemPage(t *testing.T) {
	t.Run("postgres and redis", func(t *testing.T) {
		a := startAdminApp(t)
		d := testutil.HTML(t, a.admin(t).Get(t, "/admin/system").Body)
		dbRow := testutil.ByTestID(d, "sys-database")
		if ok, _ := dbRow.Find("[data-ok]").Attr("data-ok"); ok != "true" || !strings.Contains(dbRow.Text(), "postgres") || !regexp.MustCompile(`[1-9]\d*(\.\d+)?(ms|µs|s)`).MatchString(dbRow.Text()) {
			t.Errorf("database row %q", dbRow.Text())
		}
		if ok, _ := testutil.ByTestID(d, "sys-redis").Find("[data-ok]").Attr("data-ok"); ok != "true" {
			t.Errorf("redis row %q", testutil.ByTestID(d, "sys-redis").Text())
		}
		v, err := strconv.Atoi(strings.TrimSpace(testutil.ByTestID(d, "sys-migration").Find("[data-value]").Text()))
		if err != nil || v < 5 {
			t.Errorf("migration version %d (%v), want ≥ 5", v, err)
		}
		if got := testutil.ByTestID(d, "sys-instance").Find("[data-value]").Text(); strings.TrimSpace(got) != a.Server.InstanceID || got == "" {
			t.Errorf("instance id %q, want %q", got, a.Server.InstanceID)
		}
		if v := strings.TrimSpace(testutil.ByTestID(d, "sys-version").Find("[data-value]").Text()); v != buildinfo.Version+" ("+buildinfo.Commit+")" {
			t.Errorf("version %q", v)
		}
		if !strings.Contains(testutil.ByTestID(d, "sys-go").Text(), "go1") || testutil.ByTestID(d, "sys-uptime").Text() == "" {
			t.Error("go version, app version or uptime missing")
		}
	})
	t.Run("sqlite without redis", func(t *testing.T) {
		email := testutil.UniqueEmail("admin")
		app := testutil.StartApp(t, testutil.WithSQLite(), testutil.WithoutRedis(), testutil.WithEnv("ADMIN_EMAILS", email))
		a := &adminApp{App: app, adminEmail: email}
		admin := a.admin(t)
		d := testutil.HTML(t, admin.Get(t, "/admin/system").Body)
		if !strings.Contains(testutil.ByTestID(d, "sys-database").Text(), "sqlite") {
			t.Errorf("database row %q", testutil.ByTestID(d, "sys-database").Text())
		}
		if ok, _ := testutil.ByTestID(d, "sys-redis").Find("[data-ok]").Attr("data-ok"); ok != "none" {
			t.Errorf("redis row %q, want not configured", testutil.ByTestID(d, "sys-redis").Text())
		}
		// The overview works on SQLite too.
		if res := admin.Get(t, "/admin"); res.StatusCode != 200 {
			t.Errorf("overview on sqlite: %d", res.StatusCode)
		}
	})
}

func TestAdminPagesInEveryLanguage(t *testing.T) {
	a := startAdminApp(t)
	b := a.admin(t)
	catalog := i18n.MustLoad()
	for _, lang := range i18n.Langs {
		for path, heading := range map[string]string{"/admin": "admin.title", "/admin/ai": "admin.ai.title", "/admin/system": "admin.system.title"} {
			res := b.Get(t, path+"?lang="+string(lang))
			if res.StatusCode != 200 {
				t.Fatalf("%s %s: %d", lang, path, res.StatusCode)
			}
			d := testutil.HTML(t, res.Body)
			if got := strings.TrimSpace(d.Find("main h1").First().Text()); got != catalog.T(lang, heading) {
				t.Errorf("%s %s: heading %q, want %q", lang, path, got, catalog.T(lang, heading))
			}
			if m := adminRawKey.FindString(res.Body); m != "" {
				t.Errorf("%s %s: untranslated key %s", lang, path, m)
			}
			if got := strings.TrimSpace(testutil.ByTestID(d, "admin-nav-system").Text()); got != catalog.T(lang, "admin.nav.system") {
				t.Errorf("%s %s: nav %q", lang, path, got)
			}
		}
	}
}
