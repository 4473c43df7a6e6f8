package tarotinput

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/tarot"
)

// reversedMark follows a reversed card's id in the cards parameter.
const reversedMark = ".r"

// Draw is a draw with its question: what a canonical query describes.
type Draw struct {
	tarot.Draw
	Question string
}

// Asked reports whether a query names a draw at all (its cards): the
// page shows its form when it does not.
func Asked(args func(string) string) bool { return args("cards") != "" }

// Preset is the form's starting values from a query without cards
// ("/tarot?spread=celtic-cross&question=…", as a link may open it): the
// spread and question when they are valid, else the defaults.
func Preset(args func(string) string) Request {
	on := true
	r, _, ferr := Request{Spread: args("spread"), Question: args("question"), Reversals: &on}.Validate()
	if ferr != nil {
		return Request{Spread: DefaultSpread, Reversals: &on}
	}
	return r
}

// FromQuery reads a draw from URL query parameters: spread, cards (ids
// separated by commas, ".r" after a reversed one), reversals ("0" when
// reversals were off; "1" or absent when on) and question. Unknown
// spreads or cards, the wrong number of cards, a card twice and a reversed
// card with reversals off are refused by field.
func FromQuery(args func(string) string) (Draw, *bazi.FieldError) {
	var revOn bool
	switch args("reversals") {
	case "", "1", "true", "on":
		revOn = true
	case "0", "false", "off":
	default:
		return Draw{}, fieldErr("reversals", "invalid_value", `Reversals must be "1" or "0".`)
	}
	if strings.TrimSpace(args("spread")) == "" {
		return Draw{}, fieldErr("spread", "required", "The spread is required.")
	}
	r, s, ferr := Request{Spread: args("spread"), Question: args("question")}.Validate()
	if ferr != nil {
		return Draw{}, ferr
	}
	list := args("cards")
	if strings.TrimSpace(list) == "" {
		return Draw{}, fieldErr("cards", "required", "The cards drawn are required.")
	}
	parts := strings.Split(list, ",")
	if len(parts) != len(s.Positions) {
		return Draw{}, fieldErr("cards", "wrong_count", fmt.Sprintf("The %s spread takes %d cards, not %d.", s.ID, len(s.Positions), len(parts)))
	}
	cards := make([]*tarot.Card, len(parts))
	rev := make([]bool, len(parts))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		id, reversed := strings.CutSuffix(p, reversedMark)
		c, ok := tarot.CardByID(id)
		if !ok {
			return Draw{}, fieldErr("cards", "unknown_card", fmt.Sprintf("There is no card %q in the deck.", truncate(id, 40)))
		}
		if reversed && !revOn {
			return Draw{}, fieldErr("cards", "invalid_value", fmt.Sprintf("The card %q is reversed, but reversals are off.", id))
		}
		cards[i], rev[i] = c, reversed
	}
	d, err := tarot.Lay(s, cards, rev, revOn)
	if err != nil {
		return Draw{}, fieldErr("cards", "duplicate_card", "A card can be drawn only once.")
	}
	return Draw{Draw: d, Question: r.Question}, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// ParseQuery reads a stored or linked draw query (no leading "?").
func ParseQuery(query string) (Draw, error) {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return Draw{}, fmt.Errorf("tarot query: %w", err)
	}
	d, ferr := FromQuery(vals.Get)
	if ferr != nil {
		return Draw{}, ferr
	}
	return d, nil
}

// Query is the draw's canonical URL query (no leading "?"): spread,
// cards, reversals=0 when reversals were off, and the question when there
// is one. FromQuery reads it back unchanged.
func (d Draw) Query() string {
	var b strings.Builder
	b.WriteString("spread=")
	b.WriteString(d.Spread.ID)
	b.WriteString("&cards=")
	for i, c := range d.Cards {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(c.Card.ID) // ids are [a-z-]: nothing to escape
		if c.Reversed {
			b.WriteString(reversedMark)
		}
	}
	if !d.Reversals {
		b.WriteString("&reversals=0")
	}
	if d.Question != "" {
		b.WriteString("&question=")
		b.WriteString(url.QueryEscape(d.Question))
	}
	return b.String()
}
