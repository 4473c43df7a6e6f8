package i18n

import (
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Every key must exist, non-empty, in all three languages: a missing
// translation would show a raw key to a reader.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Missing(); len(m) > 0 {
		t.Fatalf("missing translations: %v", m)
	}
	if got := c.T(SimplifiedChinese, "app.name"); got != "八字大师" {
		t.Errorf("zh-Hans app.name = %q", got)
	}
	if got := c.T(TraditionalChinese, "app.name"); got != "八字大師" {
		t.Errorf("zh-Hant app.name = %q", got)
	}
	if got := c.T(English, "error.500.body", "abc"); got == c.T(English, "error.500.body") {
		t.Errorf("placeholder not replaced: %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	cases := []struct {
		cookie, accept string
		want           Lang
	}{
		{"", "", English},
		{"", "zh-CN,zh;q=0.9,en;q=0.8", SimplifiedChinese},
		{"", "zh-TW,zh;q=0.9", TraditionalChinese},
		{"", "zh-HK", TraditionalChinese},
		{"", "zh-Hant-TW", TraditionalChinese},
		{"", "fr-FR,fr;q=0.9,en;q=0.5,zh;q=0.7", SimplifiedChinese},
		{"", "de, *;q=0.1", English},
		{"zh-Hant", "en-US", TraditionalChinese},
		{"klingon", "zh-CN", SimplifiedChinese},
		{"", "en;q=0,zh;q=0.1", SimplifiedChinese},
		{"", "ja-JP,ja;q=0.9,en-US;q=0.8", Japanese},
		{"", "ja", Japanese},
		{"", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", Korean},
		{"", "en;q=0.5,ko;q=0.8,ja;q=0.6", Korean},
		{"ko", "ja-JP", Korean},
		{"ja", "zh-TW", Japanese},
		{"", "jav,kok", English}, // Javanese and Konkani are neither
	}
	for _, tc := range cases {
		if got := Negotiate(tc.cookie, tc.accept); got != tc.want {
			t.Errorf("Negotiate(%q, %q) = %s, want %s", tc.cookie, tc.accept, got, tc.want)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	f.Add("zh-TW", "zh-CN,zh;q=0.9,en;q=0.8")
	f.Add("", ";q=,,;;q=abc")
	f.Fuzz(func(t *testing.T, cookie, accept string) {
		l := Negotiate(cookie, accept)
		if l != English && l != SimplifiedChinese && l != TraditionalChinese {
			t.Fatalf("unsupported language %q", l)
		}
	})
}

// For(lang) is T(lang, …) with the language bound, for every key, with
// placeholders filled and with unknown keys.
func TestForMatchesT(t *testing.T) {
	c := MustLoad()
	for _, l := range Langs {
		tr := c.For(l)
		for _, k := range append(c.Keys(), "no.such.key") {
			if got, want := tr(k, "A", 2), c.T(l, k, "A", 2); got != want {
				t.Fatalf("%s %s: For gives %q, T gives %q", l, k, got, want)
			}
		}
	}
}

// Terms reads the same texts as T, from its tables or (for a language or
// term the catalog lacks) formatted on the call.
func TestTermsMatchT(t *testing.T) {
	c := MustLoad()
	for _, lang := range []Lang{English, SimplifiedChinese, TraditionalChinese, "xx"} {
		terms := c.Terms(lang)
		for round := 0; round < 2; round++ {
			n := 0
			for _, k := range c.Keys() {
				rest, ok := strings.CutPrefix(k, "term.")
				if !ok || strings.HasSuffix(k, ".desc") || strings.HasSuffix(k, ".pinyin") {
					continue
				}
				i := strings.LastIndexByte(rest, '.')
				if i < 0 {
					continue
				}
				family, key := rest[:i], rest[i+1:]
				if got, want := terms.Name(family, key), c.T(lang, k); got != want {
					t.Fatalf("%s Name(%q, %q) = %q, T = %q", lang, family, key, got, want)
				}
				if got, want := terms.Desc(family, key), c.T(lang, k+".desc"); got != want {
					t.Fatalf("%s Desc(%q, %q) = %q, T = %q", lang, family, key, got, want)
				}
				if got, want := terms.Pinyin(family, key), c.T(lang, k+".pinyin"); got != want {
					t.Fatalf("%s Pinyin(%q, %q) = %q, T = %q", lang, family, key, got, want)
				}
				n++
			}
			if n < 100 {
				t.Fatalf("only %d terms checked", n)
			}
		}
		if got, want := terms.Name("no_such_family", "x"), c.T(lang, "term.no_such_family.x"); got != want {
			t.Fatalf("missing term: %q, T = %q", got, want)
		}
	}
}

// Phrase formats as T does, from the table or not, for any number of values.
func TestPhraseMatchesT(t *testing.T) {
	c := MustLoad()
	cases := [][]string{
		{"term.polarity_element", "Yang", "Wood"},
		{"chart.luck.age", "7"},
		{"chart.luck.start_offset", "1", "2", "3", "4"},
		{"chart.title"},
		{"no.such.key", "a"},
	}
	for _, lang := range Langs {
		terms := c.Terms(lang)
		for round := 0; round < 2; round++ {
			for _, tc := range cases {
				args := make([]any, len(tc)-1)
				for i, a := range tc[1:] {
					args[i] = a
				}
				if got, want := terms.Phrase(tc[0], tc[1:]...), c.T(lang, tc[0], args...); got != want {
					t.Fatalf("%s Phrase(%q) = %q, T = %q", lang, tc, got, want)
				}
			}
		}
	}
}

// The terms and phrases a chart page shows come from the tables built
// with the catalog, without formatting (or allocating) on the call.
func TestChartTermsAreInTheTables(t *testing.T) {
	c := MustLoad()
	for _, lang := range Langs {
		terms := c.Terms(lang)
		yang, wood := terms.Name("polarity", "yang"), terms.Name("element", "wood")
		if got, want := terms.Phrase("term.polarity_element", yang, wood), c.T(lang, "term.polarity_element", yang, wood); got != want {
			t.Fatalf("%s polarity_element = %q, T = %q", lang, got, want)
		}
		if n := testing.AllocsPerRun(100, func() {
			_ = terms.Get("tengod", "direct_officer")
			_ = terms.Get("relation.sub", "wu_en")
			_ = terms.Phrase("term.polarity_element", yang, wood)
			_ = terms.Phrase("chart.luck.age", "98")
		}); n != 0 {
			t.Errorf("%s: %v allocations a lookup", lang, n)
		}
	}
}

// Terms is read by many requests at once.
func TestTermsConcurrent(t *testing.T) {
	c := MustLoad()
	terms := c.Terms(English)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				key := strconv.Itoa(i % 50)
				if got, want := terms.Name("fam", key), c.T(English, "term.fam."+key); got != want {
					t.Errorf("Name = %q, want %q", got, want)
					return
				}
				if got, want := terms.Phrase("chart.luck.age", key), c.T(English, "chart.luck.age", key); got != want {
					t.Errorf("Phrase = %q, want %q", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}
