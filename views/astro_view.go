package views

import (
	"math"
	"sort"
	"strconv"

	"github.com/bazi-master/bazi-master/astro"
)

// AstroView is what the natal chart page shows.
type AstroView struct {
	Chart     *astro.Chart
	Name      string
	PlaceName string
	ZoneLabel string
	// Birth is the local date and time charted ("1990-01-01 06:30"; the
	// date alone when the time is unknown).
	Birth string
	// Query is the chart's canonical query, for the reading form; "" on a
	// shared chart.
	Query string
	// HouseBase is the page's address without house_system, ending in "?"
	// or "&" so the parameter can follow.
	HouseBase string
	// ChartURL is the BaZi chart of the same birth, ZiweiURL the Zi Wei
	// board ("" without a birth time), EditURL the birth form.
	ChartURL, ZiweiURL, EditURL string
	// OverviewURL is the same birth in every system ("" without a gender).
	OverviewURL string
	// TransitsURL and SynastryURL are the transits to this chart and a
	// synastry with it as the first person ("" on saved and shared pages).
	TransitsURL, SynastryURL string
	Shared                   bool
	SavedID                  int64
	ReadingLeft              *ReadingAllowance
	Warnings                 []string
}

// astroBodies are the bodies the page shows, in chart order: Sun … Pluto
// and the (true) node.
var astroBodies = [11]astro.Body{astro.Sun, astro.Moon, astro.Mercury, astro.Venus, astro.Mars,
	astro.Jupiter, astro.Saturn, astro.Uranus, astro.Neptune, astro.Pluto, astro.Node}

// astroBodyKey is the message key of a body ("node" for the true node).
func astroBodyKey(b astro.Body) string {
	if b == astro.TrueNode || b == astro.MeanNode {
		return "node"
	}
	return b.String()
}

// The glyphs, each followed by U+FE0E so that no font draws them as emoji.
var (
	astroSignGlyphs = [12]string{"♈\ufe0e", "♉\ufe0e", "♊\ufe0e", "♋\ufe0e", "♌\ufe0e", "♍\ufe0e", "♎\ufe0e", "♏\ufe0e", "♐\ufe0e", "♑\ufe0e", "♒\ufe0e", "♓\ufe0e"}
	astroBodyGlyphs = [astro.NumBodies]string{"☉\ufe0e", "☽\ufe0e", "☿\ufe0e", "♀\ufe0e", "♂\ufe0e", "♃\ufe0e", "♄\ufe0e", "♅\ufe0e", "♆\ufe0e", "♇\ufe0e", "☊\ufe0e", "☊\ufe0e"}
	// The sextile is drawn as ✶ (U+2736), which common fonts carry; the
	// astrological ⚹ (U+26B9) is missing from many and showed as a box.
	astroAspectGlyphs = [5]string{"☌\ufe0e", "✶", "□", "△", "☍\ufe0e"}
)

func astroSignGlyph(s astro.Sign) string         { return astroSignGlyphs[s%12] }
func astroBodyGlyph(b astro.Body) string         { return astroBodyGlyphs[b] }
func astroAspectGlyph(k astro.AspectKind) string { return astroAspectGlyphs[k%5] }

// astroSignName is a sign's name in the page's language.
func astroSignName(p Page, s astro.Sign) string { return termName(p, "astro_sign", s.String()) }

// astroBodyName is a body's name in the page's language.
func astroBodyName(p Page, b astro.Body) string { return termName(p, "astro_body", astroBodyKey(b)) }

// astroDegree writes a position within its sign: "11°17′".
func astroDegree(deg, min int) string {
	return strconv.Itoa(deg) + "°" + two2(min) + "′"
}

func two2(v int) string { return string([]byte{byte('0' + v/10%10), byte('0' + v%10)}) }

// astroLonText is a longitude as sign and degree: "♎ 11°17′".
func astroLonText(lon float64) string {
	s, d, m := astro.Zodiac(lon)
	return astroSignGlyph(s) + " " + astroDegree(d, m)
}

// astroHarmonious reports whether an aspect kind is a flowing one
// (conjunction, sextile, trine); square and opposition are tense.
func astroHarmonious(k astro.AspectKind) bool {
	return k == astro.Conjunction || k == astro.Sextile || k == astro.Trine
}

