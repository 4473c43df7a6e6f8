package tarot

import (
	"html"
	"strconv"
	"strings"
)

// Face size: the SVG's viewBox is 0 0 FaceWidth FaceHeight.
const (
	FaceWidth  = 200
	FaceHeight = 340
)

// palette is a card's colours: background, ink, accent.
type palette struct{ bg, ink, accent string }

var palettes = map[string]palette{
	"":          {"#f6efe0", "#3b2667", "#c8952c"}, // major arcana: violet and gold on vellum
	"wands":     {"#fbeee3", "#9a3412", "#ea7a1c"},
	"cups":      {"#e9f1fb", "#1e3a8a", "#3b82c4"},
	"swords":    {"#eef0f3", "#334155", "#8a9bb0"},
	"pentacles": {"#ecf6ea", "#166534", "#b08a1e"},
}

// Face is the card's face as a self-contained SVG document fragment (an
// <svg> element, no external fonts or images): its number (a Roman numeral
// for the major arcana), the suit's symbol or the arcanum's emblem, the
// colours of its suit, and its name in lang ("en", "zh-Hans", "zh-Hant", "ja",
// "ko"; others get English).
func Face(c *Card, lang string) string {
	switch lang {
	case "zh-Hans", "zh-Hant", "ja", "ko":
	default:
		lang = "en"
	}
	// Drawing a face takes a few microseconds (BenchmarkFace), so faces are
	// not cached.
	return drawFace(c, lang)
}

func drawFace(c *Card, lang string) string {
	p := palettes[c.Suit]
	var b strings.Builder
	b.Grow(3000)
	name := html.EscapeString(c.Name.In(lang))
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 340" role="img" aria-label="`)
	b.WriteString(name)
	b.WriteString(`" class="tarot-face">`)
	// The card: a rounded sheet with an inner frame.
	b.WriteString(`<rect x="2" y="2" width="196" height="336" rx="14" fill="` + p.bg + `" stroke="` + p.ink + `" stroke-width="3"/>`)
	b.WriteString(`<rect x="12" y="12" width="176" height="316" rx="8" fill="none" stroke="` + p.accent + `" stroke-width="1.5"/>`)
	// The number at the top.
	b.WriteString(`<text x="100" y="44" text-anchor="middle" font-family="Georgia,'Times New Roman',serif" font-size="24" font-weight="bold" fill="` + p.ink + `">`)
	b.WriteString(cardNumeral(c))
	b.WriteString(`</text>`)
	// The picture, in the box 30..170 × 62..262 (centre 100,162).
	b.WriteString(`<g fill="none" stroke="` + p.ink + `" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">`)
	if c.Arcana == Major {
		b.WriteString(strings.ReplaceAll(majorEmblems[c.Number], "ACC", p.accent))
	} else {
		drawPips(&b, c, p)
	}
	b.WriteString(`</g>`)
	// The name in a band at the foot.
	b.WriteString(`<rect x="20" y="276" width="160" height="40" rx="6" fill="` + p.ink + `"/>`)
	size := 18
	if n := len([]rune(c.Name.In(lang))); n > 14 {
		size = max(10, 18*14/n)
	}
	b.WriteString(`<text x="100" y="302" text-anchor="middle" font-family="system-ui,sans-serif" font-size="` + strconv.Itoa(size) + `" fill="` + p.bg + `">`)
	b.WriteString(name)
	b.WriteString(`</text></svg>`)
	return b.String()
}

// roman is 0–21 as the RWS major arcana write them (the Fool is 0).
var roman = [22]string{"0", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
	"XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"}

