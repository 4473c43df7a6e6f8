package ziwei

import "github.com/bazi-master/bazi-master/bazi"

// LeapRule says which month a birth in a leap month counts as.
type LeapRule uint8

const (
	// LeapFix (default, iztro's fixLeap=true): days 1–15 of a leap month
	// count as that month, days 16 and later as the next month.
	LeapFix LeapRule = iota
	// LeapWhole (iztro's fixLeap=false): the whole leap month counts as the
	// month it repeats.
	LeapWhole
)

var leapRuleNames = [...]string{"fix", "whole"}

// String returns "fix" or "whole".
func (r LeapRule) String() string {
	if int(r) < len(leapRuleNames) {
		return leapRuleNames[r]
	}
	return ""
}

// ParseLeapRule reads the String form; "" is LeapFix.
func ParseLeapRule(s string) (LeapRule, bool) {
	switch s {
	case "", "fix":
		return LeapFix, true
	case "whole":
		return LeapWhole, true
	}
	return 0, false
}

// ZiRule says how a birth from 23:00 to 23:59 (late 子) is charted.
type ZiRule uint8

const (
	// ZiLate (default, iztro's dayDivide 'forward'): timeIndex 12, the
	// lunar day counts as the next day for the day-based stars while the
	// month and year stay those of the civil date (see the package doc).
	ZiLate ZiRule = iota
	// ZiNextDay: the birth is charted as early 子 (timeIndex 0) of the next
	// civil day, month and year included.
	ZiNextDay
	// ZiSameDay (iztro's dayDivide 'current'): the birth is charted as early
	// 子 (timeIndex 0) of the same civil day.
	ZiSameDay
)

var ziRuleNames = [...]string{"late", "next-day", "same-day"}

// String returns "late", "next-day" or "same-day".
func (r ZiRule) String() string {
	if int(r) < len(ziRuleNames) {
		return ziRuleNames[r]
	}
	return ""
}

// ParseZiRule reads the String form; "" is ZiLate.
func ParseZiRule(s string) (ZiRule, bool) {
	switch s {
	case "", "late":
		return ZiLate, true
	case "next-day":
		return ZiNextDay, true
	case "same-day":
		return ZiSameDay, true
	}
	return 0, false
}

// Options are the school switches. The zero value is iztro's default
// configuration.
type Options struct {
	Leap LeapRule
	Zi   ZiRule
}

// Birth is what a chart is computed from: the Gregorian civil date and the
// clock reading of the hour (local standard time, or true solar time when
// the caller wants it), and the gender. Only the hour picks the 时辰;
// Minute is kept for display.
type Birth struct {
	Year, Month, Day, Hour, Minute int
	Gender                         bazi.Gender
}

// TimeIndex returns iztro's 时辰 index of the hour: 0 = early 子
// (00:00–00:59), 1..11 = 丑..亥 (two hours each from 01:00), 12 = late 子
// (23:00–23:59). It is -1 for an hour outside 0..23.
func (b Birth) TimeIndex() int {
	switch {
	case b.Hour < 0 || b.Hour > 23:
		return -1
	case b.Hour == 23:
		return 12
	}
	return (b.Hour + 1) / 2
}

// Brightness is a star's strength in its palace (庙旺得利平不陷).
type Brightness uint8

const (
	BrightNone Brightness = iota
	Miao                  // 庙
	Wang                  // 旺
	De                    // 得
	Li                    // 利
	Ping                  // 平
	Bu                    // 不
	Xian                  // 陷
)

// Mutagen is a 四化 transformation.
type Mutagen uint8

const (
	MutagenNone Mutagen = iota
	Lu                  // 禄
	Quan                // 权
	Ke                  // 科
	Ji                  // 忌
)

// StarKind is iztro's star `type`.
type StarKind uint8

