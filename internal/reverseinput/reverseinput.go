// Package reverseinput is the reverse lookup's request codec: the four
// pillars, year range and 子-hour rule as people type them (甲子, "jia zi",
// "Jiazi", "jiǎzǐ") read into one validated request, spelled back as the
// canonical query, and, when no birth time has the pillars, the rule that
// rules them out (五虎遁, 五鼠遁, or the calendar itself). Pure: no I/O.
package reverseinput

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/bazi-master/bazi-master/bazi"
)

// Fields of the form and the query, in order.
var Fields = []string{"year", "month", "day", "hour", "from", "to", "zi_rule", "gender"}

// maxFieldLen bounds what is read of a field: a pillar's longest spelling
// ("shēn"+"chǒu" with spaces) is far shorter.
const maxFieldLen = 40

// Form is the form's fields as typed, kept to show them again.
type Form struct {
	Year, Month, Day, Hour string
	From, To               string
	ZiRule                 string
	Gender                 string
}

// FromQuery reads the form's fields (args gives them), trimmed.
func FromQuery(args func(string) string) Form {
	get := func(k string) string {
		v := strings.TrimSpace(args(k))
		if len(v) > maxFieldLen*4 {
			v = v[:maxFieldLen*4]
		}
		return strings.ToValidUTF8(v, "")
	}
	return Form{Year: get("year"), Month: get("month"), Day: get("day"), Hour: get("hour"),
		From: get("from"), To: get("to"), ZiRule: get("zi_rule"), Gender: get("gender")}
}

// Given is true when any pillar was entered: the page then looks up.
func (f Form) Given() bool { return f.Year != "" || f.Month != "" || f.Day != "" || f.Hour != "" }

// Request is a validated lookup.
type Request struct {
	Pillars  bazi.Pillars
	From, To int
	Zi       bazi.ZiRule
	// Gender is "male" (the default) or "female": the pillars do not
	// depend on it, but the chart links need it for the luck pillars.
	Gender string
}

// FieldError is why one field was refused: Code is required,
// invalid_ganzhi, invalid_year (Args: the bounds) or order (from after to),
// invalid_value (zi_rule).
type FieldError struct {
	Field, Code string
	Args        []any
}

// Parse validates the form: every field's problem, or the request.
func (f Form) Parse() (Request, []FieldError) {
	var r Request
	var errs []FieldError
	for _, p := range []struct {
		name, v  string
		dst      *bazi.GanZhi
		optional bool
	}{{"year", f.Year, &r.Pillars.Year, false}, {"month", f.Month, &r.Pillars.Month, false},
		{"day", f.Day, &r.Pillars.Day, false}, {"hour", f.Hour, &r.Pillars.Hour, true}} {
		if p.v == "" {
			if !p.optional {
				errs = append(errs, FieldError{Field: p.name, Code: "required"})
			}
			continue
		}
		g, ok := ParsePillar(p.v)
		if !ok {
			errs = append(errs, FieldError{Field: p.name, Code: "invalid_ganzhi"})
			continue
		}
		*p.dst = g
		if p.name == "hour" {
			r.Pillars.HasHour = true
		}
	}
	r.From, r.To = bazi.MinYear, bazi.MaxYear
	rangeOK := true
	for _, y := range []struct {
		name, v string
		dst     *int
	}{{"from", f.From, &r.From}, {"to", f.To, &r.To}} {
		if y.v == "" {
			continue
		}
		n, err := strconv.Atoi(y.v)
		if err != nil || n < bazi.MinYear || n > bazi.MaxYear {
			errs = append(errs, FieldError{Field: y.name, Code: "invalid_year", Args: []any{bazi.MinYear, bazi.MaxYear}})
			rangeOK = false
			continue
		}
		*y.dst = n
	}
	if rangeOK && r.From > r.To {
		errs = append(errs, FieldError{Field: "from", Code: "order"})
	}
	switch f.ZiRule {
	case "", "next-day":
	case "split":
		r.Zi = bazi.ZiSplit
	default:
		errs = append(errs, FieldError{Field: "zi_rule", Code: "invalid_value"})
	}
	switch strings.ToLower(f.Gender) {
	case "", "male", "m":
		r.Gender = "male"
	case "female", "f":
		r.Gender = "female"
	default:
		errs = append(errs, FieldError{Field: "gender", Code: "invalid_value"})
	}
	return r, errs
}

// Query is the lookup's canonical query (no leading "?"): pillars in
// characters, the range and rule only when not the defaults, so the URL
// of a lookup is short and shareable.
func (r Request) Query() string {
	v := url.Values{}
	v.Set("year", r.Pillars.Year.String())
	v.Set("month", r.Pillars.Month.String())
	v.Set("day", r.Pillars.Day.String())
	if r.Pillars.HasHour {
		v.Set("hour", r.Pillars.Hour.String())
	}
	if r.From != bazi.MinYear {
		v.Set("from", strconv.Itoa(r.From))
	}
	if r.To != bazi.MaxYear {
		v.Set("to", strconv.Itoa(r.To))
	}
	if r.Zi == bazi.ZiSplit {
		v.Set("zi_rule", "split")
	}
	if r.Gender == "female" {
		v.Set("gender", "female")
	}
	return v.Encode()
}

// byPinyin maps a pair's toneless pinyin run together ("jiazi") to the pair.
var byPinyin = func() map[string]bazi.GanZhi {
	m := make(map[string]bazi.GanZhi, bazi.NumGanZhi)
	for i := 0; i < bazi.NumGanZhi; i++ {
		g := bazi.GanZhi(i)
		key := foldPinyin(g.Stem().Pinyin() + g.Branch().Pinyin())
		if _, dup := m[key]; dup {
			panic("reverseinput: two pairs spell " + key) // the tables are constants: caught by any test
		}
		m[key] = g
	}
	return m
}()

// toneless maps the pinyin vowels with tone marks to plain letters.
var toneless = strings.NewReplacer(
	"ā", "a", "á", "a", "ǎ", "a", "à", "a", "ē", "e", "é", "e", "ě", "e", "è", "e",
	"ī", "i", "í", "i", "ǐ", "i", "ì", "i", "ō", "o", "ó", "o", "ǒ", "o", "ò", "o",
	"ū", "u", "ú", "u", "ǔ", "u", "ù", "u", "ǖ", "v", "ǘ", "v", "ǚ", "v", "ǜ", "v", "ü", "v",
)

// foldPinyin lower-cases s, drops tone marks and tone numbers, and every
// space, hyphen, apostrophe or other separator.
func foldPinyin(s string) string {
	s = toneless.Replace(strings.ToLower(s))
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParsePillar reads one of the sixty pairs: two characters (甲子; spaces
// between them allowed) or pinyin with or without tones, spaces or
// capitals ("jia zi", "Jiazi", "jiǎ-zǐ", "jia3zi3").
func ParsePillar(s string) (bazi.GanZhi, bool) {
	if len(s) > maxFieldLen*4 {
		return 0, false
	}
	compact := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '·' || r == '-' {
			return -1
		}
		return r
	}, s)
	if g, ok := bazi.ParseGanZhi(compact); ok {
		return g, true
	}
	for _, r := range compact {
		if r > unicode.MaxASCII && !strings.ContainsRune("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ", r) {
			return 0, false // neither the pair's characters nor pinyin
		}
	}
	g, ok := byPinyin[foldPinyin(compact)]
	return g, ok
}
