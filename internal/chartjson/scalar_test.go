package chartjson

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"
)

// marshalRefs returns encoding/json's bytes for v and fails when goccy/go-json
// (the server's encoder) writes different ones.
func marshalRefs(t testing.TB, v any) []byte {
	t.Helper()
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := gojson.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, gc) {
		t.Fatalf("%#v: encoding/json %s, goccy %s", v, want, gc)
	}
	return want
}

var stringCases = []string{
	"", "plain", "北京", "Lù'ān", "<script>alert(1)</script>", "a&b", "x>y", "\u2028", "\u2029", "a\u2028b\u2029c",
	"\xff", "\xfe\xff", "北京\xe4\xb8", "\xe4\xb8", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\"", "\\", `"quoted" \ back`,
	"\x00", "\x01\x02\x1e\x1f", "\b\f\n\r\t", "\x7f", "\u0085\u00a0", "\U0001F600", "\ufffd", "\ufeff",
	"Asia/Shanghai", "+08:00", "1988-02-15\u2028", " Female\t",
}

// TestString checks the string appender against encoding/json and goccy.
func TestString(t *testing.T) {
	all := ""
	for _, s := range stringCases {
		all += s
		want := marshalRefs(t, s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
		if got := appendString([]byte("prefix"), s); !bytes.Equal(got[6:], want) || string(got[:6]) != "prefix" {
			t.Errorf("%q after a prefix: got %s", s, got)
		}
	}
	if got, want := appendString(nil, all), marshalRefs(t, all); !bytes.Equal(got, want) {
		t.Errorf("all cases together: got %s, want %s", got, want)
	}
	// Every byte alone and after a lead byte.
	for b := 0; b < 256; b++ {
		for _, s := range []string{string([]byte{byte(b)}), "\xe2\x80" + string([]byte{byte(b)}), "é" + string([]byte{byte(b)}) + "<"} {
			if got, want := appendString(nil, s), marshalRefs(t, s); !bytes.Equal(got, want) {
				t.Errorf("%q: got %s, want %s", s, got, want)
			}
		}
	}
	if got := appendString(nil, "\x00<\u2028\xff"); string(got) != `"\u0000\u003c\u2028\ufffd"` {
		t.Errorf("escapes: %s", got)
	}
}

// FuzzAppendJSONString compares the string appender with encoding/json
// (and goccy/go-json) on arbitrary bytes.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range stringCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if gc, _ := gojson.Marshal(s); !bytes.Equal(gc, want) {
			t.Fatalf("%q: goccy %s, encoding/json %s", s, gc, want)
		}
		if !utf8.Valid(appendString(nil, s)) {
			t.Fatalf("%q: invalid UTF-8 out", s)
		}
	})
}

var floatCases = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, 0.5, 1.5, 100.25, -123.456, 1e-6, 9.999999999999999e-7, 1e-7, -1e-7, 1.5e-7, 1e-10, 1e-100, 5e-324,
	1e20, 1e21, -1e21, 1.23e25, 1e100, math.MaxFloat64, -math.MaxFloat64, 1 << 53, 1<<53 - 1, 1<<53 + 2, -(1 << 53), 1 << 62, 1 << 63,
	123456789012345678, 0.3, 2.0 / 3, 116.4, 39.9042, -0.0000001, 12345.6789e-3, math.SmallestNonzeroFloat64 * 1e10,
}

// TestFloat checks the float appender against encoding/json and goccy.
func TestFloat(t *testing.T) {
	for _, f := range floatCases {
		for _, v := range []float64{f, -f, f * 3, f / 3} {
			if math.IsInf(v, 0) {
				continue
			}
			want := marshalRefs(t, v)
			if got := appendFloat(nil, v); !bytes.Equal(got, want) {
				t.Errorf("%v: got %s, want %s", v, got, want)
			}
		}
	}
}

// FuzzAppendJSONFloat compares the float appender with encoding/json on
// arbitrary finite floats.
func FuzzAppendJSONFloat(f *testing.F) {
	for _, v := range floatCases {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		v := math.Float64frombits(bits)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		want, _ := json.Marshal(v)
		if got := appendFloat(nil, v); !bytes.Equal(got, want) {
			t.Fatalf("%s: got %s, want %s", strconv.FormatFloat(v, 'g', -1, 64), got, want)
		}
	})
}

// TestTimeAndOthers checks times (zones, nanoseconds), ints, bools and
// string slices.
func TestTimeAndOthers(t *testing.T) {
	for _, tm := range []time.Time{{}, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(1800, 1, 31, 23, 59, 59, 1, time.UTC),
		time.Date(2031, 2, 3, 4, 5, 6, 789000000, time.FixedZone("X", 5*3600+1800)), time.Date(2000, 1, 1, 0, 0, 0, 120, time.FixedZone("Y", -(3*3600+30*60)))} {
		if got, want := appendTime(nil, tm), marshalRefs(t, tm); !bytes.Equal(got, want) {
			t.Errorf("%v: got %s, want %s", tm, got, want)
		}
	}
	for _, v := range []int64{0, -1, 7, 10, 42, 99, 100, 999, 1000, 1800, 2200, 9999, 10000, -9999, 123456, math.MaxInt64, math.MinInt64} {
		if got, want := appendInt(nil, v), marshalRefs(t, v); !bytes.Equal(got, want) {
			t.Errorf("%d: got %s", v, got)
		}
	}
	for _, v := range []bool{true, false} {
		if got, want := appendBool(nil, v), marshalRefs(t, v); !bytes.Equal(got, want) {
			t.Errorf("%v: got %s", v, got)
		}
	}
	for _, ss := range [][]string{nil, {}, {"a"}, {"<", "\xff", ""}} {
		if got, want := appendStrings(nil, ss), marshalRefs(t, ss); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", ss, got, want)
		}
	}
}
