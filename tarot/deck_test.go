package tarot

import (
	"strings"
	"testing"
)

var langs = []string{"en", "zh-Hans", "zh-Hant", "ja", "ko"}

func TestDeck(t *testing.T) {
	d := Deck()
	if len(d) != 78 {
		t.Fatalf("%d cards, want 78", len(d))
	}
	ids, majors, suits := map[string]bool{}, 0, map[string]int{}
	for i := range d {
		c := &d[i]
		if ids[c.ID] {
			t.Errorf("%s twice", c.ID)
		}
		ids[c.ID] = true
		if c.Order != i {
			t.Errorf("%s: order %d at %d", c.ID, c.Order, i)
		}
		if got, ok := CardByID(c.ID); !ok || got != c {
			t.Errorf("CardByID(%s) = %v, %v", c.ID, got, ok)
		}
		switch c.Arcana {
		case Major:
			if c.Suit != "" || c.Number != i {
				t.Errorf("%s: major with suit %q number %d", c.ID, c.Suit, c.Number)
			}
			majors++
		case Minor:
			suits[c.Suit]++
			if c.Number < 1 || c.Number > 14 || c.ID != c.Rank()+"-of-"+c.Suit {
				t.Errorf("%s: number %d suit %s", c.ID, c.Number, c.Suit)
			}
		default:
			t.Errorf("%s: arcana %q", c.ID, c.Arcana)
		}
		for _, l := range langs {
			for what, s := range map[string]string{"name": c.Name.In(l), "upright": c.Upright.In(l), "reversed": c.Reversed.In(l)} {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s: %s in %s missing", c.ID, what, l)
				}
			}
			if kw := c.Keywords.In(l); len(kw) == 0 {
				t.Errorf("%s: keywords in %s missing", c.ID, l)
			}
		}
	}
	if majors != 22 {
		t.Errorf("%d majors", majors)
	}
	for _, s := range Suits {
		if suits[s] != 14 {
			t.Errorf("%s: %d cards", s, suits[s])
		}
	}
	if len(suits) != 4 {
		t.Errorf("suits %v", suits)
	}
	if c, _ := CardByID("world"); c.Number != 21 {
		t.Errorf("world is %d", c.Number)
	}
	if c, _ := CardByID("king-of-pentacles"); c.Number != 14 || c.Order != 77 {
		t.Errorf("king of pentacles %+v", c)
	}
	if _, ok := CardByID("joker"); ok {
		t.Error("joker found")
	}
}

func TestSpreads(t *testing.T) {
	want := map[string]int{"single": 1, "three-card": 3, "celtic-cross": 10, "relationship": 7}
	if len(Spreads()) != len(want) {
		t.Fatalf("%d spreads", len(Spreads()))
	}
	for id, n := range want {
		s, ok := SpreadByID(id)
		if !ok || len(s.Positions) != n {
			t.Fatalf("%s: %v positions, want %d", id, s, n)
		}
		for _, l := range langs {
			if s.Name.In(l) == "" {
				t.Errorf("%s: name in %s missing", id, l)
			}
			for i, p := range s.Positions {
				if p.Name.In(l) == "" || p.Meaning.In(l) == "" {
					t.Errorf("%s position %d: text in %s missing", id, i+1, l)
				}
			}
		}
	}
	if _, ok := SpreadByID("horseshoe"); ok {
		t.Error("unknown spread found")
	}
}

func TestTextInFallsBackToEnglish(t *testing.T) {
	x := Text{En: "e", Hans: "s", Hant: "t"}
	if x.In("zh-Hans") != "s" || x.In("zh-Hant") != "t" || x.In("fr") != "e" || x.In("") != "e" {
		t.Error(x)
	}
}

// The texts belong to their cards: each card's English name spells its id
// ("The High Priestess" is high-priestess, "Ace of Cups" ace-of-cups), and
// a suit's Chinese names carry the suit's name.
func TestTextsMatchTheirCards(t *testing.T) {
	suitHans := map[string]string{"wands": "权杖", "cups": "圣杯", "swords": "宝剑", "pentacles": "星币"}
	suitHant := map[string]string{"wands": "權杖", "cups": "聖杯", "swords": "寶劍", "pentacles": "星幣"}
	for _, c := range Deck() {
		en := strings.ToLower(strings.TrimPrefix(c.Name.En, "The "))
		if got := strings.ReplaceAll(en, " ", "-"); got != c.ID {
			t.Errorf("%s is named %q", c.ID, c.Name.En)
		}
		if c.Arcana == Minor && (!strings.Contains(c.Name.Hans, suitHans[c.Suit]) || !strings.Contains(c.Name.Hant, suitHant[c.Suit])) {
			t.Errorf("%s is named %q, %q", c.ID, c.Name.Hans, c.Name.Hant)
		}
	}
}
