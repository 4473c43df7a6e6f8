// Package sharecard draws the share images link previews show (WeChat,
// LINE, X, iMessage read only PNG or JPEG og:images): a 1200×630 PNG from
// a small description of a card (Card). It is pure Go: text through
// x/image's OpenType rasterizer with an embedded subset of Noto Sans CJK
// SC Bold (fonts/, cut by scripts/gen-font-subset.sh to the characters
// cards can show), shapes through x/image/vector. Nothing here knows a
// chart or a hexagram; the handlers describe the card.
package sharecard

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Width and Height are the card's size, the usual og:image size.
const (
	Width  = 1200
	Height = 630
)

// MaxBytes is the largest PNG a card may be (messengers drop bigger previews).
const MaxBytes = 150 << 10

//go:embed fonts/NotoSansSC-Bold-subset.otf
var fontData []byte // read-only

// Card is what a share image shows: a title, a subtitle, a row (or two)
// of blocks and a footer line.
type Card struct {
	Title    string  `json:"title"`
	Subtitle string  `json:"subtitle,omitempty"`
	Blocks   []Block `json:"blocks"`
	// Note is a short line at the bottom right (a score).
	Note string `json:"note,omitempty"`
	// Footer is the site's name, bottom left.
	Footer string `json:"footer"`
}

// Block is one box of the row: a small label on top, big glyphs (stacked,
// one per line) or a hexagram's lines, and a caption below.
type Block struct {
	Label   string  `json:"label,omitempty"`
	Glyphs  []Glyph `json:"glyphs,omitempty"`
	Lines   []Line  `json:"lines,omitempty"` // bottom line first; drawn instead of Glyphs
	Caption string  `json:"caption,omitempty"`
}

// Glyph is a big text in a block, in its colour.
type Glyph struct {
	Text  string     `json:"text"`
	Color color.RGBA `json:"color"`
}

// Line is one line of a hexagram.
type Line struct {
	Yang   bool `json:"yang"`
	Moving bool `json:"moving,omitempty"`
}

