package textguard_test

import (
	"net/url"
	"testing"

	"github.com/bazi-master/bazi-master/internal/textguard"
)

type values url.Values

func (v values) VisitAll(f func(k, v []byte)) {
	for k, vs := range v {
		for _, x := range vs {
			f([]byte(k), []byte(x))
		}
	}
}

func TestArgsField(t *testing.T) {
	for q, want := range map[string]string{
		"email=a%00b%40example.com": "email",
		"q=%ff%fe":                  "q",
		"ok=1&tag=x%00":             "tag",
		"na%00me=1":                 "name",
	} {
		v, _ := url.ParseQuery(q)
		field, bad := textguard.ArgsField(values(v))
		if !bad || field != want {
			t.Errorf("%s: %q %v, want %q", q, field, bad, want)
		}
	}
	v, _ := url.ParseQuery("q=%E5%8C%97%E4%BA%AC&name=%F0%9F%98%80&x=")
	if field, bad := textguard.ArgsField(values(v)); bad {
		t.Errorf("valid text refused: %q", field)
	}
}

func TestJSONField(t *testing.T) {
	for body, want := range map[string]string{
		`{"date":"1988","place":"a\u0000b"}`:       "place",
		"{\"date\":\"1988\",\"place\":\"a\xffb\"}": "place",
		// A raw NUL is not JSON at all: the last member read is named.
		"{\"date\":\"1988\",\"p\x00\":\"x\"}": "date",
		`{"tags":["ok","\u0000"],"name":"n"}`: "tags",
		`{"input":{"date":"\u0000"}}`:         "date",
		`[{"name":"x"},{"notes":"\u0000"}]`:   "notes",
		"{\"a\":1}\x00":                       "a",
	} {
		field, bad := textguard.JSONField([]byte(body))
		if !bad || field != want {
			t.Errorf("%q: %q %v, want %q", body, field, bad, want)
		}
	}
	for _, ok := range []string{`{"a":"\\u0000"}`, `{"place":"北京","lon":116.4}`, `{"a":"\\\\u0000x"}`, ``, `{`} {
		if field, bad := textguard.JSONField([]byte(ok)); bad {
			t.Errorf("%q refused (%q)", ok, field)
		}
	}
}

func FuzzJSONField(f *testing.F) {
	for _, s := range []string{`{"a":"\u0000"}`, `{"a":"\\u0000"}`, "{\"a\":\"\xff\"}", `[1,{"b":[{"c":"d"}]}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, bad := textguard.JSONField(body)
		if !bad && (!textguard.Valid(body)) {
			t.Fatalf("invalid bytes passed: %q", body)
		}
	})
}
