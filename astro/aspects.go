package astro

import "math"

// AspectKind is one of the five Ptolemaic aspects.
type AspectKind uint8

// Aspects.
const (
	Conjunction AspectKind = iota // 0°
	Sextile                       // 60°
	Square                        // 90°
	Trine                         // 120°
	Opposition                    // 180°
)

var aspectKeys = [5]string{"conjunction", "sextile", "square", "trine", "opposition"}

// AspectAngles are the exact separations, by kind.
var AspectAngles = [5]float64{0, 60, 90, 120, 180}

// String returns the key ("conjunction" …).
func (k AspectKind) String() string { return aspectKeys[k%5] }

// MarshalText writes the key.
func (k AspectKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Aspect is one aspect between two bodies.
type Aspect struct {
	A        Body       `json:"a"`
	B        Body       `json:"b"`
	Kind     AspectKind `json:"kind"`
	Orb      float64    `json:"orb"`      // |separation − exact angle|, degrees
	Applying bool       `json:"applying"` // the orb is shrinking (from the speeds)
}

// Orbs is the orb of each body in degrees. Two bodies are in aspect when
// their separation is within the mean of their orbs of the exact angle,
// William Lilly's rule of moieties (Christian Astrology, 1647: each body
// contributes half its orb). The values follow the common modern scale:
// the luminaries 10°, the personal planets 8°, the slower planets 6°, the
// node 4°; the same orb serves all five aspects. The mean node takes no
// aspects (the true node stands for the node).
var Orbs = [NumBodies]float64{
	Sun: 10, Moon: 10,
	Mercury: 8, Venus: 8, Mars: 8,
	Jupiter: 6, Saturn: 6, Uranus: 6, Neptune: 6, Pluto: 6,
	MeanNode: 0, TrueNode: 4,
}

// FindAspects appends to dst the aspects among the positions in p (every
// body with a non-zero orb), each pair at most once (the closest kind).
func FindAspects(dst []Aspect, p *Bodies) []Aspect {
	for i := range NumBodies {
		if Orbs[i] == 0 {
			continue
		}
		for j := i + 1; j < NumBodies; j++ {
			if Orbs[j] == 0 {
				continue
			}
			if a, ok := aspectBetween(&p[i], &p[j]); ok {
				dst = append(dst, a)
			}
		}
	}
	return dst
}

func aspectBetween(a, b *Position) (Aspect, bool) {
	orb := (Orbs[a.Body] + Orbs[b.Body]) / 2
	delta := rem180(a.Lon - b.Lon)
	sep := math.Abs(delta)
	for k, ang := range AspectAngles {
		off := sep - ang
		if math.Abs(off) > orb {
			continue
		}
		// d(sep)/dt = sign(delta)·(speed a − speed b); the orb shrinks when
		// off and d(off)/dt have opposite signs.
		rate := a.Speed - b.Speed
		if delta < 0 {
			rate = -rate
		}
		return Aspect{A: a.Body, B: b.Body, Kind: AspectKind(k), Orb: math.Abs(off), Applying: off*rate < 0}, true
	}
	return Aspect{}, false
}

// CrossAspects appends to dst the aspects between the bodies of two sets
// of positions — transits to a natal chart, or synastry: A is from p, B
// from q (A may equal B, as the transiting Sun to the natal Sun).
func CrossAspects(dst []Aspect, p, q *Bodies) []Aspect {
	for i := range NumBodies {
		if Orbs[i] == 0 {
			continue
		}
		for j := range NumBodies {
			if Orbs[j] == 0 {
				continue
			}
			if a, ok := aspectBetween(&p[i], &q[j]); ok {
				dst = append(dst, a)
			}
		}
	}
	return dst
}
