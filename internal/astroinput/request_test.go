package astroinput

import (
	"encoding/json"
	"errors"
	"flag"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

var now = time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var fe *bazi.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *bazi.FieldError", err, err)
	}
	return fe.Field
}

// The two anchors of the issue, through the query a page link carries.
func TestOpenAnchors(t *testing.T) {
	for _, tc := range []struct {
		q   string
		asc float64
	}{
		{"date=1990-01-01&time=00:00&tz=UTC&lat=0&lon=0", 191.29},
		{"date=1990-01-01&time=06:30&tz=America/New_York&lat=40.7128&lon=-74.006", 267.67},
	} {
		c, _, err := Open(tc.q, now)
		if err != nil {
			t.Fatal(tc.q, err)
		}
		if got := c.Chart.Ascendant; math.Abs(got-tc.asc) > 0.01 {
			t.Errorf("%s: ascendant %.3f, want %.2f", tc.q, got, tc.asc)
		}
		if len(c.Chart.Houses) != 12 || c.Chart.Bodies[0].House == 0 {
			t.Errorf("%s: houses %v", tc.q, c.Chart.Houses)
		}
	}
}

// Page, link and API refuse the same things, by field; the gender, which
// only the BaZi chart needs, may be left out.
func TestBuildRefusesByField(t *testing.T) {
	base := "date=1990-01-01&time=06:30&tz=America/New_York&lat=40.7128&lon=-74.006"
	if _, _, err := Open(base, now); err != nil {
		t.Fatalf("no gender: %v", err)
	}
	for q, field := range map[string]string{
		base + "&house_system=koch":                              "house_system",
		base + "&day=2027-13-01":                                 "day",
		base + "&day=2300-01-01":                                 "day",
		"date=1990-01-01&time=06:30&tz=America/New_York&lon=-74": "lat",
		"date=1990-02-30&time=06:30&tz=UTC&lat=0&lon=0":          "date",
		"date=1990-01-01&time=25:30&tz=UTC&lat=0&lon=0":          "time",
		"date=1990-01-01&time=06:30&tz=Mars/Olympus&lat=0&lon=0": "tz",
		"date=1990-01-01&time=06:30&place=Nowhereville-on-Mars":  "place",
		"date=1990-01-01&time=06:30&tz=UTC&lat=0&lon=0&gender=x": "gender",
		"date=1990-01-01&time=06:30&tz=UTC&lat=91&lon=0":         "lat",
		"date=1990-01-01&time=06:30&tz=UTC&lat=0&lon=0&lat=x":    "",
	} {
		if field == "" {
			continue
		}
		_, _, err := Open(q, now)
		if err == nil {
			t.Errorf("%s: accepted", q)
			continue
		}
		if got := fieldOf(t, err); got != field {
			t.Errorf("%s: field %q, want %q", q, got, field)
		}
	}
}

