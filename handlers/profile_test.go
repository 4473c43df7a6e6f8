package handlers_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/auth/password"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

func profReload(t *testing.T, app *testutil.App, id int64) *models.User {
	t.Helper()
	u, err := app.Server.Users.ByID(context.Background(), id)
	if err != nil {
		t.Fatalf("reload user %d: %v", id, err)
	}
	return u
}

// profExpectGuest checks that the browser is a guest: path sends
// it to the sign-in page.
func profExpectGuest(t *testing.T, b *testutil.App, path string) {
	t.Helper()
	res := b.Get(t, path)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET %s: %d, want 303 to sign-in", path, res.StatusCode)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Path != "/login" || loc.Query().Get("next") != path {
		t.Fatalf("GET %s redirected to %q, want /login?next=%s", path, res.Header.Get("Location"), path)
	}
}

var rawProfileKey = regexp.MustCompile(`>\s*(profile|admin|oauth|form)\.[a-z_.]+[a-z]\s*<`)

func TestProfileNeedsASignedInUser(t *testing.T) {
	app := testutil.StartApp(t)
	profExpectGuest(t, app, "/profile")
	profExpectGuest(t, app, "/profile/export")
	for _, path := range []string{"/profile", "/profile/password", "/profile/delete"} {
		if res := app.PostForm(t, path, url.Values{"display_name": {"x"}, "confirm": {"DELETE"}}); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("guest POST %s: %d, want 401", path, res.StatusCode)
		}
	}
}

func TestProfileShowsTheAccountInEveryLanguage(t *testing.T) {
	app := testutil.StartApp(t)
	email := testutil.UniqueEmail("show")
	u := app.CreateUser(t, testutil.User{Email: email, Password: "a long enough passphrase", Verified: true})
	unverified := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("unverified")})
	catalog := i18n.MustLoad()
	app.SignIn(t, u.ID)
	for _, lang := range i18n.Langs {
		res := app.Get(t, "/profile?lang="+string(lang))
		if res.StatusCode != 200 {
			t.Fatalf("%s: GET /profile %d", lang, res.StatusCode)
		}
		if m := rawProfileKey.FindString(res.Body); m != "" {
			t.Errorf("%s: untranslated key on the profile: %s", lang, m)
		}
		d := testutil.HTML(t, res.Body)
		if got := d.Find("h1").First().Text(); got != catalog.T(lang, "profile.title") {
			t.Errorf("%s: heading %q", lang, got)
		}
		if got := testutil.ByTestID(d, "profile-email").Text(); got != email {
			t.Errorf("%s: e-mail shown %q", lang, got)
		}
		if testutil.ByTestID(d, "profile-verified").Length() != 1 || testutil.ByTestID(d, "profile-unverified").Length() != 0 {
			t.Errorf("%s: verified badge missing", lang)
		}
		// Every form that changes something carries the CSRF token.
		for _, id := range []string{"profile-form", "password-form", "delete-form"} {
			if testutil.ByTestID(d, id).Find(`input[name="_csrf"]`).AttrOr("value", "") == "" {
				t.Errorf("%s: %s has no CSRF token", lang, id)
			}
		}
		if testutil.ByTestID(d, "field-current_password").Length() != 1 {
			t.Errorf("%s: an account with a password must give the current one", lang)
		}
		if href := testutil.ByTestID(d, "profile-export").AttrOr("href", ""); href != "/profile/export" {
			t.Errorf("%s: export link %q", lang, href)
		}
		if testutil.ByTestID(d, "linked-providers").Length() != 1 {
			t.Errorf("%s: no linked providers section", lang)
		}
	}

	// An unverified account is told so; without a password it may set one
	// without giving a current one.
	b := app.NewSession()
	b.SignIn(t, unverified.ID)
	d := testutil.HTML(t, b.Get(t, "/profile").Body)
	if testutil.ByTestID(d, "profile-unverified").Length() != 1 || testutil.ByTestID(d, "profile-verified").Length() != 0 {
		t.Error("unverified account shown as verified")
	}
	if testutil.ByTestID(d, "field-current_password").Length() != 0 || testutil.ByTestID(d, "field-new_password").Length() != 1 {
		t.Error("an account without a password should set one without the current password")
	}
}

