package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// The glossary (terms.*.json, errors.*.json) must name every value the
// engine can put on the chart page. These tests enumerate the engine's
// values programmatically, so a star, relation, warning or error code added
// to bazi/ later fails here until it is translated.

// keySet collects required keys with the place they came from.
type keySet map[string]string

func (s keySet) add(key, why string) {
	if _, ok := s[key]; !ok {
		s[key] = why
	}
}

func (s keySet) check(t *testing.T, c *i18n.Catalog) {
	t.Helper()
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !c.Has(k) {
			t.Errorf("missing key %q (for %s)", k, s[k])
		}
	}
}

func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrapping enumerates a type whose String/Key wraps around (index modulo
// its size): i = 0, 1, … until a value repeats.
func wrapping(max int, f func(i int) string) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < max; i++ {
		v := f(i)
		if seen[v] {
			break
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// relationKinds lists every RelationKind the engine defines: the count is
// unexported, so step until the engine's table runs out (it panics).
func relationKinds() []bazi.RelationKind {
	var out []bazi.RelationKind
	for k := 0; k < 256; k++ {
		ok := func() (ok bool) {
			defer func() {
				if recover() != nil {
					ok = false
				}
			}()
			r := bazi.Relation{Kind: bazi.RelationKind(k)}
			return r.Type() != ""
		}()
		if !ok {
			break
		}
		out = append(out, bazi.RelationKind(k))
	}
	return out
}

// sweep analyses a broad set of pillars (every year × day pillar, every
// month branch, several hours and no hour) and reports the string values
// the analysis emits that are not enumerable from exported tables.
type sweepValues struct {
	strength, season, reason, climateNeed, climateNote map[string]bool
	basis, on, nature                                  map[string]bool
	relTypes, relSubs                                  map[string]bool
}

func sweep() sweepValues {
	v := sweepValues{
		strength: map[string]bool{}, season: map[string]bool{}, reason: map[string]bool{},
		climateNeed: map[string]bool{}, climateNote: map[string]bool{},
		basis: map[string]bool{}, on: map[string]bool{}, nature: map[string]bool{},
		relTypes: map[string]bool{}, relSubs: map[string]bool{},
	}
	for y := 0; y < bazi.NumGanZhi; y++ {
		for d := 0; d < bazi.NumGanZhi; d++ {
			for mb := 0; mb < bazi.NumBranches; mb++ {
				// Month stem by 五虎遁 from the year stem.
				ms := bazi.Stem(((y%5)*2 + 2 + (mb+10)%12) % bazi.NumStems)
				m, _ := bazi.NewGanZhi(ms, bazi.Branch(mb))
				h := bazi.GanZhi((y*7 + d*11 + mb*13) % bazi.NumGanZhi)
				p := bazi.Pillars{Year: bazi.GanZhi(y), Month: m, Day: bazi.GanZhi(d), Hour: h, HasHour: (y+d+mb)%5 != 0}
				a := bazi.Analyze(p)
				v.strength[a.Strength.Label] = true
				v.season[a.Strength.SeasonState] = true
				v.reason[a.Favourable.Reason] = true
				if a.Favourable.ClimateNeed != "" {
					v.climateNeed[a.Favourable.ClimateNeed] = true
				}
				if a.Favourable.ClimateNote != "" {
					v.climateNote[a.Favourable.ClimateNote] = true
				}
				for _, s := range a.ShenSha {
					v.basis[s.Basis()] = true
					v.on[s.On()] = true
					v.nature[s.Nature()] = true
				}
				for _, rs := range [2][]bazi.Relation{a.Relations.Stems, a.Relations.Branches} {
					for _, r := range rs {
						v.relTypes[r.Type()] = true
						if r.Subtype() != "" {
							v.relSubs[r.Subtype()] = true
						}
					}
				}
			}
		}
	}
	return v
}

func TestTermKeys(t *testing.T) {
	c := catalog(t)
	need := keySet{}

	for _, k := range wrapping(16, func(i int) string { return bazi.Element(i).Key() }) {
		need.add("term.element."+k, "Element")
	}
	for _, p := range []bazi.Polarity{bazi.Yang, bazi.Yin} {
		need.add("term.polarity."+p.String(), "Polarity")
	}
	for g := bazi.TenGod(0); g < bazi.NumTenGods; g++ {
		need.add("term.tengod."+g.Key(), "TenGod "+g.String())
		need.add("term.tengod."+g.Key()+".desc", "TenGod "+g.String())
	}
	for l := bazi.LifeStage(0); l < bazi.NumLifeStages; l++ {
		need.add("term.stage."+l.Key(), "LifeStage "+l.String())
		need.add("term.stage."+l.Key()+".desc", "LifeStage "+l.String())
	}
	for n := bazi.NaYin(0); n < bazi.NumNaYin; n++ {
		need.add("term.nayin."+strconv.Itoa(int(n)), "NaYin "+n.String())
	}
	for s := bazi.Star(0); s < bazi.NumStars; s++ {
		need.add("term.shensha."+s.Key(), "Star "+s.String())
		need.add("term.shensha."+s.Key()+".desc", "Star "+s.String())
		need.add("term.nature."+s.Nature(), "Star.Nature of "+s.String())
	}
	kinds := relationKinds()
	if len(kinds) < 15 {
		t.Errorf("found only %d relation kinds", len(kinds))
	}
	for _, k := range kinds {
		r := bazi.Relation{Kind: k}
		need.add("term.relation."+r.Type(), "Relation "+r.Name())
		need.add("term.relation."+r.Type()+".desc", "Relation "+r.Name())
		if r.Subtype() != "" {
			need.add("term.relation.sub."+r.Subtype(), "Relation subtype "+r.SubtypeName())
		}
	}
	terms := bazi.SolarTerms()
	if len(terms) != bazi.NumSolarTerms {
		t.Errorf("SolarTerms() has %d terms", len(terms))
	}
	for _, st := range terms {
		need.add("term.solarterm."+st.Key, "SolarTerm "+st.Name)
	}
	for _, r := range []string{bazi.ReasonWeak, bazi.ReasonStrong, bazi.ReasonBalancedWeak, bazi.ReasonBalancedStrong} {
		need.add("term.reason."+r, "Reason constant")
	}
	for _, l := range []string{"very_weak", "weak", "balanced", "strong", "very_strong"} {
		need.add("term.strength."+l, "Strength label (documented)")
	}

	v := sweep()
	for k := range v.strength {
		need.add("term.strength."+k, "Strength.Label")
	}
	if len(v.season) < 5 {
		t.Errorf("sweep found season states %v, want 5", v.season)
	}
	for k := range v.season {
		need.add("term.season."+k, "Strength.SeasonState")
	}
	for k := range v.reason {
		need.add("term.reason."+k, "Favourable.Reason")
	}
	for k := range v.climateNeed {
		need.add("term.climate."+k, "Favourable.ClimateNeed")
	}
	for k := range v.climateNote {
		need.add("term.climate."+k, "Favourable.ClimateNote")
	}
	for k := range v.basis {
		need.add("term.shensha.basis."+k, "ShenSha.Basis")
	}
	for k := range v.on {
		need.add("term.shensha.on."+k, "ShenSha.On")
	}
	for k := range v.nature {
		need.add("term.nature."+k, "ShenSha.Nature")
	}
	for k := range v.relTypes {
		need.add("term.relation."+k, "Relation.Type")
	}
	for k := range v.relSubs {
		need.add("term.relation.sub."+k, "Relation.Subtype")
	}

	// Palaces: every Analysis field of type Palace or *Palace, by JSON name.
	pt := reflect.TypeOf(bazi.Palace{})
	at := reflect.TypeOf(bazi.Analysis{})
	palaces := 0
	for i := 0; i < at.NumField(); i++ {
		f := at.Field(i)
		if f.Type == pt || f.Type == reflect.PointerTo(pt) {
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			need.add("term.palace."+name, "Analysis."+f.Name)
			need.add("term.palace."+name+".desc", "Analysis."+f.Name)
			palaces++
		}
	}
	if palaces < 4 {
		t.Errorf("found %d palace fields in bazi.Analysis, want 4", palaces)
	}

	for pos := 0; pos < 4; pos++ {
		need.add("term.pillar."+bazi.PillarKey(pos), "PillarKey")
	}
	for _, g := range []bazi.Gender{bazi.Male, bazi.Female} {
		need.add("term.gender."+g.String(), "Gender")
	}
	for b := bazi.Branch(0); b < bazi.NumBranches; b++ {
		need.add("term.animal."+strings.ToLower(b.Animal()), "Branch.Animal "+b.String())
	}
	for _, r := range wrapping(16, func(i int) string { return bazi.HiddenRole(i).String() }) {
		need.add("term.hidden.role."+r, "HiddenRole")
	}
	need.add("term.kongwang", "KongWang")
	need.add("term.daymaster", "DayMaster")

	// Luck direction: a chart of each gender for the same birth runs one
	// forward and the other backward.
	for _, g := range []string{"male", "female"} {
		in, err := bazi.Request{Date: "1990-05-15", Time: "10:30", TZ: "Asia/Shanghai", Gender: g}.Parse()
		if err != nil {
			t.Fatal(err)
		}
		ch, err := bazi.Compute(in, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		need.add("term.luck.direction."+ch.Luck.Direction, "Luck.Direction")
	}

	need.check(t, c)
}

// The simplified Chinese names must be the engine's own names, so the
// glossary cannot drift from the engine's order.
func TestTermNamesMatchEngine(t *testing.T) {
	c := catalog(t)
	same := func(key, want string) {
		t.Helper()
		if got := c.T(i18n.SimplifiedChinese, key); got != want {
			t.Errorf("zh-Hans %s = %q, engine says %q", key, got, want)
		}
	}
	for g := bazi.TenGod(0); g < bazi.NumTenGods; g++ {
		same("term.tengod."+g.Key(), g.String())
	}
	for l := bazi.LifeStage(0); l < bazi.NumLifeStages; l++ {
		same("term.stage."+l.Key(), l.String())
	}
	for n := bazi.NaYin(0); n < bazi.NumNaYin; n++ {
		same("term.nayin."+strconv.Itoa(int(n)), n.String())
	}
	for s := bazi.Star(0); s < bazi.NumStars; s++ {
		same("term.shensha."+s.Key(), s.String())
	}
	for _, st := range bazi.SolarTerms() {
		same("term.solarterm."+st.Key, st.Name)
	}
	for _, k := range relationKinds() {
		if r := (bazi.Relation{Kind: k}); r.Subtype() != "" {
			same("term.relation.sub."+r.Subtype(), r.SubtypeName())
		}
	}
	for e := bazi.Element(0); e < 5; e++ {
		same("term.element."+e.Key(), e.String())
	}
	for _, r := range wrapping(16, func(i int) string { return bazi.HiddenRole(i).String() }) {
		var h bazi.HiddenRole
		if err := h.UnmarshalText([]byte(r)); err != nil {
			t.Fatal(err)
		}
		same("term.hidden.role."+r, h.Name())
	}
	// The messages that quote the supported range must quote the engine's.
	for _, l := range i18n.Langs {
		for _, key := range []string{"error.field.date.out_of_range", "error.field.liu_yue_year.out_of_range"} {
			msg := c.T(l, key)
			if !strings.Contains(msg, strconv.Itoa(bazi.MinYear)) || !strings.Contains(msg, strconv.Itoa(bazi.MaxYear)) {
				t.Errorf("%s %s = %q: does not name %d–%d", l, key, msg, bazi.MinYear, bazi.MaxYear)
			}
		}
	}
}

// goFiles parses the non-test Go files of a directory relative to this package.
func goFiles(t *testing.T, dir string) []*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			// Another engineer's file may be mid-edit; the compiler
			// would fail first anyway.
			t.Fatalf("parse %s: %v", p, err)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return out
}

func strLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

func typeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.StarExpr:
		return typeName(x.X)
	}
	return ""
}

// fieldErrors finds every (field, code) the sources can return: calls
// fieldErr("field", "code", …) and literals FieldError{Field: "…", Code: "…"}.
func fieldErrors(files []*ast.File) map[[2]string]bool {
	out := map[[2]string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if typeName(x.Fun) == "fieldErr" && len(x.Args) >= 2 {
					field, ok1 := strLit(x.Args[0])
					code, ok2 := strLit(x.Args[1])
					if ok1 && ok2 {
						out[[2]string{field, code}] = true
					}
				}
			case *ast.CompositeLit:
				if typeName(x.Type) == "FieldError" {
					var field, code string
					for _, el := range x.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						s, _ := strLit(kv.Value)
						switch typeName(kv.Key) {
						case "Field":
							field = s
						case "Code":
							code = s
						}
					}
					if field != "" && code != "" {
						out[[2]string{field, code}] = true
					}
				}
			}
			return true
		})
	}
	return out
}

