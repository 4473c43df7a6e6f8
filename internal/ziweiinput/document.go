package ziweiinput

import (
	"encoding/json"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/places"
	"github.com/bazi-master/bazi-master/ziwei"
)

// Document is a board as POST /api/v1/ziwei and `bazi-master ziwei` give
// it. Star and palace names are simplified Chinese, as iztro writes them,
// so a board can be compared with iztro's key by key; the English and
// traditional names are in `key` lookups of the engine, not repeated here.
type Document struct {
	Input             Request        `json:"input"`
	Place             *places.Place  `json:"place,omitempty"`
	Gender            string         `json:"gender"`
	SolarDate         string         `json:"solar_date"` // the civil date charted, YYYY-MM-DD
	Time              string         `json:"time"`       // the clock reading of the hour, HH:MM
	TimeIndex         int            `json:"time_index"` // iztro's 时辰 index, 0 (early 子) … 12 (late 子)
	Lunar             bazi.LunarDate `json:"lunar_date"`
	YearPillar        string         `json:"year_pillar"` // 干支 of the lunar year
	Options           DocOptions     `json:"options"`
	MingGong          string         `json:"ming_gong"`
	ShenGong          string         `json:"shen_gong"`
	FiveElementsClass string         `json:"five_elements_class"`
	SoulStar          string         `json:"soul_star"`
	BodyStar          string         `json:"body_star"`
	Palaces           [12]DocPalace  `json:"palaces"`
	Horoscope         DocHoroscope   `json:"horoscope"`
	Warnings          []bazi.Warning `json:"warnings"`
}

// DocOptions are the school switches applied.
type DocOptions struct {
	LeapRule      string `json:"leap_rule"`
	LateZi        string `json:"late_zi"`
	TrueSolarTime bool   `json:"true_solar_time"`
}

// DocStar is one star.
type DocStar struct {
	Name       string `json:"name"`
	Key        string `json:"key"`
	Type       string `json:"type"`
	Brightness string `json:"brightness"`
	Mutagen    string `json:"mutagen"`
}

// DocPalace is one palace; palaces are listed from the 寅 palace, as iztro.
type DocPalace struct {
	Index          int       `json:"index"`
	Name           string    `json:"name"`
	StemBranch     string    `json:"stem_branch"`
	Branch         string    `json:"branch"`
	IsBodyPalace   bool      `json:"is_body_palace"`
	IsOriginPalace bool      `json:"is_origin_palace"`
	MajorStars     []DocStar `json:"major_stars"`
	MinorStars     []DocStar `json:"minor_stars"`
	AdjectiveStars []DocStar `json:"adjective_stars"`
	Changsheng12   string    `json:"changsheng12"`
	Boshi12        string    `json:"boshi12"`
	Jiangqian12    string    `json:"jiangqian12"`
	Suiqian12      string    `json:"suiqian12"`
	Decadal        DocRange  `json:"decadal"`
	Ages           [10]int   `json:"ages"`
}

// DocRange is a 大限 age range (nominal ages).
type DocRange struct {
	StartAge int `json:"start_age"`
	EndAge   int `json:"end_age"`
}

// DocHoroscope is the overlay of one year.
type DocHoroscope struct {
	Year       int       `json:"year"`
	NominalAge int       `json:"nominal_age"`
	Childhood  bool      `json:"childhood,omitempty"`
	Decadal    DocPeriod `json:"decadal"`
	Age        DocPeriod `json:"age"`
	Yearly     DocPeriod `json:"yearly"`
}

// DocPeriod is one layer of the overlay. PalaceIndex is -1 when the period
// has no palace (an age past the last 大限).
type DocPeriod struct {
	PalaceIndex int               `json:"palace_index"`
	StemBranch  string            `json:"stem_branch"`
	Mutagen     map[string]string `json:"mutagen"` // 禄/权/科/忌 → star
	Stars       [][]DocStar       `json:"stars,omitempty"`
}

func docStar(s ziwei.Star) DocStar {
	return DocStar{Name: s.ID.Name(), Key: s.ID.Key(), Type: s.Kind.String(), Brightness: s.Brightness.String(), Mutagen: s.Mutagen.String()}
}

func docStars(ss []ziwei.Star) []DocStar {
	out := make([]DocStar, len(ss))
	for i, s := range ss {
		out[i] = docStar(s)
	}
	return out
}

func docPeriod(p *ziwei.Period, withStars bool) DocPeriod {
	d := DocPeriod{PalaceIndex: p.Index, StemBranch: p.Stem.String() + p.Branch.String(), Mutagen: make(map[string]string, 4)}
	for i, id := range p.Mutagen {
		d.Mutagen[ziwei.Mutagen(i+1).String()] = id.Name()
	}
	if withStars {
		d.Stars = make([][]DocStar, 12)
		for i := range p.Stars {
			d.Stars[i] = docStars(p.Stars[i])
		}
	}
	return d
}

// Document is the board as the API writes it.
func (b *Board) Document() *Document {
	bd := b.Board
	d := &Document{
		Input:             b.Sent,
		Place:             b.Place,
		Gender:            bd.Birth.Gender.String(),
		SolarDate:         date(bd.Birth.Year, bd.Birth.Month, bd.Birth.Day),
		Time:              two(bd.Birth.Hour) + ":" + two(bd.Birth.Minute),
		TimeIndex:         bd.TimeIndex,
		Lunar:             bd.Lunar,
		YearPillar:        bd.YearStem.String() + bd.YearBranch.String(),
		Options:           DocOptions{LeapRule: bd.Options.Leap.String(), LateZi: bd.Options.Zi.String(), TrueSolarTime: b.Input.TrueSolarTime},
		MingGong:          bd.Soul.String(),
		ShenGong:          bd.Body.String(),
		FiveElementsClass: bd.Class.String(),
		SoulStar:          bd.SoulStar.Name(),
		BodyStar:          bd.BodyStar.Name(),
		Warnings:          b.Input.Warnings,
	}
	if d.Warnings == nil {
		d.Warnings = []bazi.Warning{}
	}
	for i := range bd.Palaces {
		p := &bd.Palaces[i]
		d.Palaces[i] = DocPalace{
			Index: i, Name: p.Name.String(), StemBranch: p.Stem.String() + p.Branch.String(), Branch: p.Branch.String(),
			IsBodyPalace: p.IsBody, IsOriginPalace: p.IsOrigin,
			MajorStars: docStars(p.Major), MinorStars: docStars(p.Minor), AdjectiveStars: docStars(p.Adjective),
			Changsheng12: p.Changsheng.Name(), Boshi12: p.Boshi.Name(), Jiangqian12: p.Jiangqian.Name(), Suiqian12: p.Suiqian.Name(),
			Decadal: DocRange{StartAge: p.Decade.Start, EndAge: p.Decade.End}, Ages: p.Ages,
		}
	}
	h := &b.Horoscope
	d.Horoscope = DocHoroscope{
		Year: h.Year, NominalAge: h.NominalAge, Childhood: h.Childhood,
		Decadal: docPeriod(&h.Decadal, true), Age: docPeriod(&h.Age, false), Yearly: docPeriod(&h.Yearly, true),
	}
	return d
}

// JSON is the document encoded as the API sends it.
func (b *Board) JSON() ([]byte, error) { return json.Marshal(b.Document()) }

func two(v int) string { return string([]byte{byte('0' + v/10%10), byte('0' + v%10)}) }

func date(y, m, d int) string {
	return string([]byte{byte('0' + y/1000%10), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)}) + "-" + two(m) + "-" + two(d)
}
