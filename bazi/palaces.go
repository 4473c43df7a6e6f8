package bazi

// Palace is a derived pillar: 胎元, 胎息, 命宫 or 身宫.
type Palace struct {
	GanZhi       GanZhi `json:"-"`
	Name         string `json:"ganzhi"`        // "己卯"
	NaYin        NaYin  `json:"nayin"`         // "城头土"
	NaYinElement string `json:"nayin_element"` // "earth"
}

var palaceTable = func() (t [NumGanZhi]Palace) {
	for i := range t {
		g := GanZhi(i)
		t[i] = Palace{GanZhi: g, Name: g.String(), NaYin: NaYinOf(g), NaYinElement: NaYinOf(g).Element().Key()}
	}
	return t
}()

func gzOf(s Stem, b Branch) GanZhi {
	g, _ := NewGanZhi(s, b)
	return g
}

// TaiYuan returns 胎元: the month stem + 1 and the month branch + 3 (as lunar-go).
func TaiYuan(month GanZhi) GanZhi {
	return gzOf((month.Stem()+1)%NumStems, (month.Branch()+3)%NumBranches)
}

// TaiXi returns 胎息: the stem combining (五合) with the day stem and the
// branch combining (六合) with the day branch (as lunar-go).
func TaiXi(day GanZhi) GanZhi {
	return gzOf((day.Stem()+5)%NumStems, (13-day.Branch())%NumBranches)
}

// monthNumber maps a branch to its month number counting 寅 = 1 … 丑 = 12.
func monthNumber(b Branch) int { return (int(b)+10)%12 + 1 }

// fromMonthNumber is the inverse of monthNumber.
func fromMonthNumber(n int) Branch { return Branch((n + 1) % 12) }

// palaceStem finds the stem of the branch with month number n by 五虎遁 from the year stem.
func palaceStem(year Stem, n int) Stem {
	i := (int(year)+1)*2 + n // 1-based as lunar-go
	for i > 10 {
		i -= 10
	}
	return Stem(i - 1)
}

// MingGong returns 命宫 from the year stem, month branch and hour branch,
// following lunar-go's EightChar.GetMingGong.
func MingGong(year, month GanZhi, hour Branch) GanZhi {
	off := monthNumber(month.Branch()) + monthNumber(hour)
	if off >= 14 {
		off = 26 - off
	} else {
		off = 14 - off
	}
	return gzOf(palaceStem(year.Stem(), off), fromMonthNumber(off))
}

// ShenGong returns 身宫, following lunar-go's EightChar.GetShenGong.
func ShenGong(year, month GanZhi, hour Branch) GanZhi {
	off := monthNumber(month.Branch()) + int(hour) + 1
	if off > 12 {
		off -= 12
	}
	return gzOf(palaceStem(year.Stem(), off), fromMonthNumber(off))
}
