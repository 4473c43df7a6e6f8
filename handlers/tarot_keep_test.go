package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/static"
)

// The Keep hook sees each new draw's canonical query and question, and
// sends the visitor where it says; when it says nothing, to the draw.
func TestTarotKeepHook(t *testing.T) {
	var gotQuery, gotQuestion string
	to := "/history?kept=1"
	site := &handlers.Site{I18n: i18n.MustLoad(), Asset: static.NewAssets().URL}
	page := handlers.NewTarotPage(site)
	page.Keep = func(c *fiber.Ctx, query, question string) (string, error) {
		gotQuery, gotQuestion = query, question
		return to, nil
	}
	app := testutil.StartApp(t, testutil.WithRoutes(func(r fiber.Router) { r.Post("/test/tarot", page.Draw) }))
	res := app.PostForm(t, "/test/tarot", url.Values{"spread": {"single"}, "question": {" kept? "}, "reversals": {"1"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != to {
		t.Fatalf("%d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.HasPrefix(gotQuery, "spread=single&cards=") || gotQuestion != "kept?" {
		t.Errorf("Keep saw %q, %q", gotQuery, gotQuestion)
	}
	to = ""
	res = app.PostForm(t, "/test/tarot", url.Values{"spread": {"single"}})
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != "/tarot?"+gotQuery {
		t.Errorf("%d → %q, want the draw %q", res.StatusCode, loc, gotQuery)
	}
	// A refused form never reaches Keep.
	gotQuery = ""
	if res := app.PostForm(t, "/test/tarot", url.Values{"spread": {"nope"}}); res.StatusCode != 422 || gotQuery != "" {
		t.Errorf("refused form: %d, Keep saw %q", res.StatusCode, gotQuery)
	}
}