// warningCodes finds the warning codes: constants named Warn… with a string
// value, and Warning{…} literals whose code is a string literal.
func warningCodes(files []*ast.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.ValueSpec:
				for i, name := range x.Names {
					if strings.HasPrefix(name.Name, "Warn") && i < len(x.Values) {
						if s, ok := strLit(x.Values[i]); ok {
							out[s] = true
						}
					}
				}
			case *ast.CompositeLit:
				if typeName(x.Type) == "Warning" && len(x.Elts) > 0 {
					e := x.Elts[0]
					for _, el := range x.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok && typeName(kv.Key) == "Code" {
							e = kv.Value
						}
					}
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						e = kv.Value
					}
					if s, ok := strLit(e); ok {
						out[s] = true
					}
				}
			}
			return true
		})
	}
	return out
}

func TestErrorAndWarningKeys(t *testing.T) {
	c := catalog(t)
	need := keySet{}
	engine := goFiles(t, filepath.Join("..", "..", "bazi"))
	app := goFiles(t, filepath.Join("..", "chartinput"))

	errs := fieldErrors(append(append([]*ast.File{}, engine...), app...))
	if len(errs) < 20 {
		t.Errorf("found only %d field errors in the sources: is the parser still matching?", len(errs))
	}
	for fc := range errs {
		need.add("error.field."+fc[0]+"."+fc[1], "FieldError in bazi/ or internal/chartinput/")
	}
	need.add("error.field.generic", "fallback")

	warns := warningCodes(engine)
	if len(warns) < 9 {
		t.Errorf("found only %d warning codes in bazi/: is the parser still matching?", len(warns))
	}
	for w := range warns {
		need.add("warning."+w, "Warning code in bazi/")
	}
	need.check(t, c)
}

// Every glossary key in one language has the same placeholders in the
// others, so a translation cannot drop or invent an argument.
func TestGlossaryPlaceholders(t *testing.T) {
	c := catalog(t)
	for _, k := range c.Keys() {
		if !strings.HasPrefix(k, "term.") && !strings.HasPrefix(k, "warning.") && !strings.HasPrefix(k, "error.field.") {
			continue
		}
		en := placeholders(c.T(i18n.English, k))
		for _, l := range i18n.Langs[1:] {
			if got := placeholders(c.T(l, k)); got != en {
				t.Errorf("%s %s has placeholders %q, English has %q", l, k, got, en)
			}
		}
	}
}

func placeholders(s string) string {
	var ps []string
	for i := 0; i < 10; i++ {
		if p := "{" + strconv.Itoa(i) + "}"; strings.Contains(s, p) {
			ps = append(ps, p)
		}
	}
	return strings.Join(ps, "")
}
