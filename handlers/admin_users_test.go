package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// Tests of the admin's user management and audit log (#8).

// adminEnv is an app whose ADMIN_EMAILS lists adminEmail (and unverified,
// an address whose account never verifies).
type adminEnv struct {
	app        *testutil.App
	admin      *models.User
	adminEmail string
	unverified string
}

const auPassword = "admin tests passphrase"

func startAdminUsersApp(t *testing.T, env ...string) *adminEnv {
	t.Helper()
	e := &adminEnv{adminEmail: testutil.UniqueEmail("boss"), unverified: testutil.UniqueEmail("wannabe")}
	all := append([]string{
		// Upper case and spaces: the list is normalised.
		"ADMIN_EMAILS", " " + strings.ToUpper(e.adminEmail) + ", " + e.unverified,
		"TRUST_PROXY", "1", "AI_PROVIDER", "builtin", "READING_DAILY_QUOTA_USER", "20",
	}, env...)
	e.app = testutil.StartApp(t, testutil.WithEnv(all...),
		testutil.WithServerOptions(server.WithLimits(server.Limits{}), server.WithReadingStreams(250*time.Millisecond, 0)))
	e.admin = e.account(t, e.adminEmail, "The Boss", true)
	return e
}

// account creates a user with auPassword; verified marks the address proved.
func (e *adminEnv) account(t *testing.T, email, name string, verified bool) *models.User {
	t.Helper()
	return e.app.CreateUser(t, testutil.User{Email: email, Name: name, Password: auPassword, Verified: verified})
}

// browser is a new client (its own cookies), signed in as u unless nil.
func (e *adminEnv) browser(t *testing.T, u *models.User) *testutil.App {
	t.Helper()
	if u == nil {
		return e.app.NewSession()
	}
	return e.app.NewSessionAs(t, u.ID)
}

