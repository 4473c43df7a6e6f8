package bazi

import "testing"

// Under the next-day rule the 子 hour straddles midnight; it must come back
// as one window, 23:00–01:00.
func TestReverseLookupJoinsTheZiHour(t *testing.T) {
	p := Pillars{Year: mustGZ(t, "戊辰"), Month: mustGZ(t, "甲寅"), Day: mustGZ(t, "辛丑"), Hour: mustGZ(t, "戊子"), HasHour: true}
	ms, err := ReverseLookup(p, 1980, 2000, ZiNextDay)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Start.String() != "1988-02-15T23:00:00" || ms[0].End.String() != "1988-02-16T01:00:00" {
		t.Fatalf("matches = %v", ms)
	}
}
