package bazi

import (
	"testing"
	"time"
)

// PillarWall must be the reading Compute puts in SolarTime.PillarTime.
func TestPillarWallMatchesChart(t *testing.T) {
	lon := 87.6
	for _, r := range []Request{
		{Date: "1990-05-17", Time: "23:40", TZ: "Asia/Shanghai", Gender: "male"},
		{Date: "1990-05-17", Time: "23:40", TZ: "Asia/Shanghai", Gender: "male", Lon: &lon, TrueSolarTime: true},
		{Date: "1988-07-01", Time: "00:20", TZ: "Asia/Shanghai", Gender: "female"}, // China DST
		{Date: "2001-02-03", TZ: "Europe/Paris", Gender: "female"},
	} {
		in, err := r.Parse()
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compute(in, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := in.PillarWall(), c.SolarTime.PillarTime; got != want {
			t.Errorf("%+v: PillarWall %v, chart %v", r, got, want)
		}
	}
}
