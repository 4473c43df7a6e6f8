package portrait

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/bazi-master/bazi-master/bazi"
)

// Size is the side of the portrait's square viewBox.
const Size = 1024

const cx, cy = Size / 2, Size / 2

// rng is splitmix64: tiny, and the same sequence on every Go release
// (math/rand's streams are not promised to stay the same).
type rng struct{ s uint64 }

func seedOf(f Facts) *rng {
	sum := sha256.Sum256([]byte(f.key()))
	return &rng{binary.BigEndian.Uint64(sum[:8])}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float is uniform in [lo, hi).
func (r *rng) float(lo, hi float64) float64 {
	return lo + (hi-lo)*float64(r.next()>>11)/(1<<53)
}

// intn is uniform in [lo, hi].
func (r *rng) intn(lo, hi int) int { return lo + int(r.next()%uint64(hi-lo+1)) }

// num writes a coordinate with one decimal.
func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

type painter struct {
	b   bytes.Buffer
	r   *rng
	f   Facts
	acc []ElementColour // accent colours: the favourable elements'
}

func (p *painter) printf(format string, a ...any) { fmt.Fprintf(&p.b, format, a...) }

// accent is the i-th accent colour, cycling.
func (p *painter) accent(i int) ElementColour { return p.acc[i%len(p.acc)] }

// SVG paints the portrait of f: the same facts give the same bytes.
func SVG(f Facts) []byte {
	p := &painter{r: seedOf(f), f: f}
	for _, e := range f.Favourable {
		p.acc = append(p.acc, Colours[e%5])
	}
	if len(p.acc) == 0 {
		p.acc = []ElementColour{Colours[f.DayMasterElement%5]}
	}
	dm := Colours[f.DayMasterElement%5]
	sky := seasonSkies[f.Season%4]

	p.printf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Soul portrait: %s %s day master, %s birth">`,
		Size, Size, Size, Size, polarityWord(f.Polarity), f.DayMasterElement.Key(), f.Season.Key())
	angle := p.r.float(0, 360)
	p.printf(`<defs><linearGradient id="sky" gradientTransform="rotate(%s 0.5 0.5)" x1="0" y1="0" x2="0" y2="1">`, num(angle))
	p.printf(`<stop offset="0" stop-color="%s"/><stop offset="0.55" stop-color="%s"/><stop offset="1" stop-color="%s"/></linearGradient>`, sky[0], sky[1], sky[2])
	p.printf(`<radialGradient id="glow"><stop offset="0" stop-color="%s" stop-opacity="0.95"/><stop offset="0.6" stop-color="%s" stop-opacity="0.35"/><stop offset="1" stop-color="%s" stop-opacity="0"/></radialGradient>`, dm.Light, dm.Dark, dm.Dark)
	p.printf(`<radialGradient id="vignette"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/></radialGradient>`)
	p.printf(`<clipPath id="medallion"><circle cx="%d" cy="%d" r="250"/></clipPath></defs>`, cx, cy)
	p.printf(`<rect width="%d" height="%d" fill="url(#sky)"/>`, Size, Size)

	p.particles()
	p.balanceLayers()
	p.printf(`<circle cx="%d" cy="%d" r="330" fill="url(#glow)"/>`, cx, cy)
	p.orbit()
	p.printf(`<circle cx="%d" cy="%d" r="252" fill="%s" fill-opacity="0.92" stroke="%s" stroke-width="6"/>`, cx, cy, dm.Light, dm.Base)
	p.emblem()
	p.printf(`<rect width="%d" height="%d" fill="url(#vignette)"/>`, Size, Size)
	p.printf(`<rect x="24" y="24" width="%d" height="%d" rx="36" fill="none" stroke="%s" stroke-width="4" stroke-opacity="0.8"/>`, Size-48, Size-48, p.accent(0).Light)
	p.b.WriteString(`</svg>`)
	return p.b.Bytes()
}

// particles scatter the season's motes: pollen, sparks, leaves or stars.
func (p *painter) particles() {
	colour := [4]string{"#ffffff", "#fff7d6", "#fbe3b0", "#e8f0ff"}[p.f.Season%4]
	n := p.r.intn(40, 80)
	p.printf(`<g data-layer="particles" fill="%s">`, colour)
	for i := 0; i < n; i++ {
		p.printf(`<circle cx="%s" cy="%s" r="%s" opacity="%s"/>`, num(p.r.float(30, Size-30)), num(p.r.float(30, Size-30)), num(p.r.float(1, 4.5)), num(p.r.float(0.25, 0.9)))
	}
	p.b.WriteString(`</g>`)
}