// The wheel's geometry: a 400×400 view box, the zodiac ring between
// wheelR1 and wheelR0, the planets inside it, the houses' numbers and the
// aspect circle at the centre.
const (
	wheelC      = 200.0
	wheelR0     = 196.0
	wheelR1     = 166.0
	wheelRSign  = 181.0
	wheelRBody  = 143.0
	wheelRTick  = 158.0
	wheelRHouse = 74.0
	wheelRAsp   = 62.0
	wheelMinSep = 8.0 // degrees between two planets' glyphs
)

// Wheel is the drawn wheel, every coordinate already written out. Lines
// of one kind are one path each: a wheel has some eighty segments, and an
// element with four computed attributes apiece was most of the page's
// rendering time.
type Wheel struct {
	Signs [12]WheelSign
	// Cusps, Axes, Ticks and Leads are path data: the house cusps, the
	// ascendant–descendant and MC–IC axes, the ticks at the bodies' true
	// longitudes and the leads from them to the glyphs. Empty without a
	// time (but the ticks and leads).
	Cusps, Axes, Ticks, Leads string
	Houses                    []WheelLabel // house numbers
	Angles                    []WheelLabel // AC and MC
	Bodies                    []WheelBody
	// Flowing and Tense are the aspect lines (conjunction, sextile, trine;
	// square, opposition) as path data; Kinds counts them by kind.
	Flowing, Tense string
	Kinds          [5]int
}

// WheelSign is one sign's sector and glyph.
type WheelSign struct {
	Key, Path, At, Glyph string
	Class                *classAttr
}

// WheelLabel is a text at a point; At is its transform ("translate(x y)").
type WheelLabel struct{ At, Text string }

// WheelBody is a body's glyph at its spread position.
type WheelBody struct {
	Body           astro.Body
	Key, Glyph, At string
	Retro          bool
}

// signElementClass are the signs' sector classes: a fill by element
// (fire, earth, air, water), built once.
var signElementClass = func() (out [12]*classAttr) {
	fills := [4]string{"fill-red-50 dark:fill-red-950", "fill-amber-50 dark:fill-amber-950", "fill-sky-50 dark:fill-sky-950", "fill-teal-50 dark:fill-teal-950"}
	for s := range out {
		out[s] = newClassAttr(fills[s%4])
	}
	return out
}()

// appendNum writes v rounded to a tenth.
func appendNum(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, math.Round(v*10)/10, 'f', -1, 64)
}

func num(v float64) string { return string(appendNum(nil, v)) }

// wheelGeom turns longitudes into the view box's coordinates.
type wheelGeom struct{ asc float64 }

func (g wheelGeom) pt(lon, r float64) (float64, float64) {
	a := (180 + lon - g.asc) * math.Pi / 180
	return wheelC + r*math.Cos(a), wheelC - r*math.Sin(a)
}

func (g wheelGeom) appendPt(b []byte, cmd byte, lon, r float64) []byte {
	x, y := g.pt(lon, r)
	b = append(b, cmd)
	b = appendNum(b, x)
	b = append(b, ' ')
	return appendNum(b, y)
}

func (g wheelGeom) appendSeg(b []byte, lon, r1, r2 float64) []byte {
	b = g.appendPt(b, 'M', lon, r1)
	return g.appendPt(b, 'L', lon, r2)
}

func (g wheelGeom) at(lon, r float64) string {
	x, y := g.pt(lon, r)
	b := make([]byte, 0, 24)
	b = append(b, "translate("...)
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, y)
	return string(append(b, ')'))
}