func TestProfileSavesSettingsAndTheyPrefillTheBirthForm(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("save"), Verified: true})
	other := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("bystander"), Verified: true})
	app.SignIn(t, u.ID)

	res := app.PostForm(t, "/profile", url.Values{
		"display_name": {"  明月  "}, "language": {"zh-Hant"}, "true_solar_time": {"1"},
		"zi_rule": {"split"}, "luck_method": {"days"}, "place": {"Beijing"},
		// An id in the request is ignored: the signed-in user is changed.
		"id": {strconv.FormatInt(other.ID, 10)}, "user_id": {strconv.FormatInt(other.ID, 10)},
	})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile?saved=profile" {
		t.Fatalf("save: %d %q %s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	var langCookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "lang" {
			langCookie = c
		}
	}
	if langCookie == nil || langCookie.Value != "zh-Hant" || !langCookie.HttpOnly || langCookie.Path != "/" {
		t.Fatalf("language cookie: %+v", langCookie)
	}
	got := profReload(t, app, u.ID)
	if got.DisplayName != "明月" || got.Language != "zh-Hant" || !got.DefaultTrueSolar || got.DefaultZiRule != "split" ||
		got.DefaultLuckMethod != "days" || got.DefaultPlace != "Beijing" {
		t.Fatalf("saved: %+v", got)
	}
	if o := profReload(t, app, other.ID); o.DisplayName != "" || o.DefaultPlace != "" {
		t.Fatalf("another user changed: %+v", o)
	}

	// The page now speaks the chosen language and shows what was saved.
	res = app.Get(t, "/profile?saved=profile")
	d := testutil.HTML(t, res.Body)
	if lang := d.Find("html").AttrOr("lang", ""); lang != "zh-Hant" {
		t.Errorf("page language %q after saving zh-Hant", lang)
	}
	if testutil.ByTestID(d, "profile-notice").Text() != "個人資料已儲存。" {
		t.Errorf("notice %q", testutil.ByTestID(d, "profile-notice").Text())
	}
	if v := testutil.ByTestID(d, "field-display_name").AttrOr("value", ""); v != "明月" {
		t.Errorf("display name shown %q", v)
	}
	if _, ok := testutil.ByTestID(d, "field-language").Find(`option[value="zh-Hant"]`).Attr("selected"); !ok {
		t.Error("language not selected")
	}
	if _, ok := testutil.ByTestID(d, "field-true_solar_time").Attr("checked"); !ok {
		t.Error("true solar time not ticked")
	}
	if _, ok := testutil.ByTestID(d, "field-zi_rule-split").Attr("checked"); !ok {
		t.Error("split 子时 not chosen")
	}
	if _, ok := testutil.ByTestID(d, "field-luck_method").Find(`option[value="days"]`).Attr("selected"); !ok {
		t.Error("luck method not selected")
	}
	if v := testutil.ByTestID(d, "field-place").AttrOr("value", ""); v != "Beijing" {
		t.Errorf("place shown %q", v)
	}
	if !strings.Contains(testutil.ByTestID(d, "place-resolved").Text(), "Asia/Shanghai") {
		t.Errorf("resolved place %q", testutil.ByTestID(d, "place-resolved").Text())
	}

	// A blank birth form (home page and /chart/new) starts from the defaults;
	// a guest's does not.
	for _, path := range []string{"/", "/chart/new"} {
		form := testutil.ByTestID(testutil.HTML(t, app.Get(t, path).Body), "birth-form")
		if _, ok := form.Find(`[data-testid="field-true_solar_time"]`).Attr("checked"); !ok {
			t.Errorf("%s: true solar time not prefilled", path)
		}
		if _, ok := form.Find(`[data-testid="field-zi_rule-split"]`).Attr("checked"); !ok {
			t.Errorf("%s: 子时 rule not prefilled", path)
		}
		if _, ok := form.Find(`[data-testid="field-luck_method"] option[value="days"]`).Attr("selected"); !ok {
			t.Errorf("%s: luck method not prefilled", path)
		}
		if v := form.Find(`[data-testid="field-place"]`).AttrOr("value", ""); v != "Beijing" {
			t.Errorf("%s: place prefilled %q", path, v)
		}
		guest := testutil.ByTestID(testutil.HTML(t, app.NewSession().Get(t, path).Body), "birth-form")
		if _, ok := guest.Find(`[data-testid="field-zi_rule-next-day"]`).Attr("checked"); !ok || guest.Find(`[data-testid="field-place"]`).AttrOr("value", "") != "" {
			t.Errorf("%s: a guest's form is not the engine's defaults", path)
		}
	}
	// Input in the URL ("change the input" from a chart) wins over the defaults.
	form := testutil.ByTestID(testutil.HTML(t, app.Get(t, "/chart/new?date=1990-05-01&time=08:00&place=Shanghai").Body), "birth-form")
	if v := form.Find(`[data-testid="field-place"]`).AttrOr("value", ""); v != "Shanghai" {
		t.Errorf("the query's place was replaced by the default: %q", v)
	}
	if _, ok := form.Find(`[data-testid="field-zi_rule-next-day"]`).Attr("checked"); !ok {
		t.Error("the query's options were replaced by the defaults")
	}

	// Back to "automatic": the stored language is cleared and so is the cookie.
	res = app.PostForm(t, "/profile", url.Values{"display_name": {"明月"}, "language": {""}, "zi_rule": {"next-day"}, "luck_method": {"exact"}, "place": {""}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save automatic: %d", res.StatusCode)
	}
	got = profReload(t, app, u.ID)
	if got.Language != "" || got.DefaultTrueSolar || got.DefaultZiRule != "next-day" || got.DefaultLuckMethod != "exact" || got.DefaultPlace != "" {
		t.Fatalf("after clearing: %+v", got)
	}
	if lang := testutil.HTML(t, app.Get(t, "/profile", "Accept-Language", "en").Body).Find("html").AttrOr("lang", ""); lang != "en" {
		t.Errorf("language cookie not cleared: page in %q", lang)
	}
}

