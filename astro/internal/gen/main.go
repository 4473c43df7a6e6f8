// Command gen writes astro/ephem.bin: Chebyshev series fitted to
// astronomy-engine's geocentric apparent ecliptic-of-date longitude and
// latitude of the Sun, the Moon and the planets from late 1799 to early 2201
// (Terrestrial Time).
//
// It runs sample.js under node against the astronomy-engine package in
// $ASTRO_REF_DIR (a node_modules directory; default
// .cache/astronomy-engine/node_modules under the module root, which
// `make astro-ref` fills). Each segment is interpolated at its Chebyshev
// nodes (cos(π(k+½)/n)), which is within a hair of the best uniform fit.
//
//	go run ./internal/gen [-ref DIR] [-out ephem.bin] [-stride K] [-verify N]
//
// -stride K fits only every K-th segment of each body (the others stay
// zero): the freshness test compares that slice with the committed file.
// -verify N samples N random instants per body and prints the largest fit
// error to stderr.
//
// File layout (little-endian): "ASTROEPH", uint32 body count; per body:
// float64 start (TT days from J2000), float64 segment length (days), uint32
// segments, uint32 longitude coefficients, uint32 latitude coefficients;
// then per body, per segment, the longitude then the latitude coefficients
// as float32 (degrees; the longitude is unwrapped within a segment).
package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
)

// Version is the astronomy-engine release the table is fitted to.
const Version = "2.1.19"

//go:embed sample.js
var sampleJS []byte

// Start and End bound the fit in TT days from J2000 (1799-11-10 to
// 2201-04-25): the supported birth years 1800–2200 with a margin for time
// zones and ΔT.
const (
	Start = -73100.0
	End   = 73600.0
)

// body is one fitted body: its astronomy-engine name, segment length and
// the number of Chebyshev coefficients kept for longitude and latitude.
// The sizes keep the fit error under a tenth of the accuracy bar (Sun
// 0.001°, Moon and planets 0.005°); see the report of -verify.
type body struct {
	name       string
	days       float64
	nLon, nLat int
}

// Bodies in the engine's order (astro.Sun … astro.Pluto).
var bodies = []body{
	{name: "Sun", days: 64, nLon: 14, nLat: 6},
	{name: "Moon", days: 32, nLon: 28, nLat: 22},
	{name: "Mercury", days: 32, nLon: 18, nLat: 14},
	{name: "Venus", days: 64, nLon: 16, nLat: 14},
	{name: "Mars", days: 64, nLon: 14, nLat: 10},
	{name: "Jupiter", days: 128, nLon: 16, nLat: 8},
	{name: "Saturn", days: 128, nLon: 16, nLat: 8},
	{name: "Uranus", days: 128, nLon: 14, nLat: 8},
	{name: "Neptune", days: 128, nLon: 14, nLat: 8},
	{name: "Pluto", days: 128, nLon: 14, nLat: 10},
}

