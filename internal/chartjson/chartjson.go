// Package chartjson writes the chart document the API returns
// (chartinput.Document: the engine's chart, the birthplace, the 流月) as
// JSON without reflection, into the caller's buffer: no allocation once
// the buffer has grown. The bytes are exactly those encoding/json.Marshal
// (and goccy/go-json, which the app's Fiber is configured with) write for
// the same document — the same keys in the same order, omitempty, null for
// nil pointers and slices, the same string escapes and number forms —
// which the differential tests check over thousands of random charts. A
// field added to one of these types must be added here too (the
// differential test fails until it is).
//
// The engine (bazi) and the gazetteer (places) define their JSON through
// struct tags and their own MarshalJSON methods and import nothing of the
// app; this package is the app's fast path for them.
package chartjson

import (
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/places"
)

// AppendDocument appends the document as encoding/json.Marshal writes it:
// the chart's keys flattened, then "place" and "liu_yue", each left out
// when empty.
func AppendDocument(b []byte, d *chartinput.Document) []byte {
	b = append(b, '{')
	start := len(b)
	if d.Chart != nil {
		b = appendChartFields(b, d.Chart)
	}
	if d.Place != nil {
		if len(b) > start {
			b = append(b, ',')
		}
		b = append(b, `"place":`...)
		b = appendPlace(b, d.Place)
	}
	if len(d.LiuYue) > 0 {
		if len(b) > start {
			b = append(b, ',')
		}
		b = append(b, `"liu_yue":[`...)
		for i := range d.LiuYue {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendLiuYueMonth(b, &d.LiuYue[i])
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func jsonInt(b []byte, v int) []byte { return appendInt(b, int64(v)) }

// appendWall appends the quoted ISO form (Wall's MarshalText).
func appendWall(b []byte, w bazi.Wall) []byte {
	b = append(b, '"')
	b, _ = w.AppendText(b)
	return append(b, '"')
}

// appendChartFields appends the chart's members without the braces (the
// document embeds the chart and adds members after them).
func appendChartFields(b []byte, c *bazi.Chart) []byte {
	b = append(b, `"input":`...)
	b = appendRequest(b, &c.Input)
	b = append(b, `,"options":`...)
	b = appendOptions(b, &c.Options)
	b = append(b, `,"solar_time":`...)
	b = appendSolarTime(b, &c.SolarTime)
	b = append(b, `,"lunar_date":`...)
	if c.Lunar == nil {
		b = append(b, "null"...)
	} else {
		b = appendLunar(b, c.Lunar)
	}
	b = append(b, ',')
	b = appendAnalysisFields(b, &c.Analysis)
	// The commander and the analysis object write themselves: the engine
	// holds their one encoder, shared with its MarshalJSON.
	b = append(b, `,"commander":`...)
	b = c.Commander.AppendJSON(b)
	b = append(b, `,"luck":`...)
	return appendLuck(b, &c.Luck)
}

// appendRequest appends the request as encoding/json.Marshal writes it.
func appendRequest(b []byte, r *bazi.Request) []byte {
	b = append(b, `{"date":`...)
	b = appendString(b, r.Date)
	if r.Time != "" {
		b = append(b, `,"time":`...)
		b = appendString(b, r.Time)
	}
	if r.Calendar != "" {
		b = append(b, `,"calendar":`...)
		b = appendString(b, r.Calendar)
	}
	if r.LeapMonth {
		b = append(b, `,"leap_month":true`...)
	}
	b = append(b, `,"tz":`...)
	b = appendString(b, r.TZ)
	if r.Lon != nil {
		b = append(b, `,"lon":`...)
		b = appendFloat(b, *r.Lon)
	}
	if r.Lat != nil {
		b = append(b, `,"lat":`...)
		b = appendFloat(b, *r.Lat)
	}
	b = append(b, `,"gender":`...)
	b = appendString(b, r.Gender)
	if r.TrueSolarTime {
		b = append(b, `,"true_solar_time":true`...)
	}
	if r.ZiRule != "" {
		b = append(b, `,"zi_rule":`...)
		b = appendString(b, r.ZiRule)
	}
	if r.LuckMethod != "" {
		b = append(b, `,"luck_method":`...)
		b = appendString(b, r.LuckMethod)
	}
	return append(b, '}')
}

// appendOptions appends the options as encoding/json.Marshal writes them.
func appendOptions(b []byte, o *bazi.Options) []byte {
	b = append(b, `{"true_solar_time":`...)
	b = appendBool(b, o.TrueSolarTime)
	b = append(b, `,"zi_rule":`...)
	b = appendString(b, o.ZiRule.String())
	b = append(b, `,"luck_method":`...)
	b = appendString(b, o.LuckMethod.String())
	b = append(b, `,"calendar":`...)
	b = appendString(b, o.Calendar)
	b = append(b, `,"time_known":`...)
	b = appendBool(b, o.TimeKnown)
	b = append(b, `,"gender":`...)
	b = appendString(b, o.Gender.String())
	return append(b, '}')
}

// appendSolarTime appends the solar-time section as encoding/json.Marshal writes it.
func appendSolarTime(b []byte, s *bazi.SolarTimeInfo) []byte {
	b = append(b, `{"utc":`...)
	if s.UTC == nil {
		b = append(b, "null"...)
	} else {
		b = appendTime(b, *s.UTC)
	}
	b = append(b, `,"clock":`...)
	b = appendWall(b, s.Clock)
	b = append(b, `,"tz":`...)
	b = appendString(b, s.TZ)
	b = append(b, `,"zone":`...)
	b = appendString(b, s.Zone)
	b = append(b, `,"utc_offset_minutes":`...)
	b = jsonInt(b, s.UTCOffsetMinutes)
	b = append(b, `,"standard_offset_minutes":`...)
	b = jsonInt(b, s.StandardOffsetMinutes)
	b = append(b, `,"standard":`...)
	b = appendWall(b, s.Standard)
	b = append(b, `,"true_solar":`...)
	if s.TrueSolar == nil {
		b = append(b, "null"...)
	} else {
		b = appendWall(b, *s.TrueSolar)
	}
	b = append(b, `,"pillar_time":`...)
	b = appendWall(b, s.PillarTime)
	b = append(b, `,"corrections":`...)
	b = appendCorrections(b, &s.Corrections)
	b = append(b, `,"prev_term":`...)
	b = appendTermRef(b, &s.PrevTerm)
	b = append(b, `,"next_term":`...)
	b = appendTermRef(b, &s.NextTerm)
	b = append(b, `,"prev_jie":`...)
	b = appendTermRef(b, &s.PrevJie)
	b = append(b, `,"next_jie":`...)
	b = appendTermRef(b, &s.NextJie)
	b = append(b, `,"warnings":`...)
	if s.Warnings == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range s.Warnings {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendWarning(b, &s.Warnings[i])
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendCorrections appends the corrections as encoding/json.Marshal writes them.
func appendCorrections(b []byte, c *bazi.Corrections) []byte {
	b = append(b, `{"dst_minutes":`...)
	b = appendFloat(b, c.DSTMinutes)
	b = append(b, `,"longitude_minutes":`...)
	b = appendFloat(b, c.LongitudeMinutes)
	b = append(b, `,"equation_of_time_minutes":`...)
	b = appendFloat(b, c.EquationOfTimeMinutes)
	b = append(b, `,"total_minutes":`...)
	b = appendFloat(b, c.TotalMinutes)
	return append(b, '}')
}

// appendWarning appends the warning as encoding/json.Marshal writes it.
func appendWarning(b []byte, w *bazi.Warning) []byte {
	b = append(b, `{"code":`...)
	b = appendString(b, w.Code)
	b = append(b, `,"message":`...)
	b = appendString(b, w.Message)
	return append(b, '}')
}

// appendTermRef appends the object TermRef.MarshalJSON writes.
func appendTermRef(b []byte, r *bazi.TermRef) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, r.Term.String())
	b = append(b, `,"pinyin":`...)
	b = appendString(b, r.Term.Pinyin())
	b = append(b, `,"key":`...)
	b = appendString(b, r.Term.Key())
	b = append(b, `,"english":`...)
	b = appendString(b, r.Term.English())
	b = append(b, `,"jie":`...)
	b = appendBool(b, r.Term.IsJie())
	b = append(b, `,"utc":"`...)
	b = r.UTC.AppendFormat(b, time.RFC3339)
	b = append(b, `","local":`...)
	b = appendWall(b, r.Local)
	return append(b, '}')
}

// appendLunar appends the lunar date with its text (LunarDate's keys flattened).
func appendLunar(b []byte, l *bazi.LunarInfo) []byte {
	b = append(b, `{"year":`...)
	b = jsonInt(b, l.Year)
	b = append(b, `,"month":`...)
	b = jsonInt(b, l.Month)
	b = append(b, `,"day":`...)
	b = jsonInt(b, l.Day)
	b = append(b, `,"leap":`...)
	b = appendBool(b, l.Leap)
	b = append(b, `,"text":`...)
	b = appendString(b, l.Text)
	return append(b, '}')
}

func appendAnalysisFields(b []byte, a *bazi.Analysis) []byte {
	b = append(b, `"pillars":{"year":`...)
	b = appendPillar(b, &a.Pillars.Year)
	b = append(b, `,"month":`...)
	b = appendPillar(b, &a.Pillars.Month)
	b = append(b, `,"day":`...)
	b = appendPillar(b, &a.Pillars.Day)
	b = append(b, `,"hour":`...)
	if a.Pillars.Hour == nil {
		b = append(b, "null"...)
	} else {
		b = appendPillar(b, a.Pillars.Hour)
	}
	b = append(b, `},"day_master":{"stem":`...)
	dm := &a.DayMaster
	b = appendString(b, dm.Char)
	b = append(b, `,"pinyin":`...)
	b = appendString(b, dm.Pinyin)
	b = append(b, `,"element":`...)
	b = appendString(b, dm.Element)
	b = append(b, `,"element_name":`...)
	b = appendString(b, dm.ElementName)
	b = append(b, `,"polarity":`...)
	b = appendString(b, dm.Polarity)
	b = append(b, `},"tai_yuan":`...)
	b = appendPalace(b, &a.TaiYuan)
	b = append(b, `,"tai_xi":`...)
	b = appendPalace(b, &a.TaiXi)
	b = append(b, `,"ming_gong":`...)
	if a.MingGong == nil {
		b = append(b, "null"...)
	} else {
		b = appendPalace(b, a.MingGong)
	}
	b = append(b, `,"shen_gong":`...)
	if a.ShenGong == nil {
		b = append(b, "null"...)
	} else {
		b = appendPalace(b, a.ShenGong)
	}
	b = append(b, `,"relations":{"stems":`...)
	b = appendRelations(b, a.Relations.Stems)
	b = append(b, `,"branches":`...)
	b = appendRelations(b, a.Relations.Branches)
	b = append(b, `},"shen_sha":`...)
	if a.ShenSha == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range a.ShenSha {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendShenSha(b, &a.ShenSha[i])
		}
		b = append(b, ']')
	}
	b = append(b, `,"elements":`...)
	b = appendElements(b, &a.Elements)
	b = append(b, `,"strength":`...)
	b = appendStrength(b, &a.Strength)
	b = append(b, `,"favourable":`...)
	b = appendFavourable(b, &a.Favourable)
	b = append(b, `,"analysis":`...)
	return a.Structure.AppendJSON(b)
}

func appendRelations(b []byte, rs []bazi.Relation) []byte {
	if rs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRelation(b, &rs[i])
	}
	return append(b, ']')
}

// appendPillar appends the pillar as encoding/json.Marshal writes it.
func appendPillar(b []byte, d *bazi.PillarDetail) []byte {
	b = append(b, `{"ganzhi":`...)
	b = appendString(b, d.Name)
	b = append(b, `,"stem":`...)
	b = appendString(b, d.Stem)
	b = append(b, `,"stem_pinyin":`...)
	b = appendString(b, d.StemPinyin)
	b = append(b, `,"stem_element":`...)
	b = appendString(b, d.StemElement)
	b = append(b, `,"stem_polarity":`...)
	b = appendString(b, d.StemPolarity)
	b = append(b, `,"branch":`...)
	b = appendString(b, d.Branch)
	b = append(b, `,"branch_pinyin":`...)
	b = appendString(b, d.BranchPinyin)
	b = append(b, `,"branch_element":`...)
	b = appendString(b, d.BranchElement)
	b = append(b, `,"branch_polarity":`...)
	b = appendString(b, d.BranchPolarity)
	b = append(b, `,"animal":`...)
	b = appendString(b, d.Animal)
	b = append(b, `,"nayin":`...)
	b = appendString(b, d.NaYin.String())
	b = append(b, `,"nayin_element":`...)
	b = appendString(b, d.NaYinElement)
	b = append(b, `,"hidden_stems":`...)
	if d.HiddenStems == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range d.HiddenStems {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendHiddenStem(b, &d.HiddenStems[i])
		}
		b = append(b, ']')
	}
	b = append(b, `,"ten_god":`...)
	b = appendTenGod(b, d.TenGod)
	b = append(b, `,"branch_ten_god":`...)
	b = appendTenGod(b, d.BranchTenGod)
	b = append(b, `,"stage":`...)
	b = appendLifeStage(b, d.Stage)
	b = append(b, `,"self_stage":`...)
	b = appendLifeStage(b, d.SelfStage)
	b = append(b, `,"kong_wang":{"xun":`...)
	b = appendString(b, d.KongWang.Xun)
	b = append(b, `,"void":`...)
	b = appendString(b, d.KongWang.Void)
	b = append(b, `,"void_by_day":`...)
	b = appendBool(b, d.KongWang.VoidByDay)
	b = append(b, `,"void_by_year":`...)
	b = appendBool(b, d.KongWang.VoidByYear)
	return append(b, "}}"...)
}

