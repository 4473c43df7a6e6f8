package ziwei

import (
	"errors"
	"reflect"
	"testing"

	"github.com/bazi-master/bazi-master/bazi"
)

func mustCompute(t *testing.T, b Birth, o Options) *Board {
	t.Helper()
	bd, err := Compute(b, o)
	if err != nil {
		t.Fatalf("%+v: %v", b, err)
	}
	return bd
}

// starBranch returns the branch of the palace holding star id.
func starBranch(t *testing.T, bd *Board, id StarID) bazi.Branch {
	t.Helper()
	for _, p := range bd.Palaces {
		for _, l := range [][]Star{p.Major, p.Minor, p.Adjective} {
			for _, s := range l {
				if s.ID == id {
					return p.Branch
				}
			}
		}
	}
	t.Fatalf("%s not on the board", id)
	return 0
}

type want struct {
	soul, body, ziwei string
	class             FiveClass
	soulStar, bodySt  StarID
	year              string
}

func check(t *testing.T, bd *Board, w want) {
	t.Helper()
	if got := bd.Soul.String(); got != w.soul {
		t.Errorf("命宫 %s, want %s", got, w.soul)
	}
	if got := bd.Palaces[bd.SoulIndex()]; got.Name != PalaceSoul || got.Branch != bd.Soul {
		t.Errorf("palace at SoulIndex is %s %s", got.Name, got.Branch)
	}
	if got := bd.Body.String(); got != w.body {
		t.Errorf("身宫 %s, want %s", got, w.body)
	}
	if !bd.Palaces[bd.BodyIndex()].IsBody {
		t.Error("IsBody not set on the 身宫")
	}
	if got := starBranch(t, bd, StarZiweiMaj).String(); got != w.ziwei {
		t.Errorf("紫微 in %s, want %s", got, w.ziwei)
	}
	if bd.Class != w.class {
		t.Errorf("五行局 %s, want %s", bd.Class, w.class)
	}
	if bd.SoulStar != w.soulStar || bd.BodyStar != w.bodySt {
		t.Errorf("命主 %s 身主 %s, want %s %s", bd.SoulStar, bd.BodyStar, w.soulStar, w.bodySt)
	}
	if got := bd.YearStem.String() + bd.YearBranch.String(); got != w.year {
		t.Errorf("year %s, want %s", got, w.year)
	}
}

// 2000-08-16 (庚辰年七月十七) 寅时, female.
func TestReferenceBoard(t *testing.T) {
	bd := mustCompute(t, Birth{Year: 2000, Month: 8, Day: 16, Hour: 4, Gender: bazi.Female}, Options{})
	// 寅起正月顺数至七月 (申), 逆数至寅时: 午. 身宫顺数: 戌. 命宫 壬午 (乙庚戊寅
	// → 午 is 壬): 壬5 + 午1 = 6 − 5 = 1 → 木三局. 17 = 18 − 1: 18/3 = 6 from 寅
	// is 未, offset 1 is odd so one back: 午. 命主 of 午 is 破军; 身主 of 辰 is 文昌.
	check(t, bd, want{soul: "午", body: "戌", ziwei: "午", class: Wood3,
		soulStar: StarPojunMaj, bodySt: StarWenchangMin, year: "庚辰"})
	if bd.TimeIndex != 2 || bd.Lunar != (bazi.LunarDate{Year: 2000, Month: 7, Day: 17}) {
		t.Errorf("time index %d, lunar %+v", bd.TimeIndex, bd.Lunar)
	}
	soul := &bd.Palaces[bd.SoulIndex()]
	if soul.Stem.String() != "壬" || soul.Decade.Start != 3 || soul.Decade.End != 12 {
		t.Errorf("命宫 %s %+v", soul.Stem, soul.Decade)
	}
	// 庚 四化: 太阳禄 武曲权 太阴科 天同忌 (iztro's default table).
	wantMut := map[StarID]Mutagen{StarTaiyangMaj: Lu, StarWuquMaj: Quan, StarTaiyinMaj: Ke, StarTiantongMaj: Ji}
	for _, p := range bd.Palaces {
		for _, s := range append(append([]Star{}, p.Major...), p.Minor...) {
			if s.Mutagen != wantMut[s.ID] {
				t.Errorf("%s has %q, want %q", s.ID, s.Mutagen, wantMut[s.ID])
			}
		}
	}
	// 紫微 in 午 is 庙.
	for _, s := range soul.Major {
		if s.ID == StarZiweiMaj && s.Brightness != Miao {
			t.Errorf("紫微 in 午 is %q", s.Brightness)
		}
	}
	// The 2024 horoscope (iztro): 虚岁 25, 大限 庚辰 (23–32), 小限 at index 8.
	h := bd.Horoscope(2024)
	if h.NominalAge != 25 || !h.InDecade || h.Decadal.Index != 2 || h.Decadal.Stem.String() != "庚" ||
		h.Age.Index != 8 || h.Yearly.Stem.String() != "甲" || h.Yearly.Branch.String() != "辰" {
		t.Errorf("horoscope 2024: %+v", h)
	}
	if h.Decadal.Mutagen != [4]StarID{StarTaiyangMaj, StarWuquMaj, StarTaiyinMaj, StarTiantongMaj} {
		t.Errorf("decadal mutagen %v", h.Decadal.Mutagen)
	}
	if h.Decadal.PalaceName(2) != PalaceSoul || h.Decadal.PalaceName(3) != PalaceParents {
		t.Error("decadal palace names")
	}
}

