package bazi

import "encoding/json"

// Reading the analysis and the commander back from the chart JSON (a
// saved chart document, a test's round trip). The Chinese texts are not
// stored: they are worded again from the keys and arguments.

type ruleJSON struct {
	Key  string   `json:"key"`
	Args []string `json:"args"`
}

func (r ruleJSON) rule() Rule {
	if len(r.Args) > maxRuleArgs {
		r.Args = r.Args[:maxRuleArgs]
	}
	return newRule(r.Key, r.Args...)
}

func elementOfKey(k string) Element {
	for e := Element(0); e < 5; e++ {
		if e.Key() == k {
			return e
		}
	}
	return 0
}

// UnmarshalJSON reads the object AppendJSON writes.
func (a *Structure) UnmarshalJSON(b []byte) error {
	var doc struct {
		Pattern struct {
			Name    string     `json:"name"`
			Key     string     `json:"key"`
			Special bool       `json:"special"`
			Formed  bool       `json:"formed"`
			Rescued bool       `json:"rescued"`
			Element string     `json:"element"`
			Rules   []ruleJSON `json:"rules"`
		} `json:"pattern"`
		UsefulGod struct {
			Method  string   `json:"method"`
			Element string   `json:"element"`
			Primary ruleJSON `json:"primary"`
			Gods    map[string]struct {
				Element string   `json:"element"`
				Rule    ruleJSON `json:"rule"`
			} `json:"gods"`
			Methods []struct {
				Method  string   `json:"method"`
				Applies bool     `json:"applies"`
				Element string   `json:"element"`
				Stems   []string `json:"stems"`
				Rule    ruleJSON `json:"rule"`
			} `json:"methods"`
		} `json:"useful_god"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	*a = Structure{}
	p, d := &a.Pattern, &doc.Pattern
	p.Key, p.Name, p.Special, p.Formed, p.Rescued, p.Element = d.Key, d.Name, d.Special, d.Formed, d.Rescued, elementOfKey(d.Element)
	for _, r := range d.Rules {
		p.addRule(r.rule())
	}
	u, du := &a.UsefulGod, &doc.UsefulGod
	u.Method, u.Element, u.Primary = du.Method, elementOfKey(du.Element), du.Primary.rule()
	for i, role := range godRoles {
		g := du.Gods[role]
		u.Gods[i] = God{Role: role, Element: elementOfKey(g.Element), Rule: g.Rule.rule()}
	}
	for _, m := range du.Methods {
		if int(u.nMethods) == len(u.methods) {
			break
		}
		r := MethodResult{Method: m.Method, Applies: m.Applies, Element: elementOfKey(m.Element), Rule: m.Rule.rule()}
		if len(m.Stems) > 0 {
			for _, s := range m.Stems {
				if st, ok := ParseStem(s); ok {
					r.Stems = append(r.Stems, st)
				}
			}
		}
		u.addMethod(r)
	}
	return nil
}

// UnmarshalJSON reads the object AppendJSON writes.
func (c *Commander) UnmarshalJSON(b []byte) error {
	var doc struct {
		Stem     string   `json:"stem"`
		Branch   string   `json:"branch"`
		JieKey   string   `json:"jie_key"`
		Days     int      `json:"days_since_jie"`
		RuleKey  string   `json:"rule_key"`
		RuleArgs []string `json:"rule_args"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	*c = Commander{DaysSinceJie: doc.Days}
	c.Stem, _ = ParseStem(doc.Stem)
	c.Branch, _ = ParseBranch(doc.Branch)
	for t := SolarTerm(0); t < NumSolarTerms; t++ {
		if t.Key() == doc.JieKey {
			c.Jie = t
		}
	}
	if doc.RuleKey != "" {
		c.Rule = ruleJSON{doc.RuleKey, doc.RuleArgs}.rule()
	}
	return nil
}