// appendHiddenStem appends the hidden stem as encoding/json.Marshal writes it.
func appendHiddenStem(b []byte, h *bazi.HiddenStem) []byte {
	b = append(b, `{"stem":`...)
	b = appendString(b, h.Char)
	b = append(b, `,"element":`...)
	b = appendString(b, h.Element)
	b = append(b, `,"polarity":`...)
	b = appendString(b, h.Polarity)
	b = append(b, `,"role":`...)
	b = appendString(b, h.Role.String())
	b = append(b, `,"weight":`...)
	b = appendFloat(b, h.Weight)
	b = append(b, `,"ten_god":`...)
	b = appendTenGod(b, h.TenGod)
	return append(b, '}')
}

// tenGods and lifeStages are the JSON objects of every ten god and life
// stage (what their MarshalJSON writes), built once.
var (
	tenGods = func() (t [bazi.NumTenGods][]byte) {
		for i := range t {
			g := bazi.TenGod(i)
			b := appendString(append(t[i], `{"name":`...), g.String())
			b = appendString(append(b, `,"key":`...), g.Key())
			b = appendString(append(b, `,"pinyin":`...), g.Pinyin())
			b = appendString(append(b, `,"english":`...), g.English())
			t[i] = append(b, '}')
		}
		return t
	}()
	lifeStages = func() (t [bazi.NumLifeStages][]byte) {
		for i := range t {
			l := bazi.LifeStage(i)
			b := appendString(append(t[i], `{"name":`...), l.String())
			b = appendString(append(b, `,"key":`...), l.Key())
			b = appendString(append(b, `,"english":`...), l.English())
			t[i] = append(b, '}')
		}
		return t
	}()
)