// Lunar new year's day and its eve fall in different years.
func TestLunarNewYear(t *testing.T) {
	// 2023-01-22 is 癸卯年正月初一. 午时: 命身同宫 in 申 (甲寅起 → 庚申: 庚4 +
	// 申2 = 6 → 木三局); day 1 + 2 = 3, 3/3 = 1 from 寅, even offset 2
	// forward: 辰. 命主 of 申 廉贞, 身主 of 卯 天同.
	bd := mustCompute(t, Birth{Year: 2023, Month: 1, Day: 22, Hour: 12, Gender: bazi.Male}, Options{})
	check(t, bd, want{soul: "申", body: "申", ziwei: "辰", class: Wood3,
		soulStar: StarLianzhenMaj, bodySt: StarTiantongMaj, year: "癸卯"})
	// The eve, 壬寅年腊月三十: month 12 → 丑, 午时 → 未.
	bd = mustCompute(t, Birth{Year: 2023, Month: 1, Day: 21, Hour: 12, Gender: bazi.Male}, Options{})
	check(t, bd, want{soul: "未", body: "未", ziwei: "辰", class: Water2,
		soulStar: StarWuquMaj, bodySt: StarTianliangMaj, year: "壬寅"})
	// Late 子 on the eve stays in the old year (the civil date decides).
	bd = mustCompute(t, Birth{Year: 2023, Month: 1, Day: 21, Hour: 23, Minute: 30, Gender: bazi.Male}, Options{})
	if bd.YearBranch.String() != "寅" || bd.TimeIndex != 12 {
		t.Errorf("late 子 on the eve: %s%s, time index %d", bd.YearStem, bd.YearBranch, bd.TimeIndex)
	}
	// With ZiNextDay it is new year's day at early 子.
	bd = mustCompute(t, Birth{Year: 2023, Month: 1, Day: 21, Hour: 23, Minute: 30, Gender: bazi.Male}, Options{Zi: ZiNextDay})
	if bd.YearBranch.String() != "卯" || bd.TimeIndex != 0 || bd.Lunar.Month != 1 || bd.Lunar.Day != 1 {
		t.Errorf("ZiNextDay on the eve: %s%s %+v", bd.YearStem, bd.YearBranch, bd.Lunar)
	}
}

