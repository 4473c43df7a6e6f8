package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// divFixture is an app whose I Ching share page is a fake renderer, and a
// test route standing in for the module pages' Keep hook.
type divFixture struct {
	app        *testutil.App
	alice, bob *testutil.App
	aliceID    int64
	bobID      int64

	mu       sync.Mutex
	rendered []string // queries the fake I Ching renderer was called with
}

func newDivFixture(t *testing.T) *divFixture {
	t.Helper()
	f := &divFixture{}
	site := &handlers.Site{I18n: i18n.MustLoad(), Asset: func(name string) string { return "/static/" + name }}
	fakeIChing := func(c *fiber.Ctx, query string) error {
		f.mu.Lock()
		f.rendered = append(f.rendered, query)
		f.mu.Unlock()
		// A whole page built the way module pages build theirs (Site.Page).
		p := site.Page(c, "divination.title")
		c.Set("X-Rendered-Query", query)
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return views.DivinationsPage(p, views.DivinationsData{}).Render(c.UserContext(), c.Response().BodyWriter())
	}
	f.app = testutil.StartApp(t,
		testutil.WithServerOptions(server.WithDivinationRenderer(models.KindIChing, fakeIChing)),
		testutil.WithRoutes(func(r fiber.Router) {
			// What the I Ching and Tarot pages do after a cast or draw.
			r.Get("/test/keep/:kind", func(c *fiber.Ctx) error {
				kept := handlers.NewDivinations(site, handlers.DivinationsDeps{Store: f.app.Server.Divinations})
				keep := kept.Keeper(c.Params("kind"), func(q, _ string) string { return "summary of " + q })
				if _, err := keep(c, c.Query("query"), c.Query("question")); err != nil {
					return err
				}
				return c.SendStatus(fiber.StatusNoContent)
			})
		}))
	ua := f.app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("alice"), Verified: true})
	ub := f.app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("bob"), Verified: true})
	f.aliceID, f.bobID = ua.ID, ub.ID
	f.alice, f.bob = f.app.NewSessionAs(t, ua.ID), f.app.NewSessionAs(t, ub.ID)
	return f
}

func (f *divFixture) keep(t *testing.T, b *testutil.App, kind, query, question string) {
	t.Helper()
	res := b.Get(t, "/test/keep/"+kind+"?"+url.Values{"query": {query}, "question": {question}}.Encode())
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("keep: %d %.300s", res.StatusCode, res.Body)
	}
}

func divList(t *testing.T, b *testutil.App, path string) *goquery.Document {
	t.Helper()
	res := b.Get(t, path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %.300s", path, res.StatusCode, res.Body)
	}
	return testutil.HTML(t, res.Body)
}

func divQuestions(d *goquery.Document) []string {
	var out []string
	testutil.ByTestID(d, "divination-row").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Find(`[data-testid="divination-question"]`).Text()))
	})
	return out
}

func (f *divFixture) idOf(t *testing.T, userID int64, query string) int64 {
	t.Helper()
	var d models.Divination
	if err := f.app.Server.DB.Gorm.Where("user_id = ? AND query = ?", userID, query).Take(&d).Error; err != nil {
		t.Fatalf("kept %q: %v", query, err)
	}
	return d.ID
}

