package views

import (
	"strconv"

	"github.com/bazi-master/bazi-master/tarot"
)

// TarotForm is the Tarot page's form: what was sent, and the refused
// fields' error codes by field ("question": "too_long").
type TarotForm struct {
	Spread    string
	Question  string
	Reversals bool
	Errors    map[string]string
}

// TarotView is a draw as the page shows it.
type TarotView struct {
	Draw     tarot.Draw
	Question string
	// Query is the draw's canonical query (the page's address and what the
	// reading panel posts).
	Query       string
	ReadingLeft *ReadingAllowance
	// Shared is a read-only share link's page: no reading panel.
	Shared bool
	// KeptURL is where a signed-in user finds the draw in their history
	// ("" when it was not kept).
	KeptURL string
}

// tarotError is the translated message of a refused field, "" when the
// field is fine.
func tarotError(p Page, f TarotForm, field string) string {
	if code := f.Errors[field]; code != "" {
		return p.T("tarot.error." + field + "." + code)
	}
	return ""
}

// tarotCount is "3 cards" in the reader's language.
func tarotCount(p Page, n int) string {
	if n == 1 {
		return p.T("tarot.cards_count_one")
	}
	return p.T("tarot.cards_count", n)
}

// tarotSlotClass places a card in its spread's grid (assets/css/input.css)
// and staggers its turn.
func tarotSlotClass(pos int) string {
	n := strconv.Itoa(pos + 1)
	return "tarot-slot tarot-slot-" + n
}

func tarotFlipClass(pos int, reversed bool) string {
	c := "tarot-flip tarot-delay-" + strconv.Itoa(pos+1)
	if reversed {
		c += " tarot-reversed"
	}
	return c
}

func tarotArcanaKey(c *tarot.Card) string {
	if c.Arcana == tarot.Major {
		return "major_arcana"
	}
	return "minor_arcana"
}

// tarotCardAnchor is the id of a card's entry in the list below the table.
func tarotCardAnchor(pos int) string { return "tarot-card-" + strconv.Itoa(pos+1) }
