package iching

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

// Line is a cast line's value: 6 old yin, 7 young yang, 8 young yin, 9 old
// yang.
type Line uint8

// The four line values.
const (
	OldYin    Line = 6
	YoungYang Line = 7
	YoungYin  Line = 8
	OldYang   Line = 9
)

// Yang reports whether the line is solid.
func (l Line) Yang() bool { return l == YoungYang || l == OldYang }

// Changing reports whether the line is old, and so turns into its
// opposite in the resulting hexagram.
func (l Line) Changing() bool { return l == OldYin || l == OldYang }

// Method is how a cast was made.
type Method string

// The ways of casting.
const (
	MethodCoins   Method = "coins"
	MethodYarrow  Method = "yarrow"
	MethodTime    Method = "time"
	MethodNumbers Method = "numbers"
	MethodLines   Method = "lines"
)

// Methods lists the methods in the order the page offers them.
var Methods = []Method{MethodCoins, MethodYarrow, MethodTime, MethodNumbers, MethodLines}

// ValidMethod reports whether m is one of Methods.
func ValidMethod(m Method) bool {
	for _, x := range Methods {
		if x == m {
			return true
		}
	}
	return false
}

// Cast is six lines, bottom first.
type Cast struct {
	Lines [6]Line
}

// String is the lines as six digits, bottom first ("789789").
func (c Cast) String() string {
	var b [6]byte
	for i, l := range c.Lines {
		b[i] = '0' + byte(l)
	}
	return string(b[:])
}

// ErrLines is returned for lines that are not six digits from 6 to 9.
var ErrLines = errors.New("iching: lines must be six digits from 6 to 9, bottom line first")

// ParseLines reads six digits 6–9, bottom line first.
func ParseLines(s string) (Cast, error) {
	var c Cast
	if len(s) != 6 {
		return c, ErrLines
	}
	for i := 0; i < 6; i++ {
		d := s[i]
		if d < '6' || d > '9' {
			return c, ErrLines
		}
		c.Lines[i] = Line(d - '0')
	}
	return c, nil
}

// Changing lists the changing lines' positions, 1–6 from the bottom.
func (c Cast) Changing() []int {
	var out []int
	for i, l := range c.Lines {
		if l.Changing() {
			out = append(out, i+1)
		}
	}
	return out
}

// primaryPattern is the cast as it stands; resultingPattern with its old
// lines turned.
func (c Cast) primaryPattern() (p uint8) {
	for i, l := range c.Lines {
		if l.Yang() {
			p |= 1 << i
		}
	}
	return p
}

// Primary is the hexagram cast (本卦).
func (c Cast) Primary() *Hexagram { return ByPattern(c.primaryPattern()) }

// Resulting is the hexagram the changing lines turn it into (之卦), or
// nil when no line changes.
func (c Cast) Resulting() *Hexagram {
	p, moved := c.primaryPattern(), false
	for i, l := range c.Lines {
		if l.Changing() {
			p ^= 1 << i
			moved = true
		}
	}
	if !moved {
		return nil
	}
	return ByPattern(p)
}

// sixBytes reads one random byte per line. The methods take each byte
// modulo 8 or 16, which divide 256, so every value is equally likely and
// nothing needs rejecting.
func sixBytes(r io.Reader) ([6]byte, error) {
	var b [6]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return b, fmt.Errorf("iching: reading randomness: %w", err)
	}
	return b, nil
}

// Coins casts with three coins per line: heads count 3, tails 2, so a line
// is 6, 7, 8 or 9 with odds 1 : 3 : 3 : 1.
func Coins(r io.Reader) (Cast, error) {
	var c Cast
	b, err := sixBytes(r)
	if err != nil {
		return c, err
	}
	for i := range c.Lines {
		v := b[i] % 8 // three fair coins at once, one bit each
		sum := 6
		for k := 0; k < 3; k++ {
			if v&(1<<k) != 0 {
				sum++ // heads: 3 rather than 2
			}
		}
		c.Lines[i] = Line(sum)
	}
	return c, nil
}

