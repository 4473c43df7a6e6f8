package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// seedSpend stores readings (and one follow-up answer) whose tokens the
// AI page prices: today 1.2M input and 0.6M output tokens of gpt-4o-mini,
// three days ago 100k/20k of claude-sonnet-4-5, a built-in reading and one
// of a model nobody priced.
func seedSpend(t *testing.T, a *adminApp) {
	t.Helper()
	db := a.Server.DB.Gorm
	owner := a.user(t, testutil.UniqueEmail("spender"), true)
	now := time.Now().UTC()
	today := models.StartOfDay(now)
	add := func(provider, model string, created time.Time, in, out int) *models.Reading {
		uid := owner.ID
		r := &models.Reading{PublicID: models.NewPublicID(), UserID: &uid, ChartQuery: "q", Topic: "overall", Lang: "en",
			Provider: provider, Model: model, Status: models.ReadingDone, PromptTokens: in, CompletionTokens: out, CreatedAt: created}
		if err := db.Create(r).Error; err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := add("openai", "gpt-4o-mini", today.Add(time.Minute), 1_000_000, 500_000)
	if err := db.Create(&models.ReadingMessage{ReadingID: r.ID, Role: "assistant", Content: "a", Status: models.ReadingDone,
		PromptTokens: 200_000, CompletionTokens: 100_000, CreatedAt: today.Add(2 * time.Minute)}).Error; err != nil {
		t.Fatal(err)
	}
	add("anthropic", "claude-sonnet-4-5", now.AddDate(0, 0, -3), 100_000, 20_000)
	add("builtin", "builtin-v1", today.Add(time.Minute), 3_000, 900)
	add("openai", "house-model", today.Add(time.Minute), 5_000, 5_000)
	add("openai", "gpt-4o-mini", now.AddDate(0, 0, -45), 9_000_000, 9_000_000) // outside the 30 days
}

type spendCell struct{ spend, tokens string }

func spendRows(t *testing.T, body string) (map[string][2]spendCell, *goquery.Document) {
	t.Helper()
	d := testutil.HTML(t, body)
	rows := map[string][2]spendCell{}
	cells := func(s *goquery.Selection) [2]spendCell {
		var out [2]spendCell
		for i, period := range []string{"today", "month"} {
			c := s.Find(`[data-period="` + period + `"]`)
			out[i] = spendCell{strings.TrimSpace(c.Find("[data-spend]").Text()), strings.TrimSpace(c.Find("[data-tokens]").Text())}
		}
		return out
	}
	testutil.ByTestID(d, "spend-by-model").Find("tbody tr[data-model]").Each(func(_ int, s *goquery.Selection) {
		m, _ := s.Attr("data-model")
		rows[m] = cells(s)
	})
	rows["total"] = cells(testutil.ByTestID(d, "spend-total"))
	return rows, d
}

func TestAdminAIPageShowsSpendInMoney(t *testing.T) {
	a := startAdminApp(t)
	seedSpend(t, a)
	b := a.admin(t)
	res := b.Get(t, "/admin/ai")
	if res.StatusCode != 200 {
		t.Fatalf("GET /admin/ai: %d", res.StatusCode)
	}
	rows, d := spendRows(t, res.Body)
	want := map[string][2]spendCell{
		// 1.2M × $0.15 + 0.6M × $0.60 per million.
		"gpt-4o-mini": {{"$0.54", "1,200,000 in · 600,000 out"}, {"$0.54", "1,200,000 in · 600,000 out"}},
		// 0.1M × $3 + 0.02M × $15.
		"claude-sonnet-4-5": {{"$0.00", "0 in · 0 out"}, {"$0.60", "100,000 in · 20,000 out"}},
		"builtin-v1":        {{"free", "3,000 in · 900 out"}, {"free", "3,000 in · 900 out"}},
		"house-model":       {{"no price set", "5,000 in · 5,000 out"}, {"no price set", "5,000 in · 5,000 out"}},
		"total":             {{"$0.54", "1,208,000 in · 605,900 out"}, {"$1.14", "1,308,000 in · 625,900 out"}},
	}
	for m, w := range want {
		if rows[m] != w {
			t.Errorf("%s: %+v, want %+v", m, rows[m], w)
		}
	}
	if len(rows) != len(want) {
		t.Errorf("rows %v", rows)
	}
	if note := testutil.ByTestID(d, "spend-unpriced").Text(); !strings.Contains(note, "1 model") {
		t.Errorf("the total does not say a model was left out: %q", note)
	}
	// The price table lists the defaults, none of them from the environment.
	price := testutil.ByTestID(d, "price-table").Find(`tr[data-model="gpt-4o-mini"]`)
	if in, out := strings.TrimSpace(price.Find("[data-input]").Text()), strings.TrimSpace(price.Find("[data-output]").Text()); in != "$0.15" || out != "$0.60" {
		t.Errorf("gpt-4o-mini price %q / %q", in, out)
	}
	if testutil.ByTestID(d, "price-table").Find("[data-from-env]").Length() != 0 {
		t.Error("a default price is marked as set in the environment")
	}

	// Money follows the page's language; tokens stay beside it.
	for lang, wantMonth := range map[string]string{"zh-Hans": "US$1.14", "zh-Hant": "US$1.14"} {
		res := b.Get(t, "/admin/ai?lang="+lang)
		rows, _ := spendRows(t, res.Body)
		if rows["total"][1].spend != wantMonth || !strings.Contains(rows["total"][1].tokens, "1,308,000") {
			t.Errorf("%s total: %+v", lang, rows["total"])
		}
		if got := rows["house-model"][1].spend; got == "no price set" || got == "" || strings.Contains(got, "0") {
			t.Errorf("%s unpriced model: %q", lang, got)
		}
	}
}

// AI_PRICES replaces a default's price (and adds a model), and the page
// says which prices came from the environment.
func TestAdminAISpendFollowsAIPrices(t *testing.T) {
	a := startAdminApp(t, testutil.WithEnv("AI_PRICES", "gpt-4o-mini=1/2;house-model=10/10"))
	seedSpend(t, a)
	rows, d := spendRows(t, a.admin(t).Get(t, "/admin/ai").Body)
	// 1.2M × $1 + 0.6M × $2; house-model 10k × $10 = $0.10.
	if rows["gpt-4o-mini"][0].spend != "$2.40" || rows["house-model"][0].spend != "$0.10" {
		t.Fatalf("overridden prices not applied: %+v", rows)
	}
	if rows["total"][1].spend != "$3.10" || testutil.ByTestID(d, "spend-unpriced").Length() != 0 {
		t.Fatalf("total %+v", rows["total"])
	}
	if n := testutil.ByTestID(d, "price-table").Find("[data-from-env]").Length(); n != 2 {
		t.Fatalf("%d prices marked as set in the environment, want 2", n)
	}
}

// The system page lists every rate limit in force, saying which ones the
// environment set.
func TestAdminSystemPageListsRateLimits(t *testing.T) {
	a := startAdminApp(t, testutil.WithEnv("RATE_LIMIT_CHART_API", "3000/1m", "RATE_LIMIT_PLACES_API", "off"))
	b := a.admin(t)
	for lang, off := range map[string]string{"en": "off", "zh-Hans": "关闭", "zh-Hant": "關閉"} {
		d := testutil.HTML(t, b.Get(t, "/admin/system?lang="+lang).Body)
		limits := testutil.ByTestID(d, "rate-limits")
		row := func(v string) (string, bool) {
			s := limits.Find(`[data-variable="` + v + `"]`)
			return strings.TrimSpace(s.Find("[data-value]").Contents().First().Text()), s.Find("[data-from-env]").Length() == 1
		}
		for v, want := range map[string]struct {
			setting string
			fromEnv bool
		}{
			"RATE_LIMIT_CHART_API": {"3000/1m", true}, "RATE_LIMIT_PLACES_API": {off, true},
			"RATE_LIMIT_SIGN_IN": {"10/1m", false}, "RATE_LIMIT_REVERSE_API": {"60/1m", false},
			"RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT_IP": {"5/15m", false},
		} {
			if setting, fromEnv := row(v); setting != want.setting || fromEnv != want.fromEnv {
				t.Errorf("%s %s: %q (from env %v), want %+v", lang, v, setting, fromEnv, want)
			}
		}
		if n := limits.Find("[data-variable]").Length(); n != 11 {
			t.Errorf("%s: %d limits listed", lang, n)
		}
	}
}
