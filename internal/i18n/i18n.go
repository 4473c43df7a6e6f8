// Package i18n holds the user-facing strings in English, simplified and
// traditional Chinese, Japanese and Korean, in JSON files a translator can
// edit, and picks the reader's language. Files are
// locales/<area>.<lang>.json (or <lang>.json for the site frame); every
// area must have all five languages.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Lang is a supported language tag.
type Lang string

const (
	English            Lang = "en"
	SimplifiedChinese  Lang = "zh-Hans"
	TraditionalChinese Lang = "zh-Hant"
	Japanese           Lang = "ja"
	Korean             Lang = "ko"
)

// Langs lists the supported languages in the order the switcher shows them.
var Langs = []Lang{English, SimplifiedChinese, TraditionalChinese, Japanese, Korean}

// Default is used when nothing the reader sends matches.
const Default = English

//go:embed locales/*.json
var localeFiles embed.FS

// Catalog maps language → key → text.
type Catalog struct {
	texts map[Lang]map[string]string
	terms map[Lang]*Terms
}

// Load reads the embedded locale files. It fails when a file is malformed
// or a language misses a key that another has, so a build with a
// half-translated string never starts.
func Load() (*Catalog, error) {
	c := &Catalog{texts: map[Lang]map[string]string{}}
	for _, l := range Langs {
		c.texts[l] = map[string]string{}
	}
	entries, err := localeFiles.ReadDir("locales")
	if err != nil {
		return nil, fmt.Errorf("read locales: %w", err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		lang, ok := Lang(name), false
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			lang = Lang(name[i+1:])
		}
		for _, l := range Langs {
			ok = ok || l == lang
		}
		if !ok {
			return nil, fmt.Errorf("locale file %s: name must end in .en.json, .zh-Hans.json, .zh-Hant.json, .ja.json or .ko.json", e.Name())
		}
		raw, err := localeFiles.ReadFile("locales/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read locale %s: %w", e.Name(), err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("parse locale %s: %w", e.Name(), err)
		}
		for k, v := range m {
			if _, dup := c.texts[lang][k]; dup {
				return nil, fmt.Errorf("locale %s: key %q is defined twice", e.Name(), k)
			}
			c.texts[lang][k] = v
		}
	}
	if missing := c.Missing(); len(missing) > 0 {
		return nil, fmt.Errorf("locales disagree: %s", strings.Join(missing, "; "))
	}
	c.terms = map[Lang]*Terms{}
	for _, l := range Langs {
		c.terms[l] = newTerms(c.texts[l], c.texts[Default])
	}
	// Korean readers know the classical terms by their Hanja, which the
	// traditional catalog writes.
	c.terms[Korean].hanja = c.terms[TraditionalChinese]
	return c, nil
}

