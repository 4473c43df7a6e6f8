package views

import "github.com/bazi-master/bazi-master/bazi"

// shenShaRule words the rule that placed a star in the page's language.
func shenShaRule(p Page, s bazi.ShenSha) string {
	form, args := s.RuleForm()
	if form == "" {
		return ""
	}
	basis := p.T("rule.basis." + s.Basis())
	if form == bazi.RulePair {
		return p.T("rule.shensha.pair", args[0], args[1])
	}
	return p.T("rule.shensha."+form, basis, args[0], args[1])
}
