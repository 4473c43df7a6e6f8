package bazi

import "encoding/json"

// PillarDetail is one pillar with everything derived from it.
type PillarDetail struct {
	GanZhi         GanZhi       `json:"-"`
	Name           string       `json:"ganzhi"`          // "甲子"
	Stem           string       `json:"stem"`            // "甲"
	StemPinyin     string       `json:"stem_pinyin"`     // "jiǎ"
	StemElement    string       `json:"stem_element"`    // "wood"
	StemPolarity   string       `json:"stem_polarity"`   // "yang"
	Branch         string       `json:"branch"`          // "子"
	BranchPinyin   string       `json:"branch_pinyin"`   // "zǐ"
	BranchElement  string       `json:"branch_element"`  // "water"
	BranchPolarity string       `json:"branch_polarity"` // "yang"
	Animal         string       `json:"animal"`          // "Rat"
	NaYin          NaYin        `json:"nayin"`           // "海中金"
	NaYinElement   string       `json:"nayin_element"`   // "metal"
	HiddenStems    []HiddenStem `json:"hidden_stems"`    // main, middle, residual (shared slice, read-only)
	TenGod         TenGod       `json:"ten_god"`         // of the stem; DayMasterGod (日主) on the day pillar
	BranchTenGod   TenGod       `json:"branch_ten_god"`  // of the branch's main hidden stem
	Stage          LifeStage    `json:"stage"`           // the day master's 长生十二宫 on this branch
	SelfStage      LifeStage    `json:"self_stage"`      // 自坐: this pillar's stem on its own branch
	KongWang       KongWang     `json:"kong_wang"`
}

// ChartPillars are the analysed pillars; Hour is nil when the time is unknown.
type ChartPillars struct {
	Year  PillarDetail  `json:"year"`
	Month PillarDetail  `json:"month"`
	Day   PillarDetail  `json:"day"`
	Hour  *PillarDetail `json:"hour"`
}

// At returns the pillar at position 0–3 (nil for a missing hour).
func (c *ChartPillars) At(pos int) *PillarDetail {
	switch pos {
	case PosYear:
		return &c.Year
	case PosMonth:
		return &c.Month
	case PosDay:
		return &c.Day
	}
	return c.Hour
}

// DayMaster describes the day stem (日主).
type DayMaster struct {
	Stem        Stem   `json:"-"`
	Char        string `json:"stem"`         // "甲"
	Pinyin      string `json:"pinyin"`       // "jiǎ"
	Element     string `json:"element"`      // "wood"
	ElementName string `json:"element_name"` // "木"
	Polarity    string `json:"polarity"`     // "yang"
}

// Analysis is everything derived from the four pillars. It is designed to be
// embedded in a chart document: its JSON keys are pillars, day_master,
// tai_yuan, tai_xi, ming_gong, shen_gong, relations, shen_sha, elements,
// strength, favourable, analysis. Slices inside may be shared between analyses and
// must be treated as read-only.
type Analysis struct {
	Pillars    ChartPillars   `json:"pillars"`
	DayMaster  DayMaster      `json:"day_master"`
	TaiYuan    Palace         `json:"tai_yuan"`  // 胎元
	TaiXi      Palace         `json:"tai_xi"`    // 胎息
	MingGong   *Palace        `json:"ming_gong"` // 命宫, nil without the hour
	ShenGong   *Palace        `json:"shen_gong"` // 身宫, nil without the hour
	Relations  Relations      `json:"relations"`
	ShenSha    []ShenSha      `json:"shen_sha"`
	Elements   ElementBalance `json:"elements"`
	Strength   Strength       `json:"strength"`
	Favourable Favourable     `json:"favourable"`
	// Structure is the 格局 and 用神 (JSON "analysis").
	Structure Structure `json:"analysis"`
}

// ShenShaOn returns the stars sitting on the pillar at pos (0–3).
func (a *Analysis) ShenShaOn(pos int) []ShenSha {
	var out []ShenSha
	for _, s := range a.ShenSha {
		if int(s.Pos) == pos {
			out = append(out, s)
		}
	}
	return out
}

