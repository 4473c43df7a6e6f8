package server_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// A NUL byte or invalid UTF-8 gets a 400 naming the field, on PostgreSQL,
// for a guest's form, a query and the JSON API alike: never a 500.
func TestNULAndInvalidUTF8AreRefusedByField(t *testing.T) {
	app := testutil.StartApp(t)
	res := app.PostForm(t, "/login", url.Values{"email": {"a\x00b@example.com"}, "password": {"x"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "“email”") {
		t.Errorf("sign-in with NUL: %d %s", res.StatusCode, res.Body)
	}
	res = app.Get(t, "/places/suggest?q=%ff", "Accept-Language", "zh-CN")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "字段“q”") {
		t.Errorf("query with invalid UTF-8: %d %s", res.StatusCode, res.Body)
	}
	res = app.PostJSON(t, "/api/v1/chart", `{"date":"1988-02-15","tz":"UTC","gender":"male","place":"\u0000"}`)
	var body struct{ Error struct{ Code, Field string } }
	if res.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(res.Body), &body) != nil || body.Error.Code != "invalid_text" || body.Error.Field != "place" {
		t.Errorf("JSON with \\u0000: %d %s", res.StatusCode, res.Body)
	}
	// Text that merely looks odd is fine.
	if res := app.Get(t, "/places/suggest?q="+url.QueryEscape(`北京\u0000`)); res.StatusCode != http.StatusOK {
		t.Errorf("escaped-looking text refused: %d", res.StatusCode)
	}
}

// textFields are the names of every text parameter the app reads, found in
// the handlers' and views' own source (FormValue, Query, name="…"), so a
// new field is covered without editing this test.
func textFields(t *testing.T) []string {
	t.Helper()
	re := regexp.MustCompile(`(?:FormValue|Query|Params)\("([a-z_]+)"|name="([a-z_]+)"`)
	seen := map[string]bool{}
	for _, glob := range []string{"../../handlers/*.go", "../../views/*.templ"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				seen[m[1]+m[2]] = true
			}
		}
	}
	delete(seen, "_csrf")
	if len(seen) < 30 {
		t.Fatalf("found only %d field names: is the pattern still matching?", len(seen))
	}
	return slices.Sorted(maps.Keys(seen))
}

// Every route of the route table, signed in as an admin with a valid CSRF
// token and a chart of one's own, gets every text parameter with plausible
// values, one of them replaced by a NUL byte or invalid UTF-8, in the
// query and in the form (JSON on the API): no answer may be a 5xx.
func TestEveryRouteRefusesNULAndInvalidUTF8(t *testing.T) {
	email := testutil.UniqueEmail("nul-admin")
	// Each request comes from an address of its own (through the trusted
	// proxy), so the rate limits never answer in the handlers' place.
	app := testutil.StartApp(t, testutil.WithEnv("ADMIN_EMAILS", email, "TRUST_PROXY", "1"))
	admin, session := app.NewUserSession(t, testutil.User{Email: email, Password: "correct horse battery", Verified: true})
	saved := session.PostForm(t, "/charts", url.Values{"query": {"date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male"}, "name": {"Mine"}})
	if saved.StatusCode >= 400 {
		t.Fatalf("save a chart: %d", saved.StatusCode)
	}
	var chartID int64
	if loc, _, _ := strings.Cut(saved.Header.Get("Location")+saved.Header.Get("HX-Redirect"), "?"); strings.HasPrefix(loc, "/charts/") {
		chartID, _ = strconv.ParseInt(strings.TrimPrefix(loc, "/charts/"), 10, 64)
	}
	if chartID == 0 {
		t.Fatalf("no chart id from %q", saved.Header.Get("Location"))
	}
	params := map[string]string{
		":id<int>": strconv.FormatInt(chartID, 10), ":id": strconv.FormatInt(admin.ID, 10),
		":mid<int>": "1", ":pid": "nosuchreading", ":provider": "google", ":token": "nosuchtoken",
	}
	fields := textFields(t)
	// Plausible values, so a request gets past "required" checks to the
	// code that stores or searches the bad one.
	plausible := map[string]string{
		"email": "someone@example.com", "password": "correct horse battery", "new_password": "correct horse battery 2",
		"current_password": "correct horse battery", "date": "1988-02-15", "time": "23:30", "tz": "Asia/Shanghai",
		"gender": "male", "place": "Beijing", "lon": "116.4", "lat": "39.9", "calendar": "solar",
		"query": "date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male", "topic": "overview",
		"ids": strconv.FormatInt(chartID, 10), "chart_id": strconv.FormatInt(chartID, 10), "id": strconv.FormatInt(chartID, 10),
		"action": "tag", "tag": "family", "tags": "family", "name": "Name", "notes": "Notes", "question": "Which years suit a new job?",
		"q": "Bei", "year": "2030", "luck": "2", "lang": "en", "next": "/history", "confirm": "on",
	}
	base := url.Values{}
	for _, f := range fields {
		if v, ok := plausible[f]; ok {
			base.Set(f, v)
		} else {
			base.Set(f, "x")
		}
	}
	with := func(f, v string) url.Values {
		out := url.Values{}
		for k, vs := range base {
			out[k] = vs
		}
		out.Set("email", testutil.UniqueEmail("nul")) // per-address limits on mail
		out.Set(f, v)
		return out
	}
	bad := map[string]string{"NUL": "a\x00b", "invalid UTF-8": "a\xffb"}
	routes := app.Server.App.GetRoutes(true)
	if len(routes) < 50 {
		t.Fatalf("only %d routes", len(routes))
	}
	checked := 0
	for _, r := range routes {
		if r.Method != http.MethodGet && r.Method != http.MethodPost || strings.HasPrefix(r.Path, "/test/") {
			continue
		}
		path := r.Path
		for p, v := range params {
			path = strings.ReplaceAll(path, p, v)
		}
		if strings.Contains(path, ":") || strings.Contains(path, "*") {
			t.Fatalf("route %s %s has a parameter this test does not fill", r.Method, r.Path)
		}
		for what, v := range bad {
			for _, f := range fields {
				var res *testutil.Response
				from := []string{"X-Forwarded-For", testutil.UniqueIP()}
				switch {
				case r.Method == http.MethodGet:
					res = session.Get(t, path+"?"+with(f, v).Encode(), from...)
				case strings.HasPrefix(path, "/api/"):
					body, _ := json.Marshal(map[string]string{f: v})
					res = session.PostJSON(t, path, string(body), from...)
				default:
					res = session.PostForm(t, path, with(f, v), from...)
				}
				if res.StatusCode == http.StatusTooManyRequests {
					t.Fatalf("%s %s answered 429: the test no longer reaches the handlers", r.Method, path)
				}
				checked++
				if res.StatusCode >= 500 {
					t.Errorf("%s %s with %s in %q: %d %.200s", r.Method, path, what, f, res.StatusCode, res.Body)
				}
			}
		}
	}
	t.Logf("%d requests over %d routes and %d fields", checked, len(routes), len(fields))
}