// auditFor lists the audit entries about user id, oldest first.
func auditFor(t *testing.T, app *testutil.App, id int64) []models.AuditEntry {
	t.Helper()
	var out []models.AuditEntry
	err := app.Server.DB.Gorm.Where("target_type = ? AND target_id = ?", "user", strconv.FormatInt(id, 10)).Order("id").Find(&out).Error
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// expectAudit checks that exactly one entry was added for the user since
// it had before entries, and that it is the admin's action from ip.
func expectAudit(t *testing.T, e *adminEnv, userID int64, before int, action, details, ip string) {
	t.Helper()
	entries := auditFor(t, e.app, userID)
	if len(entries) != before+1 {
		t.Fatalf("%s: %d audit entries, want %d: %+v", action, len(entries), before+1, entries)
	}
	got := entries[len(entries)-1]
	if got.Action != action || got.Details != details || got.AdminID == nil || *got.AdminID != e.admin.ID ||
		got.AdminEmail != e.adminEmail || got.IP != ip || time.Since(got.CreatedAt) > time.Minute {
		t.Fatalf("audit entry %+v, want %s %q by #%d %s from %s", got, action, details, e.admin.ID, e.adminEmail, ip)
	}
}

// Everyone but an admin gets 404 from every admin route, POSTs included,
// with or without a valid CSRF token; an unverified account whose address
// is in ADMIN_EMAILS is not an admin. Nothing changes and nothing is audited.
func TestAdminRoutesAreNotFoundForOthers(t *testing.T) {
	e := startAdminUsersApp(t)
	target := e.account(t, testutil.UniqueEmail("target"), "Target", true)
	tid := strconv.FormatInt(target.ID, 10)
	member := e.account(t, testutil.UniqueEmail("member"), "Member", true)
	wannabe := e.account(t, e.unverified, "Wannabe", false)

	gets := []string{"/admin", "/admin/", "/admin/users", "/admin/users/1", "/admin/users/" + tid, "/admin/ai", "/admin/system", "/admin/audit", "/admin/nope"}
	posts := []string{"/admin/users/1/disable", "/admin/users/" + tid + "/disable", "/admin/users/" + tid + "/enable",
		"/admin/users/" + tid + "/revoke", "/admin/users/" + tid + "/quota", "/admin/ai/test"}
	form := url.Values{"confirm": {"1"}, "quota": {"0"}, "provider": {"builtin"}}

	for name, b := range map[string]*testutil.App{
		"guest":                 e.browser(t, nil),
		"member":                e.browser(t, member),
		"unverified and listed": e.browser(t, wannabe),
	} {
		t.Run(name, func(t *testing.T) {
			if who := b.WhoAmI(t); (name == "guest") != (who == 0) {
				t.Fatalf("signed in as %d", who)
			}
			for _, path := range gets {
				if res := b.Get(t, path); res.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
				}
			}
			for _, path := range posts {
				withToken := b.PostForm(t, path, form)
				noToken := cloneValues(form)
				noToken.Set("_csrf", "-")
				without := b.PostForm(t, path, noToken)
				if withToken.StatusCode != http.StatusNotFound || without.StatusCode != http.StatusNotFound {
					t.Errorf("POST %s: %d with a CSRF token, %d without; want 404 for both", path, withToken.StatusCode, without.StatusCode)
				}
			}
			// The header offers no admin link either.
			if testutil.ByTestID(testutil.HTML(t, b.Get(t, "/").Body), "nav-admin").Length() != 0 {
				t.Error("the header links to the admin pages")
			}
		})
	}
	if u := mustUser(t, e.app, target.EmailAddress()); u.Disabled() || u.ReadingQuota != nil || u.SessionEpoch != target.SessionEpoch {
		t.Fatalf("the target changed: %+v", u)
	}
	if n := len(auditFor(t, e.app, target.ID)); n != 0 {
		t.Fatalf("%d audit entries written", n)
	}

	// The listed, verified account is an admin: the same routes answer.
	boss := e.browser(t, e.admin)
	for _, path := range []string{"/admin/users", "/admin/users/" + tid, "/admin/audit"} {
		if res := boss.Get(t, path); res.StatusCode != http.StatusOK {
			t.Errorf("admin GET %s: %d", path, res.StatusCode)
		}
	}
	// An admin's POST still needs the CSRF token.
	noToken := url.Values{"_csrf": {"-"}}
	if res := boss.PostForm(t, "/admin/users/"+tid+"/revoke", noToken); res.StatusCode != http.StatusForbidden {
		t.Errorf("admin POST without a CSRF token: %d, want 403", res.StatusCode)
	}
	// The audit log cannot be written to from the web.
	for _, path := range []string{"/admin/audit", "/admin/audit/1", "/admin/audit/1/delete"} {
		if res := boss.PostForm(t, path, url.Values{}); res.StatusCode != http.StatusNotFound {
			t.Errorf("admin POST %s: %d, want 404", path, res.StatusCode)
		}
	}
	if n := len(auditFor(t, e.app, target.ID)); n != 0 {
		t.Fatalf("%d audit entries written", n)
	}
}

