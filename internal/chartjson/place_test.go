package chartjson

import (
	"bytes"
	"encoding/json"
	"testing"

	gojson "github.com/goccy/go-json"

	"github.com/bazi-master/bazi-master/places"
)

// TestPlaceMatches checks appendPlace byte for byte against
// encoding/json and goccy/go-json for every place of the gazetteer and for
// hostile strings and edge numbers.
func TestPlaceMatches(t *testing.T) {
	all := places.All()
	if testing.Short() && len(all) > 3000 {
		all = all[:3000]
	}
	ps := append([]places.Place{}, all...)
	ps = append(ps, places.Place{}, places.Place{ID: "<x>&", Name: "a\u2028b\xff", NameZhHans: "\"q\"\\", NameZhHant: "\x00\x1f\t", Pinyin: "Lù'ān",
		Lat: -0.0000001, Lon: 1e21, Population: -5, TZ: "Asia/Shanghai"})
	for i := range ps {
		p := &ps[i]
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		gc, err := gojson.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, gc) {
			t.Fatalf("%s: encoding/json %s, goccy %s", p.ID, want, gc)
		}
		if got := appendPlace(nil, p); !bytes.Equal(got, want) {
			t.Fatalf("%s:\n got %s\nwant %s", p.ID, got, want)
		}
	}
}
