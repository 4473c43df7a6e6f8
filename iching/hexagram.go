package iching

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Text is one text in the languages it is kept in: the classical
// Chinese in simplified and traditional characters, and its rendering in
// English, Japanese and Korean. Japanese and Korean come from files of
// their own (hexagrams-01-32.ja.json …), so a translator edits one
// language without touching the others.
type Text struct {
	Hans string `json:"hans"`
	Hant string `json:"hant"`
	En   string `json:"en"`
	Ja   string `json:"-"`
	Ko   string `json:"-"`
}

// In is the text in a UI language ("en", "zh-Hans", "zh-Hant", "ja",
// "ko"); English for any other.
func (t Text) In(lang string) string { return pick(lang, t.Hans, t.Hant, t.Ja, t.Ko, t.En) }

// pick is the text of lang among a text's languages: English for a
// language it does not know, and for Japanese or Korean when it lacks them.
func pick(lang, hans, hant, ja, ko, en string) string {
	switch {
	case lang == "zh-Hans":
		return hans
	case lang == "zh-Hant":
		return hant
	case lang == "ja" && ja != "":
		return ja
	case lang == "ko" && ko != "":
		return ko
	}
	return en
}

// Chinese is the classical text in the script of lang: simplified for
// zh-Hans and English, traditional otherwise (Japanese and Korean
// editions print the classics in traditional characters; a page that is
// not Chinese shows the original beside its rendering).
func (t Text) Chinese(lang string) string {
	if lang == "zh-Hans" || lang == "en" {
		return t.Hans
	}
	return t.Hant
}

func (t *Text) set(lang, s string) {
	if lang == "ja" {
		t.Ja = s
	} else {
		t.Ko = s
	}
}

// Names are a hexagram's names.
type Names struct {
	Hans   string `json:"hans"`
	Hant   string `json:"hant"`
	Pinyin string `json:"pinyin"`
	En     string `json:"en"`
	// Ja and Ko are the full names Japanese and Korean books use (乾為天,
	// 중천건).
	Ja string `json:"-"`
	Ko string `json:"-"`
}

// In is the name as a page in lang shows it first.
func (n Names) In(lang string) string { return pick(lang, n.Hans, n.Hant, n.Ja, n.Ko, n.En) }

// Hexagram is one of the 64 with its texts.
type Hexagram struct {
	Number  int   // 1–64, King Wen order
	Pattern uint8 // bit i is line i+1 from the bottom, 1 = yang
	Name    Names
	// Judgment is the 卦辞, Image the 大象 (without 象曰), Lines the six
	// 爻辞 bottom first (without their labels, which LineLabel gives).
	Judgment, Image Text
	Lines           [6]Text
	// All is 用九 (乾) or 用六 (坤), read when all six lines change; nil
	// for the other 62.
	All *Text
	// Gloss is a short plain-language gloss for a modern reader.
	Gloss Text
}

// Upper and Lower are the hexagram's trigrams.
func (h *Hexagram) Upper() Trigram { return Trigram(h.Pattern >> 3) }
func (h *Hexagram) Lower() Trigram { return Trigram(h.Pattern & 7) }

// Yang reports whether line n (1–6, bottom up) is solid.
func (h *Hexagram) Yang(n int) bool { return h.Pattern&(1<<(n-1)) != 0 }

// Nuclear is the 互卦: lines 2–4 as the lower trigram, 3–5 as the upper.
func (h *Hexagram) Nuclear() *Hexagram {
	return ByPattern((h.Pattern>>1)&7 | ((h.Pattern>>2)&7)<<3)
}

// Opposite is the 错卦: every line turned to its opposite.
func (h *Hexagram) Opposite() *Hexagram { return ByPattern(^h.Pattern & 63) }

// Reversed is the 综卦: the hexagram turned upside down (for the eight
// symmetrical ones, itself).
func (h *Hexagram) Reversed() *Hexagram {
	var r uint8
	for i := 0; i < 6; i++ {
		if h.Pattern&(1<<i) != 0 {
			r |= 1 << (5 - i)
		}
	}
	return ByPattern(r)
}

// hexFile is one hexagram as the data files hold it.
type hexFile struct {
	Number   int     `json:"number"`
	Name     Names   `json:"name"`
	Upper    string  `json:"upper"`
	Lower    string  `json:"lower"`
	Judgment Text    `json:"judgment"`
	Image    Text    `json:"image"`
	Lines    []Text  `json:"lines"`
	All      *Text   `json:"all"`
	Gloss    glossIn `json:"gloss"`
}

type glossIn struct {
	En   string `json:"en"`
	Hans string `json:"zh-Hans"`
	Hant string `json:"zh-Hant"`
}

//go:embed data/*.json
var dataFiles embed.FS

var (
	hexagrams [64]Hexagram
	byPattern [64]*Hexagram
)

func init() {
	if err := load(dataFiles); err != nil {
		panic("iching: " + err.Error())
	}
}