// ganzhiJSON, stemJSON and branchJSON are the 60 pillars and their stems
// and branches as JSON strings, built once: a chart writes over a hundred.
var (
	ganzhiJSON = func() (t [bazi.NumGanZhi]string) {
		for i := range t {
			t[i] = string(appendString(nil, bazi.GanZhi(i).String()))
		}
		return t
	}()
	stemJSON = func() (t [bazi.NumStems]string) {
		for i := range t {
			t[i] = string(appendString(nil, bazi.Stem(i).String()))
		}
		return t
	}()
	branchJSON = func() (t [bazi.NumBranches]string) {
		for i := range t {
			t[i] = string(appendString(nil, bazi.Branch(i).String()))
		}
		return t
	}()
)

// appendGanZhi appends a pillar's name as a JSON string.
func appendGanZhi(b []byte, g bazi.GanZhi) []byte { return append(b, ganzhiJSON[g%bazi.NumGanZhi]...) }

// appendTenGod appends the object TenGod.MarshalJSON writes.
func appendTenGod(b []byte, g bazi.TenGod) []byte { return append(b, tenGods[g%bazi.NumTenGods]...) }

// appendLifeStage appends the object LifeStage.MarshalJSON writes.
func appendLifeStage(b []byte, l bazi.LifeStage) []byte {
	return append(b, lifeStages[l%bazi.NumLifeStages]...)
}