// pillarBase[g] is the dm-independent part of a PillarDetail.
var pillarBase = func() (t [NumGanZhi]PillarDetail) {
	for i := range t {
		g := GanZhi(i)
		s, b := g.Stem(), g.Branch()
		t[i] = PillarDetail{
			GanZhi: g, Name: g.String(),
			Stem: s.String(), StemPinyin: s.Pinyin(), StemElement: s.Element().Key(), StemPolarity: s.Polarity().String(),
			Branch: b.String(), BranchPinyin: b.Pinyin(), BranchElement: b.Element().Key(), BranchPolarity: b.Polarity().String(),
			Animal: b.Animal(), NaYin: NaYinOf(g), NaYinElement: NaYinOf(g).Element().Key(),
			SelfStage: StageOf(s, b),
		}
	}
	return t
}()

func pillarDetail(d *PillarDetail, g GanZhi, dm Stem, day, year GanZhi) {
	*d = pillarBase[g%NumGanZhi]
	s, b := g.Stem(), g.Branch()
	d.HiddenStems = hiddenTable[dm][b]
	d.TenGod = TenGodOf(dm, s)
	d.BranchTenGod = TenGodOf(dm, branchHidden[b][0])
	d.Stage = StageOf(dm, b)
	d.KongWang = kongWangOf(g, day, year)
}

type hourPart struct {
	hour       PillarDetail
	ming, shen Palace
}

// Analyze derives everything from the pillars. It is pure and safe for
// concurrent use.
func Analyze(p Pillars) Analysis {
	var a Analysis
	analyze(&a, p)
	return a
}

func analyze(a *Analysis, p Pillars) {
	p.Year %= NumGanZhi
	p.Month %= NumGanZhi
	p.Day %= NumGanZhi
	p.Hour %= NumGanZhi
	n := 3
	gz := [4]GanZhi{p.Year, p.Month, p.Day, p.Hour}
	if p.HasHour {
		n = 4
	}
	var st [4]Stem
	var br [4]Branch
	for i := 0; i < n; i++ {
		st[i], br[i] = gz[i].Stem(), gz[i].Branch()
	}
	dm := st[PosDay]

	pillarDetail(&a.Pillars.Year, p.Year, dm, p.Day, p.Year)
	pillarDetail(&a.Pillars.Month, p.Month, dm, p.Day, p.Year)
	pillarDetail(&a.Pillars.Day, p.Day, dm, p.Day, p.Year)
	a.Pillars.Day.TenGod = DayMasterGod
	if p.HasHour {
		h := new(hourPart)
		pillarDetail(&h.hour, p.Hour, dm, p.Day, p.Year)
		h.ming = palaceTable[MingGong(p.Year, p.Month, br[PosHour])]
		h.shen = palaceTable[ShenGong(p.Year, p.Month, br[PosHour])]
		a.Pillars.Hour, a.MingGong, a.ShenGong = &h.hour, &h.ming, &h.shen
	}

	a.DayMaster = DayMaster{Stem: dm, Char: dm.String(), Pinyin: dm.Pinyin(), Element: dm.Element().Key(), ElementName: dm.Element().String(), Polarity: dm.Polarity().String()}
	a.TaiYuan = palaceTable[TaiYuan(p.Month)]
	a.TaiXi = palaceTable[TaiXi(p.Day)]
	a.Relations = relationsOf(&st, &br, n)
	a.ShenSha = shenShaOf(&gz, &st, &br, n)

	counts, scores := elementTotals(&st, &br, n)
	a.Elements = elementBalance(counts, scores)
	a.Strength = strengthOf(&st, &br, n, &scores)
	a.Favourable = favourableOf(dm, br[PosMonth], &a.Strength)
	structureOf(&a.Structure, &st, &br, n, &scores, &a.Strength)
}

// jsonNameOrKey reads a JSON string, or an object with "name" or "key".
func jsonNameOrKey(b []byte) (string, bool) {
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s, true
	}
	var o struct{ Name, Key string }
	if json.Unmarshal(b, &o) != nil {
		return "", false
	}
	if o.Name != "" {
		return o.Name, true
	}
	return o.Key, o.Key != ""
}