// rankMarks are the minor ranks as the top of the card shows them.
var rankMarks = [14]string{"A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "P", "Kn", "Q", "K"}

func cardNumeral(c *Card) string {
	if c.Arcana == Major {
		return roman[c.Number]
	}
	return rankMarks[c.Number-1]
}

// suitSymbols are the four suit signs drawn about (0,0) in a 40×40 box.
var suitSymbols = map[string]string{
	// a budding staff
	"wands": `<path d="M-6 20 L6 -20"/><path d="M-1 2 l-8 -4 M3 -10 l8 -3 M-3 10 l7 2"/>`,
	// a chalice: bowl, stem, foot
	"cups": `<path d="M-14 -18 h28 q0 18 -14 20 q-14 -2 -14 -20 z"/><path d="M0 2 v12 M-9 18 h18"/>`,
	// a sword: blade, guard, grip, pommel
	"swords": `<path d="M0 -20 l4 6 v18 h-8 v-18 z"/><path d="M-10 4 h20 M0 4 v10"/><circle cx="0" cy="17" r="2.5"/>`,
	// a coin with a pentagram
	"pentacles": `<circle r="17"/><path d="M0 -13 L7.6 10.5 L-12.4 -4 H12.4 L-7.6 10.5 Z" stroke-width="2.5"/>`,
}

// pipLayouts place the pips of the numbered cards, as (x, y) in the
// picture box; court cards draw one large sign and their crown or helm.
var pipLayouts = [10][][2]int{
	{{100, 162}},
	{{100, 102}, {100, 222}},
	{{100, 92}, {100, 162}, {100, 232}},
	{{65, 102}, {135, 102}, {65, 222}, {135, 222}},
	{{65, 97}, {135, 97}, {100, 162}, {65, 227}, {135, 227}},
	{{65, 92}, {135, 92}, {65, 162}, {135, 162}, {65, 232}, {135, 232}},
	{{65, 87}, {135, 87}, {100, 124}, {65, 162}, {135, 162}, {65, 237}, {135, 237}},
	{{65, 84}, {135, 84}, {65, 136}, {135, 136}, {65, 188}, {135, 188}, {65, 240}, {135, 240}},
	{{55, 87}, {100, 87}, {145, 87}, {55, 162}, {100, 162}, {145, 162}, {55, 237}, {100, 237}, {145, 237}},
	{{55, 82}, {100, 82}, {145, 82}, {55, 142}, {145, 142}, {55, 202}, {145, 202}, {55, 252}, {100, 252}, {100, 162}},
}

// courtMarks crown the court cards: page, knight, queen, king.
var courtMarks = [4]string{
	`<path d="M80 96 h40 v-10 h-40 z"/>`,                                      // page: a cap
	`<path d="M78 100 v-20 q22 -16 44 0 v20 z M84 90 h32"/>`,                  // knight: a helm
	`<path d="M76 100 l6 -22 l10 12 l8 -16 l8 16 l10 -12 l6 22 z"/>`,          // queen: a crown
	`<path d="M74 100 v-24 l13 12 l13 -18 l13 18 l13 -12 v24 z M74 92 h52"/>`, // king: a taller crown
}

func drawPips(b *strings.Builder, c *Card, p palette) {
	sym := suitSymbols[c.Suit]
	if c.Number <= 10 {
		scale := "1"
		switch {
		case c.Number == 1:
			scale = "2.6"
		case c.Number <= 3:
			scale = "1.5"
		case c.Number <= 6:
			scale = "1.2"
		}
		for _, xy := range pipLayouts[c.Number-1] {
			b.WriteString(`<g transform="translate(` + strconv.Itoa(xy[0]) + ` ` + strconv.Itoa(xy[1]) + `) scale(` + scale + `)">`)
			b.WriteString(sym)
			b.WriteString(`</g>`)
		}
		return
	}
	b.WriteString(`<g stroke="` + p.accent + `">` + courtMarks[c.Number-11] + `</g>`)
	b.WriteString(`<g transform="translate(100 180) scale(2.4)">`)
	b.WriteString(sym)
	b.WriteString(`</g>`)
}

// majorEmblems are the 22 emblems of the major arcana, each a simple
// geometric motif in the picture box; ACC stands for the accent colour.
var majorEmblems = [22]string{
	// 0 Fool: the open zero, a step over the cliff's edge and the sun above
	`<circle cx="100" cy="150" r="42"/><path d="M40 250 h70 l20 -30" stroke="ACC"/><circle cx="150" cy="88" r="10" stroke="ACC"/>`,
	// I Magician: the lemniscate above the raised wand
	`<path d="M100 100 c-20 -26 -50 -26 -50 0 s30 26 50 0 s50 -26 50 0 s-30 26 -50 0 z" stroke="ACC"/><path d="M100 140 v110 M88 140 h24"/>`,
	// II High Priestess: two pillars and the crescent between
	`<path d="M55 80 v170 M75 80 v170 M125 80 v170 M145 80 v170 M50 80 h30 M120 80 h30"/><path d="M108 140 a22 22 0 1 0 0 36 a16 16 0 1 1 0 -36 z" stroke="ACC"/>`,
	// III Empress: the sign of Venus over a field of wheat
	`<circle cx="100" cy="125" r="34" stroke="ACC"/><path d="M100 159 v60 M78 192 h44"/><path d="M50 250 q10 -20 20 0 q10 -20 20 0 q10 -20 20 0 q10 -20 20 0 q10 -20 20 0"/>`,
	// IV Emperor: the throne's square under ram's horns
	`<rect x="60" y="120" width="80" height="110"/><path d="M60 120 q-20 -40 10 -40 q15 0 10 20 M140 120 q20 -40 -10 -40 q-15 0 -10 20" stroke="ACC"/><path d="M80 150 h40 v50 h-40 z"/>`,
	// V Hierophant: the triple cross
	`<path d="M100 80 v170 M80 105 h40 M70 130 h60 M60 155 h80"/><path d="M70 250 h60" stroke="ACC"/>`,
	// VI Lovers: two joined rings under a sun
	`<circle cx="80" cy="175" r="32"/><circle cx="120" cy="175" r="32" stroke="ACC"/><path d="M100 80 v20 M80 88 l8 14 M120 88 l-8 14"/>`,
	// VII Chariot: the canopy, the car and two wheels
	`<path d="M55 110 h90 l-10 -25 h-70 z"/><rect x="65" y="120" width="70" height="80"/><circle cx="70" cy="225" r="20" stroke="ACC"/><circle cx="130" cy="225" r="20" stroke="ACC"/>`,
	// VIII Strength: the lemniscate over the lion's mane
	`<path d="M100 95 c-14 -18 -36 -18 -36 0 s22 18 36 0 s36 -18 36 0 s-22 18 -36 0 z" stroke="ACC"/><circle cx="100" cy="185" r="30"/><path d="M100 140 l8 12 l14 -4 l0 14 l14 6 l-9 12 l9 12 l-14 6 l0 14 l-14 -4 l-8 12 l-8 -12 l-14 4 l0 -14 l-14 -6 l9 -12 l-9 -12 l14 -6 l0 -14 l14 4 z"/>`,
	// IX Hermit: the lantern with its star, and the staff
	`<path d="M80 80 v170" /><rect x="92" y="130" width="50" height="64" rx="6"/><path d="M117 120 v10 M117 144 l4 10 l10 0 l-8 7 l3 10 l-9 -6 l-9 6 l3 -10 l-8 -7 l10 0 z" stroke="ACC"/>`,
	// X Wheel of Fortune: the wheel and its eight spokes
	`<circle cx="100" cy="162" r="70"/><circle cx="100" cy="162" r="16" stroke="ACC"/><path d="M100 92 v140 M30 162 h140 M50.5 112.5 l99 99 M149.5 112.5 l-99 99"/>`,
	// XI Justice: the scales on the upright sword
	`<path d="M100 80 v170 M60 110 h80 M90 250 h20"/><path d="M60 110 l-18 50 h36 z M140 110 l-18 50 h36 z" stroke="ACC"/>`,
	// XII Hanged Man: the tau cross and the figure upside down
	`<path d="M50 85 h100 M60 85 v165 M140 85 v165"/><path d="M100 85 v50 M100 135 l-16 40 h32 z" stroke="ACC"/><circle cx="100" cy="195" r="14"/>`,
	// XIII Death: the five-petalled white rose on its banner
	`<path d="M60 80 v170"/><path d="M60 85 h80 v70 h-80" /><circle cx="100" cy="120" r="10" stroke="ACC"/><path d="M100 98 a12 12 0 0 1 21 15 a12 12 0 0 1 -8 25 a12 12 0 0 1 -26 0 a12 12 0 0 1 -8 -25 a12 12 0 0 1 21 -15"/>`,
	// XIV Temperance: two cups and the water poured between
	`<path d="M50 120 h40 q0 30 -20 32 q-20 -2 -20 -32 z M110 190 h40 q0 30 -20 32 q-20 -2 -20 -32 z"/><path d="M85 140 q30 10 40 50" stroke="ACC"/><path d="M70 152 v20 M130 222 v20"/>`,
	// XV Devil: the inverted pentagram
	`<circle cx="100" cy="165" r="62"/><path d="M100 227 L136.4 115 L41 184.2 H159 L63.6 115 Z" stroke="ACC"/>`,
	// XVI Tower: the tower, its crown blown off and the lightning
	`<path d="M75 250 v-130 h50 v130 M70 120 h60 M75 120 v-12 h10 v12 M95 120 v-12 h10 v12 M115 120 v-12 h10 v12"/><path d="M150 70 l-25 40 h18 l-22 40" stroke="ACC"/><rect x="92" y="150" width="16" height="24"/>`,
	// XVII Star: the great eight-pointed star and seven small ones
	`<path d="M100 100 l12 38 l38 -14 l-24 30 l30 28 l-38 -6 l-18 36 l-8 -40 l-38 4 l32 -24 l-26 -32 l38 12 z" stroke="ACC"/><circle cx="50" cy="90" r="4"/><circle cx="150" cy="90" r="4"/><circle cx="45" cy="240" r="4"/><circle cx="155" cy="240" r="4"/><circle cx="100" cy="250" r="4"/>`,
	// XVIII Moon: the crescent over two towers and the path
	`<path d="M112 78 a38 38 0 1 0 0 72 a30 30 0 1 1 0 -72 z" stroke="ACC"/><path d="M45 250 v-60 h20 v60 M135 250 v-60 h20 v60 M100 250 q-15 -25 0 -50"/>`,
	// XIX Sun: the disc and its rays
	`<circle cx="100" cy="162" r="38" stroke="ACC"/><path d="M100 104 v-24 M100 220 v24 M42 162 h-24 M158 162 h24 M59 121 l-17 -17 M141 121 l17 -17 M59 203 l-17 17 M141 203 l17 17"/>`,
	// XX Judgement: the angel's trumpet and its banner's cross
	`<path d="M55 215 l80 -80 l12 -30 l-30 12 z" stroke="ACC"/><path d="M120 150 v50 M105 165 h30"/><path d="M45 250 h110 M60 250 v-20 h20 v20 M120 250 v-20 h20 v20"/>`,
	// XXI World: the wreath and the four corners of the world
	`<ellipse cx="100" cy="165" rx="42" ry="66" stroke="ACC"/><circle cx="48" cy="88" r="10"/><circle cx="152" cy="88" r="10"/><circle cx="48" cy="242" r="10"/><circle cx="152" cy="242" r="10"/><path d="M92 100 l8 -8 l8 8 M92 230 l8 8 l8 -8"/>`,
}
