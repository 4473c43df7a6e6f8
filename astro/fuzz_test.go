package astro

import (
	"errors"
	"math"
	"testing"
	"time"
)

// FuzzChart: any instant, place and house system gives a chart with
// longitudes and angles in range and the cusps in zodiac order, or
// ErrOutOfRange / ErrBadPlace; never a panic.
func FuzzChart(f *testing.F) {
	f.Add(int64(631152000), 0.0, 0.0, uint8(0), true)
	f.Add(int64(631193400), 40.7128, -74.006, uint8(0), true)
	f.Add(int64(-5364662400), 66.0, 180.0, uint8(1), true)
	f.Add(int64(7258118400), -89.9, -180.0, uint8(2), false)
	f.Add(int64(961545600), 78.22, 15.65, uint8(0), true)
	f.Add(int64(0), math.NaN(), math.Inf(1), uint8(9), true)
	f.Fuzz(func(t *testing.T, unix int64, lat, lon float64, hs uint8, hasTime bool) {
		in := Input{UTC: time.Unix(unix, 0).UTC(), HasTime: hasTime, Lat: lat, Lon: lon, HouseSystem: HouseSystem(hs % 3)}
		c, err := Compute(in)
		if err != nil {
			if !errors.Is(err, ErrOutOfRange) && !errors.Is(err, ErrBadPlace) {
				t.Fatalf("%+v: %v", in, err)
			}
			return
		}
		inRange := func(what string, v float64) {
			if !(v >= 0 && v < 360) {
				t.Fatalf("%+v: %s = %v", in, what, v)
			}
		}
		for _, p := range c.Bodies {
			inRange(p.Body.String(), p.Lon)
			if !(math.Abs(p.Lat) < 90) || math.IsNaN(p.Speed) || p.Degree > 29 || p.Minute > 59 {
				t.Fatalf("%+v: %+v", in, p)
			}
		}
		if !hasTime {
			if c.Houses != nil || c.HasAngles {
				t.Fatalf("%+v: houses without a time", in)
			}
			return
		}
		inRange("ascendant", c.Ascendant)
		inRange("midheaven", c.Midheaven)
		if !(c.LST >= 0 && c.LST < 24) {
			t.Fatalf("%+v: LST %v", in, c.LST)
		}
		if len(c.Houses) != 12 || !ordered(&c.cusps) {
			t.Fatalf("%+v: cusps %v", in, c.Houses)
		}
		for _, h := range c.Houses {
			inRange("cusp", h)
		}
		for _, a := range c.Aspects {
			if a.Orb < 0 || a.Orb > 10 || a.A >= a.B {
				t.Fatalf("%+v: aspect %+v", in, a)
			}
		}
	})
}

// FuzzRequestParse: any request gives a *FieldError naming a field, or an
// Input that Compute accepts.
func FuzzRequestParse(f *testing.F) {
	f.Add("1990-01-01", "06:30", "America/New_York", 40.7128, -74.006, true, "placidus")
	f.Add("1988-02-15", "", "+08:00", 0.0, 0.0, false, "")
	f.Add("2021-03-14", "02:30", "America/New_York", 40.7, -74.0, true, "whole_sign")
	f.Add("2200-12-31", "23:59:59", "-12:00", 89.9, 179.9, true, "equal")
	f.Add("9999-99-99", "99:99", "../etc", math.NaN(), math.Inf(-1), true, "koch")
	f.Fuzz(func(t *testing.T, date, tm, tz string, lat, lon float64, hasPlace bool, hs string) {
		r := Request{Date: date, Time: tm, TZ: tz, HouseSystem: hs}
		if hasPlace {
			r.Lat, r.Lon = &lat, &lon
		}
		in, err := r.Parse()
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Code == "" || fe.Message == "" {
				t.Fatalf("%+v: bad error %#v", r, err)
			}
			switch fe.Field {
			case "date", "time", "tz", "lat", "lon", "house_system":
			default:
				t.Fatalf("%+v: error on field %q", r, fe.Field)
			}
			return
		}
		if _, err := Compute(in); err != nil {
			t.Fatalf("%+v: parsed but Compute failed: %v", r, err)
		}
	})
}
