package handlers_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The API's answer has exactly the promised keys, with the values printed
// almanacs give for known dates.
func TestAlmanacAPIKnownDates(t *testing.T) {
	app := testutil.StartApp(t)
	res := app.Get(t, "/api/v1/almanac?date=2024-02-10")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var raw map[string]json.RawMessage
	res.JSON(t, &raw)
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"clash", "date", "deity", "directions", "ganzhi", "hours", "ji", "lunar_date", "mansion", "officer", "pengzu", "yi"}
	if !slices.Equal(keys, want) {
		t.Fatalf("keys %v, want %v", keys, want)
	}
	var m struct {
		Date       string           `json:"date"`
		LunarDate  string           `json:"lunar_date"`
		GanZhi     string           `json:"ganzhi"`
		Officer    string           `json:"officer"`
		Clash      string           `json:"clash"`
		Deity      string           `json:"deity"`
		Mansion    string           `json:"mansion"`
		Yi         []string         `json:"yi"`
		Ji         []string         `json:"ji"`
		PengZu     []string         `json:"pengzu"`
		Directions map[string]any   `json:"directions"`
		Hours      []map[string]any `json:"hours"`
	}
	res.JSON(t, &m)
	if m.Date != "2024-02-10" || m.LunarDate != "正月初一" || m.GanZhi != "甲辰年 丙寅月 甲辰日" {
		t.Errorf("date %s lunar %s ganzhi %s", m.Date, m.LunarDate, m.GanZhi)
	}
	if m.Officer != "满" || m.Clash != "冲狗(戊戌)煞南" || m.Deity != "金匮(黄道)" || m.Mansion != "氐土貉(凶)" {
		t.Errorf("officer %s clash %s deity %s mansion %s", m.Officer, m.Clash, m.Deity, m.Mansion)
	}
	if len(m.Yi) == 0 || len(m.Ji) == 0 || !slices.Equal(m.PengZu, []string{"甲不开仓财物耗散", "辰不哭泣必主重丧"}) {
		t.Errorf("yi %v ji %v pengzu %v", m.Yi, m.Ji, m.PengZu)
	}
	if m.Directions["xi"] != "东北" || m.Directions["fu"] == "" || m.Directions["cai"] == "" {
		t.Errorf("directions %v", m.Directions)
	}
	if len(m.Hours) != 12 || m.Hours[0]["branch"] != "子" || m.Hours[0]["ganzhi"] != "甲子" || m.Hours[1]["luck"] != "凶" || m.Hours[2]["luck"] != "吉" {
		t.Errorf("hours %v", m.Hours)
	}

	// A leap month: 2020-05-23 is 闰四月初一.
	res = app.Get(t, "/api/v1/almanac?date=2020-05-23")
	res.JSON(t, &m)
	if res.StatusCode != http.StatusOK || m.LunarDate != "闰四月初一" {
		t.Errorf("2020-05-23: %d %s", res.StatusCode, m.LunarDate)
	}
}

// A missing or bad date is a 400 naming the field, and so is a bad zone.
func TestAlmanacAPIBadInput(t *testing.T) {
	app := testutil.StartApp(t)
	for _, c := range []struct{ query, field string }{
		{"", "date"},
		{"?date=", "date"},
		{"?date=2024-02-30", "date"},
		{"?date=2024-2-10", "date"},
		{"?date=1700-01-01", "date"},
		{"?date=yesterday", "date"},
		{"?date=2024-02-10&tz=Mars/Olympus", "tz"},
	} {
		res := app.Get(t, "/api/v1/almanac"+c.query)
		var body struct {
			Error struct{ Code, Field, Message string } `json:"error"`
		}
		res.JSON(t, &body)
		if res.StatusCode != http.StatusBadRequest || body.Error.Field != c.field || body.Error.Message == "" {
			t.Errorf("%q: %d %+v, want 400 naming %s", c.query, res.StatusCode, body.Error, c.field)
		}
	}
	// date=today is today on the zone's clock.
	if res := app.Get(t, "/api/v1/almanac?date=today&tz=Pacific/Kiritimati"); res.StatusCode != http.StatusOK {
		t.Errorf("today: %d %s", res.StatusCode, res.Body)
	}
}