// DrawWheel lays the chart out. The ascendant is on the left and the
// zodiac runs counter-clockwise; without a time 0° Aries is on the left.
func DrawWheel(c *astro.Chart) *Wheel {
	w := &Wheel{}
	g := wheelGeom{}
	if c.HasAngles {
		g.asc = c.Ascendant
	}
	buf := make([]byte, 0, 512)
	for s := range 12 {
		a0, a1 := float64(s*30), float64(s*30+30)
		w.Signs[s] = WheelSign{
			Key: astro.Sign(s).String(), Path: signPath(g, a0, a1),
			At: g.at(a0+15, wheelRSign), Glyph: astroSignGlyphs[s], Class: signElementClass[s],
		}
	}
	if c.HasAngles {
		b := buf[:0]
		for i, lon := range c.Houses {
			b = g.appendSeg(b, lon, wheelR1, wheelRAsp)
			next := c.Houses[(i+1)%12]
			mid := lon + math.Mod(next-lon+360, 360)/2
			w.Houses = append(w.Houses, WheelLabel{g.at(mid, wheelRHouse), strconv.Itoa(i + 1)})
		}
		w.Cusps = string(b)
		b = buf[:0]
		for _, a := range []struct {
			lon   float64
			label string
		}{{c.Ascendant, "AC"}, {c.Midheaven, "MC"}} {
			b = g.appendSeg(b, a.lon, wheelR0, -wheelRAsp)
			w.Angles = append(w.Angles, WheelLabel{g.at(a.lon+4, wheelR1-10), a.label})
		}
		w.Axes = string(b)
	}
	// Spread the glyphs so that none overlap; each keeps a tick at its
	// true longitude and a lead from the tick to the glyph.
	disp := spreadBodies(c)
	ticks, leads := buf[:0], make([]byte, 0, 512)
	for i, b := range astroBodies {
		p := &c.Bodies[b]
		ticks = g.appendSeg(ticks, p.Lon, wheelR1, wheelRTick)
		leads = g.appendPt(leads, 'M', p.Lon, wheelRTick)
		leads = g.appendPt(leads, 'L', disp[i], wheelRBody+8)
		w.Bodies = append(w.Bodies, WheelBody{Body: b, Key: astroBodyKey(b), Glyph: astroBodyGlyphs[b], At: g.at(disp[i], wheelRBody), Retro: p.Retrograde})
	}
	w.Ticks, w.Leads = string(ticks), string(leads)
	var flowing, tense []byte
	for _, a := range c.Aspects {
		w.Kinds[a.Kind]++
		if astroHarmonious(a.Kind) {
			flowing = g.appendPt(flowing, 'M', c.Bodies[a.A].Lon, wheelRAsp)
			flowing = g.appendPt(flowing, 'L', c.Bodies[a.B].Lon, wheelRAsp)
		} else {
			tense = g.appendPt(tense, 'M', c.Bodies[a.A].Lon, wheelRAsp)
			tense = g.appendPt(tense, 'L', c.Bodies[a.B].Lon, wheelRAsp)
		}
	}
	w.Flowing, w.Tense = string(flowing), string(tense)
	return w
}

// signPath is the ring sector of the sign from a0 to a1.
func signPath(g wheelGeom, a0, a1 float64) string {
	b := make([]byte, 0, 96)
	b = g.appendPt(b, 'M', a0, wheelR0)
	b = append(b, "A196 196 0 0 0"...)
	b = g.appendPt(b, ' ', a1, wheelR0)
	b = g.appendPt(b, 'L', a1, wheelR1)
	b = append(b, "A166 166 0 0 1"...)
	b = g.appendPt(b, ' ', a0, wheelR1)
	return string(append(b, 'Z'))
}

// spreadBodies gives each shown body the longitude its glyph is drawn at:
// bodies closer than wheelMinSep form a cluster, drawn wheelMinSep apart
// around the cluster's mean degree; clusters that then touch merge, until
// none do. The zodiac is cut at the widest gap between two bodies, so the
// clusters are runs of a line.
func spreadBodies(c *astro.Chart) [11]float64 {
	type item struct {
		i   int
		lon float64
	}
	var items [11]item
	for i, b := range astroBodies {
		items[i] = item{i, c.Bodies[b].Lon}
	}
	sort.Slice(items[:], func(x, y int) bool { return items[x].lon < items[y].lon })
	n := len(items)
	// Start after the widest gap; unwrap the longitudes past 360.
	start, widest := 0, -1.0
	for k := range n {
		next := items[(k+1)%n].lon
		gap := math.Mod(next-items[k].lon+360, 360)
		if gap > widest {
			widest, start = gap, (k+1)%n
		}
	}
	var line [11]item
	for k := range n {
		it := items[(start+k)%n]
		if k > 0 && it.lon < line[k-1].lon {
			it.lon += 360
		}
		line[k] = it
	}
	// Clusters as runs [from, to) with their mean degree.
	type run struct {
		from, to int
		mean     float64
	}
	runs := make([]run, 0, n)
	for k := range n {
		runs = append(runs, run{k, k + 1, line[k].lon})
	}
	first := func(r run) float64 { return r.mean - float64(r.to-r.from-1)*wheelMinSep/2 }
	last := func(r run) float64 { return r.mean + float64(r.to-r.from-1)*wheelMinSep/2 }
	for merged := true; merged; {
		merged = false
		for k := 0; k+1 < len(runs); k++ {
			if last(runs[k])+wheelMinSep > first(runs[k+1])+1e-9 {
				a, b := runs[k], runs[k+1]
				na, nb := float64(a.to-a.from), float64(b.to-b.from)
				runs[k] = run{a.from, b.to, (a.mean*na + b.mean*nb) / (na + nb)}
				runs = append(runs[:k+1], runs[k+2:]...)
				merged = true
				break
			}
		}
	}
	var out [11]float64
	for _, r := range runs {
		for k := r.from; k < r.to; k++ {
			out[line[k].i] = first(r) + float64(k-r.from)*wheelMinSep
		}
	}
	return out
}

