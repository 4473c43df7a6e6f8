package bazi

// Structure is the chart's 格局 and 用神, the "analysis" object of the
// chart JSON. It is written by hand (AppendJSON) so the reflection encoder
// and the app's fast path (internal/chartjson) write the same bytes from
// one place.
type Structure struct {
	Pattern   Pattern
	UsefulGod UsefulGod
}

// structureOf writes the analysis into a in place (it is ~2 KB of
// fixed arrays: no allocation, no copy).
func structureOf(a *Structure, st *[4]Stem, br *[4]Branch, n int, scores *[5]float64, s *Strength) {
	v := newChartView(st, br, n, scores, s)
	a.Pattern = patternOf(&v)
	usefulGodOf(&a.UsefulGod, &v, &a.Pattern)
}

// MarshalJSON writes the object AppendJSON appends.
func (a Structure) MarshalJSON() ([]byte, error) { return a.AppendJSON(make([]byte, 0, 4096)), nil }

// AppendJSON appends {"pattern":{…},"useful_god":{…}}.
func (a *Structure) AppendJSON(b []byte) []byte {
	p := &a.Pattern
	b = appendJSONString(append(b, `{"pattern":{"name":`...), p.Name)
	b = appendJSONString(append(b, `,"key":`...), p.Key)
	b = appendBool(append(b, `,"special":`...), p.Special)
	b = appendBool(append(b, `,"formed":`...), p.Formed)
	b = appendBool(append(b, `,"rescued":`...), p.Rescued)
	b = p.appendReason(append(b, `,"reason":`...))
	b = appendQuoted(append(b, `,"element":`...), p.Element.Key())
	b = append(b, `,"rules":[`...)
	for i := range p.Rules() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRule(b, &p.rules[i])
	}
	u := &a.UsefulGod
	b = appendQuoted(append(b, `]},"useful_god":{"method":`...), u.Method)
	b = appendQuoted(append(b, `,"method_name":`...), MethodName(u.Method))
	b = appendQuoted(append(b, `,"element":`...), u.Element.Key())
	b = append(b, `,"favourable":[`...)
	b = appendQuoted(b, u.Gods[0].Element.Key())
	b = appendQuoted(append(b, ','), u.Gods[1].Element.Key())
	b = append(b, `],"unfavourable":[`...)
	b = appendQuoted(b, u.Gods[2].Element.Key())
	b = appendQuoted(append(b, ','), u.Gods[3].Element.Key())
	b = append(b, `],"reasons":[`...)
	first := true
	u.eachReason(func(r *Rule) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendRuleText(b, r)
	})
	b = append(b, ']')
	b = appendBool(append(b, `,"disagree":`...), u.Disagree())
	b = appendRule(append(b, `,"primary":`...), &u.Primary)
	b = append(b, `,"gods":{`...)
	for i := range u.Gods {
		g := &u.Gods[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(b, g.Role)
		b = appendQuoted(append(b, `:{"element":`...), g.Element.Key())
		b = appendQuoted(append(b, `,"name":`...), godNames[i])
		b = appendRuleText(append(b, `,"reason":`...), &g.Rule)
		b = appendRule(append(b, `,"rule":`...), &g.Rule)
		b = append(b, '}')
	}
	b = append(b, `},"methods":[`...)
	for i := range u.Methods() {
		m := &u.methods[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(append(b, `{"method":`...), m.Method)
		b = appendQuoted(append(b, `,"name":`...), MethodName(m.Method))
		b = appendBool(append(b, `,"applies":`...), m.Applies)
		if m.Applies {
			b = appendQuoted(append(b, `,"element":`...), m.Element.Key())
		}
		if len(m.Stems) > 0 {
			b = append(b, `,"stems":[`...)
			for j, s := range m.Stems {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendQuoted(b, s.String())
			}
			b = append(b, ']')
		}
		b = appendRule(append(b, `,"rule":`...), &m.Rule)
		b = append(b, '}')
	}
	return append(b, "]}}"...)
}
