package views

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/astro"
)

func astroChart(t *testing.T, date, clock, tz string, lat, lon float64) *astro.Chart {
	t.Helper()
	in, err := astro.Request{Date: date, Time: clock, TZ: tz, Lat: &lat, Lon: &lon}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := astro.Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Crowded bodies (1990-01-01: Sun, Mercury, Venus, Saturn, Uranus, Neptune
// in Capricorn) get glyphs at least wheelMinSep apart, none far from its
// own degree.
func TestSpreadBodiesKeepsGlyphsApart(t *testing.T) {
	dates := []string{"1990-01-01", "1962-02-04", "2000-05-05"}
	for y := 1900; y < 2100; y += 3 {
		dates = append(dates, strconv.Itoa(y)+"-0"+strconv.Itoa(1+y%9)+"-1"+strconv.Itoa(y%10))
	}
	for _, d := range dates {
		c := astroChart(t, d, "06:30", "UTC", 40, 0)
		disp := spreadBodies(c)
		for i := range disp {
			for j := range i {
				gap := math.Abs(math.Remainder(disp[i]-disp[j], 360))
				if gap < wheelMinSep-1e-6 {
					t.Errorf("%s: %s and %s glyphs %.2f° apart", d, astroBodies[i], astroBodies[j], gap)
				}
			}
			if off := math.Abs(math.Remainder(disp[i]-c.Bodies[astroBodies[i]].Lon, 360)); off > 45 {
				t.Errorf("%s: %s drawn %.1f° from its degree", d, astroBodies[i], off)
			}
		}
	}
}

// The wheel puts the ascendant on the left: its axis starts at the left
// edge, level with the centre.
func TestDrawWheelAscendantOnTheLeft(t *testing.T) {
	c := astroChart(t, "1990-01-01", "00:00", "UTC", 0, 0)
	w := DrawWheel(c)
	if !strings.HasPrefix(w.Axes, "M4 200L") {
		t.Errorf("ascendant axis %q", w.Axes)
	}
	if len(w.Houses) != 12 || len(w.Bodies) != 11 || w.Cusps == "" || w.Flowing+w.Tense == "" {
		t.Errorf("wheel %+v", w)
	}
	noTime, err := astro.Request{Date: "1990-01-01", TZ: "UTC"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	nc, _ := astro.Compute(noTime)
	if w := DrawWheel(nc); w.Cusps != "" || len(w.Houses) != 0 || len(w.Angles) != 0 {
		t.Errorf("houses without a time: %+v", w)
	}
}
