package bazi

import (
	"strconv"
	"time"
)

// This file writes the JSON objects of the small pointer-free types whose
// form is not their fields (TermRef, Relation, ShenSha, LiuNian,
// LuckPillar), for their MarshalJSON methods. Every string they hold comes
// from the engine's tables and needs no JSON escaping
// (TestMarshalJSONStringsNeedNoEscaping), so it is written between quotes
// as it is. The app's fast encoder of the whole chart document writes the
// same bytes (internal/chartjson).

// appendQuoted appends s, a string of the engine's tables, as a JSON string.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendBool(b []byte, v bool) []byte { return strconv.AppendBool(b, v) }

func appendInt(b []byte, v int) []byte { return strconv.AppendInt(b, int64(v), 10) }

// appendWall appends the quoted ISO form (Wall's MarshalText).
func appendWall(b []byte, w Wall) []byte {
	b = append(b, '"')
	b, _ = w.AppendText(b)
	return append(b, '"')
}

func appendTermRef(b []byte, r *TermRef) []byte {
	b = appendQuoted(append(b, `{"name":`...), r.Term.String())
	b = appendQuoted(append(b, `,"pinyin":`...), r.Term.Pinyin())
	b = appendQuoted(append(b, `,"key":`...), r.Term.Key())
	b = appendQuoted(append(b, `,"english":`...), r.Term.English())
	b = appendBool(append(b, `,"jie":`...), r.Term.IsJie())
	b = append(b, `,"utc":"`...)
	b = r.UTC.AppendFormat(b, time.RFC3339)
	b = appendWall(append(b, `","local":`...), r.Local)
	return append(b, '}')
}

func appendRelation(b []byte, r *Relation) []byte {
	b = appendQuoted(append(b, `{"type":`...), r.Type())
	b = appendQuoted(append(b, `,"name":`...), r.Name())
	if sub := r.Subtype(); sub != "" {
		b = appendQuoted(append(b, `,"subtype":`...), sub)
	}
	if name := r.SubtypeName(); name != "" {
		b = appendQuoted(append(b, `,"subtype_name":`...), name)
	}
	b = append(b, `,"members":[`...)
	for i, m := range r.Members() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(b, m)
	}
	b = appendQuoted(append(b, `],"chars":`...), r.Chars())
	if e, ok := r.Element(); ok {
		if k := e.Key(); k != "" {
			b = appendQuoted(append(b, `,"element":`...), k)
		}
	}
	return append(b, '}')
}

func appendShenSha(b []byte, s *ShenSha) []byte {
	b = appendQuoted(append(b, `{"key":`...), s.Key())
	b = appendQuoted(append(b, `,"name":`...), s.Name())
	b = appendQuoted(append(b, `,"english":`...), s.English())
	b = appendQuoted(append(b, `,"nature":`...), s.Nature())
	b = appendQuoted(append(b, `,"pillar":`...), s.Pillar())
	b = appendQuoted(append(b, `,"on":`...), s.On())
	b = appendQuoted(append(b, `,"basis":`...), s.Basis())
	b = appendQuoted(append(b, `,"rule":`...), s.Rule())
	return append(b, '}')
}

func appendLiuNian(b []byte, n *LiuNian) []byte {
	b = appendInt(append(b, `{"year":`...), int(n.Year))
	b = appendInt(append(b, `,"age":`...), int(n.Age))
	b = appendQuoted(append(b, `,"ganzhi":`...), n.GanZhi.String())
	b = append(append(b, `,"ten_god":`...), tenGodJSON[n.TenGod%NumTenGods]...)
	if n.HasXiaoYun {
		b = appendQuoted(append(b, `,"xiao_yun":`...), n.XiaoYun.String())
	}
	var buf [MaxInteractions]Interaction
	b = appendInteractions(append(b, `,"interactions":`...), n.Interactions(buf[:0]))
	return append(b, '}')
}

// appendInteractions appends the list as a JSON array.
func appendInteractions(b []byte, list []Interaction) []byte {
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = list[i].AppendJSON(b)
	}
	return append(b, ']')
}

func appendLuckPillar(b []byte, p *LuckPillar) []byte {
	b = appendInt(append(b, `{"index":`...), int(p.Index))
	b = appendQuoted(append(b, `,"ganzhi":`...), p.GanZhi.String())
	b = appendQuoted(append(b, `,"stem":`...), p.GanZhi.Stem().String())
	b = appendQuoted(append(b, `,"branch":`...), p.GanZhi.Branch().String())
	b = append(append(b, `,"ten_god":`...), tenGodJSON[p.TenGod%NumTenGods]...)
	b = appendInt(append(b, `,"start_age":`...), int(p.StartAge))
	b = appendInt(append(b, `,"end_age":`...), int(p.EndAge))
	b = appendInt(append(b, `,"start_year":`...), int(p.StartYear))
	b = appendInt(append(b, `,"end_year":`...), int(p.EndYear))
	b = appendWall(append(b, `,"start_time":`...), p.StartTime)
	var buf [MaxInteractions]Interaction
	b = appendInteractions(append(b, `,"interactions":`...), p.Interactions(buf[:0]))
	b = append(b, `,"years":[`...)
	for i := range p.Years {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendLiuNian(b, &p.Years[i])
	}
	return append(b, "]}"...)
}
