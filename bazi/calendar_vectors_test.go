package bazi

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "time/tzdata"
)

// vectorsFile is the published vectors, a copy kept in this package's
// testdata so the tests read nothing outside the repository.
var vectorsFile = filepath.Join("testdata", "bazi-vectors.json")

type vectorCase struct {
	Input   Request  `json:"input"`
	Pillars []string `json:"pillars"`
	Luck    *struct {
		Direction    string            `json:"direction"`
		FirstPillars []string          `json:"first_pillars"`
		StartTimes   map[string]string `json:"start_time_by_method"`
	} `json:"luck"`
}

var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func mustChart(t testing.TB, r Request) *Chart {
	t.Helper()
	in, err := r.Parse()
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	c, err := Compute(in, testNow)
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	return c
}

func TestVectors(t *testing.T) {
	b, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatalf("published vectors: %v", err)
	}
	var doc struct {
		Cases []vectorCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, vc := range doc.Cases {
		name := vc.Input.Date + " " + vc.Input.Time + " " + vc.Input.ZiRule
		t.Run(name, func(t *testing.T) {
			c := mustChart(t, vc.Input)
			got := []string{c.FourPillars.Year.String(), c.FourPillars.Month.String(), c.FourPillars.Day.String(), c.FourPillars.Hour.String()}
			if strings.Join(got, " ") != strings.Join(vc.Pillars, " ") {
				t.Errorf("pillars %v, want %v", got, vc.Pillars)
			}
			if vc.Luck == nil {
				return
			}
			if c.Luck.Direction != vc.Luck.Direction {
				t.Errorf("direction %s, want %s", c.Luck.Direction, vc.Luck.Direction)
			}
			for i, want := range vc.Luck.FirstPillars {
				if g := c.Luck.Pillars[i].GanZhi.String(); g != want {
					t.Errorf("luck pillar %d = %s, want %s", i+1, g, want)
				}
			}
			for method, spec := range vc.Luck.StartTimes {
				r := vc.Input
				r.LuckMethod = method
				c := mustChart(t, r)
				got := c.Luck.StartTime.Time()
				// The spec starts with the wall time, with or without seconds,
				// with T or a space.
				s := strings.Fields(strings.Replace(spec, "T", " ", 1))
				stamp := s[0] + " " + s[1]
				layout := "2006-01-02 15:04"
				if len(s[1]) == 8 {
					layout = "2006-01-02 15:04:05"
				}
				want, err := time.Parse(layout, stamp)
				if err != nil {
					t.Fatal(err)
				}
				tol := time.Duration(0)
				if method == "exact" {
					tol = 2 * time.Minute // ΔT differences between sources (see the spec)
				}
				if d := got.Sub(want); d > tol || d < -tol {
					t.Errorf("%s: start %s, want %s (offset %+v)", method, c.Luck.StartTime, spec, c.Luck.StartOffset)
				} else {
					t.Logf("%s: start %s (spec %s, offset %+v)", method, c.Luck.StartTime, spec, c.Luck.StartOffset)
				}
			}
		})
	}
}
