package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// tarotRawKey catches an untranslated Tarot key on a page.
var tarotRawKey = regexp.MustCompile(`>\s*(tarot|term\.tarot)\.[a-z0-9_.-]+\s*<`)

func TestTarotFormInEveryLanguage(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ lang, title, celtic string }{
		{"en", "Tarot", "Celtic Cross"},
		{"zh-Hans", "塔罗", "凯尔特十字"},
		{"zh-Hant", "塔羅", "凱爾特十字"},
		{"ja", "タロット", "ケルト十字"},
		{"ko", "타로", "켈틱 크로스"},
	} {
		res := app.Get(t, "/tarot?lang="+tc.lang)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", tc.lang, res.StatusCode)
		}
		if m := tarotRawKey.FindString(res.Body); m != "" {
			t.Errorf("%s: untranslated key %s", tc.lang, m)
		}
		d := testutil.HTML(t, res.Body)
		form := testutil.ByTestID(d.Selection, "tarot-form")
		if form.AttrOr("method", "") != "post" || form.AttrOr("action", "") != "/tarot" || form.Find(`input[name="_csrf"]`).AttrOr("value", "") == "" {
			t.Fatalf("%s: form %v", tc.lang, form.Length())
		}
		if q := form.Find(`textarea[name="question"]`); q.AttrOr("maxlength", "") != "300" {
			t.Errorf("%s: question box %v", tc.lang, q.Length())
		}
		if n := form.Find(`input[type="radio"][name="spread"]`).Length(); n != 4 {
			t.Errorf("%s: %d spreads", tc.lang, n)
		}
		if v := form.Find(`input[name="spread"][checked]`).AttrOr("value", ""); v != "three-card" {
			t.Errorf("%s: spread checked %q", tc.lang, v)
		}
		if _, ok := form.Find(`input[name="reversals"]`).Attr("checked"); !ok {
			t.Errorf("%s: reversals not checked by default", tc.lang)
		}
		if c := testutil.ByTestID(form, "spread-celtic-cross").Text(); !strings.Contains(c, tc.celtic) || !strings.Contains(c, "10") {
			t.Errorf("%s: Celtic Cross option %q", tc.lang, c)
		}
		if !strings.Contains(testutil.ByTestID(d.Selection, "tarot-title").Text(), tc.title) {
			t.Errorf("%s: title", tc.lang)
		}
	}
}

