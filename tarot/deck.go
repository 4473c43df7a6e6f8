package tarot

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:embed data/*.json
var dataFS embed.FS

// Text is one text in the five languages of the app. English and Chinese
// are kept side by side in cards-*.json and spreads.json; Japanese and
// Korean come from one file per language (cards-a.ja.json …), which a
// translator edits without touching the others.
type Text struct {
	En   string `json:"en"`
	Hans string `json:"zh-Hans"`
	Hant string `json:"zh-Hant"`
	Ja   string `json:"-"`
	Ko   string `json:"-"`
}

// In is the text in lang ("en", "zh-Hans", "zh-Hant", "ja", "ko"); any
// other language, or one the text lacks, gets the English.
func (t Text) In(lang string) string {
	switch lang {
	case "zh-Hans":
		return t.Hans
	case "zh-Hant":
		return t.Hant
	case "ja":
		if t.Ja != "" {
			return t.Ja
		}
	case "ko":
		if t.Ko != "" {
			return t.Ko
		}
	}
	return t.En
}

// set stores s as the text in lang ("ja" or "ko").
func (t *Text) set(lang, s string) {
	if lang == "ja" {
		t.Ja = s
	} else {
		t.Ko = s
	}
}

// Words is a list of words in the five languages.
type Words struct {
	En   []string `json:"en"`
	Hans []string `json:"zh-Hans"`
	Hant []string `json:"zh-Hant"`
	Ja   []string `json:"-"`
	Ko   []string `json:"-"`
}

// In is the list in lang, as Text.In.
func (w Words) In(lang string) []string {
	switch lang {
	case "zh-Hans":
		return w.Hans
	case "zh-Hant":
		return w.Hant
	case "ja":
		if len(w.Ja) > 0 {
			return w.Ja
		}
	case "ko":
		if len(w.Ko) > 0 {
			return w.Ko
		}
	}
	return w.En
}

// set stores ws as the list in lang ("ja" or "ko").
func (w *Words) set(lang string, ws []string) {
	if lang == "ja" {
		w.Ja = ws
	} else {
		w.Ko = ws
	}
}

// overlayLangs are the languages kept in files of their own.
var overlayLangs = [2]string{"ja", "ko"}

// Arcana.
const (
	Major = "major"
	Minor = "minor"
)

// Suits, in deck order.
var Suits = [4]string{"wands", "cups", "swords", "pentacles"}

// majorIDs are the 22 major arcana in Rider–Waite–Smith order, numbered
// 0 (the Fool) to 21 (the World).
var majorIDs = [22]string{
	"fool", "magician", "high-priestess", "empress", "emperor", "hierophant",
	"lovers", "chariot", "strength", "hermit", "wheel-of-fortune", "justice",
	"hanged-man", "death", "temperance", "devil", "tower", "star", "moon",
	"sun", "judgement", "world",
}

// Ranks of a suit, numbered 1 (ace) to 14 (king).
var Ranks = [14]string{
	"ace", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "page", "knight", "queen", "king",
}

// Card is one card of the deck.
type Card struct {
	ID     string // "fool", "ace-of-cups"
	Arcana string // Major or Minor
	Suit   string // "" for the major arcana
	// Number: 0–21 for the major arcana (RWS), 1–14 (ace to king) in a suit.
	Number   int
	Order    int // 0–77, the card's place in Deck
	Name     Text
	Keywords Words
	Upright  Text
	Reversed Text
}

// Meaning is the card's meaning upright or reversed.
func (c *Card) Meaning(reversed bool) Text {
	if reversed {
		return c.Reversed
	}
	return c.Upright
}

// Rank is the rank key of a minor arcanum ("ace" … "king"); "" for a
// major one.
func (c *Card) Rank() string {
	if c.Arcana != Minor {
		return ""
	}
	return Ranks[c.Number-1]
}

// cardText is a card as the data files write it.
type cardText struct {
	ID       string `json:"id"`
	Name     Text   `json:"name"`
	Keywords Words  `json:"keywords"`
	Upright  Text   `json:"upright"`
	Reversed Text   `json:"reversed"`
}

// Position is one place of a spread.
type Position struct {
	Name, Meaning Text
}

// Spread is a layout of cards.
type Spread struct {
	ID        string // "single", "three-card", "celtic-cross", "relationship"
	Name      Text
	Positions []Position
}

// spreadIDs are the spreads in the order the page offers them.
var spreadIDs = [4]string{"single", "three-card", "celtic-cross", "relationship"}

type tables struct {
	deck    []Card
	byID    map[string]int
	spreads []Spread
}

// load reads the embedded data once; the files are part of the binary, so
// a bad file is a programming error (TestDeck reads them in every build).
var load = sync.OnceValue(func() *tables {
	t, err := parse()
	if err != nil {
		panic("tarot: " + err.Error())
	}
	return t
})

func parse() (*tables, error) {
	texts := map[string]cardText{}
	for _, f := range []string{"data/cards-a.json", "data/cards-b.json"} {
		raw, err := dataFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var cs []cardText
		if err := json.Unmarshal(raw, &cs); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, c := range cs {
			if _, dup := texts[c.ID]; dup {
				return nil, fmt.Errorf("%s: card %q twice", f, c.ID)
			}
			texts[c.ID] = c
		}
	}
	t := &tables{byID: map[string]int{}}
	add := func(id, arcana, suit string, n int) error {
		ct, ok := texts[id]
		if !ok {
			return fmt.Errorf("card %q missing from the data", id)
		}
		delete(texts, id)
		t.byID[id] = len(t.deck)
		t.deck = append(t.deck, Card{ID: id, Arcana: arcana, Suit: suit, Number: n, Order: len(t.deck),
			Name: ct.Name, Keywords: ct.Keywords, Upright: ct.Upright, Reversed: ct.Reversed})
		return nil
	}
	for n, id := range majorIDs {
		if err := add(id, Major, "", n); err != nil {
			return nil, err
		}
	}
	for _, s := range Suits {
		for i, r := range Ranks {
			if err := add(r+"-of-"+s, Minor, s, i+1); err != nil {
				return nil, err
			}
		}
	}
	for id := range texts {
		return nil, fmt.Errorf("unknown card %q in the data", id)
	}

	raw, err := dataFS.ReadFile("data/spreads.json")
	if err != nil {
		return nil, err
	}
	var sp map[string]json.RawMessage
	if err := json.Unmarshal(raw, &sp); err != nil {
		return nil, fmt.Errorf("spreads.json: %w", err)
	}
	var names map[string]Text
	if err := json.Unmarshal(sp["names"], &names); err != nil {
		return nil, fmt.Errorf("spreads.json names: %w", err)
	}
	for _, id := range spreadIDs {
		var ps []Position
		if err := json.Unmarshal(sp[id], &ps); err != nil || len(ps) == 0 {
			return nil, fmt.Errorf("spreads.json %s: positions missing (%v)", id, err)
		}
		t.spreads = append(t.spreads, Spread{ID: id, Name: names[id], Positions: ps})
	}
	for _, lang := range overlayLangs {
		if err := t.overlay(lang); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// overlay reads lang's texts (cards-a.<lang>.json, cards-b.<lang>.json,
// spreads.<lang>.json: the same shapes with one string per text) into the
// deck and the spreads. Every card, spread and position must have them,
// so that a half-translated deck fails the build's tests.
func (t *tables) overlay(lang string) error {
	seen := 0
	for _, f := range []string{"data/cards-a." + lang + ".json", "data/cards-b." + lang + ".json"} {
		raw, err := dataFS.ReadFile(f)
		if err != nil {
			return err
		}
		var cs []struct {
			ID                      string
			Name, Upright, Reversed string
			Keywords                []string
		}
		if err := json.Unmarshal(raw, &cs); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		for _, c := range cs {
			i, ok := t.byID[c.ID]
			if !ok {
				return fmt.Errorf("%s: unknown card %q", f, c.ID)
			}
			d := &t.deck[i]
			if c.Name == "" || c.Upright == "" || c.Reversed == "" || len(c.Keywords) != len(d.Keywords.En) {
				return fmt.Errorf("%s: card %q lacks a text or has %d keywords, want %d", f, c.ID, len(c.Keywords), len(d.Keywords.En))
			}
			d.Name.set(lang, c.Name)
			d.Upright.set(lang, c.Upright)
			d.Reversed.set(lang, c.Reversed)
			d.Keywords.set(lang, c.Keywords)
			seen++
		}
	}
	if seen != len(t.deck) {
		return fmt.Errorf("%s: %d of %d cards translated", lang, seen, len(t.deck))
	}
	f := "data/spreads." + lang + ".json"
	raw, err := dataFS.ReadFile(f)
	if err != nil {
		return err
	}
	var sp map[string]json.RawMessage
	if err := json.Unmarshal(raw, &sp); err != nil {
		return fmt.Errorf("%s: %w", f, err)
	}
	var names map[string]string
	if err := json.Unmarshal(sp["names"], &names); err != nil {
		return fmt.Errorf("%s names: %w", f, err)
	}
	for i := range t.spreads {
		s := &t.spreads[i]
		var ps []struct{ Name, Meaning string }
		if err := json.Unmarshal(sp[s.ID], &ps); err != nil || len(ps) != len(s.Positions) || names[s.ID] == "" {
			return fmt.Errorf("%s %s: want a name and %d positions (%v)", f, s.ID, len(s.Positions), err)
		}
		s.Name.set(lang, names[s.ID])
		for j, p := range ps {
			if p.Name == "" || p.Meaning == "" {
				return fmt.Errorf("%s %s: position %d lacks a text", f, s.ID, j+1)
			}
			s.Positions[j].Name.set(lang, p.Name)
			s.Positions[j].Meaning.set(lang, p.Meaning)
		}
	}
	return nil
}

// UnmarshalJSON reads a position as spreads.json writes it.
func (p *Position) UnmarshalJSON(b []byte) error {
	var v struct {
		Name    Text `json:"name"`
		Meaning Text `json:"meaning"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	p.Name, p.Meaning = v.Name, v.Meaning
	return nil
}

// Deck is the 78 cards in deck order: the major arcana 0–21, then wands,
// cups, swords and pentacles, each ace to king. The slice is shared: do
// not modify it.
func Deck() []Card { return load().deck }

// CardByID is the card with the id ("fool", "ace-of-cups").
func CardByID(id string) (*Card, bool) {
	t := load()
	i, ok := t.byID[strings.TrimSpace(id)]
	if !ok {
		return nil, false
	}
	return &t.deck[i], true
}

// Spreads are the spreads in the order the page offers them. Shared: do
// not modify.
func Spreads() []Spread { return load().spreads }

// SpreadByID is the spread with the id ("single", "three-card",
// "celtic-cross", "relationship").
func SpreadByID(id string) (*Spread, bool) {
	t := load()
	for i := range t.spreads {
		if t.spreads[i].ID == id {
			return &t.spreads[i], true
		}
	}
	return nil, false
}
