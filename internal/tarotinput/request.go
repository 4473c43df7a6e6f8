// Package tarotinput is the Tarot request codec. Two things travel:
//
//   - a Request, what someone asks for before the cards are shuffled (the
//     spread, the question, whether cards may come out reversed): from the
//     page's form (FromForm), the API's JSON body (DecodeJSON) and the CLI
//     flags (Flags);
//   - a Draw, the cards as they fell, fully described by its canonical
//     query "spread=three-card&cards=fool,ace-of-cups.r,tower&question=…"
//     (".r" marks a reversed card; reversals=0 when reversals were off):
//     FromQuery and ParseQuery read it, Draw.Query writes it.
//
// Every refusal is a *bazi.FieldError naming the field.
package tarotinput

import (
	"flag"
	"io"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/jsonstrict"
	"github.com/bazi-master/bazi-master/internal/question"
	"github.com/bazi-master/bazi-master/tarot"
)

// DefaultSpread is the spread of a request that names none: the API's
// body and the CLI may leave it out, and three cards is the everyday
// spread.
const DefaultSpread = "three-card"

// Request is a draw to be made.
type Request struct {
	Spread   string `json:"spread,omitempty"`
	Question string `json:"question,omitempty"`
	// Reversals: whether a card may come out reversed; nil means yes.
	Reversals *bool `json:"reversals,omitempty"`
}

func fieldErr(field, code, msg string) *bazi.FieldError {
	return &bazi.FieldError{Field: field, Code: code, Message: msg}
}

// ReversalsOn reports whether the request allows reversed cards.
func (r Request) ReversalsOn() bool { return r.Reversals == nil || *r.Reversals }

// Validate checks the request and returns it canonical (spread defaulted,
// question trimmed) with the spread it names.
func (r Request) Validate() (Request, *tarot.Spread, *bazi.FieldError) {
	r.Spread = strings.TrimSpace(r.Spread)
	if r.Spread == "" {
		r.Spread = DefaultSpread
	}
	s, ok := tarot.SpreadByID(r.Spread)
	if !ok {
		return r, nil, fieldErr("spread", "invalid_value", `The spread must be "single", "three-card", "celtic-cross" or "relationship".`)
	}
	q, ferr := question.Clean(r.Question)
	if ferr != nil {
		return r, nil, ferr
	}
	r.Question = q
	return r, s, nil
}

// Shuffle validates the request and draws its cards with randomness from
// rnd (crypto/rand.Reader in production).
func (r Request) Shuffle(rnd io.Reader) (Draw, error) {
	r, s, ferr := r.Validate()
	if ferr != nil {
		return Draw{}, ferr
	}
	d, err := tarot.Shuffle(rnd, s, r.ReversalsOn())
	if err != nil {
		return Draw{}, err
	}
	return Draw{Draw: d, Question: r.Question}, nil
}

// DecodeJSON reads a request from one JSON object, strictly (unknown,
// mistyped and repeated keys are refused by name): the body of
// POST /api/v1/tarot/draw. Values are checked by Validate.
func DecodeJSON(body []byte) (Request, *bazi.FieldError) {
	var r Request
	if e := jsonstrict.Decode(body, &r); e != nil {
		return r, fieldErr(e.Field, e.Code, e.Message)
	}
	return r, nil
}

// FromForm reads the page's form: spread, question, and the reversals
// checkbox (absent when unchecked, as browsers send it).
func FromForm(args func(string) string) Request {
	on := args("reversals") != ""
	return Request{Spread: args("spread"), Question: args("question"), Reversals: &on}
}

// Flags registers the request's command-line flags on fs: --spread,
// --question and --no-reversals.
func Flags(fs *flag.FlagSet) func() Request {
	var r Request
	var noRev bool
	fs.StringVar(&r.Spread, "spread", DefaultSpread, "spread: single, three-card, celtic-cross or relationship")
	fs.StringVar(&r.Question, "question", "", "the question asked of the cards (at most 300 characters)")
	fs.BoolVar(&noRev, "no-reversals", false, "draw every card upright")
	return func() Request {
		on := !noRev
		r.Reversals = &on
		return r
	}
}

// FlagName maps a request field name (as in a *bazi.FieldError) to the
// flag that sets it.
func FlagName(field string) string {
	if field == "reversals" {
		return "--no-reversals"
	}
	return "--" + field
}
