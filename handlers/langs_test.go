package handlers_test

import "github.com/bazi-master/bazi-master/internal/i18n"

// uiLangs are the UI languages as ?lang= values, for tests that visit a
// page in each.
var uiLangs = func() []string {
	out := make([]string, len(i18n.Langs))
	for i, l := range i18n.Langs {
		out[i] = string(l)
	}
	return out
}()