// appendPalace appends the palace as encoding/json.Marshal writes it.
func appendPalace(b []byte, p *bazi.Palace) []byte {
	b = append(b, `{"ganzhi":`...)
	b = appendString(b, p.Name)
	b = append(b, `,"nayin":`...)
	b = appendString(b, p.NaYin.String())
	b = append(b, `,"nayin_element":`...)
	b = appendString(b, p.NaYinElement)
	return append(b, '}')
}

// appendRelation appends the object Relation.MarshalJSON writes.
func appendRelation(b []byte, r *bazi.Relation) []byte {
	b = append(b, `{"type":`...)
	b = appendString(b, r.Type())
	b = append(b, `,"name":`...)
	b = appendString(b, r.Name())
	if sub := r.Subtype(); sub != "" {
		b = append(b, `,"subtype":`...)
		b = appendString(b, sub)
	}
	if name := r.SubtypeName(); name != "" {
		b = append(b, `,"subtype_name":`...)
		b = appendString(b, name)
	}
	b = append(b, `,"members":`...)
	b = appendStrings(b, r.Members())
	b = append(b, `,"chars":`...)
	b = appendString(b, r.Chars())
	if e, ok := r.Element(); ok {
		if k := e.Key(); k != "" {
			b = append(b, `,"element":`...)
			b = appendString(b, k)
		}
	}
	return append(b, '}')
}