const (
	KindNone      StarKind = iota
	KindMajor              // major: the 14 主星
	KindSoft               // soft: 吉星 (左辅 右弼 文昌 文曲 天魁 天钺 and their period forms)
	KindTough              // tough: 煞星 (擎羊 陀罗 火星 铃星 地空 地劫 …)
	KindLucun              // lucun: 禄存 and its period forms
	KindTianma             // tianma: 天马 and its period forms
	KindAdjective          // adjective: 杂耀
	KindFlower             // flower: 桃花星 (红鸾 天喜 天姚 咸池 …)
	KindHelper             // helper: 解神, 年解
)

var starKindNames = [...]string{"", "major", "soft", "tough", "lucun", "tianma", "adjective", "flower", "helper"}

// String returns iztro's type name ("major", "soft", …; "" for none).
func (k StarKind) String() string {
	if int(k) < len(starKindNames) {
		return starKindNames[k]
	}
	return ""
}

// StarID names every star a board can hold: the 14 major stars, the 14
// minor stars, iztro's adjective stars, the gods of the four twelve-god
// rings (长生 博士 将前 岁前) and the period stars (运禄 流羊 …). The
// constants and their names are generated from iztro (tables_gen.go).
// StarNone (0) is no star.
type StarID uint8

// Name returns the zh-Hans name exactly as iztro writes it ("" for none).
func (s StarID) Name() string { return s.NameIn("zh-Hans") }

// NameIn returns the name in "zh-Hans", "zh-Hant", "en", "ja" or "ko" (iztro's zh-CN,
// zh-TW and en-US locales); any other language gives zh-Hans.
func (s StarID) NameIn(lang string) string {
	if int(s) >= NumStars {
		return ""
	}
	return starNames[langIndex(lang)][s]
}

// Key returns iztro's i18n key of the star ("ziweiMaj", "yunlu", …), a
// stable ASCII identifier for APIs.
func (s StarID) Key() string {
	if int(s) >= NumStars {
		return ""
	}
	return starKeys[s]
}

// Kind returns the star's iztro type; KindNone for the twelve-god rings.
func (s StarID) Kind() StarKind {
	if int(s) >= NumStars {
		return KindNone
	}
	return starKinds[s]
}

// String returns Name.
func (s StarID) String() string { return s.Name() }

// Star is one star in a palace.
type Star struct {
	ID         StarID
	Kind       StarKind
	Brightness Brightness
	Mutagen    Mutagen // 生年四化
}

// PalaceName is the role of a palace, counted from 命宫 the traditional
// way (anticlockwise): 命宫 兄弟 夫妻 子女 财帛 疾厄 迁移 仆役 官禄 田宅 福德 父母.
type PalaceName uint8

const (
	PalaceSoul     PalaceName = iota // 命宫
	PalaceSiblings                   // 兄弟
	PalaceSpouse                     // 夫妻
	PalaceChildren                   // 子女
	PalaceWealth                     // 财帛
	PalaceHealth                     // 疾厄
	PalaceSurface                    // 迁移
	PalaceFriends                    // 仆役
	PalaceCareer                     // 官禄
	PalaceProperty                   // 田宅
	PalaceSpirit                     // 福德
	PalaceParents                    // 父母
)

// String returns the zh-Hans name as iztro writes it.
func (p PalaceName) String() string { return p.NameIn("zh-Hans") }

// NameIn returns the name in "zh-Hans", "zh-Hant", "en", "ja" or "ko".
func (p PalaceName) NameIn(lang string) string {
	if p > PalaceParents {
		return ""
	}
	return palaceNames[langIndex(lang)][p]
}

// FiveClass is the 五行局; its value is the局 number (2..6).
type FiveClass uint8

const (
	Water2 FiveClass = 2 // 水二局
	Wood3  FiveClass = 3 // 木三局
	Metal4 FiveClass = 4 // 金四局
	Earth5 FiveClass = 5 // 土五局
	Fire6  FiveClass = 6 // 火六局
)

// Number returns 2..6 (the age the first 大限 starts at).
func (c FiveClass) Number() int { return int(c) }

// String returns the zh-Hans name, e.g. "木三局".
func (c FiveClass) String() string { return c.NameIn("zh-Hans") }