func TestProfileRefusesInvalidSettingsNextToTheField(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("invalid"), Verified: true})
	if err := app.Server.Users.Update(context.Background(), u.ID, map[string]any{"display_name": "Before", "default_zi_rule": "next-day"}); err != nil {
		t.Fatal(err)
	}
	app.SignIn(t, u.ID)
	catalog := i18n.MustLoad()
	valid := url.Values{"display_name": {"After"}, "language": {"en"}, "zi_rule": {"split"}, "luck_method": {"exact"}, "place": {"Shanghai"}}
	cases := []struct {
		field, value, code string
	}{
		{"zi_rule", "midnight", "invalid"},
		{"luck_method", "weeks", "invalid"},
		{"language", "fr", "invalid"},
		{"place", "Xqzzyvillé Nowhere 42", "unknown"},
		{"place", strings.Repeat("北", 100), "too_long"},
		{"display_name", strings.Repeat("名", 81), "too_long"},
	}
	for _, lang := range []i18n.Lang{i18n.English, i18n.SimplifiedChinese} {
		for _, tc := range cases {
			v := cloneValues(valid)
			v.Set(tc.field, tc.value)
			res := app.PostForm(t, "/profile", v, "Accept-Language", string(lang))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%s=%q: %d, want 422", tc.field, tc.value, res.StatusCode)
			}
			d := testutil.HTML(t, res.Body)
			want := catalog.T(lang, "profile.error."+tc.field+"."+tc.code, 80)
			if got := testutil.ByTestID(d, "error-"+tc.field).Text(); got != want {
				t.Errorf("%s %s=%q: error %q, want %q", lang, tc.field, tc.value, got, want)
			}
			if len(d.Find(`[data-testid^="error-"]`).Nodes) != 1 {
				t.Errorf("%s=%q: errors on other fields too", tc.field, tc.value)
			}
			// The control is marked and linked to its message.
			ctl := d.Find(`[name="` + tc.field + `"][aria-invalid="true"]`)
			if tc.field != "zi_rule" && (ctl.Length() != 1 || !strings.Contains(ctl.AttrOr("aria-describedby", ""), "err-"+tc.field)) {
				t.Errorf("%s=%q: control not marked invalid", tc.field, tc.value)
			}
			// Everything typed is kept.
			if tc.field != "display_name" {
				if v := testutil.ByTestID(d, "field-display_name").AttrOr("value", ""); v != "After" {
					t.Errorf("%s=%q: display name not kept: %q", tc.field, tc.value, v)
				}
			}
			if tc.field == "place" {
				if v := testutil.ByTestID(d, "field-place").AttrOr("value", ""); v != tc.value {
					t.Errorf("place not kept: %q", v)
				}
			}
			if got := profReload(t, app, u.ID); got.DisplayName != "Before" || got.DefaultZiRule != "next-day" || got.DefaultPlace != "" {
				t.Fatalf("%s=%q: refused input was saved: %+v", tc.field, tc.value, got)
			}
		}
	}
}

