package bazi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// TestMarshalJSONStringsNeedNoEscaping checks the premise of json.go: every
// string of the tables the MarshalJSON methods write between quotes as it
// is reads the same through encoding/json.
func TestMarshalJSONStringsNeedNoEscaping(t *testing.T) {
	var all []string
	for i := range NumGanZhi {
		g := GanZhi(i)
		all = append(all, g.String(), g.Stem().String(), g.Branch().String())
	}
	for i := range NumSolarTerms {
		s := SolarTerm(i)
		all = append(all, s.String(), s.Pinyin(), s.Key(), s.English())
	}
	for i := range numRelationKinds {
		all = append(all, relationInfo[i][:]...)
	}
	for _, m := range maskMembers {
		all = append(all, m...)
	}
	for i := range stemPairChars {
		all = append(all, stemPairChars[i][:]...)
	}
	for i := range branchPairChars {
		all = append(all, branchPairChars[i][:]...)
	}
	for _, tr := range allTriads {
		all = append(all, tr.chars)
	}
	all = append(all, elementKeys[:]...)
	all = append(all, pillarKeys[:]...)
	all = append(all, onKeys[:]...)
	all = append(all, basisKeys[:]...)
	all = append(all, "hour_pillar")
	for i := range stars {
		all = append(all, stars[i].key, stars[i].name, stars[i].english, stars[i].nature)
		for _, rules := range starRules[i] {
			all = append(all, rules...)
		}
	}
	for _, s := range all {
		if got, _ := json.Marshal(s); string(got) != `"`+s+`"` {
			t.Errorf("%q needs escaping: %s", s, got)
		}
	}
	for g := range NumTenGods {
		if got, want := tenGodJSON[g], mustMarshal(t, struct {
			Name    string `json:"name"`
			Key     string `json:"key"`
			Pinyin  string `json:"pinyin"`
			English string `json:"english"`
		}{TenGod(g).String(), TenGod(g).Key(), TenGod(g).Pinyin(), TenGod(g).English()}); !bytes.Equal(got, want) {
			t.Errorf("ten god %s, want %s", got, want)
		}
	}
	for l := range NumLifeStages {
		if got, want := lifeStageJSON[l], mustMarshal(t, struct {
			Name    string `json:"name"`
			Key     string `json:"key"`
			English string `json:"english"`
		}{LifeStage(l).String(), LifeStage(l).Key(), LifeStage(l).English()}); !bytes.Equal(got, want) {
			t.Errorf("life stage %s, want %s", got, want)
		}
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The plain structs the MarshalJSON methods stand for.
type (
	termRefJSON struct {
		Name    string `json:"name"`
		Pinyin  string `json:"pinyin"`
		Key     string `json:"key"`
		English string `json:"english"`
		Jie     bool   `json:"jie"`
		UTC     string `json:"utc"`
		Local   Wall   `json:"local"`
	}
	liuNianJSON struct {
		Year         int16             `json:"year"`
		Age          int16             `json:"age"`
		GanZhi       string            `json:"ganzhi"`
		TenGod       TenGod            `json:"ten_god"`
		XiaoYun      string            `json:"xiao_yun,omitempty"`
		Interactions []interactionJSON `json:"interactions"`
	}
	interactionJSON struct {
		Kind    string   `json:"kind"`
		Rule    string   `json:"rule"`
		Pillars []string `json:"pillars"`
	}
	luckPillarJSON struct {
		Index        int32             `json:"index"`
		GanZhi       string            `json:"ganzhi"`
		Stem         string            `json:"stem"`
		Branch       string            `json:"branch"`
		TenGod       TenGod            `json:"ten_god"`
		StartAge     int32             `json:"start_age"`
		EndAge       int32             `json:"end_age"`
		StartYear    int32             `json:"start_year"`
		EndYear      int32             `json:"end_year"`
		StartTime    Wall              `json:"start_time"`
		Interactions []interactionJSON `json:"interactions"`
		Years        []liuNianJSON     `json:"years"`
	}
)

func liuNianPlain(n LiuNian) liuNianJSON {
	j := liuNianJSON{Year: n.Year, Age: n.Age, GanZhi: n.GanZhi.String(), TenGod: n.TenGod}
	if n.HasXiaoYun {
		j.XiaoYun = n.XiaoYun.String()
	}
	j.Interactions = interactionsPlain(n.Interactions(nil))
	return j
}

func interactionsPlain(list []Interaction) []interactionJSON {
	out := []interactionJSON{}
	for _, in := range list {
		out = append(out, interactionJSON{in.Key(), in.Rule(), in.PillarKeys()})
	}
	return out
}

// TestMarshalJSONMatchesPlainStructs checks each hand-written MarshalJSON
// against encoding/json of the plain struct it stands for, over charts
// spread across the table's range, and that the relations and stars read
// back through their UnmarshalJSON.
func TestMarshalJSONMatchesPlainStructs(t *testing.T) {
	check := func(what string, v json.Marshaler, plain any) {
		t.Helper()
		got, err := v.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if want := mustMarshal(t, plain); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", what, got, want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: invalid JSON %s", what, got)
		}
	}
	n := 0
	for y := MinYear; y <= MaxYear; y += 7 {
		req := Request{Date: fmt.Sprintf("%04d-%02d-%02d", y, 1+y%12, 1+y%28), Time: fmt.Sprintf("%02d:%02d", y%24, y%60), TZ: "+08:00", Gender: []string{"male", "female"}[y%2]}
		in, err := req.Parse()
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compute(in, time.Date(y+30, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			continue
		}
		n++
		for _, r := range []TermRef{c.SolarTime.PrevTerm, c.SolarTime.NextTerm, c.SolarTime.PrevJie, c.SolarTime.NextJie, c.Luck.GoverningJie} {
			check("term", r, termRefJSON{r.Term.String(), r.Term.Pinyin(), r.Term.Key(), r.Term.English(), r.Term.IsJie(), r.UTC.Format(time.RFC3339), r.Local})
		}
		for _, r := range append(append([]Relation{}, c.Relations.Stems...), c.Relations.Branches...) {
			plain := relationJSON{Type: r.Type(), Name: r.Name(), Subtype: r.Subtype(), SubtypeName: r.SubtypeName(), Members: r.Members(), Chars: r.Chars()}
			if e, ok := r.Element(); ok {
				plain.Element = e.Key()
			}
			check("relation", r, plain)
			var back Relation
			if b, _ := r.MarshalJSON(); json.Unmarshal(b, &back) != nil || back != r {
				t.Errorf("relation %s does not read back: %+v", b, back)
			}
		}
		for _, s := range c.ShenSha {
			check("shen sha", s, shenShaJSON{s.Key(), s.Name(), s.English(), s.Nature(), s.Pillar(), s.On(), s.Basis(), s.Rule()})
			var back ShenSha
			if b, _ := s.MarshalJSON(); json.Unmarshal(b, &back) != nil || back != s {
				t.Errorf("shen sha %s does not read back: %+v", b, back)
			}
		}
		for _, y := range c.Luck.PreLuck.Years {
			check("liu nian", y, liuNianPlain(y))
		}
		for _, p := range c.Luck.Pillars {
			plain := luckPillarJSON{p.Index, p.GanZhi.String(), p.GanZhi.Stem().String(), p.GanZhi.Branch().String(), p.TenGod,
				p.StartAge, p.EndAge, p.StartYear, p.EndYear, p.StartTime, interactionsPlain(p.Interactions(nil)), nil}
			for _, y := range p.Years {
				plain.Years = append(plain.Years, liuNianPlain(y))
			}
			check("luck pillar", p, plain)
		}
	}
	if n < 50 {
		t.Fatalf("only %d charts", n)
	}
}
