package ziwei

import (
	"strconv"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

// Branches as ints (0 = 子), for the placement rules.
const (
	zi = iota
	chou
	yin
	mao
	chen
	si
	wu
	wei
	shen
	you
	xu
	hai
)

// pal returns the palace index (0 = 寅) of branch b: iztro's
// fixEarthlyBranchIndex.
func pal(b int) int { return mod12(b - yin) }

// Sizes of the fixed arrays behind the star slices.
const (
	starsPerBoard    = len(majorStars) + len(minorStars) + len(adjectiveStars)
	horoStarsPerYear = 2*len(decadalStars) + 1 // + 年解 in the yearly layer
)

func fieldErr(field, code, msg string) error {
	return &bazi.FieldError{Field: field, Code: code, Message: msg}
}

// addDays is the civil date n days after y-m-d (time.Date carries the
// day over months and years).
func addDays(y, m, d, n int) (int, int, int) {
	t := time.Date(y, time.Month(m), d+n, 12, 0, 0, 0, time.UTC)
	return t.Year(), int(t.Month()), t.Day()
}

// daysInMonth is the number of days of month m of year y.
func daysInMonth(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// validate checks the birth fields; the error is a *bazi.FieldError.
func validate(b *Birth, o Options) error {
	switch {
	case b.Year < bazi.MinYear || b.Year > bazi.MaxYear:
		return fieldErr("date", "out_of_range", "Supported birth years are "+strconv.Itoa(bazi.MinYear)+" to "+strconv.Itoa(bazi.MaxYear)+".")
	case b.Month < 1 || b.Month > 12 || b.Day < 1 || b.Day > daysInMonth(b.Year, b.Month):
		return fieldErr("date", "invalid_date", "That date does not exist.")
	case b.Hour < 0 || b.Hour > 23 || b.Minute < 0 || b.Minute > 59:
		return fieldErr("time", "invalid_time", "The time must be between 00:00 and 23:59.")
	case b.Gender != bazi.Male && b.Gender != bazi.Female:
		return fieldErr("gender", "invalid_gender", "Gender must be male or female.")
	case o.Leap > LeapWhole:
		return fieldErr("leap_rule", "invalid_option", "Unknown leap-month rule.")
	case o.Zi > ZiSameDay:
		return fieldErr("zi_rule", "invalid_option", "Unknown zi-hour rule.")
	}
	return nil
}

// ComputeInto is Compute writing into bd, which it overwrites entirely; it
// does not allocate, so boards can be reused from a pool. On error bd is
// left unspecified.
func ComputeInto(bd *Board, b Birth, o Options) error {
	if err := validate(&b, o); err != nil {
		return err
	}
	*bd = Board{Birth: b, Options: o}

	// The 时辰 and the civil date charted.
	ti := b.TimeIndex()
	y, m, d := b.Year, b.Month, b.Day
	if ti == 12 {
		switch o.Zi {
		case ZiNextDay:
			y, m, d = addDays(y, m, d, 1)
			ti = 0
		case ZiSameDay: // iztro dayDivide 'current'
			ti = 0
		}
	}
	ld, ok := bazi.SolarToLunar(y, m, d)
	if !ok {
		return fieldErr("date", "out_of_range", "That date is outside the lunar calendar table.")
	}
	// Days of the lunar month (lunar-lite getTotalDaysOfLunarMonth): the
	// month has a 30th day when day 30 of it is still in it.
	monthDays := 29
	if l30, ok := bazi.SolarToLunar(addDays(y, m, d, 30-ld.Day)); ok && l30.Day == 30 {
		monthDays = 30
	}
	bd.Lunar = ld
	bd.TimeIndex = ti
	fill(bd, ld, monthDays, ti, o.Leap == LeapFix)
	return nil
}

// natal holds the indexes computed once and shared by the placement rules.
type natal struct {
	ys, yb     int // year stem and branch (lunar new year boundary)
	hb         int // hour branch: timeIndex mod 12
	ti         int // timeIndex 0..12
	month      int // fixLunarMonthIndex: 0 = 正月 (the 寅 palace)
	day        int // lunar day
	soul, body int // palace indexes of 命宫 and 身宫
	forward    bool
}

func fill(bd *Board, ld bazi.LunarDate, monthDays, ti int, fixLeap bool) {
	var n natal
	// Year pillar of the lunar year (iztro yearDivide 'normal'; the civil
	// date decides it, so late 子 on new year's eve stays in the old year).
	n.ys = mod10(ld.Year - 4)
	n.yb = mod12(ld.Year - 4)
	n.ti = ti
	n.hb = ti % 12
	n.day = ld.Day

	// fixLunarMonthIndex: 寅起正月; with fixLeap the days after the 15th of
	// a leap month count as the next month — except at late 子, which iztro
	// leaves in the leap month's own month (timeIndex !== 12).
	n.month = ld.Month - 1
	if ld.Leap && fixLeap && ld.Day > 15 && ti != 12 {
		n.month++
	}
	n.month = mod12(n.month)

	// 安命身宫诀: 寅起正月，顺数至生月，逆数生时为命宫；顺数生时为身宫。
	n.soul = mod12(n.month - n.hb)
	n.body = mod12(n.month + n.hb)

	// 阳男阴女顺行，阴男阳女逆行 (yang branches are the even ones).
	n.forward = (bd.Birth.Gender == bazi.Male) == (n.yb%2 == 0)

	bd.YearStem, bd.YearBranch = bazi.Stem(n.ys), bazi.Branch(n.yb)
	bd.Soul, bd.Body = bazi.Branch(mod12(n.soul+yin)), bazi.Branch(mod12(n.body+yin))

	// 定寅首 (五虎遁): 甲己丙寅，乙庚戊寅，丙辛庚寅，丁壬壬寅，戊癸甲寅.
	tiger := (n.ys%5*2 + 2) % 10
	soulStem := (tiger + n.soul) % 10
	bd.Class = fiveClass(soulStem, mod12(n.soul+yin))
	bd.SoulStar = soulStars[mod12(n.soul+yin)]
	bd.BodyStar = bodyStars[n.yb]

	for i := range bd.Palaces {
		p := &bd.Palaces[i]
		p.Name = PalaceName(mod12(n.soul - i))
		p.Stem = bazi.Stem((tiger + i) % 10)
		p.Branch = bazi.Branch(mod12(i + yin))
		p.IsBody = i == n.body
		// 来因宫: the palace whose stem is the year stem, 子 and 丑 excluded.
		p.IsOrigin = p.Branch != zi && p.Branch != chou && int(p.Stem) == n.ys
	}

	var pos [starsPerBoard]int8
	majorPositions(&n, bd.Class, monthDays, pos[:len(majorStars)])
	minorPositions(&n, pos[len(majorStars):len(majorStars)+len(minorStars)])
	adjectivePositions(&n, pos[len(majorStars)+len(minorStars):])
	placeNatal(bd, &n, &pos)

	rings(bd, &n)
	horoscopeRanges(bd, &n)
}

func mod10(i int) int {
	i %= 10
	if i < 0 {
		i += 10
	}
	return i
}

// fiveClass is 定五行局 from the stem and branch of 命宫 (纳音取数):
// 甲乙丙丁一到五，子丑午未一来数，寅卯申酉二上走，辰巳戌亥三为足。
// 干支相加多减五，五行木金水火土。
func fiveClass(stem, branch int) FiveClass {
	n := stem/2 + 1 + branch%6/2 + 1
	for n > 5 {
		n -= 5
	}
	return [5]FiveClass{Wood3, Metal4, Water2, Fire6, Earth5}[n-1]
}

// majorPositions places the 14 major stars (order of majorStars).
//
// 起紫微星诀: 六五四三二，酉午亥辰丑，局数除日数，商数宫前走；若见数无余，
// 便要起虎口，日数小於局，还直宫中守。 The day plus the smallest offset
// divisible by the 局 number gives a quotient counted from 寅; an odd
// offset moves back that many palaces, an even one forward.
//
// 安紫微诸星诀: 紫微逆去天机星，隔一太阳武曲辰，连接天同空二宫，廉贞居处方是真。
// 安天府诸星诀: 天府顺行有太阴，贪狼而后巨门临，随来天相天梁继，七杀空三是破军。
func majorPositions(n *natal, cls FiveClass, monthDays int, pos []int8) {
	day := n.day
	if n.ti == 12 { // late 子 counts as the next day (dayDivide 'forward')
		day++
		if day > monthDays { // iztro wraps to day 1 of the same month
			day -= monthDays
		}
	}
	c := int(cls)
	offset := 0
	for (day+offset)%c != 0 {
		offset++
	}
	ziwei := (day+offset)/c%12 - 1
	if offset%2 == 0 {
		ziwei += offset
	} else {
		ziwei -= offset
	}
	ziwei = mod12(ziwei)
	tianfu := mod12(12 - ziwei) // 紫微天府 mirror about 寅申
	// 紫微 group, anticlockwise: 紫微 天机 _ 太阳 武曲 天同 _ _ 廉贞.
	for i, off := range [6]int{0, 1, 3, 4, 5, 8} {
		pos[i] = int8(mod12(ziwei - off))
	}
	// 天府 group, clockwise: 天府 太阴 贪狼 巨门 天相 天梁 七杀 _ _ _ 破军.
	for i, off := range [8]int{0, 1, 2, 3, 4, 5, 6, 10} {
		pos[6+i] = int8(mod12(tianfu + off))
	}
}

// luIndex is 禄存 by year stem: 甲禄到寅宫，乙禄居卯府。丙戊禄在巳，丁己禄在午。
// 庚禄定居申，辛禄酉上补。壬禄亥中藏，癸禄居子户。
var luBranch = [10]int{yin, mao, si, wu, si, wu, shen, you, hai, zi}

// maBranch is 天马 by year branch: 寅午戌马在申，申子辰马在寅，巳酉丑马在亥，亥卯未马在巳.
func maBranch(yb int) int { return [4]int{yin, hai, shen, si}[yb%4] }

// kuiYue is 天魁 天钺 by stem: 甲戊庚之年丑未，乙己之年子申，辛年午寅，
// 壬癸之年卯巳，丙丁之年亥酉.
var kuiYue = [10][2]int{{chou, wei}, {zi, shen}, {hai, you}, {hai, you}, {chou, wei}, {zi, shen}, {chou, wei}, {wu, yin}, {mao, si}, {mao, si}}

// luanXi is 红鸾 天喜: 卯上起子逆数之，数到当生太岁支，坐守此宫红鸾位，对宫天喜不差移.
func luanXi(yb int) (luan, xi int) {
	luan = mod12(pal(mao) - yb)
	return luan, mod12(luan + 6)
}

// minorPositions places the 14 minor stars (order of minorStars).
func minorPositions(n *natal, pos []int8) {
	t := n.hb
	// 辰上顺正寻左辅，戌上逆正右弼当 (by month).
	pos[0] = int8(mod12(pal(chen) + n.month))
	pos[1] = int8(mod12(pal(xu) - n.month))
	// 辰上顺时文曲位，戌上逆时觅文昌 (by hour).
	pos[2] = int8(mod12(pal(xu) - t))
	pos[3] = int8(mod12(pal(chen) + t))
	pos[4] = int8(pal(kuiYue[n.ys][0]))
	pos[5] = int8(pal(kuiYue[n.ys][1]))
	lu := pal(luBranch[n.ys])
	pos[6] = int8(lu)
	pos[7] = int8(pal(maBranch(n.yb)))
	// 亥上子时顺安劫，逆回便是地空亡.
	pos[8] = int8(mod12(pal(hai) - t))
	pos[9] = int8(mod12(pal(hai) + t))
	// 火铃 by year branch, counted from 子时: 申子辰人寅戌扬，寅午戌人丑卯方，
	// 巳酉丑人卯戌位，亥卯未人酉戌房.
	var huo, ling int
	switch n.yb % 4 {
	case 0: // 申子辰
		huo, ling = yin, xu
	case 2: // 寅午戌
		huo, ling = chou, mao
	case 1: // 巳酉丑
		huo, ling = mao, xu
	default: // 亥卯未
		huo, ling = you, xu
	}
	pos[10] = int8(mod12(pal(huo) + t))
	pos[11] = int8(mod12(pal(ling) + t))
	// 禄前羊刃当，禄后陀罗府.
	pos[12] = int8(mod12(lu + 1))
	pos[13] = int8(mod12(lu - 1))
}

// adjectivePositions places iztro's 38 adjective stars (order of
// adjectiveStars).
func adjectivePositions(n *natal, pos []int8) {
	yb, ys, mi := n.yb, n.ys, n.month
	luan, xi := luanXi(yb)
	pos[0], pos[1] = int8(luan), int8(xi)
	// 天姚丑宫起正月，顺到生月即停留.
	pos[2] = int8(mod12(pal(chou) + mi))
	// 咸池: 子辰申年在酉，丑巳酉年在午，寅午戌年在卯，卯未亥年在子.
	pos[3] = int8(pal([4]int{you, wu, mao, zi}[yb%4]))
	// 月解: 正二在申三四在戍，五六在子七八在寅，九十月坐於辰宫，十一十二在午宫.
	pos[4] = int8(pal([6]int{shen, xu, zi, yin, chen, wu}[mi/2]))
	// 三台八座: 由左辅之宫位起初一，顺行至生日安三台；由右弼之宫位起初一，逆行至生日安八座。
	// 恩光天贵: 由文昌/文曲之宫位起初一，顺行至生日再退一步。
	// Late 子 counts one day more (iztro fixLunarDayIndex), without wrapping.
	di := n.day - 1
	if n.ti >= 12 {
		di = n.day
	}
	zuo, youbi := mod12(pal(chen)+mi), mod12(pal(xu)-mi)
	chang, qu := mod12(pal(xu)-n.hb), mod12(pal(chen)+n.hb)
	pos[5] = int8(mod12(zuo + di))
	pos[6] = int8(mod12(youbi - di))
	pos[7] = int8(mod12(chang + di - 1))
	pos[8] = int8(mod12(qu + di - 1))
	// 龙池从辰宫起子，顺至本生年支；凤阁从戍宫起子，逆行至本生年支.
	pos[9] = int8(mod12(pal(chen) + yb))
	pos[10] = int8(mod12(pal(xu) - yb))
	// 天才由命宫起子，顺行至本生年支；天寿由身宫起子，顺行至本生年支.
	pos[11] = int8(mod12(n.soul + yb))
	pos[12] = int8(mod12(n.body + yb))
	// 台辅 from 午, 封诰 from 寅, counted by the hour.
	pos[13] = int8(mod12(pal(wu) + n.hb))
	pos[14] = int8(mod12(pal(yin) + n.hb))
	// 天巫: 正五九月在巳，二六十月在申，三七十一在寅，四八十二在亥.
	pos[15] = int8(pal([4]int{si, shen, yin, hai}[mi%4]))
	// 华盖: 子辰申年在辰，丑巳酉年在丑，寅午戍年在戍，卯未亥年在未.
	pos[16] = int8(pal([4]int{chen, chou, xu, wei}[yb%4]))
	// 天官天福: 甲喜羊鸡乙龙猴，丙年蛇鼠一窝谋。丁虎擒猪戊玉兔，己鸡居然与虎俦。
	// 庚猪马辛鸡蛇走，壬犬马癸马蛇游。
	pos[17] = int8(pal([10]int{wei, chen, si, yin, mao, you, hai, you, xu, wu}[ys]))
	pos[18] = int8(pal([10]int{you, shen, zi, hai, mao, yin, wu, si, wu, si}[ys]))
	// 天厨: 甲丁食蛇口，乙戊辛马方。丙从鼠口得，己食于猴房。庚食虎头上，壬鸡癸猪堂。
	pos[19] = int8(pal([10]int{si, wu, zi, si, wu, shen, yin, wu, you, hai}[ys]))
	// 天月: 一犬二蛇三在龙，四虎五羊六兔宫。七猪八羊九在虎，十马冬犬腊寅中。
	pos[20] = int8(pal([12]int{xu, si, chen, yin, wei, mao, hai, wei, yin, wu, xu, yin}[mi]))
	// 天德 from 酉, 月德 from 巳, counted to the year branch.
	pos[21] = int8(mod12(pal(you) + yb))
	pos[22] = int8(mod12(pal(si) + yb))
	// 天空: 生年支顺数的前一位.
	pos[23] = int8(mod12(pal(yb) + 1))
	// 旬空: the empty pair of the year's decade (旬), on the palace of the
	// year branch's polarity.
	xk := mod12(pal(yb) + 9 - ys + 1)
	if yb%2 != xk%2 {
		xk = mod12(xk + 1)
	}
	pos[24] = int8(xk)
	// 截路空亡: 甲己之年申酉，乙庚之年午未，丙辛之年辰巳，丁壬之年寅卯，戊癸之年子丑.
	pos[25] = int8(pal([5]int{shen, wu, chen, yin, zi}[ys%5]))
	pos[26] = int8(pal([5]int{you, wei, si, mao, chou}[ys%5]))
	// 孤辰寡宿: 寅卯辰年安巳丑，巳午未年安申辰，申酉戍年安亥未，亥子丑年安寅戍.
	g := mod12(yb+1) / 3 // 0 = 亥子丑, 1 = 寅卯辰, 2 = 巳午未, 3 = 申酉戌
	pos[27] = int8(pal([4]int{yin, si, shen, hai}[g]))
	pos[28] = int8(pal([4]int{xu, chou, chen, wei}[g]))
	// 蜚蠊: 子丑寅年在申酉戍，卯辰巳年在巳午未，午未申年在寅卯辰，酉戍亥年在亥子丑.
	pos[29] = int8(pal([12]int{shen, you, xu, si, wu, wei, yin, mao, chen, hai, zi, chou}[yb]))
	// 破碎: 子午卯酉年安巳宫，寅申巳亥年安酉宫，辰戍丑未年安丑宫.
	pos[30] = int8(pal([3]int{si, chou, you}[yb%3]))
	// 天刑从酉起正月，顺至生月便安之.
	pos[31] = int8(mod12(pal(you) + mi))
	// 阴煞: 正七月在寅，二八月在子，三九月在戍，四十月在申，五十一在午，六十二在辰.
	pos[32] = int8(pal([6]int{yin, zi, xu, shen, wu, chen}[mi%6]))
	// 天哭天虚起午宫，午宫起子两分踪，哭逆行兮虚顺转，数到生年便停留.
	pos[33] = int8(mod12(pal(wu) - yb))
	pos[34] = int8(mod12(pal(wu) + yb))
	// 天使 in 疾厄, 天伤 in 仆役 (counted clockwise from 命宫 as iztro).
	pos[35] = int8(mod12(7 + n.soul))
	pos[36] = int8(mod12(5 + n.soul))
	// 年解: 解神从戌上起子，逆数至当生年太岁.
	pos[37] = int8(pal(nianjie(yb)))
}

func nianjie(yb int) int { return mod12(xu - yb) }

// natalIDs are the stars of a board in iztro's order: major, minor,
// adjective.
var natalIDs = func() (ids [starsPerBoard]StarID) {
	n := copy(ids[:], majorStars[:])
	n += copy(ids[n:], minorStars[:])
	copy(ids[n:], adjectiveStars[:])
	return ids
}()

// placeNatal writes the stars into the palaces' slices, each palace's in
// iztro's order (a counting sort on the palace index per group).
func placeNatal(bd *Board, n *natal, pos *[starsPerBoard]int8) {
	const nMaj, nMin = len(majorStars), len(minorStars)
	const groupEnd0, groupEnd1 = nMaj, nMaj + nMin
	// start[g][p]: offset in bd.stars of group g's stars in palace p.
	var start [3][13]int
	for i, p := range pos {
		g := 0
		if i >= groupEnd1 {
			g = 2
		} else if i >= groupEnd0 {
			g = 1
		}
		start[g][p+1]++
	}
	start[0][0], start[1][0], start[2][0] = 0, groupEnd0, groupEnd1
	for g := range start {
		for p := 0; p < 12; p++ {
			start[g][p+1] += start[g][p]
		}
	}
	next := start
	mut := &stemMutagens[n.ys]
	for i, p := range pos {
		id := natalIDs[i]
		s := Star{ID: id, Kind: starKinds[id]}
		g := 2
		if i < groupEnd1 {
			g = 1
			// Brightness (STARS_INFO) exists for major and minor stars only.
			s.Brightness = starBrightness[id][p]
			// 生年四化 for the major stars and 左辅 右弼 文昌 文曲 (iztro gives
			// no other star a mutagen).
			if i < nMaj+4 {
				for k, m := range mut {
					if m == id {
						s.Mutagen = Mutagen(k + 1)
					}
				}
			}
			if i < groupEnd0 {
				g = 0
			}
		}
		bd.stars[next[g][p]] = s
		next[g][p]++
	}
	for p := range bd.Palaces {
		pl := &bd.Palaces[p]
		pl.Major = bd.stars[start[0][p]:start[0][p+1]:start[0][p+1]]
		pl.Minor = bd.stars[start[1][p]:start[1][p+1]:start[1][p+1]]
		pl.Adjective = bd.stars[start[2][p]:start[2][p+1]:start[2][p+1]]
	}
}

// rings places the four twelve-god rings.
func rings(bd *Board, n *natal) {
	// 长生十二神: 水二局长生在申，木三局长生在亥，金四局长生在巳，土五局长生在申，
	// 火六局长生在寅; 阳男阴女顺行，阴男阳女逆行.
	cs := pal([7]int{0, 0, shen, hai, si, shen, yin}[bd.Class])
	// 博士十二神 from 禄存, same direction.
	bs := pal(luBranch[n.ys])
	dir := 1
	if !n.forward {
		dir = -1
	}
	js := jiangqianStart(n.yb)
	for i := 0; i < 12; i++ {
		bd.Palaces[mod12(cs+dir*i)].Changsheng = changsheng12[i]
		bd.Palaces[mod12(bs+dir*i)].Boshi = boshi12[i]
		// 岁前诸星 from 岁建 on the year branch; 将前诸星 from 将星. Both clockwise.
		bd.Palaces[mod12(pal(n.yb)+i)].Suiqian = suiqian12[i]
		bd.Palaces[mod12(js+i)].Jiangqian = jiangqian12[i]
	}
}

// jiangqianStart: 寅午戍年将星午，申子辰年子将星，巳酉丑将酉上驻，亥卯未将卯上停.
func jiangqianStart(yb int) int { return pal([4]int{zi, you, wu, mao}[yb%4]) }

// horoscopeRanges sets the 大限 and 小限 ages of each palace.
func horoscopeRanges(bd *Board, n *natal) {
	// 大限由命宫起，阳男阴女顺行，阴男阳女逆行，每十年过一宫限; the first
	// starts at the 局 number.
	c := int(bd.Class)
	for i := 0; i < 12; i++ {
		idx := mod12(n.soul - i)
		if n.forward {
			idx = mod12(n.soul + i)
		}
		bd.Palaces[idx].Decade.Start = c + 10*i
		bd.Palaces[idx].Decade.End = c + 10*i + 9
	}
	// 小限: 寅午戍人辰上起，申子辰人自戍宫，巳酉丑人未宫始，亥卯未人起丑宫;
	// 男顺女逆.
	start := pal([4]int{xu, wei, chen, chou}[n.yb%4])
	for i := 0; i < 12; i++ {
		idx := mod12(start + i)
		if bd.Birth.Gender == bazi.Female {
			idx = mod12(start - i)
		}
		for j := range bd.Palaces[idx].Ages {
			bd.Palaces[idx].Ages[j] = 12*j + i + 1
		}
	}
}