func TestProfileChangePassword(t *testing.T) {
	app := testutil.StartApp(t)
	const oldPassword = "an old but long passphrase"
	const newPassword = "a brand new passphrase 42"
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("password"), Password: oldPassword, Verified: true})
	here, elsewhere := app, app.NewSession()
	here.SignIn(t, u.ID)
	elsewhere.SignIn(t, u.ID)

	refused := []struct {
		current, next, field, code string
	}{
		{"", newPassword, "current_password", "required"},
		{"not my password at all", newPassword, "current_password", "wrong"},
		{oldPassword, "short", "new_password", "too_short"},
		{oldPassword, "password123", "new_password", "too_common"},
		{oldPassword, strings.Repeat("z", 20), "new_password", "repetitive"},
		{oldPassword, "", "new_password", "required"},
	}
	catalog := i18n.MustLoad()
	for _, tc := range refused {
		res := here.PostForm(t, "/profile/password", url.Values{"current_password": {tc.current}, "new_password": {tc.next}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("current=%q new=%q: %d, want 422", tc.current, tc.next, res.StatusCode)
		}
		want := catalog.T(i18n.English, "profile.error."+tc.field+"."+tc.code, password.MinLength)
		if got := testutil.ByTestID(testutil.HTML(t, res.Body), "error-"+tc.field).Text(); got != want {
			t.Errorf("current=%q new=%q: %q, want %q", tc.current, tc.next, got, want)
		}
	}
	if ok, _, _ := password.Verify(oldPassword, profReload(t, app, u.ID).PasswordHash); !ok {
		t.Fatal("a refused change altered the password")
	}
	if res := elsewhere.Get(t, "/profile"); res.StatusCode != 200 {
		t.Fatal("a refused change signed the other device out")
	}

	res := here.PostForm(t, "/profile/password", url.Values{"current_password": {oldPassword}, "new_password": {newPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile?saved=password" {
		t.Fatalf("change: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	stored := profReload(t, app, u.ID)
	if ok, _, _ := password.Verify(newPassword, stored.PasswordHash); !ok {
		t.Fatal("new password not stored")
	}
	if stored.SessionEpoch == u.SessionEpoch {
		t.Fatal("session epoch not bumped")
	}
	// This browser has a new session; the other device is signed out.
	if res := here.Get(t, "/profile?saved=password"); res.StatusCode != 200 || testutil.ByTestID(testutil.HTML(t, res.Body), "profile-notice").Length() != 1 {
		t.Fatalf("this browser after the change: %d", res.StatusCode)
	}
	profExpectGuest(t, elsewhere, "/profile")

	// An account without a password sets one without a current password.
	nopw := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("nopassword"), Verified: true})
	b := app.NewSession()
	b.SignIn(t, nopw.ID)
	if res := b.PostForm(t, "/profile/password", url.Values{"new_password": {newPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set a first password: %d %s", res.StatusCode, res.Body)
	}
	if ok, _, _ := password.Verify(newPassword, profReload(t, app, nopw.ID).PasswordHash); !ok {
		t.Fatal("first password not stored")
	}
}

func TestProfileExportHasOnlyTheUsersDataAndNoSecrets(t *testing.T) {
	app := testutil.StartApp(t)
	ctx := context.Background()
	email := testutil.UniqueEmail("export")
	u := app.CreateUser(t, testutil.User{Email: email, Password: "an export test passphrase", Verified: true})
	other := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("export-other"), Password: "another passphrase here", Verified: true})
	if err := app.Server.Users.Update(ctx, u.ID, map[string]any{"display_name": "Exporter", "default_place": "Taipei", "default_zi_rule": "split"}); err != nil {
		t.Fatal(err)
	}
	mine := &models.Identity{UserID: u.ID, Provider: "google", ProviderUserID: "g-" + hex.EncodeToString([]byte(email))[:12], Email: email, Name: "Ex Porter"}
	theirs := &models.Identity{UserID: other.ID, Provider: "wechat", ProviderUserID: "wx-" + strconv.FormatInt(other.ID, 10) + "-secretish", Name: "Other"}
	for _, i := range []*models.Identity{mine, theirs} {
		if err := app.Server.Identities.Link(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	app.SignIn(t, u.ID)
	res := app.Get(t, "/profile/export")
	if res.StatusCode != 200 {
		t.Fatalf("export: %d", res.StatusCode)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="bazi-master-data.json"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var doc struct {
		User       map[string]any   `json:"user"`
		Identities []map[string]any `json:"identities"`
		Charts     []any            `json:"charts"`
		Readings   []any            `json:"readings"`
	}
	res.JSON(t, &doc)
	if doc.User["email"] != email || doc.User["display_name"] != "Exporter" || doc.User["id"] != float64(u.ID) {
		t.Errorf("user: %v", doc.User)
	}
	opts, _ := doc.User["default_chart_options"].(map[string]any)
	if opts["place"] != "Taipei" || opts["zi_rule"] != "split" {
		t.Errorf("default chart options: %v", opts)
	}
	if len(doc.Identities) != 1 || doc.Identities[0]["provider"] != "google" || doc.Identities[0]["provider_user_id"] != mine.ProviderUserID {
		t.Errorf("identities: %v", doc.Identities)
	}
	if doc.Charts == nil || doc.Readings == nil {
		t.Error("charts and readings must be present (empty lists)")
	}
	raw := map[string]json.RawMessage{}
	res.JSON(t, &raw)
	for _, key := range []string{"user", "identities", "charts", "readings"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("export has no %q", key)
		}
	}
	for _, secret := range []string{"password_hash", "PasswordHash", "$argon2", "session_epoch", "SessionEpoch",
		profReload(t, app, u.ID).PasswordHash, other.EmailAddress(), theirs.ProviderUserID} {
		if strings.Contains(res.Body, secret) {
			t.Errorf("export contains %q", secret)
		}
	}
}

func TestProfileDeleteRemovesEverythingOfTheUserOnly(t *testing.T) {
	app := testutil.StartApp(t)
	ctx := context.Background()
	email := testutil.UniqueEmail("delete")
	u := app.CreateUser(t, testutil.User{Email: email, Password: "a passphrase to delete", Verified: true})
	other := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("delete-other"), Verified: true})
	for _, i := range []*models.Identity{
		{UserID: u.ID, Provider: "google", ProviderUserID: "del-g-" + strconv.FormatInt(u.ID, 10)},
		{UserID: u.ID, Provider: "wechat", ProviderUserID: "del-w-" + strconv.FormatInt(u.ID, 10)},
		{UserID: other.ID, Provider: "google", ProviderUserID: "del-g-" + strconv.FormatInt(other.ID, 10)},
	} {
		if err := app.Server.Identities.Link(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	countIdentities := func(userID int64) int64 {
		var n int64
		if err := app.Server.DB.Gorm.Model(&models.Identity{}).Where("user_id = ?", userID).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	here, elsewhere, theirs := app, app.NewSession(), app.NewSession()
	here.SignIn(t, u.ID)
	elsewhere.SignIn(t, u.ID)
	theirs.SignIn(t, other.ID)

	for _, confirm := range []string{"", "delete", "someone-else@example.test"} {
		res := here.PostForm(t, "/profile/delete", url.Values{"confirm": {confirm}})
		if res.StatusCode != http.StatusUnprocessableEntity || testutil.ByTestID(testutil.HTML(t, res.Body), "error-confirm").Length() != 1 {
			t.Fatalf("confirm %q: %d, want 422 with the message", confirm, res.StatusCode)
		}
		if v := testutil.ByTestID(testutil.HTML(t, res.Body), "field-confirm").AttrOr("value", ""); v != confirm {
			t.Errorf("confirmation not kept: %q", v)
		}
	}
	profReload(t, app, u.ID) // still there

	// The e-mail, typed in any case, confirms.
	res := here.PostForm(t, "/profile/delete", url.Values{"confirm": {" " + strings.ToUpper(email) + " "}})
	if res.StatusCode != 200 || testutil.ByTestID(testutil.HTML(t, res.Body), "account-deleted").Length() != 1 {
		t.Fatalf("delete: %d %s", res.StatusCode, res.Body)
	}
	cleared := false
	for _, c := range res.Cookies() {
		if c.Name == "bm_session" && c.Value == "" && (c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(time.Now()))) {
			cleared = true
		}
	}
	if !cleared {
		t.Errorf("session cookie not cleared: %v", res.Header.Values("Set-Cookie"))
	}
	if _, err := app.Server.Users.ByID(ctx, u.ID); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("user still there: %v", err)
	}
	if n := countIdentities(u.ID); n != 0 {
		t.Fatalf("%d identities left", n)
	}
	profExpectGuest(t, here, "/profile")
	profExpectGuest(t, elsewhere, "/profile")

	// The other user is untouched.
	if n := countIdentities(other.ID); n != 1 {
		t.Fatalf("the other user's identities: %d", n)
	}
	profReload(t, app, other.ID)
	if res := theirs.Get(t, "/profile"); res.StatusCode != 200 {
		t.Fatalf("the other user was signed out: %d", res.StatusCode)
	}

	// DELETE confirms too.
	b := app.NewSession()
	b.SignIn(t, other.ID)
	if res := b.PostForm(t, "/profile/delete", url.Values{"confirm": {"DELETE"}}); res.StatusCode != 200 {
		t.Fatalf("delete with DELETE: %d", res.StatusCode)
	}
	if _, err := app.Server.Users.ByID(ctx, other.ID); !errors.Is(err, models.ErrNotFound) {
		t.Fatal("DELETE did not delete")
	}
}

func TestAdminPagesAreOnlyForVerifiedAdmins(t *testing.T) {
	adminEmail, unverifiedEmail := testutil.UniqueEmail("admin"), testutil.UniqueEmail("admin-unverified")
	app := testutil.StartApp(t, testutil.WithEnv("ADMIN_EMAILS", strings.ToUpper(adminEmail)+", "+unverifiedEmail))
	admin := app.CreateUser(t, testutil.User{Email: adminEmail, Verified: true})
	unverified := app.CreateUser(t, testutil.User{Email: unverifiedEmail})
	plain := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("not-admin"), Verified: true})

	refused := map[string]*testutil.App{"guest": app.NewSession()}
	for name, u := range map[string]*models.User{"non-admin": plain, "unverified admin e-mail": unverified} {
		b := app.NewSession()
		b.SignIn(t, u.ID)
		refused[name] = b
	}
	for who, b := range refused {
		for _, path := range []string{"/admin", "/admin/", "/admin/users"} {
			if res := b.Get(t, path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", who, path, res.StatusCode)
			} else if testutil.ByTestID(testutil.HTML(t, res.Body), "admin-home").Length() != 0 {
				t.Errorf("%s GET %s: admin page shown", who, path)
			}
		}
		for _, path := range []string{"/admin", "/admin/users"} {
			if res := b.PostForm(t, path, url.Values{}); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s POST %s: %d, want 404", who, path, res.StatusCode)
			}
		}
	}

	b := app.NewSession()
	b.SignIn(t, admin.ID)
	catalog := i18n.MustLoad()
	for _, lang := range i18n.Langs {
		res := b.Get(t, "/admin?lang="+string(lang))
		if res.StatusCode != 200 {
			t.Fatalf("admin GET /admin (%s): %d", lang, res.StatusCode)
		}
		d := testutil.HTML(t, res.Body)
		if got := testutil.ByTestID(d, "admin-home").Find("h1").Text(); got != catalog.T(lang, "admin.title") {
			t.Errorf("%s: heading %q", lang, got)
		}
		if testutil.ByTestID(d, "admin-nav").Find("a").Length() == 0 {
			t.Errorf("%s: no admin navigation", lang)
		}
		if m := rawProfileKey.FindString(res.Body); m != "" {
			t.Errorf("%s: untranslated key %s", lang, m)
		}
	}
}