// blob is a closed, softly wobbling ring path around the centre.
func (p *painter) blob(radius float64, lobes int, wobble, phase float64) string {
	const steps = 48
	var b bytes.Buffer
	pt := func(i int) (float64, float64) {
		a := 2 * math.Pi * float64(i) / steps
		rr := radius * (1 + wobble*math.Sin(float64(lobes)*a+phase))
		return cx + rr*math.Cos(a), cy + rr*math.Sin(a)
	}
	x0, y0 := pt(0)
	fmt.Fprintf(&b, "M%s %s", num(x0), num(y0))
	for i := 1; i <= steps; i++ {
		x, y := pt(i)
		fmt.Fprintf(&b, "L%s %s", num(x), num(y))
	}
	b.WriteString("Z")
	return b.String()
}

// balanceLayers draw one aura layer per element present in the chart, the
// largest share outermost, each as wide as its share.
func (p *painter) balanceLayers() {
	order := []bazi.Element{0, 1, 2, 3, 4}
	sort.SliceStable(order, func(i, j int) bool { return p.f.Balance[order[i]] > p.f.Balance[order[j]] })
	p.b.WriteString(`<g data-layer="balance">`)
	remaining := 100.0
	for _, e := range order {
		share := p.f.Balance[e]
		if share < 0.5 {
			continue
		}
		radius := 260 + 2.2*remaining
		remaining -= share
		c := Colours[e]
		lobes := 3 + int(e) + p.r.intn(0, 3)
		p.printf(`<path data-element="%s" d="%s" fill="%s" fill-opacity="%s" stroke="%s" stroke-width="%s" stroke-opacity="0.6"/>`,
			e.Key(), p.blob(radius, lobes, 0.02+share/1000, p.r.float(0, 2*math.Pi)), c.Base, num(0.12+share/400), c.Dark, num(1+share/12))
	}
	p.b.WriteString(`</g>`)
}

