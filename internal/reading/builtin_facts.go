package reading

import (
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

// Ten-god groups: a TenGod g (0–9) belongs to group g/2.
const (
	grpPeers    = iota // 比劫
	grpOutput          // 食伤
	grpWealth          // 财
	grpOfficer         // 官杀
	grpResource        // 印
	numGroups
)

// facts are what the built-in reader reads off a chart, computed once.
type builtinFacts struct {
	c      *bazi.Chart
	dm     bazi.Stem
	dmEl   bazi.Element
	male   bool
	pos    []int                // pillar positions present: 0,1,2 (,3)
	god    [10]int              // visible stems (day stem excluded) + main qi of every branch
	group  [numGroups]int       // god summed by group
	hidden [numGroups]int       // middle and residual hidden stems, by group
	fav    map[bazi.Element]int // only looked up, never ranged over
	avoid  map[bazi.Element]bool
	luck   builtinLuck
}

// builtinLuck is the current 大运 and 流年 at Request.Now.
type builtinLuck struct {
	phase     int // 1 in a luck pillar, 0 before the first, -1 after the tenth
	pillar    bazi.GanZhi
	pillarGod bazi.TenGod
	startYear int
	endYear   int
	startAge  int
	endAge    int
	firstYear int // start of the first pillar
	firstAge  int
	year      int // the ganzhi year (流年)
	yearGZ    bazi.GanZhi
	yearGod   bazi.TenGod
	yearAge   int
}

func newBuiltinFacts(c *bazi.Chart, now time.Time) *builtinFacts {
	f := &builtinFacts{c: c, dm: c.DayMaster.Stem, dmEl: c.DayMaster.Stem.Element(), male: c.Options.Gender == bazi.Male,
		fav: map[bazi.Element]int{}, avoid: map[bazi.Element]bool{}}
	f.pos = []int{bazi.PosYear, bazi.PosMonth, bazi.PosDay}
	if c.Pillars.Hour != nil {
		f.pos = append(f.pos, bazi.PosHour)
	}
	for _, p := range f.pos {
		d := c.Pillars.At(p)
		if p != bazi.PosDay {
			f.god[d.TenGod%10]++
		}
		f.god[d.BranchTenGod%10]++
		for i, h := range d.HiddenStems {
			if i > 0 && h.TenGod < 10 {
				f.hidden[h.TenGod/2]++
			}
		}
	}
	for g := 0; g < 10; g++ {
		f.group[g/2] += f.god[g]
	}
	for i, e := range c.Favourable.Elements {
		f.fav[e] = i + 1
	}
	for _, e := range c.Favourable.Avoid {
		f.avoid[e] = true
	}
	f.luck = builtinCurrentLuck(c, now)
	return f
}

// builtinCurrentLuck finds the 大运 and 流年 at now. The chart's own Current is
// used when now is zero or within a day of the instant the chart was
// computed for; otherwise the 流年 is taken to turn on 4 February (立春
// falls on the 3rd–5th) and the 大运 by its start year.
func builtinCurrentLuck(c *bazi.Chart, now time.Time) builtinLuck {
	l := &c.Luck
	ln := builtinLuck{firstYear: int(l.Pillars[0].StartYear), firstAge: int(l.Pillars[0].StartAge)}
	cur := l.Current
	if !now.IsZero() && (now.Sub(cur.Now) > 24*time.Hour || cur.Now.Sub(now) > 24*time.Hour) {
		u := now.UTC()
		y := u.Year()
		if u.Month() == time.January || (u.Month() == time.February && u.Day() < 4) {
			y--
		}
		cur.LiuNianYear = y
		cur.Age = y - l.PreLuck.StartYear + 1
		cur.DaYun = 0
		switch {
		case y < l.PreLuck.StartYear:
			cur.DaYun = -1
		case y > int(l.Pillars[9].EndYear):
			cur.DaYun = -1
		default:
			for i := range l.Pillars {
				if y >= int(l.Pillars[i].StartYear) {
					cur.DaYun = i + 1
				}
			}
		}
	}
	ln.year = cur.LiuNianYear
	ln.yearGZ = bazi.GanZhi(((cur.LiuNianYear-4)%60 + 60) % 60)
	ln.yearGod = bazi.TenGodOf(c.DayMaster.Stem, ln.yearGZ.Stem())
	ln.yearAge = cur.Age
	switch {
	case cur.DaYun > 0:
		p := &l.Pillars[cur.DaYun-1]
		ln.phase = 1
		ln.pillar, ln.pillarGod = p.GanZhi, p.TenGod
		ln.startYear, ln.endYear, ln.startAge, ln.endAge = int(p.StartYear), int(p.EndYear), int(p.StartAge), int(p.EndAge)
	case cur.DaYun == 0:
		ln.phase = 0
	default:
		ln.phase = -1
	}
	return ln
}

// tenGodGroup returns the group of a ten god (the day master counts as peers).
func tenGodGroup(g bazi.TenGod) int {
	if g >= 10 {
		return grpPeers
	}
	return int(g) / 2
}

// groupElement returns the element of a group for the day master.
func (f *builtinFacts) groupElement(grp int) bazi.Element {
	return (f.dmEl + bazi.Element(grp)) % 5
}

// verdict rates elements for this chart: "good" when more are favourable
// than unfavourable, "hard" for the reverse, "mixed" when both appear
// equally, "neutral" otherwise.
func (f *builtinFacts) verdict(els ...bazi.Element) string {
	g, h := 0, 0
	for _, e := range els {
		if f.fav[e] > 0 {
			g++
		}
		if f.avoid[e] {
			h++
		}
	}
	switch {
	case g > h:
		return "good"
	case h > g:
		return "hard"
	case g > 0:
		return "mixed"
	}
	return "neutral"
}

func (f *builtinFacts) strongSide() bool {
	s := f.c.Strength
	return s.Label == "strong" || s.Label == "very_strong" || (s.Label == "balanced" && s.Score >= bazi.LeanStrongAt)
}

// Branch relations between two branches, for the 流年 and 大运 against
// the chart (the chart's own relations come from bazi.Relations).
func biBranchClash(a, b bazi.Branch) bool { return (int(a)+12-int(b))%12 == 6 }
func biBranchHe(a, b bazi.Branch) bool    { return (int(a)+int(b))%12 == 1 }
func biBranchHai(a, b bazi.Branch) bool   { return (int(a)+int(b))%12 == 7 }
func biBranchSanHe(a, b bazi.Branch) bool { return a != b && a%4 == b%4 }
func biBranchXing(a, b bazi.Branch) bool {
	pair := func(x, y bazi.Branch) bool { return (a == x && b == y) || (a == y && b == x) }
	switch {
	case pair(2, 5), pair(5, 8), pair(8, 2), pair(1, 10), pair(10, 7), pair(7, 1), pair(0, 3):
		return true
	}
	return a == b && (a == 4 || a == 6 || a == 9 || a == 11)
}
func biStemHe(a, b bazi.Stem) bool    { return max(a, b)-min(a, b) == 5 }
func biStemClash(a, b bazi.Stem) bool { return max(a, b)-min(a, b) == 6 }

// builtinBranchRel names the strongest relation of an incoming branch x with a
// natal branch b: chong, xing, he, sanhe, hai, same, or "".
func builtinBranchRel(x, b bazi.Branch) string {
	switch {
	case biBranchClash(x, b):
		return "chong"
	case biBranchHe(x, b):
		return "he"
	case biBranchXing(x, b):
		return "xing"
	case biBranchSanHe(x, b):
		return "sanhe"
	case biBranchHai(x, b):
		return "hai"
	case x == b:
		return "same"
	}
	return ""
}

// periodVerdict is the one rule the reader judges a period by (a 大运, a
// 流年 or a month), so that no period is called both smooth and unsettled:
// a period whose branch clashes the day branch (the palace of the self and
// the partner) is "clash" whatever its elements; otherwise its stem and
// branch elements decide, as verdict does.
func (f *builtinFacts) periodVerdict(g bazi.GanZhi) string {
	if biBranchClash(g.Branch(), f.c.Pillars.Day.GanZhi.Branch()) {
		return "clash"
	}
	return f.verdict(g.Stem().Element(), g.Branch().Element())
}

// luckAt returns the 大运 covering the Gregorian year y, or nil before the
// first and after the tenth.
func (f *builtinFacts) luckAt(y int) *bazi.LuckPillar {
	for i := range f.c.Luck.Pillars {
		p := &f.c.Luck.Pillars[i]
		if y >= int(p.StartYear) && y <= int(p.EndYear) {
			return p
		}
	}
	return nil
}

// yearGanZhi is the pillar of the ganzhi year that starts at 立春 of y.
func yearGanZhi(y int) bazi.GanZhi { return bazi.GanZhi(((y-4)%60 + 60) % 60) }

// spouseGroup is the ten-god group traditionally read as the partner:
// 财 in a man's chart, 官杀 in a woman's.
func (f *builtinFacts) spouseGroup() int {
	if f.male {
		return grpWealth
	}
	return grpOfficer
}
