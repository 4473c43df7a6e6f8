package handlers_test

import (
	"math"
	"strings"
	"testing"
)

// astroBody is one body of the natal chart JSON.
type astroBody struct {
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
	Speed      float64 `json:"speed"`
	Sign       string  `json:"sign"`
	Degree     int     `json:"degree"`
	Minute     int     `json:"minute"`
	House      int     `json:"house"`
	Retrograde bool    `json:"retrograde"`
}

// astroDoc is the subset of the natal chart JSON the issue names as required.
type astroDoc struct {
	HouseSystem string               `json:"house_system"`
	Bodies      map[string]astroBody `json:"bodies"`
	Ascendant   *struct {
		Lon  float64 `json:"lon"`
		Sign string  `json:"sign"`
	} `json:"ascendant"`
	Midheaven *struct {
		Lon  float64 `json:"lon"`
		Sign string  `json:"sign"`
	} `json:"midheaven"`
	Houses []struct {
		House int     `json:"house"`
		Lon   float64 `json:"lon"`
	} `json:"houses"`
	Aspects []struct {
		A, B, Kind string
		Orb        float64 `json:"orb"`
		Applying   *bool   `json:"applying"`
	} `json:"aspects"`
	Warnings []struct{ Code, Message string } `json:"warnings"`
}

func TestAstroAPIGivesTheAnchors(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct {
		body, sign string
		asc        float64
	}{
		{`{"date":"1990-01-01","time":"00:00","tz":"UTC","lat":0,"lon":0}`, "libra", 191.29},
		{`{"date":"1990-01-01","time":"06:30","tz":"America/New_York","lat":40.7128,"lon":-74.0060}`, "sagittarius", 267.67},
	} {
		res := postJSON(t, app, "/api/v1/astro", tc.body)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("status %d: %s", res.StatusCode, res.Body)
		}
		var d astroDoc
		res.JSON(t, &d)
		if d.Ascendant == nil || math.Abs(d.Ascendant.Lon-tc.asc) > 0.01 || d.Ascendant.Sign != tc.sign {
			t.Errorf("%s: ascendant %+v, want %.2f %s", tc.body, d.Ascendant, tc.asc, tc.sign)
		}
		if d.Midheaven == nil || d.Midheaven.Sign == "" || len(d.Houses) != 12 || d.HouseSystem != "placidus" {
			t.Errorf("%s: midheaven %+v, %d houses, %s", tc.body, d.Midheaven, len(d.Houses), d.HouseSystem)
		}
		for _, k := range []string{"sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto", "node", "mean_node", "true_node"} {
			b, ok := d.Bodies[k]
			if !ok || b.Sign == "" || b.House < 1 || b.House > 12 || b.Lon < 0 || b.Lon >= 360 {
				t.Errorf("%s: bodies.%s %+v", tc.body, k, b)
			}
		}
		if d.Bodies["sun"].Sign != "capricorn" {
			t.Errorf("sun %+v", d.Bodies["sun"])
		}
		if len(d.Aspects) == 0 || d.Aspects[0].A == "" || d.Aspects[0].B == "" || d.Aspects[0].Kind == "" || d.Aspects[0].Applying == nil {
			t.Errorf("aspects %+v", d.Aspects)
		}
	}
}

// A place by name, a house system and an unknown time, the way the chart
// API takes them.
func TestAstroAPIPlaceHousesAndUnknownTime(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/astro", `{"date":"1990-01-01","time":"06:30","place":"New York","house_system":"equal"}`)
	var d astroDoc
	res.JSON(t, &d)
	if res.StatusCode != 200 || d.HouseSystem != "equal" || d.Ascendant == nil || math.Abs(d.Houses[0].Lon-d.Ascendant.Lon) > 1e-9 {
		t.Fatalf("%d %+v", res.StatusCode, d)
	}
	res = postJSON(t, app, "/api/v1/astro", `{"date":"1990-01-01","tz":"UTC"}`)
	d = astroDoc{}
	res.JSON(t, &d)
	if res.StatusCode != 200 || d.Ascendant != nil || len(d.Houses) != 0 || len(d.Warnings) == 0 || d.Warnings[0].Code != "time_unknown" || d.Bodies["moon"].House != 0 {
		t.Fatalf("unknown time: %d %+v", res.StatusCode, d)
	}
}

func TestAstroAPIRefusesByField(t *testing.T) {
	app := startAPI(t)
	for body, field := range map[string]string{
		`{"date":"1990-01-01","time":"06:30","tz":"UTC","lon":0}`:                            "lat",
		`{"date":"1990-01-01","time":"06:30","tz":"UTC","lat":0,"lon":0,"house_system":"x"}`: "house_system",
		`{"date":"1990-01-01","time":"06:30","tz":"UTC","lat":"0","lon":0}`:                  "lat",
		`{"date":"1990-01-01","time":"06:30","tz":"UTC","lat":0,"lon":0,"houses":"equal"}`:   "houses",
		`{"date":"1990-01-01","time":"25:30","tz":"UTC","lat":0,"lon":0}`:                    "time",
		`{"date":"1990-01-01","time":"06:30","tz":"UTC","lat":95,"lon":0}`:                   "lat",
		`{"date":"1990-01-01","time":"06:30","place":"Atlantis under the sea"}`:              "place",
	} {
		res := postJSON(t, app, "/api/v1/astro", body)
		var e struct {
			Error struct{ Code, Message, Field string } `json:"error"`
		}
		res.JSON(t, &e)
		if res.StatusCode != 400 || e.Error.Field != field || e.Error.Code == "" || e.Error.Message == "" {
			t.Errorf("%s: %d %+v, want 400 naming %q", body, res.StatusCode, e.Error, field)
		}
	}
}