// orbit is the dominant ten god's pattern: a tilted orbit carrying
// satellites whose shape names the god's family (peers, output, wealth,
// officer, resource) and whose number and rhythm follow its polarity.
func (p *painter) orbit() {
	g := p.f.DominantGod % bazi.DayMasterGod
	family, yin := int(g)/2, g%2 == 1
	tilt := p.r.float(0, 180)
	rx := 400.0
	ry := rx * p.r.float(0.4, 0.9)
	count := []int{2, 5, 6, 4, 3}[family]*2 + int(g%2)
	dash := ""
	if yin {
		dash = ` stroke-dasharray="4 14"`
	}
	p.printf(`<g data-orbit="%s" transform="rotate(%s %d %d)">`, g.Key(), num(tilt), cx, cy)
	p.printf(`<ellipse cx="%d" cy="%d" rx="%s" ry="%s" fill="none" stroke="%s" stroke-width="3" stroke-opacity="0.7"%s/>`, cx, cy, num(rx), num(ry), p.accent(0).Dark, dash)
	start := p.r.float(0, 2*math.Pi)
	for i := 0; i < count; i++ {
		a := start + 2*math.Pi*float64(i)/float64(count)
		x, y := cx+rx*math.Cos(a), cy+ry*math.Sin(a)
		c := p.accent(i)
		size := p.r.float(14, 26)
		switch family {
		case 0: // peers: twin circles
			p.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s"/><circle cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="3"/>`,
				num(x-size*0.6), num(y), num(size*0.7), c.Base, num(x+size*0.6), num(y), num(size*0.7), c.Dark)
		case 1: // output: five-petal blossoms
			p.printf(`<g transform="translate(%s %s) rotate(%s)">`, num(x), num(y), num(p.r.float(0, 72)))
			for k := 0; k < 5; k++ {
				p.printf(`<ellipse cx="0" cy="%s" rx="%s" ry="%s" fill="%s" fill-opacity="0.85" transform="rotate(%d)"/>`, num(-size*0.6), num(size*0.3), num(size*0.6), c.Dark, k*72)
			}
			p.printf(`<circle r="%s" fill="%s"/></g>`, num(size*0.25), c.Base)
		case 2: // wealth: faceted diamonds
			p.printf(`<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s" stroke="%s" stroke-width="2"/>`,
				num(x), num(y-size), num(x+size*0.7), num(y), num(x), num(y+size), num(x-size*0.7), num(y), c.Dark, c.Base)
		case 3: // officer: squares in order, or the killings' inward triangles
			if yin {
				p.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="2" transform="rotate(%s %s %s)"/>`,
					num(x-size/2), num(y-size/2), num(size), num(size), c.Dark, c.Base, num(a*180/math.Pi), num(x), num(y))
			} else {
				ix, iy := cx-x, cy-y
				l := math.Hypot(ix, iy)
				ux, uy := ix/l, iy/l
				p.printf(`<path d="M%s %sL%s %sL%s %sZ" fill="%s"/>`,
					num(x+ux*size), num(y+uy*size), num(x-uy*size*0.6), num(y+ux*size*0.6), num(x+uy*size*0.6), num(y-ux*size*0.6), c.Dark)
			}
		default: // resource: crescent moons
			p.printf(`<path d="M%s %sA%s %s 0 1 0 %s %sA%s %s 0 1 1 %s %sZ" fill="%s"/>`,
				num(x), num(y-size), num(size), num(size), num(x), num(y+size), num(size*0.75), num(size), num(x), num(y-size), c.Light)
		}
	}
	p.b.WriteString(`</g>`)
}

// emblem is the day master's element at the centre.
func (p *painter) emblem() {
	e := p.f.DayMasterElement % 5
	p.printf(`<g data-emblem="%s" clip-path="url(#medallion)">`, e.Key())
	switch e {
	case bazi.Wood:
		p.wood()
	case bazi.Fire:
		p.fire()
	case bazi.Earth:
		p.earth()
	case bazi.Metal:
		p.metal()
	default:
		p.water()
	}
	p.b.WriteString(`</g>`)
}

// wood: a branching tree, its spread and depth seeded, leaves in the accents.
func (p *painter) wood() {
	c := Colours[bazi.Wood]
	spread := p.r.float(16, 30)
	depth := 6
	if p.f.Polarity == bazi.Yin {
		depth = 7 // yin wood: finer, more twigs
	}
	var branch func(x, y, a, l float64, d int)
	branch = func(x, y, a, l float64, d int) {
		rad := a * math.Pi / 180
		x2, y2 := x+l*math.Sin(rad), y-l*math.Cos(rad)
		p.printf(`<path d="M%s %sL%s %s" stroke="%s" stroke-width="%s" stroke-linecap="round"/>`, num(x), num(y), num(x2), num(y2), c.Base, num(float64(d)*2.2))
		if d == 1 {
			p.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s" fill-opacity="0.85"/>`, num(x2), num(y2), num(p.r.float(5, 11)), p.accent(p.r.intn(0, 3)).Dark)
			return
		}
		branch(x2, y2, a-spread+p.r.float(-8, 8), l*p.r.float(0.68, 0.8), d-1)
		branch(x2, y2, a+spread+p.r.float(-8, 8), l*p.r.float(0.68, 0.8), d-1)
	}
	p.printf(`<path d="M%d 762Q%d 700 %d 640" stroke="%s" stroke-width="26" fill="none" stroke-linecap="round"/>`, cx, cx-10, cx, c.Base)
	branch(cx, 650, p.r.float(-6, 6), 90, depth)
}

// fire: a fan of flames over a crown of rays.
func (p *painter) fire() {
	c := Colours[bazi.Fire]
	rays := p.r.intn(18, 36)
	for i := 0; i < rays; i++ {
		a := 2 * math.Pi * float64(i) / float64(rays)
		l := p.r.float(120, 240)
		p.printf(`<path d="M%d %dL%s %s" stroke="%s" stroke-width="%s" stroke-opacity="0.55"/>`, cx, cy, num(cx+l*math.Cos(a)), num(cy+l*math.Sin(a)), p.accent(i).Dark, num(p.r.float(2, 6)))
	}
	flames := p.r.intn(5, 9)
	for i := 0; i < flames; i++ {
		t := float64(i)/float64(flames-1) - 0.5
		x := cx + t*260
		h := 260 - math.Abs(t)*220 + p.r.float(-20, 20)
		w := p.r.float(38, 60)
		base := 700.0
		tip := base - h
		lean := p.r.float(-25, 25) + t*60
		fill := [3]string{c.Base, c.Dark, "#f6ad55"}[i%3]
		p.printf(`<path d="M%s %sC%s %s %s %s %s %sC%s %s %s %s %s %sZ" fill="%s" fill-opacity="0.9"/>`,
			num(x-w), num(base), num(x-w*1.2), num(base-h*0.5), num(x+lean-w*0.2), num(tip+h*0.2), num(x+lean), num(tip),
			num(x+lean+w*0.4), num(tip+h*0.35), num(x+w*1.2), num(base-h*0.45), num(x+w), num(base), fill)
	}
	p.printf(`<ellipse cx="%d" cy="690" rx="150" ry="24" fill="%s"/>`, cx, c.Base)
}