// Key identifies the card's image: the same description gives the same
// key (and the same bytes), a different one another key.
func (c Card) Key() string {
	b, _ := json.Marshal(c) // plain strings, bools and numbers: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// Colours of the card.
var (
	paper   = color.RGBA{0xfa, 0xf7, 0xf2, 0xff}
	brand   = color.RGBA{0x9b, 0x2c, 0x2c, 0xff}
	ink     = color.RGBA{0x1c, 0x19, 0x17, 0xff}
	muted   = color.RGBA{0x57, 0x53, 0x4e, 0xff}
	faint   = color.RGBA{0x78, 0x71, 0x6c, 0xff}
	white   = color.RGBA{0xff, 0xff, 0xff, 0xff}
	border  = color.RGBA{0xe7, 0xe5, 0xe4, 0xff}
	moving  = color.RGBA{0xb9, 0x1c, 0x1c, 0xff}
	lineInk = color.RGBA{0x29, 0x25, 0x24, 0xff}
)

// Renderer draws cards with the embedded font. It is safe for concurrent
// use: each Render has its own faces and image.
type Renderer struct {
	font *sfnt.Font
	// work keeps canvases and compressors between renders: a card's
	// 3 MB canvas and the compressor's tables are most of its allocation.
	work sync.Pool
}

// workspace is what one render reuses.
type workspace struct {
	img  *image.RGBA
	zw   *zlib.Writer
	idat bytes.Buffer
}

// New parses the embedded font.
func New() (*Renderer, error) {
	f, err := opentype.Parse(fontData)
	if err != nil {
		return nil, fmt.Errorf("parse card font: %w", err)
	}
	return &Renderer{font: f}, nil
}

// MustNew is New for a server's wiring: the font is part of the binary,
// so a failure is a broken build (the package's tests catch it first).
func MustNew() *Renderer {
	r, err := New()
	if err != nil {
		panic(err)
	}
	return r
}

// Render draws c with a new Renderer; a server keeps one Renderer instead.
func Render(c Card) ([]byte, error) {
	r, err := New()
	if err != nil {
		return nil, err
	}
	return r.Render(c)
}

// Covers reports whether the font has a glyph for every character of s
// (a user's name may hold characters the subset lacks: the caller then
// leaves it off rather than draw empty boxes).
func (r *Renderer) Covers(s string) bool {
	var buf sfnt.Buffer
	for _, ch := range s {
		if ch == ' ' {
			continue
		}
		if i, err := r.font.GlyphIndex(&buf, ch); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// Missing lists the characters of s the font has no glyph for.
func (r *Renderer) Missing(s string) []rune {
	var buf sfnt.Buffer
	var out []rune
	for _, ch := range s {
		if i, err := r.font.GlyphIndex(&buf, ch); err != nil || (i == 0 && ch != ' ') {
			out = append(out, ch)
		}
	}
	return out
}

// canvas is one card being drawn.
type canvas struct {
	img   *image.RGBA
	r     *Renderer
	faces map[float64]font.Face
	ras   vector.Rasterizer
}

func (cv *canvas) face(size float64) font.Face {
	if f, ok := cv.faces[size]; ok {
		return f
	}
	f, err := opentype.NewFace(cv.r.font, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		// Only a bad size fails, and sizes are the constants below.
		panic(fmt.Sprintf("sharecard: face %v: %v", size, err))
	}
	cv.faces[size] = f
	return f
}

// Render draws c as a PNG of Width×Height.
func (r *Renderer) Render(c Card) ([]byte, error) {
	ws, _ := r.work.Get().(*workspace)
	if ws == nil {
		ws = &workspace{img: image.NewRGBA(image.Rect(0, 0, Width, Height))}
	}
	defer r.work.Put(ws)
	cv := &canvas{img: ws.img, r: r, faces: map[float64]font.Face{}}
	draw.Draw(cv.img, cv.img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	cv.rect(0, 0, Width, 12, 0, brand)

	const margin = 60
	cv.textFit(c.Title, margin, 92, Width-2*margin, 52, ink, false)
	if c.Subtitle != "" {
		cv.textFit(c.Subtitle, margin, 138, Width-2*margin, 28, muted, false)
	}
	cv.blocks(c.Blocks, margin, 170, Width-2*margin, 380)
	cv.textFit(c.Footer, margin, 600, 560, 26, brand, false)
	if c.Note != "" {
		cv.textFit(c.Note, Width-margin-500, 600, 500, 30, ink, true)
	}

	var out bytes.Buffer
	out.Grow(64 << 10)
	if err := ws.encodeRGB(&out, cv.img); err != nil {
		return nil, fmt.Errorf("encode card: %w", err)
	}
	if out.Len() > MaxBytes {
		return nil, fmt.Errorf("card is %d bytes, more than %d", out.Len(), MaxBytes)
	}
	return out.Bytes(), nil
}

// blocks lays the blocks out in rows of at most five (six when that makes
// one row) inside x, y, w, h.
func (cv *canvas) blocks(bs []Block, x, y, w, h int) {
	n := len(bs)
	if n == 0 {
		return
	}
	perRow := n
	if n > 6 {
		perRow = (n + 1) / 2
	}
	rows := (n + perRow - 1) / perRow
	const gap = 24
	bh := (h - (rows-1)*gap) / rows
	for row := 0; row < rows; row++ {
		first := row * perRow
		last := min(first+perRow, n)
		count := last - first
		bw := (w - (perRow-1)*gap) / perRow
		if bw > 300 {
			bw = 300
		}
		total := count*bw + (count-1)*gap
		bx := x + (w-total)/2
		for i := first; i < last; i++ {
			cv.block(bs[i], bx+(i-first)*(bw+gap), y+row*(bh+gap), bw, bh)
		}
	}
}

// block draws one block in its box.
func (cv *canvas) block(b Block, x, y, w, h int) {
	cv.rect(x, y, w, h, 20, border)
	cv.rect(x+2, y+2, w-4, h-4, 18, white)
	small := clamp(float64(h)/15, 16, 24)
	top, bottom := y+8, y+h-8
	if b.Label != "" {
		cv.textFit(b.Label, x+10, y+int(small)+16, w-20, small, faint, false, centre)
		top = y + int(small) + 28
	}
	if b.Caption != "" {
		cv.textFit(b.Caption, x+10, y+h-16, w-20, small, faint, false, centre)
		bottom = y + h - int(small) - 28
	}
	area := bottom - top
	if len(b.Lines) > 0 {
		cv.hexagram(b.Lines, x+w/2, top, bottom, w)
		return
	}
	if len(b.Glyphs) == 0 {
		return
	}
	slot := area / len(b.Glyphs)
	size := clamp(float64(slot)*0.85, 18, 130)
	// One size for the block's glyphs: the largest at which all fit.
	for _, g := range b.Glyphs {
		if adv := font.MeasureString(cv.face(size), g.Text).Ceil(); adv > w-24 {
			size = max(16, float64(int(size*float64(w-24)/float64(adv))))
		}
	}
	for i, g := range b.Glyphs {
		base := top + slot*i + slot/2 + int(size*0.36)
		cv.textFit(g.Text, x+12, base, w-24, size, g.Color, false, centre)
	}
}

// hexagram draws six lines, bottom first, centred on cx between top and bottom.
func (cv *canvas) hexagram(lines []Line, cx, top, bottom, w int) {
	n := len(lines)
	bar := min((bottom-top)*5/(8*n), 26)
	step := (bottom - top) / n
	lw := min(w*7/10, 220)
	x0 := cx - lw/2
	for i, l := range lines {
		yy := bottom - step*i - step/2 - bar/2
		col := lineInk
		if l.Moving {
			col = moving
		}
		if l.Yang {
			cv.rect(x0, yy, lw, bar, 3, col)
		} else {
			half := lw * 2 / 5
			cv.rect(x0, yy, half, bar, 3, col)
			cv.rect(x0+lw-half, yy, half, bar, 3, col)
		}
		if l.Moving {
			r := bar / 2
			cv.rect(x0+lw+14, yy+bar/2-r/2, r, r, float32(r)/2, moving)
		}
	}
}

// rect fills a rectangle with corner radius rad. The straight parts are
// plain fills; only the four corners go through the rasterizer, whose
// cost grows with the area it covers.
func (cv *canvas) rect(x, y, w, h int, rad float32, col color.RGBA) {
	src := image.NewUniform(col)
	r := int(min(rad, float32(w)/2, float32(h)/2))
	if r <= 0 {
		draw.Draw(cv.img, image.Rect(x, y, x+w, y+h), src, image.Point{}, draw.Over)
		return
	}
	draw.Draw(cv.img, image.Rect(x+r, y, x+w-r, y+h), src, image.Point{}, draw.Over)
	draw.Draw(cv.img, image.Rect(x, y+r, x+r, y+h-r), src, image.Point{}, draw.Over)
	draw.Draw(cv.img, image.Rect(x+w-r, y+r, x+w, y+h-r), src, image.Point{}, draw.Over)
	// Each corner: a quarter disc in an r×r box, centred on the box's
	// inner corner (cx, cy in the box's own coordinates).
	fr := float32(r)
	const k = 0.5523 // cubic approximation of a quarter circle
	for _, c := range []struct {
		bx, by int
		cx, cy float32
	}{{x, y, fr, fr}, {x + w - r, y, 0, fr}, {x, y + h - r, fr, 0}, {x + w - r, y + h - r, 0, 0}} {
		z := &cv.ras
		z.Reset(r, r)
		// Start at the centre, go out along the horizontal radius and
		// round to the vertical one.
		dx, dy := fr, fr
		if c.cx > 0 {
			dx = -fr
		}
		if c.cy > 0 {
			dy = -fr
		}
		z.MoveTo(c.cx, c.cy)
		z.LineTo(c.cx+dx, c.cy)
		z.CubeTo(c.cx+dx, c.cy+dy*k, c.cx+dx*k, c.cy+dy, c.cx, c.cy+dy)
		z.ClosePath()
		z.Draw(cv.img, image.Rect(c.bx, c.by, c.bx+r, c.by+r), src, image.Point{})
	}
}

// centre asks textFit to centre the text in its width.
const centre = true

// textFit draws s on the baseline y within width w starting at x, at size
// (smaller when s would not fit, down to 60% of it; then it is cut with
// an ellipsis). right aligns it to x+w; centred (optional) centres it.
func (cv *canvas) textFit(s string, x, y, w int, size float64, col color.RGBA, right bool, centred ...bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	f := cv.face(size)
	adv := font.MeasureString(f, s).Ceil()
	if adv > w {
		smaller := max(size*float64(w)/float64(adv), size*0.6)
		smaller = float64(int(smaller)) // few distinct faces per card
		f = cv.face(smaller)
		adv = font.MeasureString(f, s).Ceil()
		for adv > w && len([]rune(s)) > 1 {
			rs := []rune(strings.TrimSuffix(s, "…"))
			s = strings.TrimSpace(string(rs[:len(rs)-1])) + "…"
			adv = font.MeasureString(f, s).Ceil()
		}
	}
	switch {
	case right:
		x += w - adv
	case len(centred) > 0 && centred[0]:
		x += (w - adv) / 2
	}
	d := font.Drawer{Dst: cv.img, Src: image.NewUniform(col), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(v, hi)) }
