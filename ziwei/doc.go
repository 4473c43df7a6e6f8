// Package ziwei computes Zi Wei Dou Shu (紫微斗数) boards. It is a port of
// iztro 2.6.1 (MIT) for iztro's default configuration —
// astro.bySolar(date, timeIndex, gender, fixLeap=true) with yearDivide,
// horoscopeDivide and ageDivide 'normal', dayDivide 'forward' and algorithm
// 'default' — and diff_test.go checks it star by star against iztro on
// 20,000 seeded births (make ziwei-ref installs iztro for it).
//
// It is pure: it imports only the standard library and the bazi package
// (the lunar calendar, stems and branches; bazi's table agrees with the one
// iztro uses, lunar-typescript, on every lunar month of 1900–2100). Star,
// palace and class names (zh-Hans, zh-Hant, en), star types, brightness and
// the 四化 table come from iztro's data through a generator
// (internal/gen, tables_gen.go); the placement rules are code, each citing
// its 口诀. A board is a fixed-size value: ComputeInto and HoroscopeInto do
// not allocate.
//
// # Input
//
// A Birth is a Gregorian civil date and the clock hour that picks the 时辰,
// on local standard time or true solar time (FromInput takes bazi's pillar
// reading). iztro's timeIndex: 0 = early 子 00:00–00:59, 1..11 = 丑..亥,
// 12 = late 子 23:00–23:59.
//
// # School choices (defaults = iztro)
//
//   - Year: the lunar new year (正月初一) starts the year, not 立春; the
//     civil date decides it, so late 子 on new year's eve is still the old
//     year.
//   - Late 子 (ZiLate, iztro dayDivide 'forward'): 23:00–23:59 is 子时
//     (timeIndex 12) of the civil date; the day-based stars (紫微, 三台 八座
//     恩光 天贵) count the next lunar day while the month and year stay.
//     Options.Zi = ZiNextDay charts it as early 子 of the next civil day
//     (month and year included); ZiSameDay (iztro dayDivide 'current') as
//     early 子 of the same day.
//   - Leap months (LeapFix, iztro fixLeap=true): days 1–15 of a leap month
//     count as the month it repeats, days 16 on as the next month.
//     Options.Leap = LeapWhole (fixLeap=false) counts the whole leap month
//     as the month it repeats.
//   - 四化 (iztro's table, tables_gen.go): 甲 廉破武阳, 乙 机梁紫阴,
//     丙 同机昌廉, 丁 阴同机巨, 戊 贪阴弼机, 己 武贪梁曲, 庚 阳武阴同
//     (太阳禄 武曲权 太阴科 天同忌), 辛 巨阳曲昌, 壬 梁紫左武, 癸 破巨阴贪.
//   - 命主 by the branch of 命宫, 身主 by the year branch; 大限 from 命宫,
//     阳男阴女 clockwise, starting at the 局 number; 小限 男顺女逆 from the
//     year-branch trine's start.
//   - Horoscope(year) is iztro's horoscope(new Date(year, 6, 1)): 虚岁 =
//     year − birth lunar year + 1 (ageDivide 'normal'); before the first
//     大限 the 童限 palaces (命 财 疾 夫 福 官 for ages 1–6).
//
// # iztro's quirks, kept
//
// The differential test demands iztro's output, so these are reproduced:
//
//   - Late 子 in the second half of a leap month does not move to the next
//     month (fixLunarMonthIndex skips it when timeIndex is 12), while the
//     other hours of the same day do.
//   - Late 子 on the last day of a lunar month: 紫微 wraps the next day to
//     day 1 of the same month, while 三台 八座 恩光 天贵 count day 31 (or 30)
//     unwrapped, and the month-based stars keep the month.
//   - With no 大限 for the age (before birth, or past the last range) iztro
//     keeps its placeholder 甲 子 for the period's stem, branch, stars and
//     四化, and index −1; likewise the 小限 outside ages 1–120. Period.Index
//     is −1 then and Stem/Branch are 甲 子.
//
// Supported birth years are bazi's, 1800–2200; iztro (and so the test)
// covers 1900–2100.
package ziwei
