package astro

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"testing"
	"time"
)

// Accuracy bars against astronomy-engine (degrees).
var diffTol = [numFitted]float64{Sun: 0.01, Moon: 0.05, Mercury: 0.05, Venus: 0.05, Mars: 0.05,
	Jupiter: 0.05, Saturn: 0.05, Uranus: 0.05, Neptune: 0.05, Pluto: 0.05}

const (
	angleTol = 0.1   // ascendant and midheaven, degrees
	lstTol   = 1e-6  // local sidereal time, hours (the formulas are ported)
	speedTol = 0.001 // rate of longitude, degrees per day, beside a ±1 h difference
)

type refChart struct {
	B    [numFitted][3]float64 `json:"b"`
	LST  float64               `json:"lst"`
	Tobl float64               `json:"tobl"`
	Asc  float64               `json:"asc"`
	MC   float64               `json:"mc"`
}

// TestDifferential compares positions, rates, sidereal time, ascendant and
// midheaven with astronomy-engine at random instants 1800–2200 (UTC) and
// random places within the Placidus latitudes, through one node process.
func TestDifferential(t *testing.T) {
	ref := refDir(t)
	n := 10000
	if testing.Short() {
		n = 1000
	}
	r := rand.New(rand.NewPCG(18, 2026))
	lo := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	type sample struct {
		t        time.Time
		lat, lon float64
	}
	samples := make([]sample, n)
	for i := range samples {
		samples[i] = sample{
			t:   time.Unix(lo+r.Int64N(hi-lo), 0).UTC(),
			lat: (r.Float64()*2 - 1) * PlacidusMaxLat,
			lon: (r.Float64()*2 - 1) * 180,
		}
	}

	cmd := exec.Command("node", "testdata/ref.js", ref)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, s := range samples {
			fmt.Fprintf(w, `{"ut":%s,"lat":%s,"lon":%s}`+"\n", jsonNum(utDays(s.t)), jsonNum(s.lat), jsonNum(s.lon))
		}
		w.Flush()
		stdin.Close()
	}()
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<16), 1<<20)

	var maxLon, maxLat, maxSpeed [numFitted]float64
	var maxAsc, maxMC, maxLST float64
	failures := 0
	fail := func(format string, args ...any) {
		if failures++; failures <= 20 {
			t.Errorf(format, args...)
		}
	}
	for i, s := range samples {
		if !sc.Scan() {
			t.Fatalf("ref.js stopped after %d answers: %v", i, sc.Err())
		}
		var want refChart
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		got, err := Positions(s.t)
		if err != nil {
			t.Fatal(err)
		}
		for b := range numFitted {
			p, w := got[b], want.B[b]
			dl := math.Abs(math.Remainder(p.Lon-w[0], 360))
			da := math.Abs(p.Lat - w[1])
			ds := math.Abs(p.Speed - w[2])
			maxLon[b], maxLat[b], maxSpeed[b] = max(maxLon[b], dl), max(maxLat[b], da), max(maxSpeed[b], ds)
			if dl > diffTol[b] || da > diffTol[b] {
				fail("%s %s: lon %.5f lat %.5f, astronomy-engine %.5f %.5f", s.t.Format(time.RFC3339), Body(b), p.Lon, p.Lat, w[0], w[1])
			}
			if ds > speedTol || (math.Abs(w[2]) > speedTol && p.Retrograde != (w[2] < 0)) {
				fail("%s %s: speed %.6f°/d, astronomy-engine %.6f", s.t.Format(time.RFC3339), Body(b), p.Speed, w[2])
			}
		}
		a, err := AnglesAt(s.t, s.lat, s.lon)
		if err != nil {
			t.Fatal(err)
		}
		dAsc := math.Abs(math.Remainder(a.Ascendant-want.Asc, 360))
		dMC := math.Abs(math.Remainder(a.Midheaven-want.MC, 360))
		dLST := math.Abs(math.Remainder(a.LST-want.LST, 24))
		maxAsc, maxMC, maxLST = max(maxAsc, dAsc), max(maxMC, dMC), max(maxLST, dLST)
		if dAsc > angleTol || dMC > angleTol || dLST > lstTol {
			fail("%s at %.4f %.4f: asc %.5f mc %.5f lst %.8f, astronomy-engine %.5f %.5f %.8f",
				s.t.Format(time.RFC3339), s.lat, s.lon, a.Ascendant, a.Midheaven, a.LST, want.Asc, want.MC, want.LST)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	for b := range numFitted {
		t.Logf("%-8s max |Δlon| %.6f°  |Δlat| %.6f°  |Δspeed| %.6f°/d", Body(b), maxLon[b], maxLat[b], maxSpeed[b])
	}
	t.Logf("ascendant max |Δ| %.2e°, midheaven %.2e°, LST %.2e h (%d instants)", maxAsc, maxMC, maxLST, n)
}

func jsonNum(v float64) string { b, _ := json.Marshal(v); return string(b) }
