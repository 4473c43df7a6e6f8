package ziwei

import "github.com/bazi-master/bazi-master/bazi"

// Horoscope returns the overlay of Gregorian year on the board.
func (b *Board) Horoscope(year int) Horoscope {
	var h Horoscope
	b.HoroscopeInto(&h, year)
	return h
}

// childhoodPalaces is 童限: 一命二财三疾厄，四岁夫妻五福德，六岁事业为童限.
var childhoodPalaces = [6]PalaceName{PalaceSoul, PalaceWealth, PalaceHealth, PalaceSpouse, PalaceSpirit, PalaceCareer}

// HoroscopeInto is Horoscope writing into h, which it overwrites entirely;
// it does not allocate. The period star slices point into h.
func (b *Board) HoroscopeInto(h *Horoscope, year int) {
	*h = Horoscope{Year: year}
	// iztro reads the target at new Date(year, 6, 1): its lunar year is
	// year, and so is the year pillar.
	ys, yb := mod10(year-4), mod12(year-4)
	// 虚岁 counted by lunar years (ageDivide 'normal').
	age := year - b.Lunar.Year + 1
	h.NominalAge = age

	// 大限: the palace whose range holds the age; before the first, 童限;
	// otherwise none (iztro then uses 甲子 for the stars and 四化).
	d := &h.Decadal
	d.Index, d.Stem, d.Branch = -1, 0, zi
	for i := range b.Palaces {
		p := &b.Palaces[i]
		if age >= p.Decade.Start && age <= p.Decade.End {
			d.Index, d.Stem, d.Branch = i, p.Stem, p.Branch
			h.InDecade = true
			break
		}
	}
	if d.Index < 0 && age >= 1 && age <= len(childhoodPalaces) {
		for i := range b.Palaces {
			if p := &b.Palaces[i]; p.Name == childhoodPalaces[age-1] {
				d.Index, d.Stem, d.Branch = i, p.Stem, p.Branch
				h.Childhood = true
				break
			}
		}
	}
	d.Mutagen = stemMutagens[d.Stem]

	// 小限: the palace whose ages hold the age (甲子 when none).
	a := &h.Age
	a.Index, a.Stem, a.Branch = -1, 0, zi
	if age >= 1 && age <= 120 {
		for i := range b.Palaces {
			p := &b.Palaces[i]
			if (age-1)%12+1 == p.Ages[0] {
				a.Index, a.Stem, a.Branch = i, p.Stem, p.Branch
				break
			}
		}
	}
	a.Mutagen = stemMutagens[a.Stem]

	// 流年: the palace of the year branch.
	y := &h.Yearly
	y.Index, y.Stem, y.Branch = pal(yb), bazi.Stem(ys), bazi.Branch(yb)
	y.Mutagen = stemMutagens[ys]

	var pos [horoStarsPerYear]int8
	var ids [horoStarsPerYear]StarID
	n := periodStars(int(d.Stem), int(d.Branch), &decadalStars, pos[:], ids[:], false)
	placePeriod(h.stars[:n], &d.Stars, pos[:n], ids[:n])
	m := periodStars(ys, yb, &yearlyStars, pos[:], ids[:], true)
	placePeriod(h.stars[n:n+m], &y.Stars, pos[:m], ids[:m])

	// 流年岁前、将前诸星 (yearlyDecStar).
	js := jiangqianStart(yb)
	for i := 0; i < 12; i++ {
		h.Suiqian[mod12(pal(yb)+i)] = suiqian12[i]
		h.Jiangqian[mod12(js+i)] = jiangqian12[i]
	}
}

// changQuByStem is 流昌 流曲 by stem: 流昌起巳位，甲乙顺流去，不用四墓宫；
// 流曲起酉位，甲乙逆行踪，亦不用四墓.
var changQuByStem = [10][2]int{{si, you}, {wu, shen}, {shen, wu}, {you, si}, {shen, wu}, {you, si}, {hai, mao}, {zi, yin}, {yin, zi}, {mao, hai}}

// periodStars computes iztro's getHoroscopeStar for a stem and branch:
// 魁 钺 昌 曲 禄 羊 陀 马 鸾 喜, preceded by 年解 for a year. It returns the
// number of stars written to pos and ids.
func periodStars(stem, branch int, names *[10]StarID, pos []int8, ids []StarID, yearly bool) int {
	k := 0
	put := func(p int, id StarID) {
		pos[k], ids[k] = int8(p), id
		k++
	}
	if yearly {
		put(pal(nianjie(branch)), StarNianjie)
	}
	lu := pal(luBranch[stem])
	luan, xi := luanXi(branch)
	for i, p := range [10]int{
		pal(kuiYue[stem][0]), pal(kuiYue[stem][1]),
		pal(changQuByStem[stem][0]), pal(changQuByStem[stem][1]),
		lu, mod12(lu + 1), mod12(lu - 1), pal(maBranch(branch)),
		luan, xi,
	} {
		put(p, names[i])
	}
	return k
}

// placePeriod groups the period stars by palace into buf, keeping their
// order, and points stars[p] into it.
func placePeriod(buf []Star, stars *[12][]Star, pos []int8, ids []StarID) {
	var start [13]int
	for _, p := range pos {
		start[p+1]++
	}
	for p := 0; p < 12; p++ {
		start[p+1] += start[p]
	}
	next := start
	for i, p := range pos {
		buf[next[p]] = Star{ID: ids[i], Kind: starKinds[ids[i]]}
		next[p]++
	}
	for p := range stars {
		if start[p] < start[p+1] {
			stars[p] = buf[start[p]:start[p+1]:start[p+1]]
		}
	}
}

// Scope names a horoscope layer, for display.
type Scope uint8

const (
	ScopeDecadal   Scope = iota // 大限
	ScopeChildhood              // 童限
	ScopeAge                    // 小限
	ScopeYearly                 // 流年
)

// String returns the zh-Hans name.
func (s Scope) String() string { return s.NameIn("zh-Hans") }

// NameIn returns the name in "zh-Hans", "zh-Hant", "en", "ja" or "ko" (iztro's en-US
// has no word for 童限 and shows "childhood").
func (s Scope) NameIn(lang string) string {
	if s > ScopeYearly {
		return ""
	}
	return scopeNames[langIndex(lang)][s]
}

// DecadalScope is ScopeChildhood for a 童限, else ScopeDecadal.
func (h *Horoscope) DecadalScope() Scope {
	if h.Childhood {
		return ScopeChildhood
	}
	return ScopeDecadal
}
