package views

import (
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
)

// The analysis section words the engine's rules (bazi.Rule: a key and
// Chinese arguments) in the page's language: "rule.<key>" in the locale
// files, with each argument that names a term of the chart (an element, a
// ten god, a pillar, a hidden-stem role, a pattern, a method, a group of
// ten gods) replaced by that term in the page's language. Stems,
// branches and numbers are the same in every language.

// ruleArgTerms maps a Chinese argument to how the page names it.
var ruleArgTerms = func() map[string]func(p Page) string {
	m := map[string]func(p Page) string{}
	for e := bazi.Element(0); e < 5; e++ {
		k := e.Key()
		m[e.String()] = func(p Page) string { return termName(p, "element", k) }
	}
	for g := bazi.TenGod(0); g < bazi.DayMasterGod; g++ {
		k := g.Key()
		m[g.String()] = func(p Page) string { return termName(p, "tengod", k) }
	}
	for r := bazi.HiddenRole(0); r < 3; r++ {
		k := r.String()
		m[r.Name()] = func(p Page) string { return termName(p, "hidden.role", k) }
	}
	for i, zh := range [4]string{"年", "月", "日", "时"} {
		k := "analysis.pos." + strconv.Itoa(i)
		m[zh] = func(p Page) string { return p.T(k) }
	}
	for i, zh := range [5]string{"比劫", "食伤", "财", "官杀", "印"} {
		k := "analysis.group." + strconv.Itoa(i)
		m[zh] = func(p Page) string { return p.T(k) }
	}
	for _, k := range bazi.PatternKeys() {
		key := k
		m[patternZh(key)] = func(p Page) string { return p.T("analysis.pattern." + key) }
	}
	for _, k := range []string{bazi.MethodFuYi, bazi.MethodTiaoHou, bazi.MethodTongGuan, bazi.MethodBingYao} {
		key := k
		m[bazi.MethodName(k)] = func(p Page) string { return termName(p, "analysis", key) }
	}
	return m
}()

// patternZh is the Chinese name of a pattern key.
func patternZh(key string) string {
	for _, name := range patternNamesZh {
		if k, _ := bazi.PatternKey(name); k == key {
			return name
		}
	}
	return ""
}

var patternNamesZh = []string{"建禄格", "月刃格", "月劫格", "食神格", "伤官格", "偏财格", "正财格", "七杀格", "正官格", "偏印格", "正印格",
	"从儿格", "从财格", "从杀格", "从强格", "曲直格", "炎上格", "稼穑格", "从革格", "润下格", "化木格", "化火格", "化土格", "化金格", "化水格"}

// ruleArg is one argument in the page's language.
func ruleArg(p Page, a string) string {
	if f, ok := ruleArgTerms[a]; ok {
		return f(p)
	}
	return a
}

// ruleMessageKeys maps a rule key to its message key ("rule.<key>"),
// made once so wording a rule builds no key.
var ruleMessageKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range bazi.RuleKeys() {
		m[k] = "rule." + k
	}
	return m
}()

// analysisRule words a rule of the analysis in the page's language. It
// fills the placeholders {0}…{9} as Page.T does, but into one builder: a
// chart shows some twenty rules, and boxing and replacing each argument
// through T cost the page a hundred and fifty allocations.
func analysisRule(p Page, r *bazi.Rule) string {
	key, ok := ruleMessageKeys[r.Key]
	if !ok {
		key = "rule." + r.Key
	}
	t, args := p.T(key), r.Args()
	var sb strings.Builder
	sb.Grow(len(t) + 24*len(args))
	for i := 0; i < len(t); i++ {
		if t[i] == '{' && i+2 < len(t) && t[i+2] == '}' && t[i+1] >= '0' && t[i+1] <= '9' {
			if k := int(t[i+1] - '0'); k < len(args) {
				sb.WriteString(ruleArg(p, args[k]))
				i += 2
				continue
			}
		}
		sb.WriteByte(t[i])
	}
	return sb.String()
}

// patternTitle is the pattern's name in the page's language; English
// keeps the Chinese beside it, the name practitioners search for.
func patternTitle(p Page, pt *bazi.Pattern) string {
	s := p.T("analysis.pattern." + pt.Key)
	if p.Lang == "en" {
		s += " · " + pt.Name
	}
	return s
}

// methodTermKey is the glossary key of a method (the pattern method is 格局).
func methodTermKey(method string) string {
	if method == bazi.MethodPattern {
		return "geju"
	}
	return method
}

// elementName is an element in the page's language.
func elementName(p Page, e bazi.Element) string { return termName(p, "element", e.Key()) }

// methodStems lists 调候's stems ("丙、癸").
func methodStems(p Page, ss []bazi.Stem) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	return strings.Join(parts, p.T("analysis.list_sep"))
}

// commanderRule words the commander's rule: the month's row of the
// table, the 节, the day and the stem.
func commanderRule(p Page, c *bazi.Commander) string {
	stems, days := bazi.CommanderSpans(c.Branch)
	parts := make([]string, len(stems))
	for i := range stems {
		parts[i] = p.T("analysis.days", stems[i].String(), strconv.Itoa(days[i]))
	}
	return p.T("rule.commander.rule", c.Branch.String(), strings.Join(parts, p.T("analysis.list_sep")),
		termName(p, "solarterm", c.Jie.Key()), strconv.Itoa(c.DaysSinceJie+1), c.Stem.String())
}

// commanderLine is the commander in one line: stem, element, day, 节.
func commanderLine(p Page, c *bazi.Commander) string {
	return p.T("analysis.commander_line", c.Stem.String(), elementName(p, c.Stem.Element()),
		strconv.Itoa(c.DaysSinceJie+1), termName(p, "solarterm", c.Jie.Key()))
}

// hasCommander: charts rendered from an analysis alone have no commander
// (no birth instant to count days from).
func hasCommander(c *bazi.Chart) bool { return c.Commander.Rule.Key != "" }

// boolAttr writes a bool for a data attribute.
func boolAttr(b bool) string { return strconv.FormatBool(b) }
