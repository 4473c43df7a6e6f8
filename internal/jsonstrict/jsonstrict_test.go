package jsonstrict_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/bazi-master/bazi-master/internal/jsonstrict"
)

type request struct {
	Date string   `json:"date"`
	Lon  *float64 `json:"lon"`
	Tags []string `json:"tags"`
	In   *struct {
		TZ string `json:"tz"`
	} `json:"input"`
}

func TestDecodeNamesTheField(t *testing.T) {
	for body, want := range map[string]struct{ field, code string }{
		``:                                      {"", "invalid_json"},
		`{`:                                     {"", "invalid_json"},
		`[]`:                                    {"", "invalid_json"},
		`{"date":1}`:                            {"date", "invalid_type"},
		`{"lon":"east"}`:                        {"lon", "invalid_type"},
		`{"dat":"x"}`:                           {"dat", "unknown_field"},
		`{"date":"x"} {}`:                       {"", "invalid_json"},
		`{"date":"x","date":"y"}`:               {"date", "duplicate_key"},
		`{"date":"x","d\u0061te":"y"}`:          {"date", "duplicate_key"},
		`{"input":{"tz":"UTC","tz":"+08:00"}}`:  {"tz", "duplicate_key"},
		`{"tags":["a"],"input":{},"tags":null}`: {"tags", "duplicate_key"},
	} {
		var r request
		e := jsonstrict.Decode([]byte(body), &r)
		if e == nil || e.Field != want.field || e.Code != want.code || e.Message == "" {
			t.Errorf("%q: %+v, want %+v", body, e, want)
		}
	}
	var r request
	if e := jsonstrict.Decode([]byte(`{"date":"1988-02-15","tags":["date","date"],"input":{"tz":"date"}}`), &r); e != nil || r.Date != "1988-02-15" || r.In.TZ != "date" {
		t.Errorf("valid body: %+v %+v", e, r)
	}
}

func TestDuplicateKeyOnlyWithinOneObject(t *testing.T) {
	for body, want := range map[string]string{
		`{"a":{"a":1},"b":[{"a":1},{"a":2}]}`: "",
		`{"a":"\"a\":","a":2}`:                "a",
		`[{"x":1,"y":{"x":2},"x":3}]`:         "x",
		`{"a\\":1,"a":2}`:                     "",
	} {
		key, dup := jsonstrict.DuplicateKey([]byte(body))
		if dup != (want != "") || key != want {
			t.Errorf("%s: %q %v, want %q", body, key, dup, want)
		}
	}
}

// DuplicateKey agrees with a decoder that counts keys, on any valid JSON.
func FuzzDuplicateKey(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":{"b":1},"b":2}`, `[{"\u0061":1,"a":2}]`, `{"x":"}{,\"","y":[1,{"x":1}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !json.Valid(body) {
			return
		}
		_, dup := jsonstrict.DuplicateKey(body)
		if want := hasDup(t, body); dup != want {
			t.Fatalf("%s: DuplicateKey says %v, decoder says %v", body, dup, want)
		}
	})
}

func hasDup(t *testing.T, body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	var walk func() bool
	walk = func() bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return false
		}
		dup := false
		if d == '{' {
			seen := map[string]bool{}
			for dec.More() {
				k, _ := dec.Token()
				if seen[k.(string)] {
					dup = true
				}
				seen[k.(string)] = true
				if walk() {
					dup = true
				}
			}
		} else {
			for dec.More() {
				if walk() {
					dup = true
				}
			}
		}
		_, _ = dec.Token()
		return dup
	}
	return walk()
}
