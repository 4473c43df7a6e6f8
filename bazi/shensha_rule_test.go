package bazi

import (
	"strings"
	"testing"
)

// Every rule the engine can word in English is also given as data, with
// the same values, so pages can word it in their own language.
func TestShenShaRuleFormMatchesRule(t *testing.T) {
	forms := map[string]bool{RuleMaps: true, RuleTianShe: true, RulePillar: true, RulePair: true}
	n := 0
	for si := range stars {
		for _, b := range stars[si].bases {
			for v := range starRules[si][b] {
				s := ShenSha{Star: Star(si), basis: b, val: uint8(v)}
				form, args := s.RuleForm()
				if !forms[form] || args[0] == "" || args[1] == "" {
					t.Fatalf("%s basis %s value %d: form %q args %q", s.Key(), s.Basis(), v, form, args)
				}
				rule := s.Rule()
				for _, a := range args {
					if !strings.Contains(rule, strings.ReplaceAll(a, "/", map[bool]string{true: ",", false: "/"}[form == RulePillar])) {
						t.Errorf("%s: rule %q lacks %q", s.Key(), rule, a)
					}
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no rules checked")
	}
}
