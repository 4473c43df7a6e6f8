// Package localdate writes a calendar date as each UI language writes it
// (17 May 1990, 1990年5月17日, 1990년 5월 17일) and, for births in Japan, the
// Japanese era year beside the Gregorian one (1990年（平成2年）5月17日), as
// Japanese forms and 四柱推命 books print a birth date.
package localdate

import (
	"strconv"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

// Birth is the date y-m-d as lang writes it (English for a language it
// does not know), with the Japanese era year after the Gregorian year on
// a Japanese page when the birth's zone is Japan's (Asia/Tokyo, or its old
// alias Japan).
func Birth(lang i18n.Lang, tz string, y, m, d int) string {
	era := ""
	if lang == i18n.Japanese && (tz == "Asia/Tokyo" || tz == "Japan") {
		if e, ok := JapaneseEra(y, m, d); ok {
			era = "（" + e + "）"
		}
	}
	return format(lang, y, m, d, era)
}

func format(lang i18n.Lang, y, m, d int, era string) string {
	ys, ms, ds := strconv.Itoa(y), strconv.Itoa(m), strconv.Itoa(d)
	switch lang {
	case i18n.SimplifiedChinese, i18n.TraditionalChinese, i18n.Japanese:
		return ys + "年" + era + ms + "月" + ds + "日"
	case i18n.Korean:
		return ys + "년 " + ms + "월 " + ds + "일"
	}
	if m < 1 || m > 12 {
		return ys + "-" + ms + "-" + ds
	}
	return ds + " " + months[m-1] + " " + ys
}

var months = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// eras are the modern Japanese eras and the Gregorian dates they began
// (the day after the previous emperor's death, or on the day fixed by
// law: 令和 by the Cabinet Order of 1 April 2019). 明治 is counted from
// 1868-10-23 (明治元年九月八日), the Gregorian date of its proclamation;
// Japan kept the lunisolar calendar until 1873, which the app's dates do
// not reach before. TestJapaneseEraMatchesICU holds them to ICU's
// Japanese calendar (Node's Intl).
var eras = []struct {
	name    string
	y, m, d int
}{
	{"令和", 2019, 5, 1},
	{"平成", 1989, 1, 8},
	{"昭和", 1926, 12, 25},
	{"大正", 1912, 7, 30},
	{"明治", 1868, 10, 23},
}

// JapaneseEra is the Japanese era year of the date: "平成2年", and "平成元年"
// for an era's first year, as Japanese writes it. ok is false before 明治.
func JapaneseEra(y, m, d int) (string, bool) {
	for _, e := range eras {
		if y > e.y || (y == e.y && (m > e.m || (m == e.m && d >= e.d))) {
			n := y - e.y + 1
			if n == 1 {
				return e.name + "元年", true
			}
			return e.name + strconv.Itoa(n) + "年", true
		}
	}
	return "", false
}

// LunarMonthDay is a Chinese-calendar month and day as Japanese (閏5月15日)
// and Korean (윤5월 15일) write them, in figures, where Chinese writes
// 闰五月十五; ok is false for the other languages, which keep the Chinese.
func LunarMonthDay(lang i18n.Lang, month, day int, leap bool) (string, bool) {
	m, d := strconv.Itoa(month), strconv.Itoa(day)
	switch lang {
	case i18n.Japanese:
		if leap {
			m = "閏" + m
		}
		return m + "月" + d + "日", true
	case i18n.Korean:
		if leap {
			m = "윤" + m
		}
		return m + "월 " + d + "일", true
	}
	return "", false
}