func TestProfileListsLinkedProviders(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv("GOOGLE_CLIENT_ID", "profile-test-client", "GOOGLE_CLIENT_SECRET", "profile-test-secret"))
	ctx := context.Background()
	withPassword := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("providers"), Password: "a providers test passphrase", Verified: true})
	providerOnly := app.CreateUser(t, testutil.User{})
	for _, u := range []*models.User{withPassword, providerOnly} {
		if err := app.Server.Identities.Link(ctx, &models.Identity{UserID: u.ID, Provider: "google", ProviderUserID: "prof-g-" + strconv.FormatInt(u.ID, 10), Email: "linked@example.test"}); err != nil {
			t.Fatal(err)
		}
	}
	notLinked := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("providers-none"), Password: "a providers test passphrase", Verified: true})

	b := app.NewSession()
	b.SignIn(t, withPassword.ID)
	d := testutil.HTML(t, b.Get(t, "/profile").Body)
	if !strings.Contains(testutil.ByTestID(d, "provider-google").Text(), "linked@example.test") {
		t.Errorf("linked account not shown: %q", testutil.ByTestID(d, "provider-google").Text())
	}
	if testutil.ByTestID(d, "unlink-google").Closest("form").AttrOr("action", "") != "/auth/google/unlink" {
		t.Error("no unlink button for a linked provider")
	}

	// The only way to sign in is not offered for unlinking.
	b = app.NewSession()
	b.SignIn(t, providerOnly.ID)
	d = testutil.HTML(t, b.Get(t, "/profile").Body)
	if testutil.ByTestID(d, "unlink-google").Length() != 0 {
		t.Error("unlinking the only sign-in method offered")
	}
	if testutil.ByTestID(d, "field-new_password").Length() != 0 {
		t.Error("a password offered to an account without an e-mail")
	}

	b = app.NewSession()
	b.SignIn(t, notLinked.ID)
	d = testutil.HTML(t, b.Get(t, "/profile").Body)
	if href := testutil.ByTestID(d, "link-google").AttrOr("href", ""); !strings.HasPrefix(href, "/auth/google") {
		t.Errorf("link to connect Google: %q", href)
	}
}