// appendShenSha appends the object ShenSha.MarshalJSON writes.
func appendShenSha(b []byte, s *bazi.ShenSha) []byte {
	b = append(b, `{"key":`...)
	b = appendString(b, s.Key())
	b = append(b, `,"name":`...)
	b = appendString(b, s.Name())
	b = append(b, `,"english":`...)
	b = appendString(b, s.English())
	b = append(b, `,"nature":`...)
	b = appendString(b, s.Nature())
	b = append(b, `,"pillar":`...)
	b = appendString(b, s.Pillar())
	b = append(b, `,"on":`...)
	b = appendString(b, s.On())
	b = append(b, `,"basis":`...)
	b = appendString(b, s.Basis())
	b = append(b, `,"rule":`...)
	b = appendString(b, s.Rule())
	return append(b, '}')
}

// appendElements appends the element balance as encoding/json.Marshal writes it.
func appendElements(b []byte, e *bazi.ElementBalance) []byte {
	c := &e.Counts
	b = append(b, `{"counts":{"wood":`...)
	b = jsonInt(b, c.Wood)
	b = append(b, `,"fire":`...)
	b = jsonInt(b, c.Fire)
	b = append(b, `,"earth":`...)
	b = jsonInt(b, c.Earth)
	b = append(b, `,"metal":`...)
	b = jsonInt(b, c.Metal)
	b = append(b, `,"water":`...)
	b = jsonInt(b, c.Water)
	b = append(b, `},"scores":`...)
	b = appendScores(b, &e.Scores)
	b = append(b, `,"percent":`...)
	b = appendScores(b, &e.Percent)
	b = append(b, `,"missing":`...)
	b = appendStrings(b, e.Missing)
	b = append(b, `,"dominant":`...)
	b = appendString(b, e.Dominant)
	w := &e.Weights
	b = append(b, `,"weights":{"stem":`...)
	b = appendFloat(b, w.Stem)
	b = append(b, `,"hidden_main":`...)
	b = appendFloat(b, w.HiddenMain)
	b = append(b, `,"hidden_middle":`...)
	b = appendFloat(b, w.HiddenMiddle)
	b = append(b, `,"hidden_residual":`...)
	b = appendFloat(b, w.HiddenResidual)
	b = append(b, `,"month_branch_multiplier":`...)
	b = appendFloat(b, w.MonthMultiplier)
	return append(b, "}}"...)
}

// appendScores appends the scores as encoding/json.Marshal writes them.
func appendScores(b []byte, s *bazi.ElementScores) []byte {
	b = append(b, `{"wood":`...)
	b = appendFloat(b, s.Wood)
	b = append(b, `,"fire":`...)
	b = appendFloat(b, s.Fire)
	b = append(b, `,"earth":`...)
	b = appendFloat(b, s.Earth)
	b = append(b, `,"metal":`...)
	b = appendFloat(b, s.Metal)
	b = append(b, `,"water":`...)
	b = appendFloat(b, s.Water)
	return append(b, '}')
}

