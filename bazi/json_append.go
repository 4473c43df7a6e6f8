package bazi

import (
	"time"

	"github.com/bazi-master/bazi-master/internal/jsonappend"
)

// This file writes the chart document as JSON without reflection. The bytes
// are exactly those encoding/json.Marshal (and goccy/go-json, which the
// server's Fiber app encodes with) write for the same values — the same
// keys in the same order, omitempty, null for nil pointers and slices, the
// same string escapes and number forms — which TestChartAppendJSONMatches
// checks over thousands of charts. A field added to one of these types
// must be added here too (the differential test fails until it is).
//
// No MarshalJSON is defined on Chart, Analysis or LunarDate on purpose:
// they are embedded (in handlers.ChartDocument, Chart and LunarInfo) and
// a promoted MarshalJSON would replace the enclosing document's encoding.

var (
	jsonString = jsonappend.String
	jsonFloat  = jsonappend.Float
	jsonBool   = jsonappend.Bool
	jsonTime   = jsonappend.Time
	jsonStrs   = jsonappend.Strings
)

func jsonInt(b []byte, v int) []byte { return jsonappend.Int(b, int64(v)) }

// appendWall appends the quoted ISO form (Wall's MarshalText).
func appendWall(b []byte, w Wall) []byte {
	b = append(b, '"')
	b, _ = w.AppendText(b)
	return append(b, '"')
}

// AppendJSON appends the chart as encoding/json.Marshal writes it.
func (c *Chart) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	b = c.AppendJSONFields(b)
	return append(b, '}')
}

// AppendJSONFields appends the chart's members without the braces, for a
// document that embeds the chart and adds members after them.
func (c *Chart) AppendJSONFields(b []byte) []byte {
	b = append(b, `"input":`...)
	b = c.Input.AppendJSON(b)
	b = append(b, `,"options":`...)
	b = c.Options.AppendJSON(b)
	b = append(b, `,"solar_time":`...)
	b = c.SolarTime.AppendJSON(b)
	b = append(b, `,"lunar_date":`...)
	if c.Lunar == nil {
		b = append(b, "null"...)
	} else {
		b = c.Lunar.AppendJSON(b)
	}
	b = append(b, ',')
	b = c.Analysis.appendJSONFields(b)
	b = append(b, `,"luck":`...)
	return c.Luck.AppendJSON(b)
}

// AppendJSON appends the request as encoding/json.Marshal writes it.
func (r *Request) AppendJSON(b []byte) []byte {
	b = append(b, `{"date":`...)
	b = jsonString(b, r.Date)
	if r.Time != "" {
		b = append(b, `,"time":`...)
		b = jsonString(b, r.Time)
	}
	if r.Calendar != "" {
		b = append(b, `,"calendar":`...)
		b = jsonString(b, r.Calendar)
	}
	if r.LeapMonth {
		b = append(b, `,"leap_month":true`...)
	}
	b = append(b, `,"tz":`...)
	b = jsonString(b, r.TZ)
	if r.Lon != nil {
		b = append(b, `,"lon":`...)
		b = jsonFloat(b, *r.Lon)
	}
	if r.Lat != nil {
		b = append(b, `,"lat":`...)
		b = jsonFloat(b, *r.Lat)
	}
	b = append(b, `,"gender":`...)
	b = jsonString(b, r.Gender)
	if r.TrueSolarTime {
		b = append(b, `,"true_solar_time":true`...)
	}
	if r.ZiRule != "" {
		b = append(b, `,"zi_rule":`...)
		b = jsonString(b, r.ZiRule)
	}
	if r.LuckMethod != "" {
		b = append(b, `,"luck_method":`...)
		b = jsonString(b, r.LuckMethod)
	}
	return append(b, '}')
}

// AppendJSON appends the options as encoding/json.Marshal writes them.
func (o *Options) AppendJSON(b []byte) []byte {
	b = append(b, `{"true_solar_time":`...)
	b = jsonBool(b, o.TrueSolarTime)
	b = append(b, `,"zi_rule":`...)
	b = jsonString(b, o.ZiRule.String())
	b = append(b, `,"luck_method":`...)
	b = jsonString(b, o.LuckMethod.String())
	b = append(b, `,"calendar":`...)
	b = jsonString(b, o.Calendar)
	b = append(b, `,"time_known":`...)
	b = jsonBool(b, o.TimeKnown)
	b = append(b, `,"gender":`...)
	b = jsonString(b, o.Gender.String())
	return append(b, '}')
}

