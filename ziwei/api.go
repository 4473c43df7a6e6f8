package ziwei

//go:generate go run ./internal/gen -out tables_gen.go

import "github.com/bazi-master/bazi-master/bazi"

// langIndex maps a language tag to the row of the generated name tables:
// 0 = zh-Hans, 1 = zh-Hant, 2 = en, 3 = ja, 4 = ko.
func langIndex(lang string) int {
	switch lang {
	case "zh-Hant", "zh-TW", "zh-HK":
		return 1
	case "en", "en-US":
		return 2
	case "ja", "ja-JP":
		return 3
	case "ko", "ko-KR":
		return 4
	}
	return 0
}

func mod12(i int) int {
	i %= 12
	if i < 0 {
		i += 12
	}
	return i
}

// branchToIndex returns the palace index (0 = 寅) of a branch.
func branchToIndex(b bazi.Branch) int { return mod12(int(b) - 2) }

// String returns the Chinese character (庙 旺 得 利 平 不 陷), "" for none.
func (b Brightness) String() string { return b.NameIn("zh-Hans") }

// NameIn returns the name in "zh-Hans", "zh-Hant", "en", "ja" or "ko".
func (b Brightness) NameIn(lang string) string {
	if b > Xian {
		return ""
	}
	return brightnessNames[langIndex(lang)][b]
}

// String returns 禄 权 科 忌, "" for none.
func (m Mutagen) String() string { return m.NameIn("zh-Hans") }

// NameIn returns the name in "zh-Hans", "zh-Hant", "en", "ja" or "ko".
func (m Mutagen) NameIn(lang string) string {
	if m > Ji {
		return ""
	}
	return mutagenNames[langIndex(lang)][m]
}

// FromInput returns the Birth of a parsed bazi request: the civil date and
// hour of bazi's pillar reading (local standard time, or true solar time
// when the request asked for it). The error is a *bazi.FieldError with
// Field "time" and Code "time_required" when the birth time is unknown.
func FromInput(in bazi.Input) (Birth, error) {
	if !in.HasTime {
		return Birth{}, &bazi.FieldError{Field: "time", Code: "time_required", Message: "Zi Wei Dou Shu needs the birth time."}
	}
	w := in.PillarWall()
	y, mo, d := w.Date()
	h, mi, _ := w.Clock()
	return Birth{Year: y, Month: mo, Day: d, Hour: h, Minute: mi, Gender: in.Gender}, nil
}

// Compute builds the board of a birth. The error is a *bazi.FieldError
// for a date or hour out of range.
func Compute(b Birth, o Options) (*Board, error) {
	bd := new(Board)
	if err := ComputeInto(bd, b, o); err != nil {
		return nil, err
	}
	return bd, nil
}