// earth: layered hills beneath nested, turning squares.
func (p *painter) earth() {
	c := Colours[bazi.Earth]
	squares := p.r.intn(3, 5)
	turn := p.r.float(8, 22)
	for i := 0; i < squares; i++ {
		s := 180 - float64(i)*32
		p.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-width="5" transform="rotate(%s %d %d)"/>`,
			num(cx-s/2), num(400-s/2), num(s), num(s), [2]string{c.Base, p.accent(i).Dark}[i%2], num(float64(i)*turn), cx, 400)
	}
	hills := p.r.intn(4, 6)
	shades := [3]string{c.Dark, c.Base, "#6b4410"}
	for i := 0; i < hills; i++ {
		y := 520 + float64(i)*44
		var b bytes.Buffer
		fmt.Fprintf(&b, "M240 %s", num(y+40))
		humps := p.r.intn(2, 4)
		step := 544 / float64(humps)
		for k := 0; k < humps; k++ {
			x0 := 240 + float64(k)*step
			fmt.Fprintf(&b, "Q%s %s %s %s", num(x0+step/2), num(y-p.r.float(30, 90)), num(x0+step), num(y+p.r.float(0, 30)))
		}
		fmt.Fprintf(&b, "L784 780L240 780Z")
		p.printf(`<path d="%s" fill="%s" fill-opacity="0.9"/>`, b.String(), shades[i%3])
	}
}

// metal: concentric rings of different weights and a star of blades.
func (p *painter) metal() {
	c := Colours[bazi.Metal]
	rings := p.r.intn(5, 8)
	for i := 0; i < rings; i++ {
		r := 40 + float64(i)*28
		p.printf(`<circle cx="%d" cy="%d" r="%s" fill="none" stroke="%s" stroke-width="%s" stroke-dasharray="%s %s"/>`,
			cx, cy, num(r), [2]string{c.Base, c.Dark}[i%2], num(p.r.float(2, 9)), num(p.r.float(20, 120)), num(p.r.float(0, 18)))
	}
	blades := p.r.intn(6, 12)
	turn := p.r.float(0, 30)
	for i := 0; i < blades; i++ {
		a := (turn + 360*float64(i)/float64(blades)) * math.Pi / 180
		l := p.r.float(170, 235)
		w := p.r.float(8, 16)
		tx, ty := cx+l*math.Cos(a), cy+l*math.Sin(a)
		nx, ny := -math.Sin(a)*w, math.Cos(a)*w
		mx, my := cx+l*0.35*math.Cos(a), cy+l*0.35*math.Sin(a)
		p.printf(`<path d="M%d %dL%s %sL%s %sL%s %sZ" fill="%s" stroke="%s" stroke-width="1.5"/>`,
			cx, cy, num(mx+nx), num(my+ny), num(tx), num(ty), num(mx-nx), num(my-ny), p.accent(i).Light, c.Dark)
	}
	p.printf(`<circle cx="%d" cy="%d" r="26" fill="%s"/>`, cx, cy, c.Base)
}

// water: stacked waves and a spiral at the centre.
func (p *painter) water() {
	c := Colours[bazi.Water]
	waves := p.r.intn(6, 9)
	for i := 0; i < waves; i++ {
		y := 330 + float64(i)*(380/float64(waves))
		amp := p.r.float(10, 30)
		period := p.r.float(60, 110)
		phase := p.r.float(0, period)
		var b bytes.Buffer
		fmt.Fprintf(&b, "M250 %s", num(y))
		for x := 250.0; x < 780; x += period / 2 {
			dir := 1.0
			if int((x-250+phase)/(period/2))%2 == 1 {
				dir = -1
			}
			fmt.Fprintf(&b, "Q%s %s %s %s", num(x+period/4), num(y-dir*amp), num(x+period/2), num(y))
		}
		p.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linecap="round" stroke-opacity="0.85"/>`, b.String(), [3]string{c.Base, c.Dark, p.accent(i).Dark}[i%3], num(p.r.float(5, 12)))
	}
	var b bytes.Buffer
	turns := p.r.float(2.2, 3.5)
	fmt.Fprintf(&b, "M%d %d", cx, cy)
	for i := 1; i <= 60; i++ {
		t := float64(i) / 60
		a := t * turns * 2 * math.Pi
		r := t * 90
		fmt.Fprintf(&b, "L%s %s", num(cx+r*math.Cos(a)), num(cy+r*math.Sin(a)))
	}
	p.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="8" stroke-linecap="round"/>`, b.String(), c.Base)
}