// An unknown time is allowed: noon positions, no angles or houses, and the
// warning.
func TestUnknownTime(t *testing.T) {
	c, _, err := Open("date=1990-01-01&tz=UTC", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.HasTime() || c.Chart.Houses != nil || c.Chart.Bodies[0].House != 0 {
		t.Errorf("angles or houses without a time: %+v", c.Chart)
	}
	d := c.Document()
	if d.Ascendant != nil || len(d.Houses) != 0 || len(d.Warnings) == 0 || d.Warnings[0].Code != "time_unknown" {
		t.Errorf("document %+v", d)
	}
	if d.UTC != "1990-01-01T12:00:00Z" {
		t.Errorf("utc %s", d.UTC)
	}
}

func TestQueryIsCanonicalAndReadsBack(t *testing.T) {
	vals := url.Values{"date": {"1990-01-01"}, "time": {"06:30"}, "tz": {"America/New_York"}, "lat": {"40.7128"}, "lon": {"-74.0060"},
		"house_system": {"Whole-Sign"}, "calendar": {"gregorian"}, "day": {"2027-03-01"}}
	r, name, ferr := FromQuery(vals.Get)
	if ferr != nil {
		t.Fatal(ferr)
	}
	q := r.Query(name)
	if strings.Contains(q, "calendar") || !strings.Contains(q, "house_system=whole_sign") || !strings.HasSuffix(q, "&day=2027-03-01") {
		t.Errorf("canonical query %q", q)
	}
	back, name2, err := ParseQuery(q)
	if err != nil || back.Query(name2) != q {
		t.Errorf("read back: %q, %v", back.Query(name2), err)
	}
	if cq := r.ChartQuery(name); strings.Contains(cq, "house_system") || strings.Contains(cq, "day=") {
		t.Errorf("chart query keeps the astrology fields: %q", cq)
	}
	if q := r.WithHouses("placidus").Query(""); strings.Contains(q, "house_system") {
		t.Errorf("the default house system is written: %q", q)
	}
}

func TestDecodeJSONIsStrict(t *testing.T) {
	r, ferr := DecodeJSON([]byte(`{"date":"1990-01-01","time":"00:00","tz":"UTC","lat":0,"lon":0,"house_system":"equal"}`))
	if ferr != nil || r.HouseSystem != "equal" || r.Lat == nil || *r.Lat != 0 {
		t.Fatalf("%+v %v", r, ferr)
	}
	for body, field := range map[string]string{
		`{"date":"1990-01-01","houses":"equal"}`:    "houses",
		`{"date":"1990-01-01","house_system":1}`:    "house_system",
		`{"date":"1990-01-01","day":"x","day":"y"}`: "day",
		`{"date":"1990-01-01","lat":"40"}`:          "lat",
	} {
		_, ferr := DecodeJSON([]byte(body))
		if ferr == nil || ferr.Field != field {
			t.Errorf("%s: %+v, want field %q", body, ferr, field)
		}
	}
}

// A birthplace by name fills the zone and the coordinates, which the
// houses need.
func TestPlaceFillsCoordinates(t *testing.T) {
	c, _, err := Open("date=1990-01-01&time=06:30&place=New+York", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Place == nil || c.Request.Lat == nil || c.Request.TZ != "America/New_York" {
		t.Fatalf("place not resolved: %+v", c.Request)
	}
	if math.Abs(c.Chart.Ascendant-267.67) > 0.5 {
		t.Errorf("ascendant %.2f from the gazetteer's New York", c.Chart.Ascendant)
	}
}

func TestDocumentHasTheRequiredPaths(t *testing.T) {
	c, _, err := Open("date=1990-01-01&time=00:00&tz=UTC&lat=0&lon=0&day=2027-03-01", now)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := c.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	bodies := m["bodies"].(map[string]any)
	for _, b := range []string{"sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto", "node", "mean_node", "true_node"} {
		p, ok := bodies[b].(map[string]any)
		if !ok {
			t.Fatalf("no bodies.%s", b)
		}
		for _, k := range []string{"lon", "lat", "speed", "sign", "degree", "house", "retrograde"} {
			if _, ok := p[k]; !ok {
				t.Errorf("no bodies.%s.%s", b, k)
			}
		}
	}
	if bodies["sun"].(map[string]any)["sign"] != "capricorn" {
		t.Errorf("sun sign %v", bodies["sun"])
	}
	asc := m["ascendant"].(map[string]any)
	if asc["sign"] != "libra" || math.Abs(asc["lon"].(float64)-191.29) > 0.01 {
		t.Errorf("ascendant %v", asc)
	}
	if mc := m["midheaven"].(map[string]any); mc["sign"] == nil {
		t.Errorf("midheaven %v", mc)
	}
	if h := m["houses"].([]any); len(h) != 12 {
		t.Errorf("houses %v", h)
	}
	as := m["aspects"].([]any)
	if len(as) == 0 {
		t.Fatal("no aspects")
	}
	for _, k := range []string{"a", "b", "kind", "orb", "applying"} {
		if _, ok := as[0].(map[string]any)[k]; !ok {
			t.Errorf("no aspects[0].%s", k)
		}
	}
	if tr := m["transits"].(map[string]any); tr["day"] != "2027-03-01" {
		t.Errorf("transits %v", tr)
	}
}

func TestFlags(t *testing.T) {
	fs := flag.NewFlagSet("astro", flag.ContinueOnError)
	get := Flags(fs)
	if err := fs.Parse([]string{"--date", "1990-01-01", "--time", "00:00", "--tz", "UTC", "--lat", "0", "--lon", "0", "--houses", "whole-sign"}); err != nil {
		t.Fatal(err)
	}
	c, err := Build(get(), now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Chart.HouseSystem.String() != "whole_sign" || c.Chart.Houses[0] != 180 {
		t.Errorf("whole sign houses from libra rising: %v %v", c.Chart.HouseSystem, c.Chart.Houses)
	}
	if FlagName("house_system") != "--houses" || FlagName("tz") != "--tz" {
		t.Error("flag names")
	}
}

// FuzzFromQuery: any query decodes without panicking, and what it decodes
// to reads back from its own canonical query unchanged.
func FuzzFromQuery(f *testing.F) {
	f.Add("date=1990-01-01&time=06:30&tz=America/New_York&lat=40.7128&lon=-74.006&house_system=equal")
	f.Add("date=1984-06-02&calendar=lunar&leap_month=1&time=23:30&tz=+08:00&place=Beijing&house_system=whole-sign&day=2027-01-01")
	f.Add("house_system=%00&day=%ff")
	f.Fuzz(func(t *testing.T, q string) {
		vals, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		r, name, ferr := FromQuery(vals.Get)
		if ferr != nil {
			return
		}
		canon := r.Query(name)
		back, name2, err := ParseQuery(canon)
		if err != nil {
			t.Fatalf("canonical query %q does not parse: %v", canon, err)
		}
		if again := back.Query(name2); again != canon {
			t.Fatalf("round trip: %q → %q", canon, again)
		}
		if c, err := Build(r, now); err == nil && c.Chart == nil {
			t.Fatal("no chart and no error")
		}
	})
}

// FuzzDecodeJSON: any body is decoded or refused without panicking, and a
// refused chart names a field.
func FuzzDecodeJSON(f *testing.F) {
	f.Add(`{"date":"1990-01-01","time":"00:00","tz":"UTC","lat":0,"lon":0}`)
	f.Add(`{"date":"1990-01-01","time":"06:30","place":"New York","house_system":"whole_sign","day":"2027-03-01"}`)
	f.Add(`{"lat":91,"house_system":"koch"}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, ferr := DecodeJSON([]byte(body))
		if ferr != nil {
			return
		}
		if _, err := Build(r, now); err != nil {
			var fe *bazi.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("refusal %v is not a field error", err)
			}
		}
	})
}
