package views

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
)

// The colours that carry text (assets/palette.json, read by
// tailwind.config.js) pass WCAG AA for normal text, 4.5:1, on every
// background they are shown on, in both themes, and each element keeps
// its hue across its shades: checked here without a browser (the
// accessibility browser test checks the painted pages).
func TestPaletteContrastAndHue(t *testing.T) {
	raw, err := os.ReadFile("../assets/palette.json")
	if err != nil {
		t.Fatal(err)
	}
	var pal struct {
		Elements  map[string]map[string]string `json:"elements"`
		Brand     map[string]string            `json:"brand"`
		MutedText struct{ Light, Dark string } `json:"mutedText"`
	}
	if err := json.Unmarshal(raw, &pal); err != nil {
		t.Fatal(err)
	}
	if len(pal.Elements) != 5 {
		t.Fatalf("%d elements in the palette, want 5", len(pal.Elements))
	}

	// Page backgrounds (Tailwind's stone scale, as the layout and cards use
	// them) and the calendar's today cell.
	const (
		white, stone50, stone100, amber50 = "#ffffff", "#fafaf9", "#f5f5f4", "#fffbeb"
		stone800, stone900, stone950      = "#292524", "#1c1917", "#0c0a09"
	)
	lightPages := []string{white, stone50, stone100, amber50}
	darkPages := []string{stone800, stone900, stone950}
	check := func(what, fg, bg string) {
		t.Helper()
		if r := contrast(t, fg, bg); r < 4.5 {
			t.Errorf("%s: %s on %s is %.2f:1, want 4.5:1 or more", what, fg, bg, r)
		}
	}
	// A chip in the dark theme: the colour at 20% over the card.
	chip := func(c, bg string) string { return blend(t, c, bg, 0.2) }

	shades := map[string]map[string]string{"brand": pal.Brand}
	for name, s := range pal.Elements {
		shades[name] = s
	}
	for name, s := range shades {
		for _, bg := range append(lightPages, s["light"]) {
			check(name+" text, light theme", s["DEFAULT"], bg)
		}
		for _, bg := range append(darkPages, chip(s["DEFAULT"], stone900), chip(s["DEFAULT"], stone800)) {
			check(name+" text, dark theme", s["dark"], bg)
		}
	}
	for _, bg := range append(lightPages, pal.Brand["light"]) {
		check("secondary text, light theme", pal.MutedText.Light, bg)
	}
	for _, bg := range append(darkPages, chip(pal.Brand["DEFAULT"], stone900)) {
		check("secondary text, dark theme", pal.MutedText.Dark, bg)
	}

	// One hue per element, and no dark-theme shade washed out to near-white.
	for name, s := range pal.Elements {
		h0, _, _ := hsl(t, s["DEFAULT"])
		for _, shade := range []string{"light", "dark"} {
			h, _, _ := hsl(t, s[shade])
			if d := math.Abs(math.Remainder(h-h0, 360)); d > 12 {
				t.Errorf("%s: the %s shade %s is %.0f° from %s's hue", name, shade, s[shade], d, s["DEFAULT"])
			}
		}
		if _, _, l := hsl(t, s["dark"]); l > 0.8 {
			t.Errorf("%s: the dark-theme shade %s is near-white (lightness %.2f)", name, s["dark"], l)
		}
	}
}

func rgbOf(t *testing.T, hex string) [3]float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var c [3]float64
	for i := range c {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", hex, err)
		}
		c[i] = float64(v) / 255
	}
	return c
}

// luminance is WCAG 2's relative luminance.
func luminance(t *testing.T, hex string) float64 {
	c := rgbOf(t, hex)
	for i, v := range c {
		if v <= 0.04045 {
			c[i] = v / 12.92
		} else {
			c[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// blend is fg at alpha over bg, as the browser paints bg-x/20.
func blend(t *testing.T, fg, bg string, alpha float64) string {
	f, b := rgbOf(t, fg), rgbOf(t, bg)
	var c [3]int
	for i := range c {
		c[i] = int(math.Round((alpha*f[i] + (1-alpha)*b[i]) * 255))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// hsl gives hue in degrees, saturation and lightness in [0, 1].
func hsl(t *testing.T, hex string) (h, s, l float64) {
	c := rgbOf(t, hex)
	hi, lo := math.Max(c[0], math.Max(c[1], c[2])), math.Min(c[0], math.Min(c[1], c[2]))
	l = (hi + lo) / 2
	if hi == lo {
		return 0, 0, l
	}
	d := hi - lo
	s = d / (1 - math.Abs(2*l-1))
	switch hi {
	case c[0]:
		h = math.Mod((c[1]-c[2])/d, 6)
	case c[1]:
		h = (c[2]-c[0])/d + 2
	default:
		h = (c[0]-c[1])/d + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h, s, l
}