// NameIn returns the name in "zh-Hans", "zh-Hant", "en", "ja" or "ko".
func (c FiveClass) NameIn(lang string) string {
	if c < Water2 || c > Fire6 {
		return ""
	}
	return fiveClassNames[langIndex(lang)][c-Water2]
}

// Palace is one of the twelve palaces.
type Palace struct {
	Name     PalaceName
	Stem     bazi.Stem
	Branch   bazi.Branch
	IsBody   bool // 身宫
	IsOrigin bool // 来因宫: the palace (not 子 or 丑) whose stem is the year stem

	// Stars in iztro's order. The slices point into arrays inside the
	// Board: copy them before reusing the Board.
	Major, Minor, Adjective []Star

	// The four twelve-god rings: 长生十二神, 博士十二神, 将前诸星, 岁前诸星.
	Changsheng, Boshi, Jiangqian, Suiqian StarID

	// Decade is the 大限 age range (nominal ages, iztro decadal.range).
	Decade struct{ Start, End int }
	// Ages are the nominal ages of the 小限 in this palace.
	Ages [10]int
}

// Board is a natal chart (命盘). Build it with Compute or ComputeInto.
type Board struct {
	Birth   Birth
	Options Options

	// Lunar is the lunar date of the civil date charted (for ZiNextDay the
	// next day's), as iztro's rawDates.lunarDate. TimeIndex is the 时辰
	// index used, 0..12 as iztro.
	Lunar     bazi.LunarDate
	TimeIndex int

	// YearStem and YearBranch are the year pillar (lunar new year boundary).
	YearStem   bazi.Stem
	YearBranch bazi.Branch

	Soul, Body         bazi.Branch // branches of 命宫 and 身宫
	SoulStar, BodyStar StarID      // 命主, 身主
	Class              FiveClass   // 五行局

	// Palaces[0] is the 寅 palace, then 卯 … 丑, as iztro.
	Palaces [12]Palace

	stars [starsPerBoard]Star // backing array of the palaces' star slices
}

// SoulIndex returns the index in Palaces of 命宫.
func (b *Board) SoulIndex() int { return branchToIndex(b.Soul) }

// BodyIndex returns the index in Palaces of 身宫.
func (b *Board) BodyIndex() int { return branchToIndex(b.Body) }

// Period is one layer of a horoscope (大限, 小限 or 流年).
type Period struct {
	// Index is the index in Board.Palaces of the period's 命宫; -1 when
	// iztro has none (an age before birth, or past the last 大限/小限), and
	// then Stem and Branch are iztro's placeholder 甲 子, which also give
	// the period's stars and 四化.
	Index  int
	Stem   bazi.Stem
	Branch bazi.Branch
	// Mutagen are the stars taking 禄 权 科 忌 under the period's stem.
	Mutagen [4]StarID
	// Stars are the period stars (运禄 运羊 … for the decade, 流禄 流羊 …
	// and 年解 for the year) per palace index; none for 小限.
	Stars [12][]Star
}

// PalaceName returns the role palace i plays in this period (its palace
// names, iztro palaceNames), counted from the period's 命宫 at Index.
func (p *Period) PalaceName(i int) PalaceName {
	return PalaceName(mod12(p.Index - i))
}

// Horoscope is the overlay of a Gregorian year on a board, as iztro's
// astrolabe.horoscope(new Date(year, 6, 1)): the mid-year date makes the
// lunar year equal the Gregorian one.
type Horoscope struct {
	Year       int
	NominalAge int // 虚岁: lunar year − birth lunar year + 1
	// InDecade is true when the age falls in a palace's 大限 range;
	// Childhood when it is before the first (童限: 命 财 疾 夫 福 官 for
	// ages 1..6). When neither, Decadal.Index is -1.
	InDecade, Childhood bool

	Decadal, Age, Yearly Period

	// Suiqian and Jiangqian are the year's 岁前 and 将前 rings per palace
	// index (iztro yearlyDecStar).
	Suiqian, Jiangqian [12]StarID

	stars [horoStarsPerYear]Star
}
