package i18n

import "testing"

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
