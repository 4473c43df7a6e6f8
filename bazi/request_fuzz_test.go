package bazi

import (
	"errors"
	"math"
	"testing"
)

func FuzzRequestParse(f *testing.F) {
	f.Add("1988-02-15", "23:30", "solar", false, "Asia/Shanghai", 116.4, 39.9, true, "male", true, "split", "days")
	f.Add("2020-04-01", "", "lunar", true, "+08:00", 0.0, 0.0, false, "female", false, "", "")
	f.Add("2021-03-14", "02:30", "", false, "America/New_York", -74.0, 40.7, true, "f", false, "next-day", "minutes")
	f.Add("9999-99-99", "99:99:99", "x", true, "../etc", math.NaN(), math.Inf(1), true, "?", true, "?", "?")
	f.Fuzz(func(t *testing.T, date, tm, cal string, leap bool, tz string, lon, lat float64, hasCoords bool, gender string, tst bool, zi, luck string) {
		r := Request{Date: date, Time: tm, Calendar: cal, LeapMonth: leap, TZ: tz, Gender: gender, TrueSolarTime: tst, ZiRule: zi, LuckMethod: luck}
		if hasCoords {
			r.Lon, r.Lat = &lon, &lat
		}
		in, err := r.Parse()
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field == "" || fe.Message == "" || fe.Code == "" {
				t.Fatalf("%+v: bad error %#v", r, err)
			}
			return
		}
		if _, err := Compute(in, testNow); err != nil {
			t.Fatalf("%+v: parsed but Compute failed: %v", r, err)
		}
	})
}