// Casts and draws the pages keep show in the user's history, newest
// first, searchable by question, summary and reading, filtered by kind;
// nobody else's show; guests' are kept by IP and not listed.
func TestDivinationHistoryKeepsAndSearches(t *testing.T) {
	f := newDivFixture(t)
	castQ := "lines=789678&question=Should+I+move"
	drawQ := "spread=three-card&cards=0,1,2&question=Love"
	f.keep(t, f.alice, models.KindIChing, castQ, "Should I move?")
	time.Sleep(5 * time.Millisecond)
	f.keep(t, f.alice, models.KindTarot, drawQ, "Love <b>this</b> year")
	f.keep(t, f.bob, models.KindIChing, "lines=666666", "Bob's private career question")
	f.keep(t, f.app, models.KindTarot, "spread=single&cards=13", "A guest's question")

	var guest models.Divination
	if err := f.app.Server.DB.Gorm.Where("query = ?", "spread=single&cards=13").Take(&guest).Error; err != nil {
		t.Fatal(err)
	}
	if guest.UserID != nil || guest.GuestIP == "" {
		t.Fatalf("a guest's draw is kept as %+v, want by IP subject", guest)
	}

	// The user's reading of the draw: shown escaped, and searchable.
	uid := f.aliceID
	r := &models.Reading{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: drawQ, Topic: models.KindTarot, Lang: "en",
		Status: models.ReadingDone, Text: "## The cards\n<script>alert(1)</script> A **journey** across water " + strings.Repeat("and more ", 60), CreatedAt: time.Now().UTC()}
	if err := f.app.Server.DB.Gorm.Create(r).Error; err != nil {
		t.Fatal(err)
	}

	res := f.alice.Get(t, "/history/divinations")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "<script>alert(1)") || strings.Contains(res.Body, "<b>this</b>") {
		t.Fatal("the reading or the question is not escaped")
	}
	d := testutil.HTML(t, res.Body)
	if got, want := divQuestions(d), []string{"Love <b>this</b> year", "Should I move?"}; !slices.Equal(got, want) {
		t.Fatalf("Alice's list %q, want %q", got, want)
	}
	draw := d.Find(`[data-testid="divination-row"][data-kind="tarot"]`)
	if href, _ := draw.Find(`[data-testid="divination-link"]`).Attr("href"); href != "/tarot?"+drawQ {
		t.Errorf("the draw links to %q", href)
	}
	if got := strings.TrimSpace(draw.Find(`[data-testid="divination-label"]`).Text()); got != "Tarot" {
		t.Errorf("label %q", got)
	}
	if got := strings.TrimSpace(draw.Find(`[data-testid="divination-summary"]`).Text()); got != "summary of "+drawQ {
		t.Errorf("summary %q", got)
	}
	excerpt := draw.Find(`[data-testid="divination-reading"]`).Text()
	if !strings.Contains(excerpt, "A journey across water") || strings.Contains(excerpt, "**") || len([]rune(excerpt)) > 230 {
		t.Errorf("reading excerpt %q", excerpt)
	}
	today := time.Now().UTC()
	if got := strings.TrimSpace(draw.Find(`[data-testid="divination-date"]`).Text()); got != today.Month().String()[:3]+" "+strconv.Itoa(today.Day())+", "+strconv.Itoa(today.Year()) {
		t.Errorf("date %q", got)
	}
	if d.Find(`[data-testid="divination-row"][data-kind="iching"] [data-testid="divination-reading"]`).Length() != 0 {
		t.Error("a cast without a reading shows one")
	}
	if strings.Contains(d.Text(), "Bob") || strings.Contains(d.Text(), "guest") {
		t.Error("Alice's list shows someone else's")
	}

	for q, want := range map[string][]string{
		"?q=MOVE":                {"Should I move?"},
		"?q=journey":             {"Love <b>this</b> year"},
		"?q=summary+of+lines":    {"Should I move?"},
		"?q=career":              nil,
		"?kind=iching":           {"Should I move?"},
		"?kind=tarot&q=journey":  {"Love <b>this</b> year"},
		"?kind=iching&q=journey": nil,
	} {
		if got := divQuestions(divList(t, f.alice, "/history/divinations"+q)); !slices.Equal(got, want) {
			t.Errorf("%s lists %q, want %q", q, got, want)
		}
	}

	// Chinese: the date in the page's language.
	zh := divList(t, f.alice, "/history/divinations?lang=zh-Hans&kind=tarot")
	if got := strings.TrimSpace(testutil.ByTestID(zh, "divination-date").Text()); got != strconv.Itoa(today.Year())+"年"+strconv.Itoa(int(today.Month()))+"月"+strconv.Itoa(today.Day())+"日" {
		t.Errorf("Chinese date %q", got)
	}

	// Linked from the charts history and the account menu; guests are sent to sign in.
	h := divList(t, f.alice, "/history")
	if href, _ := testutil.ByTestID(h, "tab-divinations").Attr("href"); href != "/history/divinations" {
		t.Errorf("history tab links to %q", href)
	}
	if testutil.ByTestID(h, "menu-divinations").Length() != 1 {
		t.Error("no account menu link")
	}
	if res := f.app.Get(t, "/history/divinations"); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
		t.Errorf("a guest gets %d", res.StatusCode)
	}
}

