package bazi

import (
	"strings"
	"unicode/utf8"
)

// Rule is the reason behind one decision of the chart analysis (格局,
// 用神, 人元司令): a machine key the page words in the reader's language,
// and its arguments (characters of the chart: stems, branches, ten gods,
// element names). Its Chinese sentence (Text) is worded only when asked
// for — the JSON writes it, the page words the key instead — and the
// arguments sit in the Rule itself, so a chart's analysis costs no
// allocation per rule.
type Rule struct {
	Key  string
	args [maxRuleArgs]string
	n    uint8
}

const maxRuleArgs = 6

// Args are the rule's arguments (a view of the rule: read-only).
func (r *Rule) Args() []string { return r.args[:r.n:r.n] }

// Text is the rule in Chinese, as the chart JSON gives it.
func (r *Rule) Text() string { return fillArgs(ruleTexts[r.Key], r.Args()) }

// newRule builds a rule. Every key must have a Chinese text in
// ruleTexts: TestStructureProperties checks each rule the engine makes
// (a lookup here would be a third of the analysis' cost).
func newRule(key string, args ...string) Rule {
	r := Rule{Key: key}
	r.n = uint8(copy(r.args[:], args))
	return r
}

// fillArgs replaces {0}, {1}… in t by args.
func fillArgs(t string, args []string) string {
	if len(args) == 0 {
		return t
	}
	var sb strings.Builder
	sb.Grow(len(t) + 16*len(args))
	for i := 0; i < len(t); i++ {
		if t[i] == '{' && i+2 < len(t) && t[i+2] == '}' && t[i+1] >= '0' && t[i+1] <= '9' {
			if k := int(t[i+1] - '0'); k < len(args) {
				sb.WriteString(args[k])
				i += 2
				continue
			}
		}
		sb.WriteByte(t[i])
	}
	return sb.String()
}

// RuleKeys lists every rule key the analysis can produce, for the tests
// that check each is worded in every language.
func RuleKeys() []string {
	out := make([]string, 0, len(ruleTexts))
	for k := range ruleTexts {
		out = append(out, k)
	}
	return out
}

// appendJSONString appends s as encoding/json.Marshal writes a string:
// HTML-sensitive characters and the JS line separators escaped too, so
// the bytes match the reflection encoder's.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONBody(b, s)
	return append(b, '"')
}

// appendJSONBody appends s escaped as inside a JSON string, without quotes.
func appendJSONBody(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

func appendRule(b []byte, r *Rule) []byte {
	b = appendJSONString(append(b, `{"key":`...), r.Key)
	b = append(b, `,"args":[`...)
	for i, a := range r.Args() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, a)
	}
	b = appendRuleText(append(b, `],"text":`...), r)
	return append(b, '}')
}

// appendRuleText appends the rule's Chinese text as a JSON string.
func appendRuleText(b []byte, r *Rule) []byte {
	b = append(b, '"')
	b = appendRuleTextBody(b, r)
	return append(b, '"')
}

// appendRuleTextBody appends the rule's Chinese text, escaped for a JSON
// string, filling the arguments in place (no intermediate string).
func appendRuleTextBody(b []byte, r *Rule) []byte {
	t, args := ruleTexts[r.Key], r.Args()
	start := 0
	for i := 0; i+2 < len(t); i++ {
		if t[i] == '{' && t[i+2] == '}' && t[i+1] >= '0' && t[i+1] <= '9' {
			if k := int(t[i+1] - '0'); k < len(args) {
				b = appendJSONBody(b, t[start:i])
				b = appendJSONBody(b, args[k])
				i += 2
				start = i + 1
			}
		}
	}
	return appendJSONBody(b, t[start:])
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}
