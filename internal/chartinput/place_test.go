package chartinput_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/chartinput"
)

// A link with time_unknown keeps a time that is not a clock time, so it is
// refused by field rather than silently dropped.
func TestFromQueryKeepsABadTimeForRefusal(t *testing.T) {
	r, _, _ := chartinput.FromQuery(url.Values{"date": {"2000-01-01"}, "time": {"99:99"}, "time_unknown": {"1"}, "tz": {"UTC"}, "gender": {"male"}}.Get)
	if _, err := chartinput.Resolve(r); err == nil {
		t.Fatal("time=99:99 with time_unknown was accepted")
	}
}

func TestPlaceOf(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		query string
		found bool
		id    string
	}{
		{"date=2000-01-01&place=Beijing&gender=male", true, "cn-110000"},
		{"date=2000-01-01&place=Beijing&tz=Asia%2FShanghai&lon=116.4&lat=39.9&gender=male", true, "cn-110000"},
		{"date=2000-01-01&place=Beijing&tz=Asia%2FShanghai&lon=87.6&lat=43.8&gender=male", false, ""},
		{"date=2000-01-01&place=Xyzzyville&tz=UTC&lon=1&lat=1&gender=male", false, ""},
		{"date=2000-01-01&tz=UTC&gender=male", true, ""},
	} {
		c, err := chartinput.Open(tc.query, now)
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		p, found := chartinput.PlaceOf(c.Request, c.Document)
		id := ""
		if p != nil {
			id = p.ID
		}
		if found != tc.found || id != tc.id {
			t.Errorf("%s: %q %v, want %q %v", tc.query, id, found, tc.id, tc.found)
		}
	}
}
