package places

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalize folds a name or a query to its search key: lower case, Latin
// letters without accents or tone marks ("Běijīng" → "beijing", "Zürich" →
// "zurich"), full-width forms to ASCII, and nothing but letters and digits
// (no spaces, apostrophes or punctuation: "Guang Zhou" → "guangzhou",
// "Xi'an" → "xian"). Chinese characters are kept as they are.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII: ｂｅｉｊｉｎｇ
			r -= 0xFF01 - 0x21
		}
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				b.WriteByte(byte(r))
			case 'A' <= r && r <= 'Z':
				b.WriteByte(byte(r) + 'a' - 'A')
			}
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // combining accent (decomposed input)
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldMap maps lower-case accented Latin letters, including pinyin's tone
// marks, to their plain forms.
var foldMap = map[rune]string{}

func init() {
	groups := map[string]string{
		"a": "àáâãäåāăąǎạảấầẩẫậắằẳẵặ",
		"e": "èéêëēĕėęěẽẹẻếềểễệ",
		"i": "ìíîïĩīĭįǐıịỉ",
		"o": "òóôõöøōŏőǒọỏốồổỗộớờởỡợơ",
		"u": "ùúûüũūŭůűųǔǖǘǚǜưụủứừửữự",
		"y": "ýÿŷỳỵỷỹ",
		"c": "çćĉċč", "d": "ďđð", "g": "ĝğġģǧ", "h": "ĥħ", "j": "ĵ", "k": "ķ",
		"l": "ĺļľŀł", "n": "ñńņňŉǹ", "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț",
		"w": "ŵ", "z": "źżž",
		"ss": "ß", "ae": "æ", "oe": "œ", "th": "þ",
	}
	for plain, set := range groups {
		for _, r := range set {
			foldMap[r] = plain
		}
	}
}
