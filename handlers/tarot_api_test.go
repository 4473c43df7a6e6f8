package handlers_test

import (
	"strings"
	"testing"
)

type tarotDrawDoc struct {
	Spread    string `json:"spread"`
	Question  string `json:"question"`
	Reversals bool   `json:"reversals"`
	Query     string `json:"query"`
	Cards     []struct {
		ID              string `json:"id"`
		Name            string `json:"name"`
		Position        int    `json:"position"`
		PositionName    string `json:"position_name"`
		PositionMeaning string `json:"position_meaning"`
		Reversed        bool   `json:"reversed"`
		Meaning         string `json:"meaning"`
	} `json:"cards"`
}

func TestTarotAPIListsTheDeck(t *testing.T) {
	app := startAPI(t)
	var doc struct {
		Cards []struct {
			ID, Name, Arcana, Suit string
			Number                 int
			Keywords               []string
			Upright, Reversed      string
		} `json:"cards"`
	}
	res := app.Get(t, "/api/v1/tarot/cards")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	res.JSON(t, &doc)
	if len(doc.Cards) != 78 || doc.Cards[0].ID != "fool" || doc.Cards[0].Name != "The Fool" || doc.Cards[0].Arcana != "major" ||
		doc.Cards[22].ID != "ace-of-wands" || doc.Cards[22].Suit != "wands" || doc.Cards[22].Number != 1 || len(doc.Cards[22].Keywords) < 3 {
		t.Fatalf("%+v", doc.Cards[:1])
	}
	// The language: ?lang= first, then Accept-Language.
	app.Get(t, "/api/v1/tarot/cards?lang=zh-Hant").JSON(t, &doc)
	if doc.Cards[0].Name != "愚者" || doc.Cards[0].Upright == "" {
		t.Errorf("zh-Hant: %+v", doc.Cards[0])
	}
	app.Get(t, "/api/v1/tarot/cards", "Accept-Language", "zh-CN,zh;q=0.9").JSON(t, &doc)
	if c, _ := findCard(doc.Cards, "magician"); c != "魔术师" {
		t.Errorf("zh-Hans magician %q", c)
	}
}

func findCard(cards []struct {
	ID, Name, Arcana, Suit string
	Number                 int
	Keywords               []string
	Upright, Reversed      string
}, id string) (string, bool) {
	for _, c := range cards {
		if c.ID == id {
			return c.Name, true
		}
	}
	return "", false
}

func TestTarotAPIDraws(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/tarot/draw", `{"spread":"celtic-cross","question":"  Where now?  ","reversals":true}`)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var d tarotDrawDoc
	res.JSON(t, &d)
	if d.Spread != "celtic-cross" || d.Question != "Where now?" || len(d.Cards) != 10 || !d.Reversals {
		t.Fatalf("%+v", d)
	}
	seen := map[string]bool{}
	for i, c := range d.Cards {
		if seen[c.ID] || c.Position != i+1 || c.Name == "" || c.PositionName == "" || c.PositionMeaning == "" || c.Meaning == "" {
			t.Errorf("card %d: %+v", i, c)
		}
		seen[c.ID] = true
	}
	if !strings.HasPrefix(d.Query, "spread=celtic-cross&cards=") || !strings.HasSuffix(d.Query, "&question=Where+now%3F") {
		t.Errorf("query %q", d.Query)
	}
	// The query opens the same draw on the page.
	page := app.Get(t, "/tarot?"+d.Query)
	if page.StatusCode != 200 || !strings.Contains(page.Body, d.Cards[0].Name) {
		t.Errorf("page for %q: %d", d.Query, page.StatusCode)
	}

	// Defaults: three cards, reversals on; reversals off means none reversed.
	postJSON(t, app, "/api/v1/tarot/draw", `{}`).JSON(t, &d)
	if d.Spread != "three-card" || len(d.Cards) != 3 || !d.Reversals {
		t.Errorf("defaults %+v", d)
	}
	for range 5 {
		postJSON(t, app, "/api/v1/tarot/draw?lang=zh-Hans", `{"spread":"relationship","reversals":false}`).JSON(t, &d)
		for _, c := range d.Cards {
			if c.Reversed {
				t.Fatalf("reversed with reversals off: %+v", d)
			}
		}
	}
	if len(d.Cards) != 7 || !strings.Contains(d.Query, "reversals=0") {
		t.Errorf("%+v", d)
	}
}

func TestTarotAPIRefusesByField(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ body, field, code string }{
		{`{"spread":"horseshoe"}`, "spread", "invalid_value"},
		{`{"spread":"single","question":"` + strings.Repeat("x", 301) + `"}`, "question", "too_long"},
		{`{"spread":"single","reversals":"yes"}`, "reversals", ""},
		{`{"spread":"single","cards":["fool"]}`, "cards", ""},
	} {
		res := postJSON(t, app, "/api/v1/tarot/draw", tc.body)
		var e struct {
			Error struct{ Code, Field, Message string } `json:"error"`
		}
		res.JSON(t, &e)
		if res.StatusCode != 400 || e.Error.Field != tc.field || (tc.code != "" && e.Error.Code != tc.code) || e.Error.Message == "" {
			t.Errorf("%s: %d %+v", tc.body, res.StatusCode, e)
		}
	}
}
