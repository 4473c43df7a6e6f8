package synthesis_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/internal/overviewinput"
	"github.com/bazi-master/bazi-master/internal/synthesis"
	"github.com/bazi-master/bazi-master/ziwei"
)

var now = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func open(t *testing.T, q string) []synthesis.Point {
	t.Helper()
	o, err := overviewinput.Open(q, now)
	if err != nil {
		t.Fatal(err)
	}
	return o.Points
}

// Known births: each point's verdict, the values compared and the rule.
func TestCompareKnownCharts(t *testing.T) {
	type want struct {
		verdict synthesis.Verdict
		shared  []string
		values  map[string][]string // factor → values
	}
	cases := []struct {
		name, query string
		points      map[string]want
	}{
		{
			// 1990-01-01 06:30 New York: 丙 day master (yang fire, fire
			// strongest), Sun Capricorn (earth, yin), Moon Pisces (water),
			// 火六局; officers lead (water); Midheaven Libra (air → wood);
			// day branch 寅 (wood), Descendant Gemini (air → wood). Career
			// differs although Zi Wei and the Midheaven share wood: a point
			// agrees only when BaZi's value is echoed.
			name:  "New York 1990",
			query: "date=1990-01-01&time=06:30&tz=America/New_York&lat=40.7128&lon=-74.006&gender=female",
			points: map[string]want{
				synthesis.RuleElement: {synthesis.Agree, []string{"fire"}, map[string][]string{
					"dominant_element": {"fire"}, "sun": {"earth"}, "moon": {"water"}, "five_class": {"fire"}}},
				synthesis.RuleTemperament: {synthesis.Differ, nil, map[string][]string{"day_master": {"yang"}, "sun": {"yin"}}},
				synthesis.RuleCareer: {synthesis.Differ, []string{"wood"}, map[string][]string{
					"tengod_group": {"water"}, "career_stars": {"wood"}, "midheaven": {"wood"}}},
				synthesis.RuleRelationship: {synthesis.Agree, []string{"wood"}, map[string][]string{
					"spouse_palace": {"wood"}, "spouse_stars": {"water", "earth"}, "descendant": {"wood"}}},
			},
		},
		{
			// The same day without a time: no board, no angles; career and
			// relationships cannot be compared.
			name:  "New York 1990, no time",
			query: "date=1990-01-01&tz=America/New_York&lat=40.7128&lon=-74.006&gender=female",
			points: map[string]want{
				synthesis.RuleTemperament:  {synthesis.Differ, nil, map[string][]string{"day_master": {"yang"}, "sun": {"yin"}}},
				synthesis.RuleCareer:       {synthesis.Unknown, nil, map[string][]string{"tengod_group": {"water"}}},
				synthesis.RuleRelationship: {synthesis.Unknown, nil, map[string][]string{"spouse_palace": {"wood"}}},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			points := open(t, c.query)
			if len(points) != 4 {
				t.Fatalf("%d points, want 4", len(points))
			}
			for _, p := range points {
				w, ok := c.points[p.Rule]
				if !ok {
					continue
				}
				if p.Verdict != w.verdict || !reflect.DeepEqual(p.Shared, w.shared) {
					t.Errorf("%s: %s shared %v, want %s shared %v", p.Rule, p.Verdict, p.Shared, w.verdict, w.shared)
				}
				got := map[string][]string{}
				for _, e := range p.Evidence {
					got[e.Factor] = e.Values
				}
				if !reflect.DeepEqual(got, w.values) {
					t.Errorf("%s: values %v, want %v", p.Rule, got, w.values)
				}
				if p.Verdict == synthesis.Unknown && len(p.Missing) != 2 {
					t.Errorf("%s: unknown without naming the missing systems: %v", p.Rule, p.Missing)
				}
			}
		})
	}
}

// The stated correspondences.
func TestMappings(t *testing.T) {
	signs := map[astro.Sign][2]string{
		astro.Aries: {"fire", "yang"}, astro.Taurus: {"earth", "yin"}, astro.Gemini: {"wood", "yang"}, astro.Cancer: {"water", "yin"},
		astro.Leo: {"fire", "yang"}, astro.Virgo: {"earth", "yin"}, astro.Libra: {"wood", "yang"}, astro.Scorpio: {"water", "yin"},
		astro.Sagittarius: {"fire", "yang"}, astro.Capricorn: {"earth", "yin"}, astro.Aquarius: {"wood", "yang"}, astro.Pisces: {"water", "yin"},
	}
	for s, w := range signs {
		if synthesis.SignElement(s) != w[0] || synthesis.SignPolarity(s) != w[1] {
			t.Errorf("%s: %s %s, want %v", s, synthesis.SignElement(s), synthesis.SignPolarity(s), w)
		}
	}
	classes := map[ziwei.FiveClass]string{ziwei.Water2: "water", ziwei.Wood3: "wood", ziwei.Metal4: "metal", ziwei.Earth5: "earth", ziwei.Fire6: "fire"}
	for c, e := range classes {
		if synthesis.ClassElement(c) != e {
			t.Errorf("%v: %s, want %s", c, synthesis.ClassElement(c), e)
		}
	}
	if synthesis.StarElement(ziwei.StarZiweiMaj) != "earth" || synthesis.StarElement(ziwei.StarTaiyangMaj) != "fire" || synthesis.StarElement(ziwei.StarZuofuMin) != "" {
		t.Error("star elements")
	}
	if synthesis.Theme(synthesis.RuleCareer) != "work" || synthesis.Theme(synthesis.RuleElement) != "self" || synthesis.Theme(synthesis.RuleRelationship) != "relationships" {
		t.Error("themes")
	}
}

// The same birth gives the same points.
func TestCompareIsDeterministic(t *testing.T) {
	q := "date=1984-07-19&time=14:10&tz=Asia/Shanghai&lat=31.23&lon=121.47&gender=male"
	if a, b := open(t, q), open(t, q); !reflect.DeepEqual(a, b) {
		t.Error("the same birth compared twice differs")
	}
}