func main() {
	ref := flag.String("ref", "", "node_modules directory holding astronomy-engine (default $ASTRO_REF_DIR or .cache/astronomy-engine/node_modules)")
	out := flag.String("out", "ephem.bin", "output file")
	stride := flag.Int("stride", 1, "fit only every K-th segment")
	verify := flag.Int("verify", 0, "random instants per body to check the fit at")
	only := flag.String("body", "", "fit only this body (with -verify, for tuning)")
	flag.Parse()
	if *ref == "" {
		*ref = os.Getenv("ASTRO_REF_DIR")
	}
	if *ref == "" {
		*ref = filepath.Join("..", ".cache", "astronomy-engine", "node_modules")
	}
	dir, err := filepath.Abs(*ref)
	if err != nil {
		log.Fatal(err)
	}
	ver, err := os.ReadFile(filepath.Join(dir, "astronomy-engine", "package.json"))
	if err != nil {
		log.Fatalf("astronomy-engine not installed in %s (make astro-ref): %v", dir, err)
	}
	var pkg struct{ Version string }
	if err := json.Unmarshal(ver, &pkg); err != nil || pkg.Version != Version {
		log.Fatalf("astronomy-engine %s found, want %s", pkg.Version, Version)
	}
	n, err := startNode(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer n.close()

	var buf bytes.Buffer
	buf.WriteString("ASTROEPH")
	le := binary.LittleEndian
	buf.Write(le.AppendUint32(nil, uint32(len(bodies))))
	for _, b := range bodies {
		nseg := int(math.Ceil((End - Start) / b.days))
		buf.Write(le.AppendUint64(nil, math.Float64bits(Start)))
		buf.Write(le.AppendUint64(nil, math.Float64bits(b.days)))
		buf.Write(le.AppendUint32(nil, uint32(nseg)))
		buf.Write(le.AppendUint32(nil, uint32(b.nLon)))
		buf.Write(le.AppendUint32(nil, uint32(b.nLat)))
	}
	for _, b := range bodies {
		if *only != "" && b.name != *only {
			continue
		}
		nseg := int(math.Ceil((End - Start) / b.days))
		coef := make([]float32, nseg*(b.nLon+b.nLat))
		var segs []int
		for s := 0; s < nseg; s += *stride {
			segs = append(segs, s)
		}
		for len(segs) > 0 {
			k := min(len(segs), 256)
			fitSegments(n, b, segs[:k], coef)
			segs = segs[k:]
		}
		for _, c := range coef {
			buf.Write(le.AppendUint32(nil, math.Float32bits(c)))
		}
		if *verify > 0 {
			verifyBody(n, b, coef, *stride, *verify)
		}
	}
	if *only != "" {
		return
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}

// fitSegments interpolates the given segments of b at their Chebyshev
// nodes, asking node for all of them at once.
func fitSegments(n *node, b body, segs []int, coef []float32) {
	m := b.nLon
	tt := make([]float64, 0, m*len(segs))
	for _, s := range segs {
		t0 := Start + float64(s)*b.days
		for k := range m {
			x := math.Cos(math.Pi * (float64(k) + 0.5) / float64(m))
			tt = append(tt, t0+(x+1)/2*b.days)
		}
	}
	all := n.query(b.name, tt)
	for i, s := range segs {
		fitSegment(b, all[i*m:(i+1)*m], coef[s*(b.nLon+b.nLat):(s+1)*(b.nLon+b.nLat)])
	}
}

// fitSegment fits one segment from its node values.
func fitSegment(b body, res [][2]float64, dst []float32) {
	m := b.nLon
	lon := make([]float64, m)
	lat := make([]float64, m)
	for k := range m {
		lon[k], lat[k] = res[k][0], res[k][1]
		if k > 0 { // unwrap against the previous node
			for lon[k]-lon[k-1] > 180 {
				lon[k] -= 360
			}
			for lon[k]-lon[k-1] < -180 {
				lon[k] += 360
			}
		}
	}
	// Keep the constant term in [0, 360).
	shift := 360 * math.Floor(lon[m/2]/360)
	for k := range lon {
		lon[k] -= shift
	}
	cl := cheb(lon)
	ca := cheb(lat)
	for j := range b.nLon {
		dst[j] = float32(cl[j])
	}
	for j := range b.nLat {
		dst[b.nLon+j] = float32(ca[j])
	}
}

// cheb returns the Chebyshev coefficients interpolating f at the nodes
// cos(π(k+½)/n), with the constant term halved as the evaluator expects
// (f ≈ Σ c_j T_j).
func cheb(f []float64) []float64 {
	n := len(f)
	c := make([]float64, n)
	for j := range n {
		s := 0.0
		for k := range n {
			s += f[k] * math.Cos(math.Pi*float64(j)*(float64(k)+0.5)/float64(n))
		}
		c[j] = 2 * s / float64(n)
	}
	c[0] /= 2
	return c
}

func eval(c []float32, x float64) float64 {
	var b1, b2 float64
	for j := len(c) - 1; j >= 1; j-- {
		b1, b2 = 2*x*b1-b2+float64(c[j]), b1
	}
	return x*b1 - b2 + float64(c[0])
}

func verifyBody(n *node, b body, coef []float32, stride, count int) {
	r := rand.New(rand.NewPCG(1, 2))
	nseg := len(coef) / (b.nLon + b.nLat)
	var tt []float64
	for len(tt) < count {
		s := r.IntN(nseg)
		if s%stride != 0 {
			continue
		}
		tt = append(tt, Start+(float64(s)+r.Float64())*b.days)
	}
	res := n.query(b.name, tt)
	var maxLon, maxLat float64
	for i, t := range tt {
		s := int((t - Start) / b.days)
		c := coef[s*(b.nLon+b.nLat):]
		x := 2*(t-Start-float64(s)*b.days)/b.days - 1
		dl := math.Abs(math.Remainder(eval(c[:b.nLon], x)-res[i][0], 360))
		da := math.Abs(eval(c[b.nLon:b.nLon+b.nLat], x) - res[i][1])
		maxLon = max(maxLon, dl)
		maxLat = max(maxLat, da)
	}
	fmt.Fprintf(os.Stderr, "%-8s %4.0f d  %2d/%2d coef  max error lon %.6f° lat %.6f° (%d instants)\n",
		b.name, b.days, b.nLon, b.nLat, maxLon, maxLat, len(tt))
}

// node is a running sample.js.
type node struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startNode(dir string) (*node, error) {
	f, err := os.CreateTemp("", "astro-sample-*.js")
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(sampleJS); err != nil {
		return nil, err
	}
	f.Close()
	cmd := exec.Command("node", f.Name(), dir)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { cmd.Wait(); os.Remove(f.Name()) }()
	return &node{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20)}, nil
}

func (n *node) close() { n.in.Close() }

// query asks for one body at many instants; sample.js answers each line
// with one line.
func (n *node) query(name string, tt []float64) [][2]float64 {
	req, _ := json.Marshal(struct {
		B  string    `json:"b"`
		TT []float64 `json:"tt"`
	}{name, tt})
	req = append(req, '\n')
	if _, err := n.in.Write(req); err != nil {
		log.Fatal(err)
	}
	line, err := n.out.ReadBytes('\n')
	if err != nil {
		log.Fatalf("sample.js: %v", err)
	}
	var res [][2]float64
	if err := json.Unmarshal(line, &res); err != nil {
		log.Fatalf("sample.js: %v", err)
	}
	if len(res) != len(tt) {
		log.Fatalf("sample.js: %d answers for %d instants", len(res), len(tt))
	}
	return res
}
