package ziwei

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

// refCase is one birth of the differential test: the Birth and Options
// given to Compute, the iztro call that should match, and a horoscope year.
type refCase struct {
	b    Birth
	o    Options
	q    refQuery
	note string
}

// refQuery is a line of dump.js input.
type refQuery struct {
	Date string `json:"date"`
	TI   int    `json:"ti"`
	G    string `json:"g"`
	Fix  bool   `json:"fix"`
	DD   string `json:"dd"`
	Year int    `json:"year"`
}

// The expected dump.js output line, field for field (JSON.stringify order).
type refBoard struct {
	Lunar    [4]any      `json:"lunar"`
	Year     string      `json:"year"`
	Soul     string      `json:"soul"`
	Body     string      `json:"body"`
	SoulStar string      `json:"soulStar"`
	BodyStar string      `json:"bodyStar"`
	Cls      string      `json:"cls"`
	P        [12][14]any `json:"p"`
	H        *refHoro    `json:"h,omitempty"`
}

type refHoro struct {
	Age   int        `json:"age"`
	DName string     `json:"dname"`
	D     refPeriod  `json:"d"`
	A     refPeriod  `json:"a"`
	Y     refPeriod  `json:"y"`
	Sq    [12]string `json:"sq"`
	Jq    [12]string `json:"jq"`
}

type refPeriod struct {
	I  int           `json:"i"`
	S  string        `json:"s"`
	B  string        `json:"b"`
	M  [4]string     `json:"m"`
	St *[12][]string `json:"st"`
}

func starStrings(ss []Star) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.ID.Name()+"|"+s.Brightness.String()+"|"+s.Mutagen.String()+"|"+s.Kind.String())
	}
	return out
}

func periodRef(p *Period, withStars bool) refPeriod {
	r := refPeriod{I: p.Index, S: p.Stem.String(), B: p.Branch.String()}
	for i, m := range p.Mutagen {
		r.M[i] = m.Name()
	}
	if withStars {
		var st [12][]string
		for i := range st {
			st[i] = starStrings(p.Stars[i])
		}
		r.St = &st
	}
	return r
}