// appendStrength appends the strength as encoding/json.Marshal writes it.
func appendStrength(b []byte, s *bazi.Strength) []byte {
	b = append(b, `{"score":`...)
	b = appendFloat(b, s.Score)
	b = append(b, `,"label":`...)
	b = appendString(b, s.Label)
	b = append(b, `,"support":`...)
	b = appendFloat(b, s.Support)
	b = append(b, `,"oppose":`...)
	b = appendFloat(b, s.Oppose)
	b = append(b, `,"in_season":`...)
	b = appendBool(b, s.InSeason)
	b = append(b, `,"season_state":`...)
	b = appendString(b, s.SeasonState)
	b = append(b, `,"rooted":`...)
	b = appendBool(b, s.Rooted)
	b = append(b, `,"root_pillars":`...)
	b = appendStrings(b, s.RootPillars)
	b = append(b, `,"supported":`...)
	b = appendBool(b, s.Supported)
	return append(b, '}')
}

// appendFavourable appends the favourable elements as encoding/json.Marshal writes them.
func appendFavourable(b []byte, f *bazi.Favourable) []byte {
	b = append(b, `{"favourable":`...)
	b = appendStrings(b, f.Favourable)
	b = append(b, `,"unfavourable":`...)
	b = appendStrings(b, f.Unfavourable)
	b = append(b, `,"reason":`...)
	b = appendString(b, f.Reason)
	if f.ClimateNeed != "" {
		b = append(b, `,"climate_need":`...)
		b = appendString(b, f.ClimateNeed)
	}
	if f.ClimateNote != "" {
		b = append(b, `,"climate_note":`...)
		b = appendString(b, f.ClimateNote)
	}
	return append(b, '}')
}

// appendLuck appends the luck section as encoding/json.Marshal writes it.
func appendLuck(b []byte, l *bazi.Luck) []byte {
	b = append(b, `{"method":`...)
	b = appendString(b, l.Method.String())
	b = append(b, `,"direction":`...)
	b = appendString(b, l.Direction)
	b = append(b, `,"governing_jie":`...)
	b = appendTermRef(b, &l.GoverningJie)
	o := &l.StartOffset
	b = append(b, `,"start_offset":{"years":`...)
	b = jsonInt(b, o.Years)
	b = append(b, `,"months":`...)
	b = jsonInt(b, o.Months)
	b = append(b, `,"days":`...)
	b = jsonInt(b, o.Days)
	b = append(b, `,"hours":`...)
	b = jsonInt(b, o.Hours)
	b = append(b, `,"minutes":`...)
	b = jsonInt(b, o.Minutes)
	b = append(b, `},"start_time":`...)
	b = appendWall(b, l.StartTime)
	b = append(b, `,"start_utc":`...)
	b = appendTime(b, l.StartUTC)
	p := &l.PreLuck
	b = append(b, `,"pre_luck":{"start_age":`...)
	b = jsonInt(b, p.StartAge)
	b = append(b, `,"end_age":`...)
	b = jsonInt(b, p.EndAge)
	b = append(b, `,"start_year":`...)
	b = jsonInt(b, p.StartYear)
	b = append(b, `,"end_year":`...)
	b = jsonInt(b, p.EndYear)
	b = append(b, `,"years":`...)
	if p.Years == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.Years {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendLiuNian(b, &p.Years[i])
		}
		b = append(b, ']')
	}
	b = append(b, `},"pillars":[`...)
	for i := range l.Pillars {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendLuckPillar(b, &l.Pillars[i])
	}
	cur := &l.Current
	b = append(b, `],"current":{"now":`...)
	b = appendTime(b, cur.Now)
	b = append(b, `,"da_yun":`...)
	b = jsonInt(b, cur.DaYun)
	if cur.GanZhi != "" {
		b = append(b, `,"da_yun_ganzhi":`...)
		b = appendString(b, cur.GanZhi)
	}
	b = append(b, `,"liu_nian_year":`...)
	b = jsonInt(b, cur.LiuNianYear)
	b = append(b, `,"liu_nian_ganzhi":`...)
	b = appendString(b, cur.LiuNianGanZhi)
	b = append(b, `,"age":`...)
	b = jsonInt(b, cur.Age)
	return append(b, "}}"...)
}

