package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestAstroCommandPrintsTheChart(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"astro", "--date", "1990-01-01", "--time", "06:30", "--tz", "America/New_York", "--lat", "40.7128", "--lon", "-74.0060"}, envMap(nil), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var doc struct {
		Bodies map[string]struct {
			Sign  string `json:"sign"`
			House int    `json:"house"`
		} `json:"bodies"`
		Ascendant struct {
			Lon  float64 `json:"lon"`
			Sign string  `json:"sign"`
		} `json:"ascendant"`
		Houses []any `json:"houses"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if math.Abs(doc.Ascendant.Lon-267.67) > 0.01 || doc.Ascendant.Sign != "sagittarius" || len(doc.Houses) != 12 || doc.Bodies["sun"].Sign != "capricorn" {
		t.Fatalf("chart %+v", doc)
	}
}

func TestAstroCommandHouseSystems(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"astro", "--date", "1990-01-01", "--time", "00:00", "--tz", "UTC", "--lat", "0", "--lon", "0", "--houses", "whole-sign"}, envMap(nil), &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), `"house_system": "whole_sign"`) {
		t.Fatalf("exit %d: %s\n%.400s", code, errOut.String(), out.String())
	}
}

func TestAstroCommandBadInputExits2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"astro", "--date", "1990-01-01", "--time", "06:30", "--tz", "UTC", "--lon", "0"}, "--lat"},
		{[]string{"astro", "--date", "1990-01-01", "--time", "06:30", "--tz", "UTC", "--lat", "0", "--lon", "0", "--houses", "koch"}, "--houses"},
		{[]string{"astro", "--date", "1990-13-01", "--tz", "UTC"}, "--date"},
		{[]string{"astro", "--date", "1990-01-01", "--tz", "UTC", "stray"}, "unexpected"},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, envMap(nil), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), tc.want) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, want 2 naming %s", tc.args, code, errOut.String(), tc.want)
		}
	}
}