// expectLine renders our board (and horoscope) the way dump.js renders
// iztro's.
func expectLine(bd *Board, h *Horoscope) string {
	r := refBoard{
		Lunar:    [4]any{bd.Lunar.Year, bd.Lunar.Month, bd.Lunar.Day, bd.Lunar.Leap},
		Year:     bd.YearStem.String() + bd.YearBranch.String(),
		Soul:     bd.Soul.String(),
		Body:     bd.Body.String(),
		SoulStar: bd.SoulStar.Name(),
		BodyStar: bd.BodyStar.Name(),
		Cls:      bd.Class.String(),
	}
	for i := range bd.Palaces {
		p := &bd.Palaces[i]
		r.P[i] = [14]any{p.Name.String(), p.Stem.String(), p.Branch.String(), p.IsBody, p.IsOrigin,
			starStrings(p.Major), starStrings(p.Minor), starStrings(p.Adjective),
			p.Changsheng.Name(), p.Boshi.Name(), p.Jiangqian.Name(), p.Suiqian.Name(),
			[2]int{p.Decade.Start, p.Decade.End}, p.Ages}
	}
	if h != nil {
		x := &refHoro{Age: h.NominalAge, DName: h.DecadalScope().String(),
			D: periodRef(&h.Decadal, true), A: periodRef(&h.Age, false), Y: periodRef(&h.Yearly, true)}
		// Where iztro finds no period it keeps its placeholders: the
		// untranslated stem "jia" (and branch "zi" for 小限), while the stars
		// and 四化 are those of 甲子, as ours.
		if h.Decadal.Index < 0 {
			x.D.S = "jia"
		}
		if h.Age.Index < 0 {
			x.A.S, x.A.B = "jia", "zi"
		}
		for i := 0; i < 12; i++ {
			x.Sq[i], x.Jq[i] = h.Suiqian[i].Name(), h.Jiangqian[i].Name()
		}
		r.H = x
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&r); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// refCases draws n births 1900–2100 with a fixed seed: every 时辰, both
// genders, a share in leap months (both halves), on lunar new year's day
// and eve, on the last day of a lunar month at late 子, and with the
// non-default options; each with a horoscope year 1900–2150.
func refCases(n int) []refCase {
	rng := rand.New(rand.NewPCG(20240601, 0x5a17e1))
	lo := daysFromCivil(1900, 2, 1)
	hi := daysFromCivil(2100, 12, 30)
	var cases []refCase
	for len(cases) < n {
		i := len(cases)
		ti := i % 13
		var days int
		note := "random"
		switch k := rng.IntN(20); {
		case k < 3: // in a leap month, either half
			for {
				ly := 1900 + rng.IntN(200)
				lm := bazi.LunarLeapMonth(ly)
				if lm == 0 {
					continue
				}
				y, m, d, err := bazi.LunarToSolar(bazi.LunarDate{Year: ly, Month: lm, Day: 1 + rng.IntN(29), Leap: true})
				if err != nil {
					panic(err)
				}
				days, note = daysFromCivil(y, m, d), "leap month"
				break
			}
		case k == 3: // lunar new year's day or eve
			ly := 1901 + rng.IntN(199)
			y, m, d, err := bazi.LunarToSolar(bazi.LunarDate{Year: ly, Month: 1, Day: 1})
			if err != nil {
				panic(err)
			}
			days, note = daysFromCivil(y, m, d)-rng.IntN(2), "new year"
		case k == 4: // last day of a lunar month (or a leap month), late 子
			for {
				days = lo + rng.IntN(hi-lo)
				y, m, d := civilFromDays(days)
				a, _ := bazi.SolarToLunar(y, m, d)
				y, m, d = civilFromDays(days + 1)
				b, _ := bazi.SolarToLunar(y, m, d)
				if b.Day == 1 && (a.Leap || rng.IntN(4) == 0) {
					break
				}
			}
			ti, note = 12, "month end"
		default:
			days = lo + rng.IntN(hi-lo)
		}
		y, m, d := civilFromDays(days)
		g := bazi.Gender(rng.IntN(2))
		b := Birth{Year: y, Month: m, Day: d, Gender: g, Minute: rng.IntN(60)}
		switch ti {
		case 0:
			b.Hour = 0
		case 12:
			b.Hour = 23
		default:
			b.Hour = 2*ti - 1 + rng.IntN(2)
		}
		var o Options
		switch k := rng.IntN(20); {
		case k < 2:
			o.Leap = LeapWhole
		case k < 4:
			o.Zi = ZiSameDay
		case k < 6:
			o.Zi = ZiNextDay
		case k == 6:
			o = Options{Leap: LeapWhole, Zi: ZiNextDay}
		}
		q := refQuery{TI: ti, G: g.String(), Fix: o.Leap == LeapFix, DD: "forward", Year: 1900 + rng.IntN(251)}
		qd := days
		switch {
		case ti == 12 && o.Zi == ZiSameDay:
			q.DD = "current"
		case ti == 12 && o.Zi == ZiNextDay: // our rule, stated as an iztro call
			qd++
			q.TI = 0
		}
		qy, qm, qdd := civilFromDays(qd)
		q.Date = fmt.Sprintf("%d-%d-%d", qy, qm, qdd)
		cases = append(cases, refCase{b: b, o: o, q: q, note: note})
	}
	return cases
}

// runDump pipes the queries through dump.js (two node processes, one per
// core) and returns its output lines in order.
func runDump(t *testing.T, ref string, qs []refQuery, env ...string) []string {
	t.Helper()
	const workers = 2
	out := make([][]string, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	per := (len(qs) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := min(w*per, len(qs)), min((w+1)*per, len(qs))
		wg.Add(1)
		go func(w int, qs []refQuery) {
			defer wg.Done()
			var in bytes.Buffer
			enc := json.NewEncoder(&in)
			for _, q := range qs {
				if err := enc.Encode(q); err != nil {
					errs[w] = err
					return
				}
			}
			cmd := exec.Command("node", "testdata/dump.js", ref)
			cmd.Env = append(cmd.Environ(), env...)
			cmd.Stdin = &in
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			raw, err := cmd.Output()
			if err != nil {
				errs[w] = fmt.Errorf("dump.js: %v\n%s", err, stderr.String())
				return
			}
			sc := bufio.NewScanner(bytes.NewReader(raw))
			sc.Buffer(make([]byte, 1<<20), 1<<24)
			for sc.Scan() {
				out[w] = append(out[w], sc.Text())
			}
		}(w, qs[lo:hi])
	}
	wg.Wait()
	var lines []string
	for w := range out {
		if errs[w] != nil {
			t.Fatal(errs[w])
		}
		lines = append(lines, out[w]...)
	}
	if len(lines) != len(qs) {
		t.Fatalf("dump.js wrote %d lines for %d births", len(lines), len(qs))
	}
	return lines
}

// TestDiffIztro compares boards and horoscopes with iztro 2.6.1 on 20,000
// seeded random births (2,000 under -short).
func TestDiffIztro(t *testing.T) {
	ref := refDir(t)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	cases := refCases(n)
	qs := make([]refQuery, len(cases))
	for i := range cases {
		qs[i] = cases[i].q
	}
	start := time.Now()
	lines := runDump(t, ref, qs)
	t.Logf("iztro: %d boards in %v", n, time.Since(start).Round(time.Millisecond))

	var bd Board
	var h Horoscope
	bad := 0
	notes := map[string]int{}
	for i, c := range cases {
		notes[c.note]++
		if err := ComputeInto(&bd, c.b, c.o); err != nil {
			t.Fatalf("%+v %+v: %v", c.b, c.o, err)
		}
		bd.HoroscopeInto(&h, c.q.Year)
		got := expectLine(&bd, &h)
		if got == lines[i] {
			continue
		}
		bad++
		if bad <= 5 {
			t.Errorf("birth %+v options %+v (%s), iztro %+v:\n%s", c.b, c.o, c.note, c.q, diffJSON(got, lines[i]))
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d boards differ", bad, n)
	}
	t.Logf("cases: %v", notes)
}

// TestDumpMemoNeutral checks that dump.js's memoization of iztro's pure
// lookups changes no board: a sample dumped without it is identical.
func TestDumpMemoNeutral(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	ref := refDir(t)
	cases := refCases(60)
	qs := make([]refQuery, len(cases))
	for i := range cases {
		qs[i] = cases[i].q
	}
	a := runDump(t, ref, qs)
	b := runDump(t, ref, qs, "ZIWEI_NO_MEMO=1")
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("memoized dump differs for %+v:\n%s", qs[i], diffJSON(a[i], b[i]))
		}
	}
}

// diffJSON lists the paths where two JSON documents differ (ours, iztro's).
func diffJSON(ours, theirs string) string {
	var a, b any
	if err := json.Unmarshal([]byte(ours), &a); err != nil {
		return "ours: " + err.Error()
	}
	if err := json.Unmarshal([]byte(theirs), &b); err != nil {
		return "iztro: " + err.Error() + ": " + theirs
	}
	var sb strings.Builder
	walkDiff(&sb, "", a, b)
	return sb.String()
}

func walkDiff(sb *strings.Builder, path string, a, b any) {
	switch av := a.(type) {
	case map[string]any:
		if bv, ok := b.(map[string]any); ok {
			for k := range av {
				walkDiff(sb, path+"."+k, av[k], bv[k])
			}
			for k := range bv {
				if _, ok := av[k]; !ok {
					fmt.Fprintf(sb, "  %s: ours missing, iztro %v\n", path+"."+k, bv[k])
				}
			}
			return
		}
	case []any:
		if bv, ok := b.([]any); ok && len(av) == len(bv) {
			for i := range av {
				walkDiff(sb, path+"["+strconv.Itoa(i)+"]", av[i], bv[i])
			}
			return
		}
	}
	if !reflect.DeepEqual(a, b) {
		fmt.Fprintf(sb, "  %s: ours %v, iztro %v\n", path, a, b)
	}
}