// MustLoad is Load for program start and tests, where the embedded files
// are fixed at build time.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Missing lists "lang: key" for every key some language has and another
// lacks or leaves empty.
func (c *Catalog) Missing() []string {
	all := map[string]bool{}
	for _, m := range c.texts {
		for k := range m {
			all[k] = true
		}
	}
	var out []string
	for _, l := range Langs {
		for k := range all {
			if strings.TrimSpace(c.texts[l][k]) == "" {
				out = append(out, string(l)+": "+k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Keys returns every key, sorted.
func (c *Catalog) Keys() []string {
	var keys []string
	for k := range c.texts[Default] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the text for key in lang. Placeholders {0}, {1}… are replaced by
// args in order. An unknown key returns the key itself, which tests catch.
func (c *Catalog) T(lang Lang, key string, args ...any) string {
	return translate(c.texts[lang], c.texts[Default], key, args)
}

func translate(texts, fallback map[string]string, key string, args []any) string {
	s, ok := texts[key]
	if !ok {
		if s, ok = fallback[key]; !ok {
			return key
		}
	}
	for i, a := range args {
		s = strings.ReplaceAll(s, placeholders[min(i, len(placeholders)-1)], argString(a))
	}
	return s
}

// For returns T bound to lang: a page calls it hundreds of times, and the
// language's table is looked up once here instead of on every call.
func (c *Catalog) For(lang Lang) func(key string, args ...any) string {
	texts, fallback := c.texts[lang], c.texts[Default]
	return func(key string, args ...any) string { return translate(texts, fallback, key, args) }
}

// Terms returns lang's table of chart terms (see Terms); a language the
// catalog does not have reads the default's, as T does.
func (c *Catalog) Terms(lang Lang) *Terms {
	if t, ok := c.terms[lang]; ok {
		return t
	}
	return c.terms[Default]
}

// Terms is one language's chart terms: the texts of the keys
// "term.<family>.<key>", "….desc" and "….pinyin", which a chart page looks
// up hundreds of times (the same ten god in every luck pillar and year).
// A term is one lookup by its two short parts instead of building the long
// key and looking that up. The tables are built with the catalog and never
// change, so reads take no lock; what they lack is formatted on each call
// from the same texts T reads (a missing key reads as the key itself, as T
// has it).
type Terms struct {
	texts, fallback map[string]string
	hanja           *Terms // the traditional Chinese table, for Korean; nil otherwise
	terms           map[termID]*TermText
	phrases         map[phraseID]string
	derived         sync.Map // see Derived
}

// phraseID is a message with one or two placeholder values.
type phraseID struct {
	key, a, b string
	n         int
}

// TermText is a term's name, description and pinyin.
type TermText struct{ Name, Desc, Pinyin string }

// termID names a term; as a map key it hashes its two parts without
// joining them into a new string.
type termID struct{ family, key string }

// maxAge bounds the ages "chart.luck.age" is formatted for in advance (a
// luck pillar starts before age 12 and the tenth ends before 112).
const maxAge = 150

// newTerms builds lang's tables: every term of the catalog, and the
// phrases a chart page formats with values from the engine, for every
// value they take: "term.polarity_element" (a polarity and an element
// name) and "chart.luck.age".
func newTerms(texts, fallback map[string]string) *Terms {
	t := &Terms{texts: texts, fallback: fallback, terms: map[termID]*TermText{}, phrases: map[phraseID]string{}}
	families := map[string][]string{}
	for _, m := range []map[string]string{fallback, texts} {
		for k := range m {
			base, ok := strings.CutPrefix(k, "term.")
			if !ok {
				continue
			}
			if b, ok := strings.CutSuffix(base, ".desc"); ok {
				base = b
			} else if b, ok := strings.CutSuffix(base, ".pinyin"); ok {
				base = b
			}
			i := strings.LastIndexByte(base, '.')
			if i < 0 {
				continue
			}
			id := termID{base[:i], base[i+1:]}
			if _, done := t.terms[id]; !done {
				t.terms[id] = t.format(id)
				families[id.family] = append(families[id.family], id.key)
			}
		}
	}
	for _, p := range families["polarity"] {
		for _, e := range families["element"] {
			t.addPhrase("term.polarity_element", t.Name("polarity", p), t.Name("element", e))
		}
	}
	for age := 0; age <= maxAge; age++ {
		t.addPhrase("chart.luck.age", strconv.Itoa(age))
	}
	return t
}

// format reads a term's texts from the catalog.
func (t *Terms) format(id termID) *TermText {
	base := "term." + id.family + "." + id.key
	return &TermText{
		Name:   translate(t.texts, t.fallback, base, nil),
		Desc:   translate(t.texts, t.fallback, base+".desc", nil),
		Pinyin: translate(t.texts, t.fallback, base+".pinyin", nil),
	}
}

func (t *Terms) addPhrase(key string, args ...string) {
	id := phraseID{key: key, a: args[0], n: len(args)}
	if len(args) == 2 {
		id.b = args[1]
	}
	t.phrases[id] = translate(t.texts, t.fallback, key, stringArgs(args))
}

// Get returns the texts of term key of family.
func (t *Terms) Get(family, key string) *TermText {
	if tt, ok := t.terms[termID{family, key}]; ok {
		return tt
	}
	return t.format(termID{family, key})
}

// Phrase is T(key, args...) for a message whose one or two placeholder
// values come from the chart engine ("Yang Wood", "age 7"): the phrases a
// chart page shows come from the table built with the catalog (see
// newTerms); others are formatted on each call.
func (t *Terms) Phrase(key string, args ...string) string {
	if len(args) == 1 || len(args) == 2 {
		id := phraseID{key: key, a: args[0], n: len(args)}
		if len(args) == 2 {
			id.b = args[1]
		}
		if s, ok := t.phrases[id]; ok {
			return s
		}
	}
	return translate(t.texts, t.fallback, key, stringArgs(args))
}

func stringArgs(args []string) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
	}
	return out
}

// Each calls f with every term of the table (every "term.<family>.<key>"
// of the catalog), in no particular order.
func (t *Terms) Each(f func(family, key string, tt *TermText)) {
	for id, tt := range t.terms {
		f(id.family, id.key, tt)
	}
}

// Derived returns what build made of t for key: built on the first call
// and kept with t, so that a table another package derives from one
// language's texts (views keep the terms' markup here) is made once per
// language and goes with the catalog. Two first calls at once may both
// build; one result is kept and every caller gets it.
func (t *Terms) Derived(key any, build func(*Terms) any) any {
	if v, ok := t.derived.Load(key); ok {
		return v
	}
	v, _ := t.derived.LoadOrStore(key, build(t))
	return v
}

// Hanja is the term's name in Hanja (the traditional catalog's) when t is
// Korean's table and that differs from the Korean name; "" otherwise.
func (t *Terms) Hanja(family, key string) string {
	if t.hanja == nil {
		return ""
	}
	h := t.hanja.Name(family, key)
	if h == t.Name(family, key) || h == "term."+family+"."+key {
		return ""
	}
	return h
}

// Name is the term's translated name, as T("term.<family>.<key>").
func (t *Terms) Name(family, key string) string { return t.Get(family, key).Name }

// Desc is T("term.<family>.<key>.desc").
func (t *Terms) Desc(family, key string) string { return t.Get(family, key).Desc }

// Pinyin is T("term.<family>.<key>.pinyin").
func (t *Terms) Pinyin(family, key string) string { return t.Get(family, key).Pinyin }

// placeholders are "{0}" … "{9}", built once (T runs hundreds of times per page).
var placeholders = func() (p [10]string) {
	for i := range p {
		p[i] = "{" + strconv.Itoa(i) + "}"
	}
	return p
}()

// argString formats a placeholder value without fmt for the common types.
func argString(a any) string {
	switch v := a.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	}
	return fmt.Sprint(a)
}

// Has reports whether key exists.
func (c *Catalog) Has(key string) bool {
	_, ok := c.texts[Default][key]
	return ok
}

// Parse returns the supported language a tag names ("zh-TW" → zh-Hant).
func Parse(tag string) (Lang, bool) {
	t := strings.ToLower(strings.TrimSpace(tag))
	t = strings.ReplaceAll(t, "_", "-")
	switch {
	case t == "":
		return "", false
	case t == "en" || strings.HasPrefix(t, "en-"):
		return English, true
	case strings.HasPrefix(t, "zh-hant"), t == "zh-tw", t == "zh-hk", t == "zh-mo",
		strings.HasPrefix(t, "zh-tw-"), strings.HasPrefix(t, "zh-hk-"), strings.HasPrefix(t, "zh-mo-"):
		return TraditionalChinese, true
	case t == "zh" || strings.HasPrefix(t, "zh-"):
		return SimplifiedChinese, true
	case t == "ja" || strings.HasPrefix(t, "ja-"):
		return Japanese, true
	case t == "ko" || strings.HasPrefix(t, "ko-"):
		return Korean, true
	}
	return "", false
}

// Negotiate picks a language: the cookie's choice first, then the best
// Accept-Language entry by quality, then the default.
func Negotiate(cookie, acceptLanguage string) Lang {
	if l, ok := Parse(cookie); ok {
		return l
	}
	best, bestQ := Default, -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, q := part, 1.0
		if i := strings.IndexByte(part, ';'); i >= 0 {
			tag = part[:i]
			if v, ok := strings.CutPrefix(strings.TrimSpace(part[i+1:]), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		if l, ok := Parse(tag); ok && q > bestQ && q > 0 {
			best, bestQ = l, q
		}
	}
	return best
}

// HTMLLang is the value for <html lang>.
func (l Lang) HTMLLang() string { return string(l) }

// CJK reports whether text in l is written without spaces between words
// and sentences (Chinese and Japanese; Korean spaces its words).
func (l Lang) CJK() bool {
	return l == SimplifiedChinese || l == TraditionalChinese || l == Japanese
}

// Hanzi reports whether l is written in Chinese characters alone (the two
// Chinese scripts), so that a classical term needs no gloss beside it.
func (l Lang) Hanzi() bool { return l == SimplifiedChinese || l == TraditionalChinese }
