package ichinginput

import (
	"github.com/bazi-master/bazi-master/iching"
)

// Document is a cast as POST /api/v1/iching and `bazi-master iching` give
// it. Texts carry the classical Chinese (simplified and traditional) and
// an English rendering.
type Document struct {
	Method    string       `json:"method"`
	Question  string       `json:"question"`
	Lines     string       `json:"lines"`    // six digits 6–9, bottom first
	Changing  []int        `json:"changing"` // positions 1–6, bottom up
	Primary   DocHexagram  `json:"primary"`
	Resulting *DocHexagram `json:"resulting"` // null when no line changes
	Nuclear   DocRef       `json:"nuclear"`
	Opposite  DocRef       `json:"opposite"`
	Reversed  DocRef       `json:"reversed"`
	Read      DocRead      `json:"read"`
	Time      *DocTime     `json:"time,omitempty"` // the time method's counts
	At        string       `json:"at,omitempty"`
	TZ        string       `json:"tz,omitempty"`
	Numbers   []int        `json:"numbers,omitempty"`
	Query     string       `json:"query"` // the cast page's query: /iching?{query}
}

// DocRef names a hexagram: its number and its name in Chinese.
type DocRef struct {
	Number int    `json:"number"`
	Name   string `json:"name"` // simplified Chinese, e.g. "乾"
}

// DocHexagram is a hexagram with its texts.
type DocHexagram struct {
	Number   int          `json:"number"`
	Name     string       `json:"name"`
	Names    iching.Names `json:"names"`
	Symbol   string       `json:"symbol"`
	Upper    string       `json:"upper"` // trigram, simplified Chinese
	Lower    string       `json:"lower"`
	Judgment iching.Text  `json:"judgment"`
	Image    iching.Text  `json:"image"`
	Lines    []DocLine    `json:"lines"` // bottom first
	All      *iching.Text `json:"all,omitempty"`
	Gloss    iching.Text  `json:"gloss"`
}

// DocLine is one line text with its traditional label.
type DocLine struct {
	Position int         `json:"position"`
	Label    string      `json:"label"` // 初九 … 上六
	Text     iching.Text `json:"text"`
}

// DocRead says which texts to read and by which rule.
type DocRead struct {
	Rule  string    `json:"rule"` // none, one, two, three, four, five, six, six_all
	Texts []DocPart `json:"texts"`
}

// DocPart is one text to read; the first is the chief one.
type DocPart struct {
	Hexagram string      `json:"hexagram"` // "primary" or "resulting"
	Line     int         `json:"line"`     // 0 the judgment, 1–6 a line, 7 用九/用六
	Label    string      `json:"label"`
	Text     iching.Text `json:"text"`
}

// DocTime is what the time method counted.
type DocTime struct {
	LunarYear  int  `json:"lunar_year"`
	LunarMonth int  `json:"lunar_month"`
	LunarDay   int  `json:"lunar_day"`
	LeapMonth  bool `json:"leap_month"`
	YearBranch int  `json:"year_branch"` // 子 = 1 … 亥 = 12
	HourBranch int  `json:"hour_branch"`
}

func ref(h *iching.Hexagram) DocRef { return DocRef{Number: h.Number, Name: h.Name.Hans} }

func docHexagram(h *iching.Hexagram) DocHexagram {
	d := DocHexagram{
		Number: h.Number, Name: h.Name.Hans, Names: h.Name, Symbol: h.Symbol(),
		Upper: h.Upper().Name("zh-Hans"), Lower: h.Lower().Name("zh-Hans"),
		Judgment: h.Judgment, Image: h.Image, All: h.All, Gloss: h.Gloss,
	}
	for i, t := range h.Lines {
		d.Lines = append(d.Lines, DocLine{Position: i + 1, Label: h.LineLabel(i+1, "zh-Hans"), Text: t})
	}
	return d
}

// Document is the cast's JSON.
func (r *Result) Document() *Document {
	p := r.Cast.Primary()
	d := &Document{
		Method: r.Request.Method, Question: r.Request.Question, Lines: r.Cast.String(),
		Changing: r.Cast.Changing(), Primary: docHexagram(p),
		Nuclear: ref(p.Nuclear()), Opposite: ref(p.Opposite()), Reversed: ref(p.Reversed()),
		Numbers: r.Request.Numbers, Query: r.Request.Query(),
	}
	if d.Changing == nil {
		d.Changing = []int{}
	}
	if res := r.Cast.Resulting(); res != nil {
		h := docHexagram(res)
		d.Resulting = &h
	}
	if r.Request.Method == string(iching.MethodTime) {
		d.At, d.TZ = r.Request.At, r.Request.TZ
	}
	if f := r.Time; f != nil {
		d.Time = &DocTime{LunarYear: f.LunarYear, LunarMonth: f.LunarMonth, LunarDay: f.LunarDay,
			LeapMonth: f.LeapMonth, YearBranch: f.YearBranch, HourBranch: f.HourBranch}
	}
	g := iching.Read(r.Cast)
	d.Read.Rule = g.Rule
	for _, part := range g.Parts {
		label, text := r.Cast.Text(part, "zh-Hans")
		which := "primary"
		if part.From == iching.FromResulting {
			which = "resulting"
		}
		d.Read.Texts = append(d.Read.Texts, DocPart{Hexagram: which, Line: part.Line, Label: label, Text: text})
	}
	return d
}