// Yarrow casts with the odds the yarrow-stalk procedure gives: 6 : 7 : 8 :
// 9 = 1 : 5 : 7 : 3 out of 16. Old yang is three times as likely as old
// yin, unlike with coins.
func Yarrow(r io.Reader) (Cast, error) {
	var c Cast
	b, err := sixBytes(r)
	if err != nil {
		return c, err
	}
	for i := range c.Lines {
		switch v := b[i] % 16; {
		case v < 1:
			c.Lines[i] = OldYin
		case v < 6:
			c.Lines[i] = YoungYang
		case v < 13:
			c.Lines[i] = YoungYin
		default:
			c.Lines[i] = OldYang
		}
	}
	return c, nil
}

// fromTrigrams is the cast with the given upper and lower trigrams (先天
// numbers 1–8) and one moving line (1–6).
func fromTrigrams(upper, lower, moving int) Cast {
	p := uint8(trigramByXiantian(upper))<<3 | uint8(trigramByXiantian(lower))
	var c Cast
	for i := range c.Lines {
		yang := p&(1<<i) != 0
		switch {
		case i+1 == moving && yang:
			c.Lines[i] = OldYang
		case i+1 == moving:
			c.Lines[i] = OldYin
		case yang:
			c.Lines[i] = YoungYang
		default:
			c.Lines[i] = YoungYin
		}
	}
	return c
}

// mod is n mod m counted 1–m (a remainder of 0 counts as m).
func mod(n, m int) int {
	if r := n % m; r != 0 {
		return r
	}
	return m
}

// TimeFacts are the numbers the time method counts with.
type TimeFacts struct {
	LunarYear, LunarMonth, LunarDay int
	LeapMonth                       bool
	YearBranch, HourBranch          int // 子 = 1 … 亥 = 12
}

// ErrTimeRange is returned for a moment outside the lunar calendar's
// table.
var ErrTimeRange = errors.New("iching: the time method needs a date from 1800 to 2200")

// ByTime casts by 梅花易数's time method from the wall clock of t (its
// location is the place's): the lunar year's branch, the lunar month and
// day, and the hour's branch (23:00 counts as 子 of the same day).
func ByTime(t time.Time) (Cast, TimeFacts, error) {
	ld, ok := bazi.SolarToLunar(t.Year(), int(t.Month()), t.Day())
	if !ok {
		return Cast{}, TimeFacts{}, ErrTimeRange
	}
	f := TimeFacts{
		LunarYear: ld.Year, LunarMonth: ld.Month, LunarDay: ld.Day, LeapMonth: ld.Leap,
		YearBranch: ((ld.Year-4)%12+12)%12 + 1,
		HourBranch: (t.Hour()+1)/2%12 + 1,
	}
	sum := f.YearBranch + f.LunarMonth + f.LunarDay
	return fromTrigrams(mod(sum, 8), mod(sum+f.HourBranch, 8), mod(sum+f.HourBranch, 6)), f, nil
}

// MaxNumber bounds each number of the numbers method.
const MaxNumber = 999_999_999

// ErrNumbers is returned for numbers that are not three whole numbers from
// 1 to MaxNumber.
var ErrNumbers = errors.New("iching: the numbers method takes three whole numbers from 1 to 999999999")

// ByNumbers casts from three numbers the asker chose (报数起卦): the upper
// trigram is the first mod 8, the lower the second mod 8, the moving line
// the sum of the three mod 6.
func ByNumbers(n [3]int) (Cast, error) {
	for _, x := range n {
		if x < 1 || x > MaxNumber {
			return Cast{}, ErrNumbers
		}
	}
	return fromTrigrams(mod(n[0], 8), mod(n[1], 8), mod(n[0]+n[1]+n[2], 6)), nil
}
