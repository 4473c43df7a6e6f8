package portrait

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

func chartOn(t *testing.T, date, hm string) *bazi.Chart {
	t.Helper()
	in, err := bazi.Request{Date: date, Time: hm, TZ: "Asia/Shanghai", Gender: "female"}.Parse()
	if err != nil {
		t.Fatalf("parse %s %s: %v", date, hm, err)
	}
	c, err := bazi.Compute(in, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("compute %s %s: %v", date, hm, err)
	}
	return c
}

// fiftyCharts are births spread over decades, months and hours.
func fiftyCharts(t *testing.T) []*bazi.Chart {
	var out []*bazi.Chart
	for i := 0; i < 50; i++ {
		date := fmt.Sprintf("%d-%02d-%02d", 1950+i, 1+(i*7)%12, 1+(i*11)%28)
		out = append(out, chartOn(t, date, fmt.Sprintf("%02d:%02d", (i*5)%24, (i*13)%60)))
	}
	return out
}

func TestPortraitSameFactsSameBytes(t *testing.T) {
	a := SVG(FactsOf(chartOn(t, "1990-05-17", "08:30")))
	b := SVG(FactsOf(chartOn(t, "1990-05-17", "08:30")))
	if !bytes.Equal(a, b) {
		t.Fatal("the same chart painted two different portraits")
	}
}

func parseXML(t *testing.T, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("portrait is not well-formed XML: %v", err)
		}
	}
}

var emblemGroup = regexp.MustCompile(`(?s)<g data-emblem="(\w+)"[^>]*>(.*?)</g></?`)

func TestPortraitChartsDiffer(t *testing.T) {
	distinct := map[string]bool{}
	emblems := map[string]string{} // element -> one emblem's shape signature
	for _, c := range fiftyCharts(t) {
		f := FactsOf(c)
		svg := SVG(f)
		parseXML(t, svg)
		distinct[string(svg)] = true
		m := emblemGroup.FindSubmatch(svg)
		if m == nil {
			t.Fatal("no emblem group in the portrait")
		}
		if string(m[1]) != f.DayMasterElement.Key() {
			t.Errorf("emblem %s for a %s day master", m[1], f.DayMasterElement.Key())
		}
		emblems[string(m[1])] = shapeSignature(string(m[2]))
	}
	if len(distinct) < 45 {
		t.Errorf("50 charts gave %d distinct portraits, want at least 45", len(distinct))
	}
	if len(emblems) != 5 {
		t.Fatalf("the 50 charts covered %d day-master elements, want 5", len(emblems))
	}
	seen := map[string]string{}
	for el, sig := range emblems {
		if other, dup := seen[sig]; dup {
			t.Errorf("%s and %s emblems are drawn with the same shapes: %s", el, other, sig)
		}
		seen[sig] = el
	}
}

// shapeSignature names the kinds of shapes an emblem is drawn with and
// the path commands its paths use.
func shapeSignature(body string) string {
	kinds := map[string]bool{}
	for _, m := range regexp.MustCompile(`<(\w+)`).FindAllStringSubmatch(body, -1) {
		kinds[m[1]] = true
	}
	for _, m := range regexp.MustCompile(` d="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		for _, r := range m[1] {
			if strings.ContainsRune("MLQCAZ", r) {
				kinds[string(r)] = true
			}
		}
	}
	var out []string
	for _, k := range []string{"path", "circle", "rect", "ellipse", "M", "L", "Q", "C", "A", "Z"} {
		if kinds[k] {
			out = append(out, k)
		}
	}
	return strings.Join(out, " ")
}

func TestPortraitPromptHoldsOnlyFacts(t *testing.T) {
	f := FactsOf(chartOn(t, "1984-02-20", "23:10"))
	p := f.Prompt()
	for _, want := range []string{f.DayMasterElement.Key() + " day master", "strongest element is " + f.Strongest.Key(), "no text"} {
		if !strings.Contains(p, want) {
			t.Errorf("prompt lacks %q:\n%s", want, p)
		}
	}
	if p != FactsOf(chartOn(t, "1984-02-20", "23:10")).Prompt() {
		t.Error("the same chart gave two prompts")
	}
}

func TestPortraitFacts(t *testing.T) {
	c := chartOn(t, "1990-05-17", "08:30")
	f := FactsOf(c)
	if f.DayMaster != c.DayMaster.Stem || f.DayMasterElement.Key() != c.DayMaster.Element {
		t.Errorf("day master %v/%v, chart says %s", f.DayMaster, f.DayMasterElement, c.DayMaster.Element)
	}
	if f.Strongest.Key() != c.Elements.Dominant {
		t.Errorf("strongest %s, chart's dominant %s", f.Strongest.Key(), c.Elements.Dominant)
	}
	if f.Season != Summer { // born in 巳 month
		t.Errorf("season %s for a May birth", f.Season.Key())
	}
	if len(f.Favourable) == 0 || f.Favourable[0].Key() != c.Favourable.Favourable[0] {
		t.Errorf("favourable %v, chart %v", f.Favourable, c.Favourable.Favourable)
	}
	if f.DominantGod == bazi.DayMasterGod {
		t.Error("the dominant ten god is the day master itself")
	}
}

// The element colours are the app's palette (assets/palette.json).
func TestPortraitPaletteMatchesAssets(t *testing.T) {
	raw, err := os.ReadFile("../assets/palette.json")
	if err != nil {
		t.Fatal(err)
	}
	var pal struct {
		Elements map[string]struct {
			Default string `json:"DEFAULT"`
			Light   string `json:"light"`
			Dark    string `json:"dark"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(raw, &pal); err != nil {
		t.Fatal(err)
	}
	for e := bazi.Element(0); e < 5; e++ {
		got, want := Colours[e], pal.Elements[e.Key()]
		if got.Base != want.Default || got.Light != want.Light || got.Dark != want.Dark {
			t.Errorf("%s colours %v, palette.json %+v", e.Key(), got, want)
		}
	}
}
