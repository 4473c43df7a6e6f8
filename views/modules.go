package views

import "strings"

// Module is one of the app's divination modules as the site shows it: in
// the header's Modules menu, the phone menu, the footer and the home
// page's cards. Modules is the only list of them, so a module that is
// built gets its Route and Available here and appears everywhere at once.
type Module struct {
	Key string // "bazi", "ziwei", …: the test ids' suffix
	// Route is where the module lives, "" until it is built.
	Route string
	// Available modules are links; the others show "Coming soon" and link
	// nowhere. Only a module with a Route can be available (modules_test.go).
	Available bool
	// Start is where its home card's Open link goes when that is not
	// Route: BaZi's form is on the home page itself.
	Start string
	// Sub are the paths besides Route that are the module's pages, for
	// marking it current; one ending in "/" covers the paths below it.
	Sub []string
	// Translation keys: the name, the one-line description and, for a
	// module named by a Chinese term, a short explanation of the term in
	// the reader's language ("" for none).
	NameKey, DescKey, GlossKey string
}

// Modules are the modules in the order the site lists them.
var Modules = []Module{
	{Key: "bazi", Route: "/", Available: true, Start: "/#birth-form", Sub: []string{"/chart", "/chart/"},
		NameKey: "module.bazi.name", DescKey: "module.bazi.desc", GlossKey: "module.bazi.gloss"},
	{Key: "ziwei", Route: "/ziwei", Available: true, Sub: []string{"/ziwei/"},
		NameKey: "module.ziwei.name", DescKey: "module.ziwei.desc", GlossKey: "module.ziwei.gloss"},
	{Key: "compat", Route: "/compatibility", Available: true,
		NameKey: "module.compat.name", DescKey: "module.compat.desc", GlossKey: "module.compat.gloss"},
	{Key: "daily", Route: "/daily", Available: true,
		NameKey: "module.daily.name", DescKey: "module.daily.desc"},
	{Key: "calendar", Route: "/calendar", Available: true,
		NameKey: "module.calendar.name", DescKey: "module.calendar.desc", GlossKey: "module.calendar.gloss"},
	{Key: "astrology", Route: "/astrology", Available: true, Sub: []string{"/astrology/"},
		NameKey: "module.astrology.name", DescKey: "module.astrology.desc"},
	{Key: "iching", Route: "/iching", Available: true,
		NameKey: "module.iching.name", DescKey: "module.iching.desc", GlossKey: "module.iching.gloss"},
	{Key: "tarot", Route: "/tarot", Available: true,
		NameKey: "module.tarot.name", DescKey: "module.tarot.desc"},
	{Key: "overview", Route: "/overview", Available: true,
		NameKey: "module.overview.name", DescKey: "module.overview.desc"},
	{Key: "reverse", Route: "/reverse", Available: true,
		NameKey: "module.reverse.name", DescKey: "module.reverse.desc", GlossKey: "module.reverse.gloss"},
}

// Linked is true when the module is shown as a link: available and built.
func (m Module) Linked() bool { return m.Available && m.Route != "" }

// Href is where the module's home card sends the reader.
func (m Module) Href() string {
	if m.Start != "" {
		return m.Start
	}
	return m.Route
}

// Current is true when path is one of the module's pages.
func (m Module) Current(path string) bool {
	if !m.Linked() {
		return false
	}
	if path == m.Route {
		return true
	}
	for _, s := range m.Sub {
		if path == s || (strings.HasSuffix(s, "/") && strings.HasPrefix(path, s)) {
			return true
		}
	}
	return false
}

// moduleIDs are the menus' ids and test ids of each module, by the
// list's prefix ("nav", "menu") and the module's index, built once: the
// header renders them on every page.
type moduleIDs struct{ testID, descID, soonID string }

var moduleMenuIDs = map[string][]moduleIDs{"nav": menuIDs("nav"), "menu": menuIDs("menu")}

func menuIDs(prefix string) []moduleIDs {
	out := make([]moduleIDs, len(Modules))
	for i, m := range Modules {
		id := prefix + "-" + m.Key
		out[i] = moduleIDs{testID: id, descID: id + "-desc", soonID: id + "-soon"}
	}
	return out
}

// footerIDs are the footer links' test ids, by module index.
var footerIDs = func() []string {
	out := make([]string, len(Modules))
	for i, m := range Modules {
		out[i] = "footer-" + m.Key
	}
	return out
}()

// inModule is true when path is a page of any module.
func inModule(path string) bool {
	for _, m := range Modules {
		if m.Current(path) {
			return true
		}
	}
	return false
}

// The Modules button's classes, built once (see classAttr), marked when
// the page is a module's.
var modulesToggleClassAttrs = [2]*classAttr{
	newClassAttr("flex items-center whitespace-nowrap rounded px-2 py-1.5 text-stone-700 hover:bg-stone-100 dark:text-stone-200 dark:hover:bg-stone-800"),
	newClassAttr("flex items-center whitespace-nowrap rounded px-2 py-1.5 font-semibold text-brand hover:bg-stone-100 dark:text-brand-dark dark:hover:bg-stone-800"),
}

func modulesToggleClassAttr(active bool) *classAttr {
	if active {
		return modulesToggleClassAttrs[1]
	}
	return modulesToggleClassAttrs[0]
}
