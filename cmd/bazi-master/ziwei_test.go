package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestZiweiCommandPrintsTheBoard(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"ziwei", "--date", "2000-08-16", "--time", "03:30", "--tz", "Asia/Shanghai", "--gender", "female", "--year", "2027"}, envMap(nil), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var doc struct {
		MingGong  string                              `json:"ming_gong"`
		Class     string                              `json:"five_elements_class"`
		Palaces   []struct{ Name, StemBranch string } `json:"palaces"`
		Horoscope struct {
			Year int `json:"year"`
		} `json:"horoscope"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if doc.MingGong != "午" || doc.Class != "木三局" || len(doc.Palaces) != 12 || doc.Horoscope.Year != 2027 {
		t.Fatalf("board %+v", doc)
	}
}

// A lunar birth in a leap month, by name of place: the same flags as chart.
func TestZiweiCommandLunarLeapMonth(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"ziwei", "--date", "2020-04-20", "--calendar", "lunar", "--leap-month", "--time", "10:00", "--place", "Shanghai", "--gender", "male", "--leap-rule", "whole"}, envMap(nil), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), `"leap": true`) || !strings.Contains(out.String(), `"leap_rule": "whole"`) {
		t.Fatalf("output:\n%.800s", out.String())
	}
}

func TestZiweiCommandBadInputExits2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ziwei", "--date", "2000-08-16", "--tz", "UTC", "--gender", "male"}, "--time"},
		{[]string{"ziwei", "--date", "2000-08-16", "--time", "03:30", "--tz", "UTC", "--gender", "male", "--year", "1900"}, "--year"},
		{[]string{"ziwei", "--date", "2000-08-16", "--time", "03:30", "--tz", "UTC", "--gender", "male", "--late-zi", "early"}, "--late-zi"},
		{[]string{"ziwei", "--date", "2000-08-16", "--time", "03:30", "--tz", "UTC", "--gender", "male", "stray"}, "unexpected"},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, envMap(nil), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), tc.want) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, want 2 naming %s", tc.args, code, errOut.String(), tc.want)
		}
	}
}
