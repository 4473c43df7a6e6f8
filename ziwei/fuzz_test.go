package ziwei

import (
	"errors"
	"testing"

	"github.com/bazi-master/bazi-master/bazi"
)

// FuzzCompute: any fields give a board or a *bazi.FieldError, never a
// panic; a board places every star exactly once and keeps the rings and
// ranges consistent, and any horoscope year works.
func FuzzCompute(f *testing.F) {
	f.Add(2000, 8, 16, 4, 0, uint8(1), uint8(0), uint8(0), 2024)
	f.Add(2023, 4, 10, 23, 59, uint8(0), uint8(0), uint8(1), 1900)
	f.Add(1900, 1, 31, 0, 0, uint8(0), uint8(1), uint8(2), 2150)
	f.Add(2200, 12, 31, 23, 30, uint8(1), uint8(1), uint8(1), -5)
	f.Fuzz(func(t *testing.T, y, m, d, hr, mi int, g, leap, zi uint8, year int) {
		b := Birth{Year: y, Month: m, Day: d, Hour: hr, Minute: mi, Gender: bazi.Gender(g)}
		o := Options{Leap: LeapRule(leap), Zi: ZiRule(zi)}
		bd, err := Compute(b, o)
		if err != nil {
			var fe *bazi.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("%+v: error %T %v", b, err, err)
			}
			return
		}
		var seen [NumStars]int
		var names, stems [12]bool
		rings := [4][NumStars]int{}
		ages := map[int]bool{}
		decades := 0
		for i, p := range bd.Palaces {
			if int(p.Branch) != mod12(i+2) || int(p.Stem) != (int(bd.Palaces[0].Stem)+i)%10 {
				t.Fatalf("palace %d is %s%s", i, p.Stem, p.Branch)
			}
			names[p.Name] = true
			stems[p.Stem] = true
			for _, l := range [][]Star{p.Major, p.Minor, p.Adjective} {
				for _, s := range l {
					seen[s.ID]++
					if s.Kind != s.ID.Kind() {
						t.Fatalf("%s kind %s", s.ID, s.Kind)
					}
				}
			}
			for _, s := range p.Major {
				if s.Kind != KindMajor || s.Brightness == BrightNone {
					t.Fatalf("major %+v", s)
				}
			}
			rings[0][p.Changsheng]++
			rings[1][p.Boshi]++
			rings[2][p.Jiangqian]++
			rings[3][p.Suiqian]++
			if p.Decade.End != p.Decade.Start+9 || (p.Decade.Start-bd.Class.Number())%10 != 0 {
				t.Fatalf("decade %+v", p.Decade)
			}
			decades += p.Decade.Start
			for _, a := range p.Ages {
				ages[a] = true
			}
		}
		for _, l := range [][]StarID{majorStars[:], minorStars[:], adjectiveStars[:]} {
			for _, id := range l {
				if seen[id] != 1 {
					t.Fatalf("%+v: %s placed %d times", b, id, seen[id])
				}
			}
		}
		for r, l := range [4][]StarID{changsheng12[:], boshi12[:], jiangqian12[:], suiqian12[:]} {
			for _, id := range l {
				if rings[r][id] != 1 {
					t.Fatalf("ring %d: %s %d times", r, id, rings[r][id])
				}
			}
		}
		c := bd.Class.Number()
		if decades != 12*c+10*66 || len(ages) != 120 || bd.Class < Water2 || bd.Class > Fire6 {
			t.Fatalf("decades %d, %d ages, class %d", decades, len(ages), bd.Class)
		}
		for _, n := range names {
			if !n {
				t.Fatal("a palace name is missing")
			}
		}
		if p := bd.Palaces[bd.SoulIndex()]; p.Name != PalaceSoul || !bd.Palaces[bd.BodyIndex()].IsBody {
			t.Fatal("命宫 or 身宫 misplaced")
		}
		h := bd.Horoscope(year)
		n := 0
		for i := 0; i < 12; i++ {
			n += len(h.Decadal.Stars[i]) + len(h.Yearly.Stars[i]) + len(h.Age.Stars[i])
		}
		if n != horoStarsPerYear || h.Yearly.Index != mod12(year-4-2) {
			t.Fatalf("horoscope %d: %d stars, yearly index %d", year, n, h.Yearly.Index)
		}
		if (h.Decadal.Index < 0) == (h.InDecade || h.Childhood) {
			t.Fatalf("horoscope %d: decadal %d, in decade %v", year, h.Decadal.Index, h.InDecade)
		}
	})
}
