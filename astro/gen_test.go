package astro

import (
	"bytes"
	"testing"

	"github.com/bazi-master/bazi-master/internal/noderef"
)

// TestEphemUpToDate regenerates ephem.bin from the installed
// astronomy-engine and compares it with the committed file: all of it, or
// under -short every 37th segment of each body.
func TestEphemUpToDate(t *testing.T) {
	var args []string
	stride := 1
	if testing.Short() {
		stride = 37
		args = append(args, "-stride", "37")
	}
	got := noderef.Regenerate(t, refDir(t), "ephem.bin", args...)
	if stride == 1 {
		if !bytes.Equal(got, ephemBin) {
			t.Error("ephem.bin is stale: run go generate ./astro")
		}
		return
	}
	if len(got) != len(ephemBin) {
		t.Fatalf("ephem.bin is stale: %d bytes, regenerated %d", len(ephemBin), len(got))
	}
	fresh := decodeEphem(got)
	for b := range fresh {
		f, c := &fresh[b], &ephem[b]
		if f.start != c.start || f.days != c.days || f.nseg != c.nseg || f.nLon != c.nLon || f.nLat != c.nLat {
			t.Fatalf("%s: layout changed: run go generate ./astro", Body(b))
		}
		n := f.nLon + f.nLat
		for s := 0; s < f.nseg; s += stride {
			for j := s * n; j < (s+1)*n; j++ {
				if f.coef[j] != c.coef[j] {
					t.Fatalf("%s segment %d differs: ephem.bin is stale (go generate ./astro)", Body(b), s)
				}
			}
		}
	}
}