func TestTarotDrawRedirectsToItsQuery(t *testing.T) {
	app := startAPI(t)
	res := app.PostForm(t, "/tarot", url.Values{"spread": {"celtic-cross"}, "question": {"  What should I see? "}, "reversals": {"1"}})
	if res.StatusCode != 303 {
		t.Fatalf("status %d: %.300s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/tarot?spread=celtic-cross&cards=") || !strings.HasSuffix(loc, "&question=What+should+I+see%3F") {
		t.Fatalf("Location %q", loc)
	}
	page := app.Get(t, loc)
	if page.StatusCode != 200 {
		t.Fatalf("draw page: %d", page.StatusCode)
	}
	if m := tarotRawKey.FindString(page.Body); m != "" {
		t.Errorf("untranslated key %s", m)
	}
	d := testutil.HTML(t, page.Body)
	u, _ := url.Parse(loc)
	ids := strings.Split(u.Query().Get("cards"), ",")
	slots := testutil.ByTestID(d.Selection, "tarot-slot")
	entries := testutil.ByTestID(d.Selection, "tarot-card")
	if slots.Length() != 10 || entries.Length() != 10 || len(ids) != 10 {
		t.Fatalf("%d slots, %d entries, %d ids", slots.Length(), entries.Length(), len(ids))
	}
	for i, id := range ids {
		bare, reversed := strings.CutSuffix(id, ".r")
		slot, entry := slots.Eq(i), entries.Eq(i)
		if slot.AttrOr("data-card", "") != bare || entry.AttrOr("data-card", "") != bare || slot.Find("svg").Length() != 1 {
			t.Errorf("card %d: slot %q entry %q, want %s", i+1, slot.AttrOr("data-card", ""), entry.AttrOr("data-card", ""), bare)
		}
		if got := testutil.ByTestID(entry, "tarot-reversed").Length() == 1; got != reversed {
			t.Errorf("card %d (%s): reversed label %v", i+1, id, got)
		}
		for _, part := range []string{"tarot-position-name", "tarot-position-meaning", "tarot-card-name", "tarot-meaning", "tarot-keywords"} {
			if strings.TrimSpace(testutil.ByTestID(entry, part).Text()) == "" {
				t.Errorf("card %d: %s empty", i+1, part)
			}
		}
	}
	if q := testutil.ByTestID(d.Selection, "tarot-question").Text(); !strings.Contains(q, "What should I see?") {
		t.Errorf("question %q", q)
	}
	panel := testutil.ByTestID(d.Selection, "reading-form")
	if panel.Find(`input[name="topic"]`).AttrOr("value", "") != "tarot" || "/tarot?"+panel.Find(`input[name="query"]`).AttrOr("value", "") != loc {
		t.Errorf("reading panel posts %q", panel.Find(`input[name="query"]`).AttrOr("value", ""))
	}
	// Terms explain themselves (spread name, arcana) without JavaScript.
	if d.Find(`details.term`).Length() < 3 {
		t.Errorf("%d terms", d.Find(`details.term`).Length())
	}
}

func TestTarotDrawWithoutReversals(t *testing.T) {
	app := startAPI(t)
	for range 3 {
		res := app.PostForm(t, "/tarot", url.Values{"spread": {"relationship"}})
		loc := res.Header.Get("Location")
		if res.StatusCode != 303 || strings.Contains(loc, ".r") || !strings.Contains(loc, "&reversals=0") {
			t.Fatalf("%d %q", res.StatusCode, loc)
		}
	}
}

func TestTarotFormRefusesWithTheField(t *testing.T) {
	app := startAPI(t)
	long := strings.Repeat("問", 301)
	res := app.PostForm(t, "/tarot", url.Values{"spread": {"three-card"}, "question": {long}, "reversals": {"1"}})
	if res.StatusCode != 422 {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if e := testutil.ByTestID(d.Selection, "error-question"); e.Length() != 1 || !strings.Contains(e.Text(), "300") {
		t.Errorf("question error %q", e.Text())
	}
	q := d.Find(`textarea[name="question"]`)
	if q.AttrOr("aria-invalid", "") != "true" || q.Text() != long {
		t.Error("the question is not kept and marked")
	}
	res = app.PostForm(t, "/tarot", url.Values{"spread": {"horseshoe"}, "question": {"q"}})
	d = testutil.HTML(t, res.Body)
	if res.StatusCode != 422 || testutil.ByTestID(d.Selection, "error-spread").Length() != 1 {
		t.Errorf("unknown spread: %d", res.StatusCode)
	}
	// Without the CSRF token the form is refused.
	if res := app.PostForm(t, "/tarot", url.Values{"spread": {"single"}, "_csrf": {"-"}}); res.StatusCode != 403 {
		t.Errorf("no CSRF token: %d", res.StatusCode)
	}
}

func TestTarotRefusesABadDrawQuery(t *testing.T) {
	app := startAPI(t)
	for q, want := range map[string]string{
		"spread=horseshoe&cards=fool":              "not one of the four",
		"spread=three-card&cards=fool,joker,tower": "unknown card",
		"spread=three-card&cards=fool,fool,tower":  "same card twice",
		"spread=celtic-cross&cards=fool":           "wrong number",
		"spread=single&cards=fool.r&reversals=0":   "reversals were off",
		"cards=fool":                               "no spread",
	} {
		res := app.Get(t, "/tarot?"+q)
		if res.StatusCode != 400 || !strings.Contains(res.Body, want) {
			t.Errorf("%s: %d, want 400 saying %q", q, res.StatusCode, want)
		}
	}
	if res := app.Get(t, "/tarot?spread=single&cards=fool.r&lang=zh-Hans"); res.StatusCode != 200 {
		t.Errorf("a reversed single card: %d", res.StatusCode)
	}
}

func TestTarotIsAnAvailableModule(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/").Body)
	if d.Find(`a[href="/tarot"]`).Length() == 0 {
		t.Error("no link to /tarot on the home page")
	}
	if testutil.ByTestID(d.Selection, "module-soon-tarot").Length() != 0 {
		t.Error("Tarot still coming soon")
	}
	g := app.Get(t, "/glossary")
	if !strings.Contains(g.Body, `id="tarot-celtic-cross"`) || !strings.Contains(g.Body, `id="tarot-major_arcana"`) {
		t.Error("no tarot terms in the glossary")
	}
}

// A link may open the form with a spread and a question chosen.
func TestTarotFormPreset(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/tarot?spread=celtic-cross&question=Which+way%3F").Body)
	if v := d.Find(`input[name="spread"][checked]`).AttrOr("value", ""); v != "celtic-cross" {
		t.Errorf("spread %q", v)
	}
	if q := d.Find(`textarea[name="question"]`).Text(); q != "Which way?" {
		t.Errorf("question %q", q)
	}
	res := app.Get(t, "/tarot?spread=horseshoe")
	d = testutil.HTML(t, res.Body)
	if res.StatusCode != 200 || d.Find(`input[name="spread"][checked]`).AttrOr("value", "") != "three-card" {
		t.Errorf("an unknown spread: %d, the default not chosen", res.StatusCode)
	}
}

// Signed in, the draw's reading panel lists the visitor's readings of
// this draw; the list answers for a Tarot query.
func TestTarotDrawSignedIn(t *testing.T) {
	app := startAPI(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("tarot"), Password: "a long enough password", Verified: true})
	app.SignIn(t, u.ID)
	q := "spread=three-card&cards=fool,ace-of-cups.r,tower&question=Why%3F"
	d := testutil.HTML(t, app.Get(t, "/tarot?"+q).Body)
	saved := testutil.ByTestID(d.Selection, "reading-saved")
	list := saved.AttrOr("hx-get", "")
	if list != "/readings?query="+url.QueryEscape(q) {
		t.Fatalf("saved readings from %q", list)
	}
	if res := app.Get(t, list, "HX-Request", "true"); res.StatusCode != 200 {
		t.Errorf("the list: %d", res.StatusCode)
	}
}

// TestTarotDrawIsKeptAndShared: a signed-in user's draw is kept with its
// cards named in the page's language, and its share link shows the draw
// read-only (no reading panel).
func TestTarotDrawIsKeptAndShared(t *testing.T) {
	app := startAPI(t)
	_, user := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("tarot"), Verified: true})
	res := user.PostForm(t, "/tarot?lang=zh-Hans", url.Values{"spread": {"three-card"}, "question": {"新工作？"}, "reversals": {"on"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "kept=1") {
		t.Fatalf("status %d, to %s", res.StatusCode, res.Header.Get("Location"))
	}
	if testutil.ByTestID(testutil.HTML(t, user.Get(t, res.Header.Get("Location")).Body), "tarot-kept").Length() != 1 {
		t.Error("the draw page does not say it was kept")
	}
	list := testutil.HTML(t, user.Get(t, "/history/divinations?kind=tarot").Body)
	row := testutil.ByTestID(list, "divination-row")
	if row.Length() != 1 || strings.Count(testutil.ByTestID(row, "divination-summary").Text(), "，")+strings.Count(testutil.ByTestID(row, "divination-summary").Text(), ", ") != 2 {
		t.Fatalf("kept draws: %d rows, summary %q", row.Length(), testutil.ByTestID(row, "divination-summary").Text())
	}
	if s := testutil.ByTestID(row, "divination-summary").Text(); strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		t.Errorf("summary of a draw kept from a Chinese page is not in Chinese: %q", s)
	}
	user.PostForm(t, testutil.ByTestID(row, "divination-share-form").AttrOr("action", ""), url.Values{})
	link := testutil.ByTestID(testutil.HTML(t, user.Get(t, "/history/divinations").Body), "divination-share-url").AttrOr("value", "")
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/shared/") {
		t.Fatalf("share link %q", link)
	}
	shared := app.NewSession().Get(t, u.Path)
	doc := testutil.HTML(t, shared.Body)
	if shared.StatusCode != 200 || testutil.ByTestID(doc, "shared-notice").Length() != 1 || testutil.ByTestID(doc, "reading-panel").Length() != 0 ||
		doc.Find(`[data-testid="tarot-draw"]`).AttrOr("data-spread", "") != "three-card" {
		t.Errorf("shared draw: status %d", shared.StatusCode)
	}
}
