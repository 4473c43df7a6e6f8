package views

import "net/url"

// AstroTransitsView is GET /astrology/transits: one day's transits to a
// natal chart.
type AstroTransitsView struct {
	Name     string
	Day      string // YYYY-MM-DD, the day shown
	DayTyped string // a refused day as typed, kept in the input
	DayError string // translated; shown next to the day input
	Zone     string // the birthplace's zone, whose calendar the day is on
	Sun      string // the transiting Sun's and Moon's signs, translated
	Moon     string
	HasTime  bool
	ChartURL string // the natal chart page
	PrevURL  string
	NextURL  string
	// Hidden are the birth parameters the day form sends along.
	Hidden []AstroHidden
	// Query is the canonical query with the day, for the reading panel.
	Query       string
	Rows        []AstroTransitRow
	ReadingLeft *ReadingAllowance
}

// AstroHidden is one hidden form field.
type AstroHidden struct{ Name, Value string }

// AstroTransitRow is one transit, translated.
type AstroTransitRow struct {
	Transit, Aspect, Natal string
	Kind                   string // conjunction … (for styling and tests)
	Orb                    string
	State                  string // applying / separating
	Retro                  string // "" or "retrograde"
	Exact                  string // the date it is exact, or a note
	Slow                   bool   // Jupiter to Pluto
}

// AstroSynastryView is GET /astrology/synastry.
type AstroSynastryView struct {
	A, B         string            // as typed
	Errors       map[string]string // by field: a, b
	NameA, NameB string
	Overall      int
	Parts        []AstroSynPart
	Rows         []AstroSynRow
	CompatURL    string
}

// AstroSynPart is one scored part.
type AstroSynPart struct {
	Key, Title, Rule string
	Score, Weight    int
	Rules            []string
}

// AstroSynRow is one contact between the charts.
type AstroSynRow struct{ A, Aspect, B, Kind, Orb string }

// SynastryURL is the synastry page of the two chart queries of the
// compatibility report.
func SynastryURL(qa, qb string) string {
	return "/astrology/synastry?" + url.Values{"a": {qa}, "b": {qb}}.Encode()
}

// DailyTransits is the daily page's transits section.
type DailyTransits struct {
	Day   string
	URL   string
	Lines []string
}

func synDescribedBy(v AstroSynastryView, field string) string {
	if v.Errors[field] != "" {
		return "error-syn-" + field
	}
	return ""
}