// appendLuckPillar appends the object LuckPillar.MarshalJSON writes.
func appendLuckPillar(b []byte, p *bazi.LuckPillar) []byte {
	b = append(b, `{"index":`...)
	b = jsonInt(b, int(p.Index))
	b = append(b, `,"ganzhi":`...)
	b = appendGanZhi(b, p.GanZhi)
	b = append(b, `,"stem":`...)
	b = append(b, stemJSON[p.GanZhi.Stem()%bazi.NumStems]...)
	b = append(b, `,"branch":`...)
	b = append(b, branchJSON[p.GanZhi.Branch()%bazi.NumBranches]...)
	b = append(b, `,"ten_god":`...)
	b = appendTenGod(b, p.TenGod)
	b = append(b, `,"start_age":`...)
	b = jsonInt(b, int(p.StartAge))
	b = append(b, `,"end_age":`...)
	b = jsonInt(b, int(p.EndAge))
	b = append(b, `,"start_year":`...)
	b = jsonInt(b, int(p.StartYear))
	b = append(b, `,"end_year":`...)
	b = jsonInt(b, int(p.EndYear))
	b = append(b, `,"start_time":`...)
	b = appendWall(b, p.StartTime)
	var buf [bazi.MaxInteractions]bazi.Interaction
	b = append(b, `,"interactions":`...)
	b = appendInteractions(b, p.Interactions(buf[:0]))
	b = append(b, `,"years":[`...)
	for i := range p.Years {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendLiuNian(b, &p.Years[i])
	}
	return append(b, "]}"...)
}

// appendLiuYueMonth appends the month as encoding/json.Marshal writes it.
func appendLiuYueMonth(b []byte, m *bazi.LiuYueMonth) []byte {
	b = append(b, `{"index":`...)
	b = jsonInt(b, m.Index)
	b = append(b, `,"ganzhi":`...)
	b = appendString(b, m.GanZhi)
	b = append(b, `,"jie":`...)
	b = appendString(b, m.Jie)
	b = append(b, `,"start":`...)
	b = appendTime(b, m.Start)
	b = append(b, `,"end":`...)
	b = appendTime(b, m.End)
	return append(b, '}')
}

// appendLiuNian appends the object LiuNian.MarshalJSON writes.
func appendLiuNian(b []byte, n *bazi.LiuNian) []byte {
	b = append(b, `{"year":`...)
	b = jsonInt(b, int(n.Year))
	b = append(b, `,"age":`...)
	b = jsonInt(b, int(n.Age))
	b = append(b, `,"ganzhi":`...)
	b = appendGanZhi(b, n.GanZhi)
	b = append(b, `,"ten_god":`...)
	b = appendTenGod(b, n.TenGod)
	if n.HasXiaoYun {
		b = append(b, `,"xiao_yun":`...)
		b = appendGanZhi(b, n.XiaoYun)
	}
	var buf [bazi.MaxInteractions]bazi.Interaction
	b = append(b, `,"interactions":`...)
	b = appendInteractions(b, n.Interactions(buf[:0]))
	return append(b, '}')
}

// appendInteractions appends the 岁运 interactions of a 大运 or 流年, each
// by Interaction.AppendJSON (its rule and pillar keys come from the
// engine's tables and need no escaping).
func appendInteractions(b []byte, list []bazi.Interaction) []byte {
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = list[i].AppendJSON(b)
	}
	return append(b, ']')
}

// appendPlace appends the place as encoding/json.Marshal writes it.
func appendPlace(b []byte, p *places.Place) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, p.ID)
	b = append(b, `,"name":`...)
	b = appendString(b, p.Name)
	b = append(b, `,"name_zh_hans":`...)
	b = appendString(b, p.NameZhHans)
	b = append(b, `,"name_zh_hant":`...)
	b = appendString(b, p.NameZhHant)
	b = append(b, `,"pinyin":`...)
	b = appendString(b, p.Pinyin)
	b = append(b, `,"country":`...)
	b = appendString(b, p.Country)
	b = append(b, `,"country_name":`...)
	b = appendString(b, p.CountryName)
	b = append(b, `,"admin":`...)
	b = appendString(b, p.Admin)
	b = append(b, `,"lat":`...)
	b = appendFloat(b, p.Lat)
	b = append(b, `,"lon":`...)
	b = appendFloat(b, p.Lon)
	b = append(b, `,"tz":`...)
	b = appendString(b, p.TZ)
	b = append(b, `,"population":`...)
	b = appendInt(b, int64(p.Population))
	return append(b, '}')
}
