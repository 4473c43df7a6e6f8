package aiprice

import (
	"math"
	"strings"
	"testing"
)

func TestDefaultsPriceTheAppsDefaultModels(t *testing.T) {
	d := Defaults()
	// The models config and the reading package default to.
	for _, m := range []string{"gpt-4o-mini", "claude-sonnet-4-5", "claude-haiku-4-5"} {
		if p, ok := d.Lookup(m); !ok || p.InputPerMTok <= 0 || p.OutputPerMTok < p.InputPerMTok {
			t.Errorf("%s: %+v %v", m, p, ok)
		}
	}
}

func TestCost(t *testing.T) {
	p := Price{InputPerMTok: 0.15, OutputPerMTok: 0.60}
	// 1,000,000 in + 500,000 out = 0.15 + 0.30.
	if got := p.Cost(1_000_000, 500_000); math.Abs(got-0.45) > 1e-12 {
		t.Fatalf("cost %v", got)
	}
	if got := (Price{}).Cost(1e9, 1e9); got != 0 {
		t.Fatalf("free model cost %v", got)
	}
}

func TestLookupDatedSnapshotsOnly(t *testing.T) {
	d := Defaults()
	if p, ok := d.Lookup("claude-sonnet-4-5-20250929"); !ok || p != d["claude-sonnet-4-5"] {
		t.Fatalf("dated Anthropic snapshot: %+v %v", p, ok)
	}
	if p, ok := d.Lookup("GPT-4o-mini-2024-07-18"); !ok || p != d["gpt-4o-mini"] {
		t.Fatalf("dated OpenAI snapshot: %+v %v", p, ok)
	}
	for _, m := range []string{"gpt-4o-mini-search", "gpt-4", "", "builtin-v1", "gpt-4o-mini-2024-07"} {
		if p, ok := d.Lookup(m); ok {
			t.Errorf("%q priced as %+v", m, p)
		}
	}
}

func TestParse(t *testing.T) {
	got, err := Parse(" gpt-4o-mini = 0.2/0.8 ; My-Model=$1/2;; qwen/qwen3:8b=0/0 ")
	if err != nil {
		t.Fatal(err)
	}
	want := Table{"gpt-4o-mini": {0.2, 0.8}, "my-model": {1, 2}, "qwen/qwen3:8b": {0, 0}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %+v, want %+v", k, got[k], v)
		}
	}
	merged := Defaults().With(got)
	if merged["gpt-4o-mini"] != (Price{0.2, 0.8}) || merged["claude-sonnet-4-5"] != Defaults()["claude-sonnet-4-5"] {
		t.Fatalf("override: %v", merged)
	}
	if Defaults()["gpt-4o-mini"] != (Price{0.15, 0.60}) {
		t.Fatal("With changed the defaults")
	}
}

func TestParseRefusesNamingTheEntry(t *testing.T) {
	for _, bad := range []string{
		"gpt-4o-mini", "gpt-4o-mini=0.15", "=1/2", "gpt 4o=1/2", "gpt-4o=abc/1", "gpt-4o=1/-2",
		"gpt-4o=NaN/1", "gpt-4o=inf/1", "gpt-4o=1e3/1", "gpt-4o=0x10/1", "gpt-4o=1/2/3", "gpt-4o=99999/1",
		"gpt-4o=1/2;GPT-4o=3/4", "gpt-4o=./1", "gpt-4o=1_0/2",
	} {
		_, err := Parse("ok-model=1/2;" + bad)
		if err == nil {
			t.Errorf("%q accepted", bad)
			continue
		}
		ee, ok := err.(*EntryError)
		if !ok || !strings.Contains(bad, strings.SplitN(ee.Entry, "=", 2)[0]) || ee.Entry == "ok-model=1/2" {
			t.Errorf("%q: error does not name the entry: %v", bad, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "gpt-4o-mini=0.15/0.60;claude-3-5-haiku-latest=0.80/4", "a=1/2;a=1/2", "x=$0.5/.5", "=;=/", "m=1e400/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := Parse(s)
		if err != nil {
			if _, ok := err.(*EntryError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		for m, p := range tab {
			if !modelName.MatchString(m) {
				t.Fatalf("model name %q", m)
			}
			for _, v := range []float64{p.InputPerMTok, p.OutputPerMTok} {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > maxPerMTok {
					t.Fatalf("%s price %v", m, v)
				}
			}
			if got, ok := tab.Lookup(m); !ok || got != p {
				t.Fatalf("%s does not look itself up", m)
			}
		}
	})
}

func TestQuote(t *testing.T) {
	d := Defaults()
	if q := d.Quote("builtin", "builtin-v1", 5000, 5000); !q.Free || !q.Priced || q.USD != 0 {
		t.Fatalf("built-in: %+v", q)
	}
	if q := d.Quote("openai", "gpt-4o-mini", 2_000_000, 1_000_000); !q.Priced || math.Abs(q.USD-0.90) > 1e-12 {
		t.Fatalf("gpt-4o-mini: %+v", q)
	}
	if q := d.Quote("openai", "house-model", 10, 10); q.Priced || q.Free || q.USD != 0 {
		t.Fatalf("unknown model: %+v", q)
	}
}

// BenchmarkQuote is the per-row pricing of the AI page, a dated snapshot
// name (the slower path) included.
func BenchmarkQuote(b *testing.B) {
	d := Defaults()
	b.ReportAllocs()
	for b.Loop() {
		d.Quote("openai", "gpt-4o-mini", 1_200_000, 600_000)
		d.Quote("anthropic", "claude-sonnet-4-5-20250929", 100_000, 20_000)
	}
}