// A share link shows the cast read-only through the module's renderer,
// with noindex; only the owner shares, stops sharing or deletes; revoked
// and unknown tokens are 404.
func TestDivinationShareAndDelete(t *testing.T) {
	f := newDivFixture(t)
	castQ := "lines=789678&question=Should+I+move"
	f.keep(t, f.alice, models.KindIChing, castQ, "Should I move?")
	f.keep(t, f.alice, models.KindTarot, "spread=single&cards=13", "Tarot question")
	cast := strconv.FormatInt(f.idOf(t, f.aliceID, castQ), 10)
	draw := strconv.FormatInt(f.idOf(t, f.aliceID, "spread=single&cards=13"), 10)

	// Bob cannot share, revoke or delete Alice's.
	for _, path := range []string{"/divinations/" + cast + "/share", "/divinations/" + cast + "/share/revoke", "/divinations/" + cast + "/delete"} {
		if res := f.bob.PostForm(t, path, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("Bob's POST %s: %d", path, res.StatusCode)
		}
	}
	if res := f.alice.PostForm(t, "/divinations/"+cast+"/share", url.Values{"_csrf": {"-"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("share without a CSRF token: %d", res.StatusCode)
	}

	res := f.alice.PostForm(t, "/divinations/"+cast+"/share", url.Values{"back": {"/history/divinations?q=move"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/history/divinations?done=shared&q=move") {
		t.Fatalf("share: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	d := divList(t, f.alice, "/history/divinations")
	link, _ := d.Find(`[data-testid="divination-row"][data-id="` + cast + `"] [data-testid="divination-share-url"]`).Attr("value")
	i := strings.Index(link, "/shared/")
	if i < 0 {
		t.Fatalf("share link %q", link)
	}
	path := link[i:]
	// Sharing again keeps the link.
	f.alice.PostForm(t, "/divinations/"+cast+"/share", nil)
	d = divList(t, f.alice, "/history/divinations")
	if again, _ := d.Find(`[data-testid="divination-row"][data-id="` + cast + `"] [data-testid="divination-share-url"]`).Attr("value"); again != link {
		t.Fatalf("sharing again changed the link: %q → %q", link, again)
	}

	shared := f.app.NewSession().Get(t, path)
	if shared.StatusCode != http.StatusOK || shared.Header.Get("X-Rendered-Query") != castQ {
		t.Fatalf("shared page: %d, rendered %q", shared.StatusCode, shared.Header.Get("X-Rendered-Query"))
	}
	if !strings.Contains(shared.Body, `<meta name="robots" content="noindex">`) || shared.Header.Get("X-Robots-Tag") != "noindex" {
		t.Error("the shared page may be indexed")
	}
	f.mu.Lock()
	rendered := slices.Clone(f.rendered)
	f.mu.Unlock()
	if !slices.Equal(rendered, []string{castQ}) {
		t.Errorf("renderer called with %q", rendered)
	}
	if res := f.app.Get(t, "/shared/no-such-token"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown token: %d", res.StatusCode)
	}

	// A kind without a renderer is 404, not an error.
	f.alice.PostForm(t, "/divinations/"+draw+"/share", nil)
	var kept models.Divination
	f.app.Server.DB.Gorm.Where("id = ?", draw).Take(&kept)
	if res := f.app.Get(t, "/shared/"+*kept.ShareToken); res.StatusCode != http.StatusNotFound {
		t.Errorf("a shared draw without a renderer: %d", res.StatusCode)
	}

	if res := f.alice.PostForm(t, "/divinations/"+cast+"/share/revoke", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if res := f.app.Get(t, path); res.StatusCode != http.StatusNotFound {
		t.Errorf("revoked link: %d", res.StatusCode)
	}

	if res := f.alice.PostForm(t, "/divinations/"+cast+"/delete", url.Values{"back": {"https://evil.example/"}}); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/history/divinations?") {
		t.Fatalf("delete: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := f.app.Server.Divinations.Get(context.Background(), f.aliceID, f.idOf(t, f.aliceID, "spread=single&cards=13")); err != nil {
		t.Fatal(err)
	}
	if got := divQuestions(divList(t, f.alice, "/history/divinations")); !slices.Equal(got, []string{"Tarot question"}) {
		t.Errorf("after delete: %q", got)
	}
}

// The charts export and "download my data" carry the user's casts and
// draws with their latest reading; importing the file into another
// account keeps them, a second import skips them, and invalid records are
// named by index and field in the summary.
func TestDivinationExportImport(t *testing.T) {
	f := newDivFixture(t)
	castQ := "lines=789678&question=Move"
	f.keep(t, f.alice, models.KindIChing, castQ, "Should I move?")
	f.keep(t, f.bob, models.KindTarot, "spread=single&cards=1", "Bob's")
	uid := f.aliceID
	if err := f.app.Server.DB.Gorm.Create(&models.Reading{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: castQ,
		Topic: models.KindIChing, Lang: "en", Status: models.ReadingDone, Text: "Fire over thunder.", CreatedAt: time.Now().UTC()}).Error; err != nil {
		t.Fatal(err)
	}

	file := xferExport(t, f.alice, "")
	if len(file.Divinations) != 1 || file.Divinations[0].Query != castQ || file.Divinations[0].Question != "Should I move?" ||
		file.Divinations[0].Reading != "Fire over thunder." || file.Divinations[0].Kind != models.KindIChing {
		t.Fatalf("export's divinations: %+v", file.Divinations)
	}
	if sel := xferExport(t, f.alice, "?ids=999999"); len(sel.Divinations) != 0 {
		t.Errorf("an export of selected charts carries casts: %+v", sel.Divinations)
	}

	res := f.alice.Get(t, "/profile/export")
	var mine struct {
		Divinations []map[string]any `json:"divinations"`
	}
	res.JSON(t, &mine)
	if len(mine.Divinations) != 1 || mine.Divinations[0]["query"] != castQ || mine.Divinations[0]["reading"] != "Fire over thunder." {
		t.Fatalf("download my data: %+v", mine.Divinations)
	}

	// Into a new account, with two bad records added.
	raw := res.Body
	var doc map[string]any
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	divs := doc["divinations"].([]any)
	divs = append(divs,
		map[string]any{"kind": "runes", "query": "a=1", "created_at": "2024-01-01T00:00:00Z"},
		map[string]any{"kind": "tarot", "query": "spread=single&cards=2", "question": strings.Repeat("问", 301), "created_at": "2024-01-01T00:00:00Z"})
	in := map[string]any{"format": "bazi-master-charts", "version": 1, "charts": []any{}, "divinations": divs}
	body, _ := json.Marshal(in)
	_, carol := f.app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("carol"), Verified: true})
	out := xferImport(t, carol, string(body), "")
	if out.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %.500s", out.StatusCode, out.Body)
	}
	d := testutil.HTML(t, out.Body)
	refused := map[string]string{}
	testutil.ByTestID(d, "import-outcome").Each(func(_ int, s *goquery.Selection) {
		refused[s.AttrOr("data-field", "")] = s.AttrOr("data-status", "")
	})
	if len(refused) != 2 || refused["divinations[1].kind"] == "" || refused["divinations[2].question"] == "" {
		t.Fatalf("import outcomes %v\n%.2000s", refused, d.Text())
	}
	if !strings.Contains(d.Text(), "kind must be iching or tarot") || !strings.Contains(d.Text(), "longer than 300 characters") {
		t.Errorf("summary does not say why: %.2000s", d.Text())
	}
	list := divList(t, carol, "/history/divinations")
	if got := divQuestions(list); !slices.Equal(got, []string{"Should I move?"}) {
		t.Fatalf("Carol's list after import: %q", got)
	}
	if href := testutil.ByTestID(list, "divination-link").AttrOr("href", ""); href != "/iching?"+castQ {
		t.Errorf("imported cast links to %q", href)
	}
	// A second import keeps nothing new.
	again := testutil.HTML(t, xferImport(t, carol, string(body), "").Body)
	skipped := 0
	testutil.ByTestID(again, "import-outcome").Each(func(_ int, s *goquery.Selection) {
		if s.AttrOr("data-field", "") == "divinations[0]" && s.AttrOr("data-status", "") == views.ImportSkipped {
			skipped++
		}
	})
	if skipped != 1 || len(divQuestions(divList(t, carol, "/history/divinations"))) != 1 {
		t.Errorf("second import: %d skipped\n%.1500s", skipped, again.Text())
	}
	// A version 1 file without divinations still imports.
	if res := xferImport(t, carol, `{"format":"bazi-master-charts","version":1,"charts":[{"name":"Old","input":{"date":"1990-06-01","time":"08:00","tz":"+08:00","gender":"female"}}]}`, ""); res.StatusCode != http.StatusOK {
		t.Errorf("version 1 file: %d", res.StatusCode)
	}
}
