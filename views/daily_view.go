package views

// almanacLang is the language of the almanac's worded names: Chinese
// (lunar-go's) on an English page, which shows its translation beside
// them, the page's own otherwise.
func almanacLang(p Page) string {
	if p.Lang == "en" {
		return "zh-Hans"
	}
	return string(p.Lang)
}