// AppendJSON appends the solar-time section as encoding/json.Marshal writes it.
func (s *SolarTimeInfo) AppendJSON(b []byte) []byte {
	b = append(b, `{"utc":`...)
	if s.UTC == nil {
		b = append(b, "null"...)
	} else {
		b = jsonTime(b, *s.UTC)
	}
	b = append(b, `,"clock":`...)
	b = appendWall(b, s.Clock)
	b = append(b, `,"tz":`...)
	b = jsonString(b, s.TZ)
	b = append(b, `,"zone":`...)
	b = jsonString(b, s.Zone)
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
	b = s.Corrections.AppendJSON(b)
	b = append(b, `,"prev_term":`...)
	b = s.PrevTerm.AppendJSON(b)
	b = append(b, `,"next_term":`...)
	b = s.NextTerm.AppendJSON(b)
	b = append(b, `,"prev_jie":`...)
	b = s.PrevJie.AppendJSON(b)
	b = append(b, `,"next_jie":`...)
	b = s.NextJie.AppendJSON(b)
	b = append(b, `,"warnings":`...)
	if s.Warnings == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range s.Warnings {
			if i > 0 {
				b = append(b, ',')
			}
			b = s.Warnings[i].AppendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// AppendJSON appends the corrections as encoding/json.Marshal writes them.
func (c *Corrections) AppendJSON(b []byte) []byte {
	b = append(b, `{"dst_minutes":`...)
	b = jsonFloat(b, c.DSTMinutes)
	b = append(b, `,"longitude_minutes":`...)
	b = jsonFloat(b, c.LongitudeMinutes)
	b = append(b, `,"equation_of_time_minutes":`...)
	b = jsonFloat(b, c.EquationOfTimeMinutes)
	b = append(b, `,"total_minutes":`...)
	b = jsonFloat(b, c.TotalMinutes)
	return append(b, '}')
}

// AppendJSON appends the warning as encoding/json.Marshal writes it.
func (w *Warning) AppendJSON(b []byte) []byte {
	b = append(b, `{"code":`...)
	b = jsonString(b, w.Code)
	b = append(b, `,"message":`...)
	b = jsonString(b, w.Message)
	return append(b, '}')
}

// AppendJSON appends the object described on TermRef (what MarshalJSON returns).
func (r *TermRef) AppendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = jsonString(b, r.Term.String())
	b = append(b, `,"pinyin":`...)
	b = jsonString(b, r.Term.Pinyin())
	b = append(b, `,"key":`...)
	b = jsonString(b, r.Term.Key())
	b = append(b, `,"english":`...)
	b = jsonString(b, r.Term.English())
	b = append(b, `,"jie":`...)
	b = jsonBool(b, r.Term.IsJie())
	b = append(b, `,"utc":"`...)
	b = r.UTC.AppendFormat(b, time.RFC3339)
	b = append(b, `","local":`...)
	b = appendWall(b, r.Local)
	return append(b, '}')
}

// AppendJSON appends the lunar date with its text (LunarDate's keys flattened).
func (l *LunarInfo) AppendJSON(b []byte) []byte {
	b = append(b, `{"year":`...)
	b = jsonInt(b, l.Year)
	b = append(b, `,"month":`...)
	b = jsonInt(b, l.Month)
	b = append(b, `,"day":`...)
	b = jsonInt(b, l.Day)
	b = append(b, `,"leap":`...)
	b = jsonBool(b, l.Leap)
	b = append(b, `,"text":`...)
	b = jsonString(b, l.Text)
	return append(b, '}')
}

// AppendJSON appends the analysis as encoding/json.Marshal writes it.
func (a *Analysis) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	b = a.appendJSONFields(b)
	return append(b, '}')
}

