package views

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

// The module list is the single source of the menus, the footer and the
// home cards: in the product's order, each module with a name and a
// description in every language, available exactly when it has a route.
func TestModulesList(t *testing.T) {
	cat := i18n.MustLoad()
	var keys []string
	for _, m := range Modules {
		keys = append(keys, m.Key)
		if !regexp.MustCompile(`^[a-z]+$`).MatchString(m.Key) {
			t.Errorf("module key %q: want lower-case letters (it names test ids and element ids)", m.Key)
		}
		if m.Available != (m.Route != "") {
			t.Errorf("%s: available=%v with route %q: a built module has a route, one still to come has none", m.Key, m.Available, m.Route)
		}
		if m.Linked() != m.Available {
			t.Errorf("%s: Linked()=%v, Available=%v", m.Key, m.Linked(), m.Available)
		}
		for _, r := range append([]string{m.Route, m.Start}, m.Sub...) {
			if r != "" && (!strings.HasPrefix(r, "/") || strings.HasPrefix(r, "//")) {
				t.Errorf("%s: %q is not a path on this site", m.Key, r)
			}
		}
		if m.Start != "" && !strings.HasPrefix(m.Start, m.Route+"#") && !strings.HasPrefix(m.Start, m.Route+"?") {
			t.Errorf("%s: its card opens %q, not a place on its route %q", m.Key, m.Start, m.Route)
		}
		if !m.Linked() && (m.Start != "" || len(m.Sub) > 0) {
			t.Errorf("%s: not built, yet it has pages (start %q, sub %v)", m.Key, m.Start, m.Sub)
		}
		for _, key := range []string{m.NameKey, m.DescKey, m.GlossKey} {
			if key == "" {
				continue
			}
			if !cat.Has(key) {
				t.Errorf("%s: no message %q", m.Key, key)
				continue
			}
			for _, l := range i18n.Langs {
				if strings.TrimSpace(cat.T(l, key)) == "" {
					t.Errorf("%s: %s has no %q", m.Key, l, key)
				}
			}
		}
		if m.NameKey == "" || m.DescKey == "" {
			t.Errorf("%s: a module needs a name and a description", m.Key)
		}
	}
	want := []string{"bazi", "ziwei", "compat", "daily", "calendar", "astrology", "iching", "tarot", "overview", "reverse"}
	if !slices.Equal(keys, want) {
		t.Errorf("modules %v, want %v", keys, want)
	}
	// The modules named by a Chinese term explain it in every language.
	for _, m := range Modules {
		if slices.Contains([]string{"bazi", "ziwei", "compat", "calendar", "iching"}, m.Key) && m.GlossKey == "" {
			t.Errorf("%s: its Chinese name has no explanation", m.Key)
		}
	}
}

// A module is current on its own pages only; a module still to come never is.
func TestModuleCurrent(t *testing.T) {
	cases := map[string]string{
		"/":              "bazi",
		"/chart":         "bazi",
		"/chart/new":     "bazi",
		"/charts/12":     "",
		"/ziwei":         "ziwei",
		"/ziwei/chart":   "ziwei",
		"/ziweix":        "",
		"/compatibility": "compat",
		"/daily":         "daily",
		"/calendar":      "calendar",
		"/glossary":      "",
		"/history":       "",
		"":               "",
	}
	for path, want := range cases {
		var got []string
		for _, m := range Modules {
			if m.Current(path) {
				got = append(got, m.Key)
			}
		}
		if strings.Join(got, ",") != want {
			t.Errorf("%q: current modules %v, want %q", path, got, want)
		}
		if inModule(path) != (want != "") {
			t.Errorf("%q: inModule %v", path, inModule(path))
		}
	}
}