// 2023 has a leap second month (闰二月, 2023-03-22 … 04-19).
func TestLeapMonth(t *testing.T) {
	// 闰二月初十 寅时: the first half counts as 二月 (卯): 命宫 丑, 身宫 巳;
	// 乙丑 → 金四局; 10 + 2 = 12, 12/4 = 3 from 寅, even offset forward 2: 午.
	bd := mustCompute(t, Birth{Year: 2023, Month: 3, Day: 31, Hour: 4, Gender: bazi.Female}, Options{})
	if !bd.Lunar.Leap || bd.Lunar.Day != 10 {
		t.Fatalf("lunar %+v", bd.Lunar)
	}
	check(t, bd, want{soul: "丑", body: "巳", ziwei: "午", class: Metal4,
		soulStar: StarJumenMaj, bodySt: StarTiantongMaj, year: "癸卯"})
	// 闰二月二十: the second half counts as 三月 (辰): 命宫 寅, 身宫 午, 甲寅 →
	// 水二局; 20/2 = 10 from 寅: 亥.
	after := Birth{Year: 2023, Month: 4, Day: 10, Hour: 4, Gender: bazi.Female}
	bd = mustCompute(t, after, Options{})
	check(t, bd, want{soul: "寅", body: "午", ziwei: "亥", class: Water2,
		soulStar: StarLucunMin, bodySt: StarTiantongMaj, year: "癸卯"})
	// LeapWhole keeps the whole leap month as 二月.
	bd = mustCompute(t, after, Options{Leap: LeapWhole})
	check(t, bd, want{soul: "丑", body: "巳", ziwei: "午", class: Metal4,
		soulStar: StarJumenMaj, bodySt: StarTiantongMaj, year: "癸卯"})
	// At late 子 iztro does not move the second half on (timeIndex 12):
	// 二月 子时 → 命身 卯.
	after.Hour = 23
	bd = mustCompute(t, after, Options{})
	if bd.Soul.String() != "卯" || bd.Body.String() != "卯" {
		t.Errorf("late 子 in the second half: 命 %s 身 %s", bd.Soul, bd.Body)
	}
}

// 23:30 is late 子 (timeIndex 12): the day-based stars use the next day,
// while 00:30 is early 子 of its own day.
func TestZiHours(t *testing.T) {
	late := mustCompute(t, Birth{Year: 2000, Month: 8, Day: 16, Hour: 23, Minute: 30, Gender: bazi.Male}, Options{})
	nextEarly := mustCompute(t, Birth{Year: 2000, Month: 8, Day: 17, Hour: 0, Minute: 30, Gender: bazi.Male}, Options{})
	early := mustCompute(t, Birth{Year: 2000, Month: 8, Day: 16, Hour: 0, Minute: 30, Gender: bazi.Male}, Options{})
	if late.TimeIndex != 12 || early.TimeIndex != 0 || late.Lunar.Day != 17 {
		t.Fatalf("time index %d / %d, lunar %+v", late.TimeIndex, early.TimeIndex, late.Lunar)
	}
	// 七月 子时: 命身 in 申; 甲申 → 水二局. Late 子 counts day 18: 18/2 = 9 from
	// 寅 is 戌; early 子 of the 17th: 17 + 1 = 18, odd offset one back: 酉.
	check(t, late, want{soul: "申", body: "申", ziwei: "戌", class: Water2,
		soulStar: StarLianzhenMaj, bodySt: StarWenchangMin, year: "庚辰"})
	check(t, early, want{soul: "申", body: "申", ziwei: "酉", class: Water2,
		soulStar: StarLianzhenMaj, bodySt: StarWenchangMin, year: "庚辰"})
	// Within a month late 子 gives the same board as the next day's early 子.
	if !reflect.DeepEqual(late.Palaces, nextEarly.Palaces) {
		t.Error("late 子 of the 16th differs from early 子 of the 17th")
	}
	// ZiSameDay charts 23:30 as 00:30 of the same day.
	same := mustCompute(t, Birth{Year: 2000, Month: 8, Day: 16, Hour: 23, Minute: 30, Gender: bazi.Male}, Options{Zi: ZiSameDay})
	if !reflect.DeepEqual(same.Palaces, early.Palaces) {
		t.Error("ZiSameDay differs from early 子 of the same day")
	}
}

