package bazi

// KongWang describes 空亡 (旬空) for one pillar.
type KongWang struct {
	Xun        string    `json:"xun"`          // head of the pillar's own 旬, e.g. "甲子"
	Void       string    `json:"void"`         // the two branches void in that 旬, e.g. "戌亥"
	VoidPair   [2]Branch `json:"-"`            // the same as branches
	VoidByDay  bool      `json:"void_by_day"`  // this pillar's branch is void relative to the day pillar's 旬
	VoidByYear bool      `json:"void_by_year"` // … relative to the year pillar's 旬
}

// XunIndex returns the 旬 of g: 0 甲子, 1 甲戌, 2 甲申, 3 甲午, 4 甲辰, 5 甲寅.
func XunIndex(g GanZhi) int {
	g %= NumGanZhi
	return int(g) / 10
}

var xunHeads = [6]string{"甲子", "甲戌", "甲申", "甲午", "甲辰", "甲寅"}
var xunVoidNames = [6]string{"戌亥", "申酉", "午未", "辰巳", "寅卯", "子丑"}

// VoidBranches returns the two branches void (空亡) in g's 旬.
func VoidBranches(g GanZhi) [2]Branch {
	x := XunIndex(g)
	a := Branch((10 + 12 - 2*x) % 12)
	return [2]Branch{a, a + 1}
}

// voidMask[g] has bit b set when branch b is void in g's 旬.
var voidMask = func() (m [NumGanZhi]uint16) {
	for g := 0; g < NumGanZhi; g++ {
		v := VoidBranches(GanZhi(g))
		m[g] = 1<<v[0] | 1<<v[1]
	}
	return m
}()

// IsVoid reports whether branch b is void relative to g's 旬.
func IsVoid(g GanZhi, b Branch) bool { return voidMask[g%NumGanZhi]&(1<<(b%NumBranches)) != 0 }

func kongWangOf(g, day, year GanZhi) KongWang {
	x := XunIndex(g)
	b := g.Branch()
	return KongWang{
		Xun: xunHeads[x], Void: xunVoidNames[x], VoidPair: VoidBranches(g),
		VoidByDay: IsVoid(day, b), VoidByYear: IsVoid(year, b),
	}
}