// The user list: search by e-mail or name in any case, keyset pages of 50,
// and each row's counts, providers and status.
func TestAdminUserListSearchPagesAndCounts(t *testing.T) {
	e := startAdminUsersApp(t)
	boss := e.browser(t, e.admin)
	tag := strings.TrimSuffix(testutil.UniqueEmail("crowd"), "@example.com")

	var crowd []*models.User
	for i := 0; i < 52; i++ {
		crowd = append(crowd, e.account(t, tag+"-"+strconv.Itoa(i)+"@example.com", "", i%2 == 0))
	}
	named := e.account(t, testutil.UniqueEmail("someone"), "Grace "+strings.ToUpper(tag)+" Hopper", true)

	// Owned things of one account: 2 charts kept + 1 in the trash, 3
	// readings, a Google identity; last sign-in recorded.
	rich := crowd[51]
	for i := 0; i < 3; i++ {
		c := &models.SavedChart{UserID: rich.ID, Name: "chart " + strconv.Itoa(i), Input: `{"date":"2000-01-0` + strconv.Itoa(i+1) + `"}`,
			BirthDate: "2000-01-01", BirthYear: 2000, Gender: "male", Pillars: "甲子 乙丑 丙寅 丁卯"}
		if err := e.app.Server.Charts.Create(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			if _, err := e.app.Server.Charts.Trash(t.Context(), rich.ID, []int64{c.ID}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 0; i < 3; i++ {
		uid := rich.ID
		r := &models.Reading{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: readingQuery, Topic: "overall",
			Lang: "en", Provider: "builtin", Status: models.ReadingDone, CreatedAt: time.Now().UTC()}
		if err := e.app.Server.DB.Gorm.Create(r).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := e.app.Server.Identities.Link(t.Context(), &models.Identity{UserID: rich.ID, Provider: "google", ProviderUserID: "g-" + tag}); err != nil {
		t.Fatal(err)
	}
	signedIn := time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)
	if err := e.app.Server.Users.TouchSignIn(t.Context(), rich.ID, signedIn); err != nil {
		t.Fatal(err)
	}

	// Page 1: the 50 newest matches (the name match first), then "next".
	res := boss.Get(t, "/admin/users?q="+url.QueryEscape(strings.ToUpper(tag)))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("list: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	d := testutil.HTML(t, res.Body)
	rows := testutil.ByTestID(d, "admin-user-row")
	if rows.Length() != 50 {
		t.Fatalf("page 1 has %d rows", rows.Length())
	}
	if id, _ := rows.First().Attr("data-id"); id != strconv.FormatInt(named.ID, 10) {
		t.Fatalf("first row is #%s, want the newest match #%d", id, named.ID)
	}
	first := rows.Eq(1)
	if got := strings.TrimSpace(testutil.ByTestID(first, "admin-user-charts").Text()); got != "2" {
		t.Errorf("charts count %q, want 2", got)
	}
	if got := strings.TrimSpace(testutil.ByTestID(first, "admin-user-readings").Text()); got != "3" {
		t.Errorf("readings count %q, want 3", got)
	}
	if got := strings.TrimSpace(testutil.ByTestID(first, "admin-user-providers").Text()); got != "Google" {
		t.Errorf("providers %q", got)
	}
	if got := strings.TrimSpace(testutil.ByTestID(first, "admin-user-last-sign-in").Text()); got != "2026-11-20 08:30" {
		t.Errorf("last sign-in %q", got)
	}
	if testutil.ByTestID(first, "admin-user-unverified").Length() != 1 || testutil.ByTestID(rows.Eq(2), "admin-user-verified").Length() != 1 {
		t.Error("verified badges wrong")
	}
	if href, _ := testutil.ByTestID(first, "admin-user-email").Attr("href"); href != "/admin/users/"+strconv.FormatInt(rich.ID, 10) {
		t.Errorf("row link %q", href)
	}
	next, ok := testutil.ByTestID(d, "admin-users-next").Attr("href")
	if !ok {
		t.Fatal("no next page link")
	}
	if v := testutil.ByTestID(d, "admin-users-q").AttrOr("value", ""); v != strings.ToUpper(tag) {
		t.Errorf("search box keeps %q", v)
	}

	// Page 2: the 3 oldest, no "next", a way back to the first page.
	d = testutil.HTML(t, boss.Get(t, next).Body)
	rows = testutil.ByTestID(d, "admin-user-row")
	if rows.Length() != 3 || testutil.ByTestID(d, "admin-users-next").Length() != 0 || testutil.ByTestID(d, "admin-users-first").Length() != 1 {
		t.Fatalf("page 2: %d rows, next %d, first %d", rows.Length(), testutil.ByTestID(d, "admin-users-next").Length(), testutil.ByTestID(d, "admin-users-first").Length())
	}
	if id, _ := rows.Last().Attr("data-id"); id != strconv.FormatInt(crowd[0].ID, 10) {
		t.Fatalf("last row #%s, want the oldest #%d", id, crowd[0].ID)
	}

	// By name, in another case; by exact e-mail; nothing found.
	d = testutil.HTML(t, boss.Get(t, "/admin/users?q="+url.QueryEscape("grace "+tag)).Body)
	if rows := testutil.ByTestID(d, "admin-user-row"); rows.Length() != 1 || strings.TrimSpace(testutil.ByTestID(rows, "admin-user-name").Text()) != named.DisplayName {
		t.Fatalf("name search found %d rows", rows.Length())
	}
	d = testutil.HTML(t, boss.Get(t, "/admin/users?q="+url.QueryEscape(crowd[7].EmailAddress())).Body)
	if rows := testutil.ByTestID(d, "admin-user-row"); rows.Length() != 1 || rows.AttrOr("data-id", "") != strconv.FormatInt(crowd[7].ID, 10) {
		t.Fatalf("e-mail search found %d rows", rows.Length())
	}
	d = testutil.HTML(t, boss.Get(t, "/admin/users?q="+url.QueryEscape(tag+"%_nobody")).Body)
	if testutil.ByTestID(d, "admin-user-row").Length() != 0 || testutil.ByTestID(d, "admin-users-empty").Length() != 1 {
		t.Fatal("a search without matches shows rows")
	}
	// The user page shows the same counts.
	d = testutil.HTML(t, boss.Get(t, "/admin/users/"+strconv.FormatInt(rich.ID, 10)+"?lang=en").Body)
	for id, want := range map[string]string{"admin-detail-charts": "2", "admin-detail-readings": "3", "admin-detail-providers": "Google",
		"admin-detail-today": "3 used · quota 20 a day (default)"} {
		if got := strings.TrimSpace(testutil.ByTestID(d, id).Text()); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	if res := boss.Get(t, "/admin/users/999999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing user: %d", res.StatusCode)
	}
}

// Disable ends the user's sessions at their next request and refuses their
// sign-in; enable lets them sign in again; revoke ends their sessions. Each
// writes one audit entry with the admin, the target and the client's IP.
func TestAdminDisableEnableRevoke(t *testing.T) {
	e := startAdminUsersApp(t)
	boss := e.browser(t, e.admin)
	victim := e.account(t, testutil.UniqueEmail("victim"), "Victim", true)
	vid := strconv.FormatInt(victim.ID, 10)
	vuid := victim.ID
	phone, laptop := e.browser(t, victim), e.browser(t, victim)
	if phone.WhoAmI(t) != vuid || laptop.WhoAmI(t) != vuid {
		t.Fatal("the victim is not signed in")
	}
	const ip = "198.51.100.23"
	xff := []string{"X-Forwarded-For", ip}

	// A plain form without confirm=1 gets the confirmation page; nothing happens.
	res := boss.PostForm(t, "/admin/users/"+vid+"/disable", url.Values{}, xff...)
	if res.StatusCode != http.StatusOK || testutil.ByTestID(testutil.HTML(t, res.Body), "admin-confirm").Length() != 1 {
		t.Fatalf("unconfirmed disable: %d", res.StatusCode)
	}
	if phone.WhoAmI(t) != vuid || len(auditFor(t, e.app, victim.ID)) != 0 {
		t.Fatal("an unconfirmed disable acted")
	}

	// Confirmed: the victim's next request is a guest's, sign-in is refused.
	res = boss.PostForm(t, "/admin/users/"+vid+"/disable", url.Values{"confirm": {"1"}}, xff...)
	expectRedirect(t, res, "/admin/users/"+vid+"?done=disable")
	expectAudit(t, e, victim.ID, 0, models.ActionUserDisable, "active → disabled", ip)
	if who := phone.WhoAmI(t); who != 0 {
		t.Fatalf("a disabled user's session still works: user %d", who)
	}
	if phone.Cookie("bm_session") != nil && phone.WhoAmI(t) != 0 {
		t.Fatal("the session came back")
	}
	login := signIn(t, e.browser(t, nil), victim.EmailAddress(), auPassword)
	if login.StatusCode != http.StatusUnauthorized || !strings.Contains(login.Body, "The e-mail address or the password is wrong.") {
		t.Fatalf("a disabled user signed in: %d", login.StatusCode)
	}
	page := testutil.HTML(t, boss.Get(t, "/admin/users/"+vid+"?done=disable&lang=en").Body)
	if n := strings.TrimSpace(testutil.ByTestID(page, "admin-user-notice").Text()); n != "The account is disabled and all its sessions have ended." {
		t.Errorf("notice %q", n)
	}
	if testutil.ByTestID(page, "admin-enable-form").Length() != 1 || testutil.ByTestID(page, "admin-disable-form").Length() != 0 {
		t.Error("the page does not offer to enable")
	}
	// The notice in Chinese too.
	page = testutil.HTML(t, boss.Get(t, "/admin/users/"+vid+"?done=disable&lang=zh-Hans").Body)
	if n := strings.TrimSpace(testutil.ByTestID(page, "admin-user-notice").Text()); n != "账户已停用，其所有会话均已结束。" {
		t.Errorf("zh-Hans notice %q", n)
	}
	// Disabling again changes nothing and writes nothing.
	expectRedirect(t, boss.PostForm(t, "/admin/users/"+vid+"/disable", url.Values{"confirm": {"1"}}, xff...), "/admin/users/"+vid+"?done=disable_noop")
	if n := len(auditFor(t, e.app, victim.ID)); n != 1 {
		t.Fatalf("%d entries after a second disable", n)
	}

	// Enable (htmx, as the button sends it): sign-in works again; the
	// sessions ended by disabling stay ended.
	res = boss.PostForm(t, "/admin/users/"+vid+"/enable", url.Values{"confirm": {"1"}}, append(xff, "HX-Request", "true")...)
	if res.StatusCode != http.StatusOK || res.Header.Get("HX-Redirect") != "/admin/users/"+vid+"?done=enable" {
		t.Fatalf("htmx enable: %d, HX-Redirect %q", res.StatusCode, res.Header.Get("HX-Redirect"))
	}
	expectAudit(t, e, victim.ID, 1, models.ActionUserEnable, "disabled → active", ip)
	if who := laptop.WhoAmI(t); who != 0 {
		t.Fatalf("a session from before the disable came back: user %d", who)
	}
	fresh := e.browser(t, nil)
	expectRedirect(t, signIn(t, fresh, victim.EmailAddress(), auPassword), "/")
	if fresh.WhoAmI(t) != vuid {
		t.Fatal("the enabled user is not signed in")
	}

	// Revoke: the fresh session ends.
	expectRedirect(t, boss.PostForm(t, "/admin/users/"+vid+"/revoke", url.Values{}, xff...), "/admin/users/"+vid+"?done=revoke")
	u := mustUser(t, e.app, victim.EmailAddress())
	expectAudit(t, e, victim.ID, 2, models.ActionUserRevokeSessions,
		"session epoch "+strconv.FormatInt(u.SessionEpoch-1, 10)+" → "+strconv.FormatInt(u.SessionEpoch, 10), ip)
	if who := fresh.WhoAmI(t); who != 0 {
		t.Fatalf("a revoked session still works: user %d", who)
	}
	if u.Disabled() {
		t.Fatal("revoking disabled the account")
	}

	// Actions on a missing account are 404 and write nothing.
	for _, a := range []string{"disable", "enable", "revoke", "quota"} {
		if res := boss.PostForm(t, "/admin/users/999999999/"+a, url.Values{"confirm": {"1"}, "quota": {"3"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s of a missing account: %d", a, res.StatusCode)
		}
	}
	if n := len(auditFor(t, e.app, 999999999)); n != 0 {
		t.Fatalf("%d entries for a missing account", n)
	}

	// The audit page lists this test's entries newest first, with the
	// translated action, the raw code, the admin and the IP.
	d := testutil.HTML(t, boss.Get(t, "/admin/audit?lang=en").Body)
	var actions []string
	testutil.ByTestID(d, "audit-row").Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(testutil.ByTestID(s, "audit-target").Text()) == "user #"+vid {
			actions = append(actions, s.AttrOr("data-action", ""))
			if got := strings.TrimSpace(testutil.ByTestID(s, "audit-admin").Text()); got != e.adminEmail {
				t.Errorf("audit admin %q", got)
			}
			if got := strings.TrimSpace(testutil.ByTestID(s, "audit-ip").Text()); got != ip {
				t.Errorf("audit IP %q", got)
			}
		}
	})
	if strings.Join(actions, " ") != "user.revoke_sessions user.enable user.disable" {
		t.Fatalf("audit page order: %v", actions)
	}
	row := testutil.ByTestID(d, "audit-row").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.AttrOr("data-action", "") == "user.disable" }).First()
	if a := strings.Join(strings.Fields(testutil.ByTestID(row, "audit-action").Text()), " "); a != "Disabled an account user.disable" {
		t.Errorf("action cell %q", a)
	}
	if href, _ := testutil.ByTestID(row, "audit-target").Find("a").Attr("href"); href != "/admin/users/"+vid {
		t.Errorf("target link %q", href)
	}
	if d.Find(`[data-testid="admin-audit"] form, [data-testid="admin-audit"] button`).Length() != 0 {
		t.Error("the audit page has controls")
	}
}

// An admin cannot disable themself: the page says so, nothing changes and
// nothing is audited.
func TestAdminCannotDisableSelf(t *testing.T) {
	e := startAdminUsersApp(t)
	boss := e.browser(t, e.admin)
	id := strconv.FormatInt(e.admin.ID, 10)
	d := testutil.HTML(t, boss.Get(t, "/admin/users/"+id+"?lang=en").Body)
	if testutil.ByTestID(d, "admin-disable-form").Length() != 0 || strings.TrimSpace(testutil.ByTestID(d, "admin-self-note").Text()) != "You cannot disable your own account." {
		t.Fatal("the admin's own page offers to disable")
	}
	expectRedirect(t, boss.PostForm(t, "/admin/users/"+id+"/disable", url.Values{"confirm": {"1"}}), "/admin/users/"+id+"?done=self")
	d = testutil.HTML(t, boss.Get(t, "/admin/users/"+id+"?done=self&lang=zh-Hant").Body)
	if n := testutil.ByTestID(d, "admin-user-notice"); strings.TrimSpace(n.Text()) != "你不能停用自己的帳戶。" || n.AttrOr("data-error", "") != "true" {
		t.Errorf("notice %q", n.Text())
	}
	if u := mustUser(t, e.app, e.adminEmail); u.Disabled() || boss.WhoAmI(t) != e.admin.ID {
		t.Fatal("the admin disabled themself")
	}
	if n := len(auditFor(t, e.app, e.admin.ID)); n != 0 {
		t.Fatalf("%d audit entries", n)
	}
}

// The quota: a refused value comes back next to the field; a saved one is
// audited and applies to the user's next reading (429 beyond it); 0 allows
// none; empty returns to the default.
func TestAdminReadingQuota(t *testing.T) {
	e := startAdminUsersApp(t)
	boss := e.browser(t, e.admin)
	reader := e.account(t, testutil.UniqueEmail("reader"), "Reader", true)
	rid := strconv.FormatInt(reader.ID, 10)
	rb := e.browser(t, reader)
	const ip = "192.0.2.44"
	xff := []string{"X-Forwarded-For", ip}

	for _, bad := range []string{"abc", "-1", "1001", "2.5"} {
		res := boss.PostForm(t, "/admin/users/"+rid+"/quota", url.Values{"quota": {bad}}, append(xff, "Accept-Language", "en")...)
		d := testutil.HTML(t, res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity ||
			strings.TrimSpace(testutil.ByTestID(d, "admin-quota-error").Text()) != "Enter a whole number from 0 to 1000, or leave the field empty for the default." ||
			testutil.ByTestID(d, "admin-quota-input").AttrOr("value", "") != bad || testutil.ByTestID(d, "admin-quota-input").AttrOr("aria-invalid", "") != "true" {
			t.Fatalf("quota %q: %d", bad, res.StatusCode)
		}
	}
	if n := len(auditFor(t, e.app, reader.ID)); n != 0 {
		t.Fatalf("refused quotas wrote %d entries", n)
	}

	expectRedirect(t, boss.PostForm(t, "/admin/users/"+rid+"/quota", url.Values{"quota": {" 1 "}}, xff...), "/admin/users/"+rid+"?done=quota")
	expectAudit(t, e, reader.ID, 0, models.ActionUserQuota, "reading quota default → 1", ip)
	d := testutil.HTML(t, boss.Get(t, "/admin/users/"+rid+"?lang=en").Body)
	if v := testutil.ByTestID(d, "admin-quota-input").AttrOr("value", ""); v != "1" {
		t.Errorf("the form shows quota %q", v)
	}

	// One reading is allowed, the next refused with 429 (another IP does not help).
	path := testutil.StreamPath(t, postReading(t, rb, testutil.UniqueIP(), "overall"))
	testutil.SplitReading(t, rb.OpenStream(t, path).All(t))
	waitStatus(t, e.app, testutil.ReadingID(path), models.ReadingDone)
	over := postReading(t, rb, testutil.UniqueIP(), "career", "Accept-Language", "en")
	if over.StatusCode != http.StatusTooManyRequests || !strings.Contains(testutil.ByTestID(testutil.HTML(t, over.Body), "reading-refused").Text(), "used today's 1 readings") {
		t.Fatalf("over the user's quota: %d\n%s", over.StatusCode, over.Body)
	}

	// Back to the default (20): allowed again.
	expectRedirect(t, boss.PostForm(t, "/admin/users/"+rid+"/quota", url.Values{"quota": {""}}, xff...), "/admin/users/"+rid+"?done=quota")
	expectAudit(t, e, reader.ID, 1, models.ActionUserQuota, "reading quota 1 → default", ip)
	path = testutil.StreamPath(t, postReading(t, rb, testutil.UniqueIP(), "career"))
	testutil.SplitReading(t, rb.OpenStream(t, path).All(t))
	waitStatus(t, e.app, testutil.ReadingID(path), models.ReadingDone)

	// 0: no readings at all.
	expectRedirect(t, boss.PostForm(t, "/admin/users/"+rid+"/quota", url.Values{"quota": {"0"}}, xff...), "/admin/users/"+rid+"?done=quota")
	expectAudit(t, e, reader.ID, 2, models.ActionUserQuota, "reading quota default → 0", ip)
	none := postReading(t, rb, testutil.UniqueIP(), "wealth", "Accept-Language", "en")
	if none.StatusCode != http.StatusTooManyRequests || strings.TrimSpace(testutil.ByTestID(testutil.HTML(t, none.Body), "reading-refused").Text()) != "Readings are not available for this account at the moment." {
		t.Fatalf("quota 0: %d\n%s", none.StatusCode, none.Body)
	}
	// The same value again is not a change.
	expectRedirect(t, boss.PostForm(t, "/admin/users/"+rid+"/quota", url.Values{"quota": {"0"}}, xff...), "/admin/users/"+rid+"?done=quota_noop")
	if n := len(auditFor(t, e.app, reader.ID)); n != 3 {
		t.Fatalf("%d entries after an unchanged quota", n)
	}
}

// The audit log pages newest first with an "older" link.
func TestAdminAuditPages(t *testing.T) {
	e := startAdminUsersApp(t)
	boss := e.browser(t, e.admin)
	adminID := e.admin.ID
	for i := 0; i < 55; i++ {
		err := e.app.Server.Audit.Record(t.Context(), &models.AuditEntry{AdminID: &adminID, AdminEmail: e.adminEmail,
			Action: "test.paging", TargetType: "test", TargetID: strconv.Itoa(i), Details: "entry " + strconv.Itoa(i), IP: "127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
	}
	ids := func(d *goquery.Document) []int64 {
		var out []int64
		testutil.ByTestID(d, "audit-row").Each(func(_ int, s *goquery.Selection) {
			id, _ := strconv.ParseInt(s.AttrOr("data-id", ""), 10, 64)
			out = append(out, id)
		})
		return out
	}
	d := testutil.HTML(t, boss.Get(t, "/admin/audit").Body)
	page1 := ids(d)
	older, ok := testutil.ByTestID(d, "audit-older").Attr("href")
	if len(page1) != 50 || !ok || testutil.ByTestID(d, "audit-newest").Length() != 0 {
		t.Fatalf("page 1: %d rows, older link %v", len(page1), ok)
	}
	if older != "/admin/audit?before="+strconv.FormatInt(page1[49], 10) {
		t.Fatalf("older link %q", older)
	}
	d = testutil.HTML(t, boss.Get(t, older).Body)
	page2 := ids(d)
	if len(page2) == 0 || testutil.ByTestID(d, "audit-newest").Length() != 1 {
		t.Fatalf("page 2: %d rows", len(page2))
	}
	all := append(page1, page2...)
	for i := 1; i < len(all); i++ {
		if all[i] >= all[i-1] {
			t.Fatalf("not newest first at %d: %v", i, all)
		}
	}
	// An unknown action shows its raw code as the label.
	if got := strings.Join(strings.Fields(testutil.ByTestID(testutil.HTML(t, boss.Get(t, "/admin/audit").Body), "audit-action").First().Text()), " "); !strings.Contains(got, "test.paging") {
		t.Errorf("action cell %q", got)
	}
}
