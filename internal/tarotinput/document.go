package tarotinput

import "github.com/bazi-master/bazi-master/tarot"

// Document is a draw as POST /api/v1/tarot/draw and `bazi-master tarot`
// give it, its texts in one language.
type Document struct {
	Spread     string   `json:"spread"` // the spread's id
	SpreadName string   `json:"spread_name"`
	Question   string   `json:"question"`
	Reversals  bool     `json:"reversals"`
	Cards      []DocPos `json:"cards"`
	Query      string   `json:"query"` // the canonical query of the draw (the page's /tarot?…)
}

// DocPos is one card in its position.
type DocPos struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	Position        int      `json:"position"` // 1-based, as the spread counts them
	PositionName    string   `json:"position_name"`
	PositionMeaning string   `json:"position_meaning"`
	Reversed        bool     `json:"reversed"`
	Meaning         string   `json:"meaning"` // upright or reversed, as it fell
	Keywords        []string `json:"keywords"`
}

// Document is the draw as the API writes it, in lang ("en", "zh-Hans",
// "zh-Hant"; others get English).
func (d Draw) Document(lang string) Document {
	doc := Document{Spread: d.Spread.ID, SpreadName: d.Spread.Name.In(lang), Question: d.Question,
		Reversals: d.Reversals, Cards: make([]DocPos, len(d.Cards)), Query: d.Query()}
	for i, c := range d.Cards {
		p := d.Spread.Positions[c.Position]
		doc.Cards[i] = DocPos{ID: c.Card.ID, Name: c.Card.Name.In(lang), Position: c.Position + 1,
			PositionName: p.Name.In(lang), PositionMeaning: p.Meaning.In(lang), Reversed: c.Reversed,
			Meaning: c.Card.Meaning(c.Reversed).In(lang), Keywords: c.Card.Keywords.In(lang)}
	}
	return doc
}

// CardDoc is one card as GET /api/v1/tarot/cards lists it.
type CardDoc struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Arcana   string   `json:"arcana"` // "major" or "minor"
	Suit     string   `json:"suit"`   // "" for the major arcana
	Number   int      `json:"number"` // 0–21 for the major arcana, 1 (ace) to 14 (king) in a suit
	Keywords []string `json:"keywords"`
	Upright  string   `json:"upright"`
	Reversed string   `json:"reversed"`
}

// CardsDocument is the deck in lang, in deck order.
func CardsDocument(lang string) []CardDoc {
	deck := tarot.Deck()
	out := make([]CardDoc, len(deck))
	for i := range deck {
		c := &deck[i]
		out[i] = CardDoc{ID: c.ID, Name: c.Name.In(lang), Arcana: c.Arcana, Suit: c.Suit, Number: c.Number,
			Keywords: c.Keywords.In(lang), Upright: c.Upright.In(lang), Reversed: c.Reversed.In(lang)}
	}
	return out
}
