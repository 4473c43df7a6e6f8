package tarotinput

import (
	"bytes"
	"errors"
	"flag"
	"github.com/bazi-master/bazi-master/internal/question"
	"io"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/bazi"
)

func rnd(n byte) io.Reader {
	var seed [32]byte
	seed[0] = n
	return rand.NewChaCha8(seed)
}

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var fe *bazi.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("%v is not a field error", err)
	}
	return fe.Field + "/" + fe.Code
}

func TestQueryRoundTrip(t *testing.T) {
	q := "spread=three-card&cards=fool,ace-of-cups.r,tower&question=Will+it+rain%3F"
	d, err := ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	if d.Spread.ID != "three-card" || len(d.Cards) != 3 || !d.Cards[1].Reversed || d.Cards[2].Card.ID != "tower" || d.Question != "Will it rain?" || !d.Reversals {
		t.Fatalf("%+v", d)
	}
	if got := d.Query(); got != q {
		t.Errorf("Query() = %q, want %q", got, q)
	}
	// Reversals off, no question.
	d, err = ParseQuery("spread=single&cards=world&reversals=0")
	if err != nil || d.Reversals || d.Query() != "spread=single&cards=world&reversals=0" {
		t.Fatalf("%+v %v %q", d, err, d.Query())
	}
}

func TestShuffleGivesAQueryThatReadsBack(t *testing.T) {
	for _, s := range []string{"single", "three-card", "celtic-cross", "relationship"} {
		for _, rev := range []bool{true, false} {
			d, err := Request{Spread: s, Question: "  love? 爱情？ & more  ", Reversals: &rev}.Shuffle(rnd(7))
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseQuery(d.Query())
			if err != nil {
				t.Fatalf("%s: %v", d.Query(), err)
			}
			if back.Query() != d.Query() || back.Question != "love? 爱情？ & more" || back.Reversals != rev {
				t.Errorf("%q → %q", d.Query(), back.Query())
			}
		}
	}
}

func TestQueryRefusals(t *testing.T) {
	long := strings.Repeat("問", 301)
	for q, want := range map[string]string{
		"cards=fool,magician,tower":                                  "spread/required",
		"spread=horseshoe&cards=fool":                                "spread/invalid_value",
		"spread=three-card":                                          "cards/required",
		"spread=three-card&cards=fool,magician":                      "cards/wrong_count",
		"spread=three-card&cards=fool,joker,tower":                   "cards/unknown_card",
		"spread=three-card&cards=fool,fool,tower":                    "cards/duplicate_card",
		"spread=three-card&cards=fool,magician.r,tower&reversals=0":  "cards/invalid_value",
		"spread=single&cards=fool&reversals=maybe":                   "reversals/invalid_value",
		"spread=single&cards=fool&question=" + url.QueryEscape(long): "question/too_long",
		"spread=single&cards=fool&question=a%00b":                    "question/invalid_text",
		"spread=single&cards=fool&question=%ff":                      "question/invalid_text",
	} {
		_, err := ParseQuery(q)
		if err == nil {
			t.Errorf("%s: accepted", q)
			continue
		}
		if got := fieldOf(t, err); got != want {
			t.Errorf("%s: %s, want %s", q, got, want)
		}
	}
	// 300 characters are fine, and spaces around are trimmed.
	if _, err := ParseQuery("spread=single&cards=fool&question=" + url.QueryEscape("  "+strings.Repeat("問", 300)+" ")); err != nil {
		t.Error(err)
	}
}

func TestDecodeJSON(t *testing.T) {
	r, ferr := DecodeJSON([]byte(`{"spread":"celtic-cross","question":"q","reversals":false}`))
	if ferr != nil || r.Spread != "celtic-cross" || r.ReversalsOn() {
		t.Fatalf("%+v %v", r, ferr)
	}
	r, ferr = DecodeJSON([]byte(`{}`))
	if ferr != nil || !r.ReversalsOn() {
		t.Fatal(ferr)
	}
	if r, _, _ = r.Validate(); r.Spread != DefaultSpread {
		t.Errorf("default spread %q", r.Spread)
	}
	for body, field := range map[string]string{
		`{"spred":"single"}`:          "spred",
		`{"spread":3}`:                "spread",
		`{"reversals":"yes"}`:         "reversals",
		`{"spread":"a","spread":"b"}`: "spread",
	} {
		if _, ferr := DecodeJSON([]byte(body)); ferr == nil || ferr.Field != field {
			t.Errorf("%s: %v, want field %s", body, ferr, field)
		}
	}
}

