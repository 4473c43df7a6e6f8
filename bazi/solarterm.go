package bazi

import "time"

//go:generate go run ./internal/gentable

// SolarTerm is one of the 24 solar terms (节气), 0 = 小寒 … 23 = 冬至, in
// the order they fall in a Gregorian year. Even terms are 节 (they start a
// month pillar), odd ones are 中气.
type SolarTerm uint8

// NumSolarTerms is the number of solar terms in a year.
const NumSolarTerms = 24

var termNames = [NumSolarTerms]string{"小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至", "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至"}
var termPinyin = [NumSolarTerms]string{"xiǎohán", "dàhán", "lìchūn", "yǔshuǐ", "jīngzhé", "chūnfēn", "qīngmíng", "gǔyǔ", "lìxià", "xiǎomǎn", "mángzhòng", "xiàzhì", "xiǎoshǔ", "dàshǔ", "lìqiū", "chǔshǔ", "báilù", "qiūfēn", "hánlù", "shuāngjiàng", "lìdōng", "xiǎoxuě", "dàxuě", "dōngzhì"}
var termKeys = [NumSolarTerms]string{"minor_cold", "major_cold", "start_of_spring", "rain_water", "awakening_of_insects", "spring_equinox", "pure_brightness", "grain_rain", "start_of_summer", "grain_buds", "grain_in_ear", "summer_solstice", "minor_heat", "major_heat", "start_of_autumn", "end_of_heat", "white_dew", "autumn_equinox", "cold_dew", "frost_descent", "start_of_winter", "minor_snow", "major_snow", "winter_solstice"}
var termEnglish = [NumSolarTerms]string{"Minor Cold", "Major Cold", "Start of Spring", "Rain Water", "Awakening of Insects", "Spring Equinox", "Pure Brightness", "Grain Rain", "Start of Summer", "Grain Buds", "Grain in Ear", "Summer Solstice", "Minor Heat", "Major Heat", "Start of Autumn", "End of Heat", "White Dew", "Autumn Equinox", "Cold Dew", "Frost's Descent", "Start of Winter", "Minor Snow", "Major Snow", "Winter Solstice"}

// String returns the term's Chinese name, e.g. "立春".
func (t SolarTerm) String() string { return termNames[t%NumSolarTerms] }

// Pinyin returns the term's name in pinyin with tone marks.
func (t SolarTerm) Pinyin() string { return termPinyin[t%NumSolarTerms] }

// Key returns a stable snake_case English key, e.g. "start_of_spring".
func (t SolarTerm) Key() string { return termKeys[t%NumSolarTerms] }

// English returns the usual English name, e.g. "Start of Spring".
func (t SolarTerm) English() string { return termEnglish[t%NumSolarTerms] }

// IsJie reports whether the term is a 节, which starts a month pillar.
func (t SolarTerm) IsJie() bool { return t%2 == 0 }

// MonthBranch returns the branch of the month a 节 starts (小寒 → 丑,
// 立春 → 寅 …); for a 中气 it is the branch of the month it falls in.
func (t SolarTerm) MonthBranch() Branch { return Branch((t/2 + 1) % NumBranches) }

// SolarTermInfo describes a term for views.
type SolarTermInfo struct {
	Index   int    `json:"index"`
	Name    string `json:"name"`
	Pinyin  string `json:"pinyin"`
	Key     string `json:"key"`
	English string `json:"english"`
	Jie     bool   `json:"jie"`
}

// SolarTerms lists the 24 terms in Gregorian-year order (小寒 first).
func SolarTerms() []SolarTermInfo {
	out := make([]SolarTermInfo, NumSolarTerms)
	for i := range out {
		t := SolarTerm(i)
		out[i] = SolarTermInfo{Index: i, Name: t.String(), Pinyin: t.Pinyin(), Key: t.Key(), English: t.English(), Jie: t.IsJie()}
	}
	return out
}

// termCount is the number of entries of termTable; index k is term k%24 of
// Gregorian year tableFirstYear+k/24.
const termCount = len(termTable)

// termAtOrBefore returns the largest table index k whose instant is <= u,
// restricted to 节 when jieOnly; -1 when u precedes the table.
func termAtOrBefore(u int64, jieOnly bool) int {
	// Guess from the mean term length (365.2422/24 days), then step: the
	// guess is within a couple of entries.
	const meanTerm = 31556926 / NumSolarTerms // seconds
	if u < termTable[0] {
		return -1
	}
	k := int((u - termTable[0]) / meanTerm)
	if k >= termCount {
		k = termCount - 1
	}
	for k > 0 && termTable[k] > u {
		k--
	}
	for k+1 < termCount && termTable[k+1] <= u {
		k++
	}
	if jieOnly {
		k &^= 1
	}
	return k
}

// termIndexOK reports whether table index k exists.
func termIndexOK(k int) bool { return k >= 0 && k < termCount }

// TermInstant is a solar term and the instant it occurs.
type TermInstant struct {
	Term SolarTerm
	Year int       // Gregorian year of the instant (UTC+8 reckoning of the table)
	Time time.Time // UTC
}

func termInstant(k int) TermInstant {
	return TermInstant{Term: SolarTerm(k % NumSolarTerms), Year: tableFirstYear + k/NumSolarTerms, Time: time.Unix(termTable[k], 0).UTC()}
}

// TermsOfYear returns the 24 solar terms of a Gregorian year (小寒 … 冬至);
// ok is false outside the table (1799–2201).
func TermsOfYear(year int) (terms [NumSolarTerms]TermInstant, ok bool) {
	if year < tableFirstYear || year > tableLastYear {
		return terms, false
	}
	base := (year - tableFirstYear) * NumSolarTerms
	for i := range terms {
		terms[i] = termInstant(base + i)
	}
	return terms, true
}

// TermAround returns the last term at or before t and the first term after
// it; ok is false when t is outside the table.
func TermAround(t time.Time) (prev, next TermInstant, ok bool) {
	k := termAtOrBefore(t.Unix(), false)
	if !termIndexOK(k) || !termIndexOK(k+1) {
		return prev, next, false
	}
	return termInstant(k), termInstant(k + 1), true
}