func (a *Analysis) appendJSONFields(b []byte) []byte {
	b = append(b, `"pillars":{"year":`...)
	b = a.Pillars.Year.AppendJSON(b)
	b = append(b, `,"month":`...)
	b = a.Pillars.Month.AppendJSON(b)
	b = append(b, `,"day":`...)
	b = a.Pillars.Day.AppendJSON(b)
	b = append(b, `,"hour":`...)
	if a.Pillars.Hour == nil {
		b = append(b, "null"...)
	} else {
		b = a.Pillars.Hour.AppendJSON(b)
	}
	b = append(b, `},"day_master":{"stem":`...)
	dm := &a.DayMaster
	b = jsonString(b, dm.Char)
	b = append(b, `,"pinyin":`...)
	b = jsonString(b, dm.Pinyin)
	b = append(b, `,"element":`...)
	b = jsonString(b, dm.Element)
	b = append(b, `,"element_name":`...)
	b = jsonString(b, dm.ElementName)
	b = append(b, `,"polarity":`...)
	b = jsonString(b, dm.Polarity)
	b = append(b, `},"tai_yuan":`...)
	b = a.TaiYuan.AppendJSON(b)
	b = append(b, `,"tai_xi":`...)
	b = a.TaiXi.AppendJSON(b)
	b = append(b, `,"ming_gong":`...)
	if a.MingGong == nil {
		b = append(b, "null"...)
	} else {
		b = a.MingGong.AppendJSON(b)
	}
	b = append(b, `,"shen_gong":`...)
	if a.ShenGong == nil {
		b = append(b, "null"...)
	} else {
		b = a.ShenGong.AppendJSON(b)
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
			b = a.ShenSha[i].AppendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"elements":`...)
	b = a.Elements.AppendJSON(b)
	b = append(b, `,"strength":`...)
	b = a.Strength.AppendJSON(b)
	b = append(b, `,"favourable":`...)
	return a.Favourable.AppendJSON(b)
}

func appendRelations(b []byte, rs []Relation) []byte {
	if rs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = rs[i].AppendJSON(b)
	}
	return append(b, ']')
}

// AppendJSON appends the pillar as encoding/json.Marshal writes it.
func (d *PillarDetail) AppendJSON(b []byte) []byte {
	b = append(b, `{"ganzhi":`...)
	b = jsonString(b, d.Name)
	b = append(b, `,"stem":`...)
	b = jsonString(b, d.Stem)
	b = append(b, `,"stem_pinyin":`...)
	b = jsonString(b, d.StemPinyin)
	b = append(b, `,"stem_element":`...)
	b = jsonString(b, d.StemElement)
	b = append(b, `,"stem_polarity":`...)
	b = jsonString(b, d.StemPolarity)
	b = append(b, `,"branch":`...)
	b = jsonString(b, d.Branch)
	b = append(b, `,"branch_pinyin":`...)
	b = jsonString(b, d.BranchPinyin)
	b = append(b, `,"branch_element":`...)
	b = jsonString(b, d.BranchElement)
	b = append(b, `,"branch_polarity":`...)
	b = jsonString(b, d.BranchPolarity)
	b = append(b, `,"animal":`...)
	b = jsonString(b, d.Animal)
	b = append(b, `,"nayin":`...)
	b = jsonString(b, d.NaYin.String())
	b = append(b, `,"nayin_element":`...)
	b = jsonString(b, d.NaYinElement)
	b = append(b, `,"hidden_stems":`...)
	if d.HiddenStems == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range d.HiddenStems {
			if i > 0 {
				b = append(b, ',')
			}
			b = d.HiddenStems[i].AppendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"ten_god":`...)
	b = d.TenGod.AppendJSON(b)
	b = append(b, `,"branch_ten_god":`...)
	b = d.BranchTenGod.AppendJSON(b)
	b = append(b, `,"stage":`...)
	b = d.Stage.AppendJSON(b)
	b = append(b, `,"self_stage":`...)
	b = d.SelfStage.AppendJSON(b)
	b = append(b, `,"kong_wang":{"xun":`...)
	b = jsonString(b, d.KongWang.Xun)
	b = append(b, `,"void":`...)
	b = jsonString(b, d.KongWang.Void)
	b = append(b, `,"void_by_day":`...)
	b = jsonBool(b, d.KongWang.VoidByDay)
	b = append(b, `,"void_by_year":`...)
	b = jsonBool(b, d.KongWang.VoidByYear)
	return append(b, "}}"...)
}

// AppendJSON appends the hidden stem as encoding/json.Marshal writes it.
func (h *HiddenStem) AppendJSON(b []byte) []byte {
	b = append(b, `{"stem":`...)
	b = jsonString(b, h.Char)
	b = append(b, `,"element":`...)
	b = jsonString(b, h.Element)
	b = append(b, `,"polarity":`...)
	b = jsonString(b, h.Polarity)
	b = append(b, `,"role":`...)
	b = jsonString(b, h.Role.String())
	b = append(b, `,"weight":`...)
	b = jsonFloat(b, h.Weight)
	b = append(b, `,"ten_god":`...)
	b = h.TenGod.AppendJSON(b)
	return append(b, '}')
}

// AppendJSON appends the object MarshalJSON returns.
func (g TenGod) AppendJSON(b []byte) []byte { return append(b, tenGodJSON[g%NumTenGods]...) }

// AppendJSON appends the object MarshalJSON returns.
func (l LifeStage) AppendJSON(b []byte) []byte { return append(b, lifeStageJSON[l%NumLifeStages]...) }

// AppendJSON appends the palace as encoding/json.Marshal writes it.
func (p *Palace) AppendJSON(b []byte) []byte {
	b = append(b, `{"ganzhi":`...)
	b = jsonString(b, p.Name)
	b = append(b, `,"nayin":`...)
	b = jsonString(b, p.NaYin.String())
	b = append(b, `,"nayin_element":`...)
	b = jsonString(b, p.NaYinElement)
	return append(b, '}')
}

// AppendJSON appends the JSON form described on Relation (what MarshalJSON returns).
func (r *Relation) AppendJSON(b []byte) []byte {
	info := &relationInfo[r.Kind%numRelationKinds]
	b = append(b, `{"type":`...)
	b = jsonString(b, info[0])
	b = append(b, `,"name":`...)
	b = jsonString(b, info[1])
	if info[2] != "" {
		b = append(b, `,"subtype":`...)
		b = jsonString(b, info[2])
	}
	if info[3] != "" {
		b = append(b, `,"subtype_name":`...)
		b = jsonString(b, info[3])
	}
	b = append(b, `,"members":`...)
	b = jsonStrs(b, r.Members())
	b = append(b, `,"chars":`...)
	b = jsonString(b, r.Chars())
	if e, ok := r.Element(); ok {
		if k := e.Key(); k != "" {
			b = append(b, `,"element":`...)
			b = jsonString(b, k)
		}
	}
	return append(b, '}')
}

// AppendJSON appends the JSON form described on ShenSha (what MarshalJSON returns).
func (s *ShenSha) AppendJSON(b []byte) []byte {
	b = append(b, `{"key":`...)
	b = jsonString(b, s.Key())
	b = append(b, `,"name":`...)
	b = jsonString(b, s.Name())
	b = append(b, `,"english":`...)
	b = jsonString(b, s.English())
	b = append(b, `,"nature":`...)
	b = jsonString(b, s.Nature())
	b = append(b, `,"pillar":`...)
	b = jsonString(b, s.Pillar())
	b = append(b, `,"on":`...)
	b = jsonString(b, s.On())
	b = append(b, `,"basis":`...)
	b = jsonString(b, s.Basis())
	b = append(b, `,"rule":`...)
	b = jsonString(b, s.Rule())
	return append(b, '}')
}

// AppendJSON appends the element balance as encoding/json.Marshal writes it.
func (e *ElementBalance) AppendJSON(b []byte) []byte {
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
	b = e.Scores.AppendJSON(b)
	b = append(b, `,"percent":`...)
	b = e.Percent.AppendJSON(b)
	b = append(b, `,"missing":`...)
	b = jsonStrs(b, e.Missing)
	b = append(b, `,"dominant":`...)
	b = jsonString(b, e.Dominant)
	w := &e.Weights
	b = append(b, `,"weights":{"stem":`...)
	b = jsonFloat(b, w.Stem)
	b = append(b, `,"hidden_main":`...)
	b = jsonFloat(b, w.HiddenMain)
	b = append(b, `,"hidden_middle":`...)
	b = jsonFloat(b, w.HiddenMiddle)
	b = append(b, `,"hidden_residual":`...)
	b = jsonFloat(b, w.HiddenResidual)
	b = append(b, `,"month_branch_multiplier":`...)
	b = jsonFloat(b, w.MonthMultiplier)
	return append(b, "}}"...)
}

// AppendJSON appends the scores as encoding/json.Marshal writes them.
func (s *ElementScores) AppendJSON(b []byte) []byte {
	b = append(b, `{"wood":`...)
	b = jsonFloat(b, s.Wood)
	b = append(b, `,"fire":`...)
	b = jsonFloat(b, s.Fire)
	b = append(b, `,"earth":`...)
	b = jsonFloat(b, s.Earth)
	b = append(b, `,"metal":`...)
	b = jsonFloat(b, s.Metal)
	b = append(b, `,"water":`...)
	b = jsonFloat(b, s.Water)
	return append(b, '}')
}

// AppendJSON appends the strength as encoding/json.Marshal writes it.
func (s *Strength) AppendJSON(b []byte) []byte {
	b = append(b, `{"score":`...)
	b = jsonFloat(b, s.Score)
	b = append(b, `,"label":`...)
	b = jsonString(b, s.Label)
	b = append(b, `,"support":`...)
	b = jsonFloat(b, s.Support)
	b = append(b, `,"oppose":`...)
	b = jsonFloat(b, s.Oppose)
	b = append(b, `,"in_season":`...)
	b = jsonBool(b, s.InSeason)
	b = append(b, `,"season_state":`...)
	b = jsonString(b, s.SeasonState)
	b = append(b, `,"rooted":`...)
	b = jsonBool(b, s.Rooted)
	b = append(b, `,"root_pillars":`...)
	b = jsonStrs(b, s.RootPillars)
	b = append(b, `,"supported":`...)
	b = jsonBool(b, s.Supported)
	return append(b, '}')
}

// AppendJSON appends the favourable elements as encoding/json.Marshal writes them.
func (f *Favourable) AppendJSON(b []byte) []byte {
	b = append(b, `{"favourable":`...)
	b = jsonStrs(b, f.Favourable)
	b = append(b, `,"unfavourable":`...)
	b = jsonStrs(b, f.Unfavourable)
	b = append(b, `,"reason":`...)
	b = jsonString(b, f.Reason)
	if f.ClimateNeed != "" {
		b = append(b, `,"climate_need":`...)
		b = jsonString(b, f.ClimateNeed)
	}
	if f.ClimateNote != "" {
		b = append(b, `,"climate_note":`...)
		b = jsonString(b, f.ClimateNote)
	}
	return append(b, '}')
}

// AppendJSON appends the luck section as encoding/json.Marshal writes it.
func (l *Luck) AppendJSON(b []byte) []byte {
	b = append(b, `{"method":`...)
	b = jsonString(b, l.Method.String())
	b = append(b, `,"direction":`...)
	b = jsonString(b, l.Direction)
	b = append(b, `,"governing_jie":`...)
	b = l.GoverningJie.AppendJSON(b)
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
	b = jsonTime(b, l.StartUTC)
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
			b = p.Years[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `},"pillars":[`...)
	for i := range l.Pillars {
		if i > 0 {
			b = append(b, ',')
		}
		b = l.Pillars[i].AppendJSON(b)
	}
	cur := &l.Current
	b = append(b, `],"current":{"now":`...)
	b = jsonTime(b, cur.Now)
	b = append(b, `,"da_yun":`...)
	b = jsonInt(b, cur.DaYun)
	if cur.GanZhi != "" {
		b = append(b, `,"da_yun_ganzhi":`...)
		b = jsonString(b, cur.GanZhi)
	}
	b = append(b, `,"liu_nian_year":`...)
	b = jsonInt(b, cur.LiuNianYear)
	b = append(b, `,"liu_nian_ganzhi":`...)
	b = jsonString(b, cur.LiuNianGanZhi)
	b = append(b, `,"age":`...)
	b = jsonInt(b, cur.Age)
	return append(b, "}}"...)
}

// AppendJSON appends the object described on LuckPillar (what MarshalJSON returns).
func (p *LuckPillar) AppendJSON(b []byte) []byte {
	b = append(b, `{"index":`...)
	b = jsonInt(b, int(p.Index))
	b = append(b, `,"ganzhi":"`...)
	b = append(b, p.GanZhi.String()...)
	b = append(b, `","stem":"`...)
	b = append(b, p.GanZhi.Stem().String()...)
	b = append(b, `","branch":"`...)
	b = append(b, p.GanZhi.Branch().String()...)
	b = append(b, `","ten_god":`...)
	b = p.TenGod.AppendJSON(b)
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
	b = append(b, `,"years":[`...)
	for i := range p.Years {
		if i > 0 {
			b = append(b, ',')
		}
		b = p.Years[i].appendJSON(b)
	}
	return append(b, "]}"...)
}

// AppendJSON appends the month as encoding/json.Marshal writes it.
func (m *LiuYueMonth) AppendJSON(b []byte) []byte {
	b = append(b, `{"index":`...)
	b = jsonInt(b, m.Index)
	b = append(b, `,"ganzhi":`...)
	b = jsonString(b, m.GanZhi)
	b = append(b, `,"jie":`...)
	b = jsonString(b, m.Jie)
	b = append(b, `,"start":`...)
	b = jsonTime(b, m.Start)
	b = append(b, `,"end":`...)
	b = jsonTime(b, m.End)
	return append(b, '}')
}