func TestFormAndFlags(t *testing.T) {
	r := FromForm(url.Values{"spread": {"single"}}.Get)
	if r.ReversalsOn() {
		t.Error("an unchecked box means no reversals")
	}
	fs := flag.NewFlagSet("tarot", flag.ContinueOnError)
	get := Flags(fs)
	if err := fs.Parse([]string{"--spread", "relationship", "--no-reversals", "--question", "q"}); err != nil {
		t.Fatal(err)
	}
	if r := get(); r.Spread != "relationship" || r.ReversalsOn() || r.Question != "q" {
		t.Errorf("%+v", r)
	}
	if FlagName("reversals") != "--no-reversals" || FlagName("spread") != "--spread" {
		t.Error("flag names")
	}
}

func TestDocument(t *testing.T) {
	d, _ := ParseQuery("spread=three-card&cards=fool,ace-of-cups.r,tower")
	doc := d.Document("zh-Hans")
	if doc.Spread != "three-card" || len(doc.Cards) != 3 || doc.Cards[1].Position != 2 || !doc.Cards[1].Reversed || doc.Query != d.Query() {
		t.Fatalf("%+v", doc)
	}
	if c := doc.Cards[1]; c.Meaning != d.Cards[1].Card.Reversed.Hans || c.PositionName != d.Spread.Positions[1].Name.Hans {
		t.Errorf("%+v", c)
	}
	if cs := CardsDocument("en"); len(cs) != 78 || cs[0].ID != "fool" || cs[0].Arcana != "major" || cs[77].Suit != "pentacles" || cs[77].Number != 14 {
		t.Errorf("%+v", cs[0])
	}
}

func TestShuffleReaderFailure(t *testing.T) {
	if _, err := (Request{}).Shuffle(bytes.NewReader(nil)); err == nil {
		t.Error("no error from an empty reader")
	}
	if _, err := (Request{Spread: "x"}).Shuffle(rnd(1)); fieldOf(t, err) != "spread/invalid_value" {
		t.Error(err)
	}
}

// FuzzParseQuery: any query is a draw whose canonical query reads back
// to itself, or a field error; never a panic.
func FuzzParseQuery(f *testing.F) {
	f.Add("spread=three-card&cards=fool,ace-of-cups.r,tower&question=why")
	f.Add("spread=celtic-cross&cards=fool,magician,high-priestess,empress,emperor,hierophant,lovers,chariot,strength,hermit&reversals=0")
	f.Add("spread=single&cards=fool.r.r&question=%00")
	f.Add("spread=single&cards=,&reversals=1")
	f.Fuzz(func(t *testing.T, q string) {
		d, err := ParseQuery(q)
		if err != nil {
			var fe *bazi.FieldError
			if _, perr := url.ParseQuery(q); perr == nil && !errors.As(err, &fe) {
				t.Fatalf("%q: refusal %v is not a field error", q, err)
			}
			return
		}
		canon := d.Query()
		back, err := ParseQuery(canon)
		if err != nil {
			t.Fatalf("canonical %q does not parse: %v", canon, err)
		}
		if back.Query() != canon {
			t.Fatalf("round trip %q → %q", canon, back.Query())
		}
		if !utf8.ValidString(d.Question) || utf8.RuneCountInString(d.Question) > question.Max {
			t.Fatalf("question %q", d.Question)
		}
	})
}

// FuzzDecodeJSON: any body is refused by field or shuffles to a draw
// whose query reads back.
func FuzzDecodeJSON(f *testing.F) {
	f.Add(`{"spread":"celtic-cross","question":"q","reversals":true}`)
	f.Add(`{"spread":"single"}`)
	f.Add(`{"spread":"x","reversals":1}`)
	f.Add(`{"question":"\u0000"}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, ferr := DecodeJSON([]byte(body))
		if ferr != nil {
			return
		}
		d, err := r.Shuffle(rnd(9))
		if err != nil {
			fieldOf(t, err)
			return
		}
		if _, err := ParseQuery(d.Query()); err != nil {
			t.Fatalf("%q: %v", d.Query(), err)
		}
	})
}

func TestAskedAndPreset(t *testing.T) {
	if Asked(url.Values{"spread": {"single"}}.Get) || !Asked(url.Values{"cards": {"fool"}}.Get) {
		t.Error("Asked")
	}
	if r := Preset(url.Values{"spread": {"relationship"}, "question": {" q "}}.Get); r.Spread != "relationship" || r.Question != "q" || !r.ReversalsOn() {
		t.Errorf("%+v", r)
	}
	if r := Preset(url.Values{"spread": {"nope"}, "question": {"q"}}.Get); r.Spread != DefaultSpread || r.Question != "" {
		t.Errorf("%+v", r)
	}
	if _, err := ParseQuery("spread=three-card"); fieldOf(t, err) != "cards/required" {
		t.Error(err)
	}
}
