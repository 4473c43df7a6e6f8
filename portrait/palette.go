package portrait

// ElementColour is an element's three shades, as in assets/palette.json
// (palette_test.go checks they agree).
type ElementColour struct {
	Base, Light, Dark string
}

// Colours are the element colours by bazi.Element (wood, fire, earth,
// metal, water).
var Colours = [5]ElementColour{
	{"#276749", "#d4f4e2", "#6fd3a0"},
	{"#b52a2a", "#fde2e2", "#fc8181"},
	{"#8f5a14", "#fbecd3", "#e0a54b"},
	{"#4a5568", "#e8edf3", "#a0aec0"},
	{"#2b6cb0", "#e3f0fb", "#93c1f0"},
}

// seasonSkies are the background gradients (top, middle, bottom) by season.
var seasonSkies = [4][3]string{
	{"#eaf7e4", "#bfe3c6", "#6fa98a"}, // spring: mist over new green
	{"#fff3c4", "#f7b267", "#c8553d"}, // summer: warm gold to ember
	{"#f6e7cb", "#d9a25f", "#7c4a2d"}, // autumn: amber to rust
	{"#1b2a4a", "#2f4e7a", "#0b1426"}, // winter: indigo night
}