func TestTimeIndex(t *testing.T) {
	for h, w := range []int{0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12} {
		if got := (Birth{Hour: h}).TimeIndex(); got != w {
			t.Errorf("hour %d: %d, want %d", h, got, w)
		}
	}
}

func TestComputeErrors(t *testing.T) {
	for _, c := range []struct {
		b     Birth
		o     Options
		field string
	}{
		{Birth{Year: 2001, Month: 2, Day: 29}, Options{}, "date"},
		{Birth{Year: 1700, Month: 1, Day: 1}, Options{}, "date"},
		{Birth{Year: 2000, Month: 1, Day: 1, Hour: 24}, Options{}, "time"},
		{Birth{Year: 2000, Month: 1, Day: 1, Gender: 2}, Options{}, "gender"},
		{Birth{Year: 2000, Month: 1, Day: 1}, Options{Zi: 9}, "zi_rule"},
	} {
		_, err := Compute(c.b, c.o)
		var fe *bazi.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%+v %+v: %v, want a %s error", c.b, c.o, err, c.field)
		}
	}
}

func TestFromInput(t *testing.T) {
	in, err := bazi.Request{Date: "2000-08-16", TZ: "Asia/Shanghai", Gender: "female"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	_, err = FromInput(in)
	var fe *bazi.FieldError
	if !errors.As(err, &fe) || fe.Field != "time" || fe.Code != "time_required" {
		t.Errorf("no time: %v", err)
	}
	// China kept DST in 1988: 00:20 on the clock is 23:20 standard time, the
	// day before, so late 子.
	in, err = bazi.Request{Date: "1988-07-01", Time: "00:20", TZ: "Asia/Shanghai", Gender: "female"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	b, err := FromInput(in)
	if err != nil {
		t.Fatal(err)
	}
	if b != (Birth{Year: 1988, Month: 6, Day: 30, Hour: 23, Minute: 20, Gender: bazi.Female}) {
		t.Errorf("birth %+v", b)
	}
	// True solar time at 76.0°E is 2h56m behind Beijing time, and the
	// equation of time takes 4½ more minutes in mid-August: 06:59.
	lon := 76.0
	in, err = bazi.Request{Date: "2000-08-16", Time: "10:00", TZ: "Asia/Shanghai", Lon: &lon, TrueSolarTime: true, Gender: "male"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if b, err = FromInput(in); err != nil || b.Hour != 6 || b.Minute != 59 {
		t.Errorf("true solar: %+v %v", b, err)
	}
}

// Every palace holds the right counts and the names are those of iztro.
func TestNames(t *testing.T) {
	if StarZiweiMaj.Name() != "紫微" || StarZiweiMaj.NameIn("zh-Hant") != "紫微" || StarTianjiMaj.NameIn("zh-Hant") != "天機" {
		t.Error("star names")
	}
	if StarYunlu.Name() != "运禄" || StarLiuyang.Name() != "流羊" || StarZiweiMaj.NameIn("en") == "" {
		t.Error("period star names")
	}
	if PalaceSoul.String() != "命宫" || PalaceFriends.String() != "仆役" || PalaceParents.NameIn("zh-Hant") != "父母" {
		t.Error("palace names")
	}
	if Wood3.String() != "木三局" || Wood3.Number() != 3 || Miao.String() != "庙" || Xian.String() != "陷" ||
		BrightNone.String() != "" || Ji.String() != "忌" || MutagenNone.String() != "" {
		t.Error("class, brightness or mutagen names")
	}
	if StarZiweiMaj.Kind() != KindMajor || StarLucunMin.Kind() != KindLucun || StarHongluan.Kind() != KindFlower ||
		StarChangsheng.Kind() != KindNone || KindTough.String() != "tough" {
		t.Error("kinds")
	}
	if StarID(NumStars).Name() != "" || StarNone.Name() != "" {
		t.Error("out of range names")
	}
}