// load reads the texts and checks them against the King Wen table: every
// number once, six lines each, and the trigrams the file names agreeing
// with the generated line pattern.
func load(fsys fs.FS) error {
	all, err := fs.Glob(fsys, "data/*.json")
	if err != nil {
		return err
	}
	sort.Strings(all)
	var names, overlays []string
	for _, name := range all {
		if strings.Count(path.Base(name), ".") > 1 { // hexagrams-01-32.ja.json
			overlays = append(overlays, name)
		} else {
			names = append(names, name)
		}
	}
	seen := 0
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		var list []hexFile
		if err := json.Unmarshal(raw, &list); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, f := range list {
			if f.Number < 1 || f.Number > 64 || hexagrams[f.Number-1].Number != 0 {
				return fmt.Errorf("%s: hexagram number %d missing or repeated", name, f.Number)
			}
			if len(f.Lines) != 6 {
				return fmt.Errorf("hexagram %d: %d lines", f.Number, len(f.Lines))
			}
			p := kingWen[f.Number-1]
			if up, lo := trigramByName(f.Upper), trigramByName(f.Lower); up < 0 || lo < 0 || uint8(up)<<3|uint8(lo) != p {
				return fmt.Errorf("hexagram %d: trigrams %s over %s do not make its lines", f.Number, f.Upper, f.Lower)
			}
			h := &hexagrams[f.Number-1]
			*h = Hexagram{Number: f.Number, Pattern: p, Name: f.Name, Judgment: f.Judgment, Image: f.Image,
				All: f.All, Gloss: Text{En: f.Gloss.En, Hans: f.Gloss.Hans, Hant: f.Gloss.Hant}}
			copy(h.Lines[:], f.Lines)
			byPattern[p] = h
			seen++
		}
	}
	if seen != 64 {
		return fmt.Errorf("%d hexagrams in the data, want 64", seen)
	}
	for _, lang := range [...]string{"ja", "ko"} {
		if err := loadOverlay(fsys, overlays, lang); err != nil {
			return err
		}
	}
	return nil
}

// loadOverlay reads lang's renderings (data/*.<lang>.json: per hexagram
// its name, the judgment, image, six lines, 用九/用六 where there is one,
// and the gloss, one string each). Every hexagram must have them all.
func loadOverlay(fsys fs.FS, files []string, lang string) error {
	seen := 0
	for _, name := range files {
		if !strings.HasSuffix(name, "."+lang+".json") {
			continue
		}
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		var list []struct {
			Number                            int
			Name, Judgment, Image, All, Gloss string
			Lines                             []string
		}
		if err := json.Unmarshal(raw, &list); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, f := range list {
			h := ByNumber(f.Number)
			if h == nil || len(f.Lines) != 6 || f.Name == "" || f.Judgment == "" || f.Image == "" || f.Gloss == "" || (h.All != nil) != (f.All != "") {
				return fmt.Errorf("%s: hexagram %d incomplete", name, f.Number)
			}
			if lang == "ja" {
				h.Name.Ja = f.Name
			} else {
				h.Name.Ko = f.Name
			}
			h.Judgment.set(lang, f.Judgment)
			h.Image.set(lang, f.Image)
			h.Gloss.set(lang, f.Gloss)
			for i, l := range f.Lines {
				if l == "" {
					return fmt.Errorf("%s: hexagram %d line %d empty", name, f.Number, i+1)
				}
				h.Lines[i].set(lang, l)
			}
			if h.All != nil {
				h.All.set(lang, f.All)
			}
			seen++
		}
	}
	if seen != 64 {
		return fmt.Errorf("%s: %d hexagrams rendered, want 64", lang, seen)
	}
	return nil
}

// ByNumber is hexagram n (1–64), or nil.
func ByNumber(n int) *Hexagram {
	if n < 1 || n > 64 {
		return nil
	}
	return &hexagrams[n-1]
}

// ByPattern is the hexagram with the given lines (bit i = line i+1, 1 =
// yang).
func ByPattern(p uint8) *Hexagram { return byPattern[p&63] }

// All64 lists the hexagrams in the King Wen order.
func All64() []Hexagram { return hexagrams[:] }

// LineLabel is the traditional label of line n (1–6) of h: 初九, 六二 …
// 上六 in Chinese; "Nine at the beginning", "Six in the second place" …
// in English.
func (h *Hexagram) LineLabel(n int, lang string) string {
	yang := h.Yang(n)
	switch lang {
	case "zh-Hans", "zh-Hant", "ja":
		// Japanese editions label the lines as the Chinese do.
		num := "六"
		if yang {
			num = "九"
		}
		switch n {
		case 1:
			return "初" + num
		case 6:
			return "上" + num
		}
		return num + []string{"", "", "二", "三", "四", "五"}[n]
	case "ko":
		// The same labels read in Hangul: 초구, 육이 … 상육.
		num := "육"
		if yang {
			num = "구"
		}
		switch n {
		case 1:
			return "초" + num
		case 6:
			return "상" + num
		}
		return num + []string{"", "", "이", "삼", "사", "오"}[n]
	}
	num := "Six"
	if yang {
		num = "Nine"
	}
	switch n {
	case 1:
		return num + " at the beginning"
	case 6:
		return num + " at the top"
	}
	return num + " in the " + []string{"", "", "second", "third", "fourth", "fifth"}[n] + " place"
}

// AllLabel is the label of h.All: 用九 or 用六, "All lines nine" or "All
// lines six".
func (h *Hexagram) AllLabel(lang string) string {
	nine := h.Number == 1
	switch lang {
	case "zh-Hans", "zh-Hant", "ja":
		if nine {
			return "用九"
		}
		return "用六"
	case "ko":
		if nine {
			return "용구"
		}
		return "용육"
	}
	if nine {
		return "All lines nine"
	}
	return "All lines six"
}

// Symbol is the hexagram's Unicode character (䷀ … ䷿).
func (h *Hexagram) Symbol() string { return string(rune(0x4DC0 + h.Number - 1)) }
