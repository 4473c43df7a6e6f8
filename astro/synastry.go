package astro

import "math"

// AngleOrb is the orb an angle (ascendant, midheaven) brings to a
// synastry contact, as a body's Orbs entry does: a body and an angle are
// in aspect within the mean of the two.
const AngleOrb = 6.0

// SynastryAspect is one contact between person A's point and person B's.
type SynastryAspect struct {
	A        Target     `json:"a"`
	B        Target     `json:"b"`
	Kind     AspectKind `json:"kind"`
	Orb      float64    `json:"orb"`
	MaxOrb   float64    `json:"max_orb"` // the allowance the pair had
	Applying bool       `json:"applying"`
}

// SynastryRule is one contact that moved a part's score.
type SynastryRule struct {
	Aspect SynastryAspect `json:"aspect"`
	Points int            `json:"points"` // signed
}

// SynastryPart is one scored part of the report, as bazi's CompatPart.
type SynastryPart struct {
	Key    string         `json:"key"` // luminaries, venus_mars, communication, stability
	Score  int            `json:"score"`
	Weight int            `json:"weight"`
	Base   int            `json:"base"`
	Rules  []SynastryRule `json:"rules"`
}

// SynastryReport is the result of Synastry.
type SynastryReport struct {
	Aspects []SynastryAspect `json:"aspects"` // A's point first, sorted by orb
	Parts   []SynastryPart   `json:"parts"`
	Overall int              `json:"overall"` // weighted mean of the parts, 0–100
}

// Part returns the part with key, or nil.
func (r *SynastryReport) Part(key string) *SynastryPart {
	for i := range r.Parts {
		if r.Parts[i].Key == key {
			return &r.Parts[i]
		}
	}
	return nil
}

// synastryPart describes a part: its weight and which contacts it reads.
type synastryPart struct {
	key    string
	weight int
	// in reports whether a contact between x and y (either order) counts.
	in func(x, y Target) bool
	// points are the full points of each aspect kind, in AspectKind
	// order (conjunction, sextile, square, trine, opposition).
	points [5]int
}

func isAny(t Target, ts ...Target) bool {
	for _, u := range ts {
		if t == u {
			return true
		}
	}
	return false
}

func pair(x, y Target, p, q []Target) bool {
	return isAny(x, p...) && isAny(y, q...) || isAny(x, q...) && isAny(y, p...)
}

var (
	tSun, tMoon, tMercury = Target(Sun), Target(Moon), Target(Mercury)
	tVenus, tMars, tSat   = Target(Venus), Target(Mars), Target(Saturn)
)

// synastryParts are the four parts, their weights (adding to 100) and
// the points of each aspect kind at orb 0; a contact scores
// points × (1 − orb / (2 × allowance)), so half at the edge of its orb.
//
//   - luminaries (30): Sun, Moon and ascendant of one on those of the
//     other. Conjunctions and trines bind; the Sun–Moon opposition is the
//     classic attraction of opposites; squares rub.
//   - venus_mars (25): Venus and Mars of one on Venus and Mars of the
//     other, and Venus on the Sun or Moon: attraction and affection.
//     Squares still attract but with friction (a small plus).
//   - communication (20): Mercury on Mercury, the Sun or the Moon.
//   - stability (25): Saturn of one on the Sun, Moon, Venus or ascendant
//     of the other: commitment when harmonious, weight when hard.
var synastryParts = []synastryPart{
	{key: "luminaries", weight: 30,
		in: func(x, y Target) bool {
			return pair(x, y, []Target{tSun, tMoon, TargetAsc}, []Target{tSun, tMoon, TargetAsc})
		},
		points: [5]int{14, 9, -8, 12, 4}},
	{key: "venus_mars", weight: 25,
		in: func(x, y Target) bool {
			return pair(x, y, []Target{tVenus, tMars}, []Target{tVenus, tMars}) || pair(x, y, []Target{tVenus}, []Target{tSun, tMoon})
		},
		points: [5]int{14, 8, 2, 10, 4}},
	{key: "communication", weight: 20,
		in:     func(x, y Target) bool { return pair(x, y, []Target{tMercury}, []Target{tMercury, tSun, tMoon}) },
		points: [5]int{12, 10, -8, 12, -4}},
	{key: "stability", weight: 25,
		in:     func(x, y Target) bool { return pair(x, y, []Target{tSat}, []Target{tSun, tMoon, tVenus, TargetAsc}) },
		points: [5]int{8, 10, -10, 12, -8}},
}

// SynastryBase is the neutral score each part starts from.
const SynastryBase = 50

// Synastry returns the contacts between a's points and b's (the bodies
// with their Orbs, the true node, and the angles of a chart whose time is
// known, with AngleOrb) and the score: four parts (see synastryParts)
// from SynastryBase, each clamped to 0–100, and their weighted mean.
func Synastry(a, b *Chart) SynastryReport {
	var r SynastryReport
	ta, la := natalTargets(a)
	tb, lb := natalTargets(b)
	for i, x := range ta {
		for j, y := range tb {
			if x.IsAngle() && y.IsAngle() {
				continue // angle to angle says little without both times exact
			}
			allow := (targetOrb(x) + targetOrb(y)) / 2
			delta := rem180(la[i] - lb[j])
			sep := math.Abs(delta)
			for k, ang := range AspectAngles {
				off := sep - ang
				if math.Abs(off) > allow {
					continue
				}
				rate := targetSpeed(a, x) - targetSpeed(b, y)
				if delta < 0 {
					rate = -rate
				}
				r.Aspects = append(r.Aspects, SynastryAspect{A: x, B: y, Kind: AspectKind(k), Orb: math.Abs(off), MaxOrb: allow, Applying: off*rate < 0})
				break
			}
		}
	}
	sortSynastry(r.Aspects)
	total := 0
	for _, sp := range synastryParts {
		p := SynastryPart{Key: sp.key, Weight: sp.weight, Base: SynastryBase, Score: SynastryBase}
		for _, asp := range r.Aspects {
			if !sp.in(asp.A, asp.B) {
				continue
			}
			pts := float64(sp.points[asp.Kind]) * (1 - asp.Orb/(2*asp.MaxOrb))
			n := int(math.Round(pts))
			if n == 0 {
				continue
			}
			p.Rules = append(p.Rules, SynastryRule{Aspect: asp, Points: n})
			p.Score += n
		}
		p.Score = min(max(p.Score, 0), 100)
		total += p.Score * p.Weight
		r.Parts = append(r.Parts, p)
	}
	r.Overall = int(math.Round(float64(total) / 100))
	return r
}

func targetOrb(t Target) float64 {
	if t.IsAngle() {
		return AngleOrb
	}
	return Orbs[t]
}

func targetSpeed(c *Chart, t Target) float64 {
	if t.IsAngle() {
		return 0 // a natal angle stands still
	}
	return c.Bodies[t].Speed
}

func sortSynastry(as []SynastryAspect) {
	// Insertion sort by orb: stable, and a few dozen contacts at most.
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].Orb < as[j-1].Orb; j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}