// AspectGrid is the triangle table: Rows[i] holds the aspects of body i
// with bodies 0 … i−1 (nil where there is none).
type AspectGrid struct {
	Rows [11][11]*astro.Aspect
}

// astroAspectGrid indexes the chart's aspects by the page's body order.
func astroAspectGrid(c *astro.Chart) *AspectGrid {
	var pos [astro.NumBodies]int
	for i := range pos {
		pos[i] = -1
	}
	for i, b := range astroBodies {
		pos[b] = i
	}
	g := &AspectGrid{}
	for k := range c.Aspects {
		a := &c.Aspects[k]
		i, j := pos[a.A], pos[a.B]
		if i < 0 || j < 0 {
			continue
		}
		if i < j {
			i, j = j, i
		}
		g.Rows[i][j] = a
	}
	return g
}

// astroOrb writes an orb as degrees and minutes: "2°05′".
func astroOrb(orb float64) string {
	m := int(math.Round(orb * 60))
	return strconv.Itoa(m/60) + "°" + two2(m%60) + "′"
}

// astroAspectText is an aspect in words for screen readers and the
// cell's tooltip: "Sun trine Moon, orb 2°05′".
func astroAspectText(p Page, a *astro.Aspect) string {
	return p.T("astro.aspect_cell", astroBodyName(p, a.A), termName(p, "astro_aspect", a.Kind.String()), astroBodyName(p, a.B), astroOrb(a.Orb))
}

// astroWheelLabel is the wheel's accessible name.
func astroWheelLabel(p Page, c *astro.Chart) string {
	rising := p.T("astro.unknown")
	if c.HasAngles {
		s, _, _ := astro.Zodiac(c.Ascendant)
		rising = astroSignName(p, s)
	}
	return p.T("astro.wheel_label", astroSignName(p, c.Bodies[astro.Sun].Sign), astroSignName(p, c.Bodies[astro.Moon].Sign), rising)
}

// astroRising is the ascendant's sign.
func astroRising(c *astro.Chart) astro.Sign {
	s, _, _ := astro.Zodiac(c.Ascendant)
	return s
}

// astroHouseLink is the address of the page in house system h.
func astroHouseLink(v AstroView, h string) string {
	if h == "placidus" {
		return trimQ(v.HouseBase)
	}
	return v.HouseBase + "house_system=" + h
}

// trimQ drops a trailing "?" or "&".
func trimQ(s string) string {
	if n := len(s); n > 0 && (s[n-1] == '?' || s[n-1] == '&') {
		return s[:n-1]
	}
	return s
}

// astroSignKeys are the signs' keys, Aries first.
func astroSignKeys() []string {
	out := make([]string, 12)
	for s := range out {
		out[s] = astro.Sign(s).String()
	}
	return out
}

// astroHouseSystems are the page's house system choices.
var astroHouseSystems = [3]astro.HouseSystem{astro.Placidus, astro.WholeSign, astro.Equal}

func astroSignOf(lon float64) astro.Sign {
	s, _, _ := astro.Zodiac(lon)
	return s
}

func astroDegreeOf(lon float64) string {
	_, d, m := astro.Zodiac(lon)
	return astroDegree(d, m)
}

// astroAspectClass colours an aspect glyph: blue for the flowing aspects,
// red for the tense ones.
func astroAspectClass(k astro.AspectKind) *classAttr {
	if astroHarmonious(k) {
		return astroAspectClasses[0]
	}
	return astroAspectClasses[1]
}

var astroAspectClasses = [2]*classAttr{
	newClassAttr("font-serif text-sky-700 dark:text-sky-300"),
	newClassAttr("font-serif text-red-700 dark:text-red-300"),
}
