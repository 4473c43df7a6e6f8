package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestChartCommandPrintsTheChart(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"chart", "--date", "1988-02-15", "--time", "23:30", "--tz", "Asia/Shanghai", "--gender", "male", "--zi-rule", "split", "--now", "2026-01-01T00:00:00Z"}, envMap(nil), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var doc struct {
		Pillars map[string]*struct {
			GanZhi string `json:"ganzhi"`
		} `json:"pillars"`
		Options map[string]any `json:"options"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	got := []string{doc.Pillars["year"].GanZhi, doc.Pillars["month"].GanZhi, doc.Pillars["day"].GanZhi, doc.Pillars["hour"].GanZhi}
	if strings.Join(got, " ") != "戊辰 甲寅 庚子 戊子" || doc.Options["zi_rule"] != "split" {
		t.Fatalf("pillars %v, options %v", got, doc.Options)
	}
}

func TestChartCommandLunarAndPlace(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"chart", "--date", "2020-04-01", "--calendar", "lunar", "--leap-month", "--place", "Shanghai", "--gender", "female", "--liu-yue", "2030"}, envMap(nil), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), `"liu_yue"`) || !strings.Contains(out.String(), `"tz": "Asia/Shanghai"`) {
		t.Fatalf("lunar/place/liu-yue output:\n%.600s", out.String())
	}
}

func TestChartCommandBadInputExits2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"chart", "--date", "1988-02-30", "--tz", "UTC", "--gender", "male"}, "--date"},
		{[]string{"chart", "--date", "1988-02-15", "--tz", "Nowhere/City", "--gender", "male"}, "--tz"},
		{[]string{"chart", "--date", "1988-02-15", "--tz", "UTC", "--gender", "male", "--lon", "east"}, "lon"},
		{[]string{"chart", "--date", "1988-02-15", "--tz", "UTC"}, "--gender"},
		{[]string{"chart", "--date", "1988-02-15", "--tz", "UTC", "--gender", "male", "--zi-rule", "late"}, "--zi-rule"},
		{[]string{"chart", "--bogus"}, "bogus"},
		{[]string{"chart", "--date", "1988-02-15", "--tz", "UTC", "--gender", "male", "extra"}, "unexpected argument"},
	} {
		var out, errOut bytes.Buffer
		code := run(tc.args, envMap(nil), &out, &errOut)
		if code != 2 || !strings.Contains(errOut.String(), tc.want) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, stdout %q", tc.args, code, errOut.String(), out.String())
		}
	}
}
