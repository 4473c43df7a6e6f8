package places

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // every zone must load from Go's own copy
	"unicode/utf8"
)

func TestLoad(t *testing.T) {
	if err := load().err; err != nil {
		t.Fatal(err)
	}
	all := All()
	if len(all) < 5000 {
		t.Fatalf("%d places, want at least 5000", len(all))
	}
	seen := map[string]bool{}
	for _, p := range all {
		if p.ID == "" || p.Name == "" || p.Country == "" || p.CountryName == "" || p.TZ == "" {
			t.Errorf("incomplete place %+v", p)
		}
		if seen[p.ID] {
			t.Errorf("duplicate id %s", p.ID)
		}
		seen[p.ID] = true
		if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 || p.Lat == 0 && p.Lon == 0 {
			t.Errorf("%s: bad coordinates %v, %v", p.ID, p.Lat, p.Lon)
		}
		if len(p.Country) != 2 || strings.ToUpper(p.Country) != p.Country {
			t.Errorf("%s: country %q is not an ISO 3166 code", p.ID, p.Country)
		}
		if got, ok := Lookup(p.ID); !ok || got != p {
			t.Errorf("Lookup(%q) = %+v, %v", p.ID, got, ok)
		}
	}
	if _, ok := Lookup("no-such-place"); ok {
		t.Error("Lookup of an unknown id succeeded")
	}
	t.Logf("%d places", len(all))
}

func TestTimeZonesLoad(t *testing.T) {
	zones := map[string]int{}
	for _, p := range All() {
		zones[p.TZ]++
	}
	for z := range zones {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("zone %q (%d places): %v", z, zones[z], err)
		}
	}
	t.Logf("%d zones", len(zones))
}

// prefecturesPerProvince is the number of prefecture-level divisions of each
// province-level division of mainland China (municipalities count as one),
// by the first two digits of the GB/T 2260 code: 333 prefecture-level
// divisions and 4 municipalities.
var prefecturesPerProvince = map[string]int{
	"11": 1, "12": 1, "13": 11, "14": 11, "15": 12, // 北京 天津 河北 山西 内蒙古
	"21": 14, "22": 9, "23": 13, // 辽宁 吉林 黑龙江
	"31": 1, "32": 13, "33": 11, "34": 16, "35": 9, "36": 11, "37": 16, // 上海 江苏 浙江 安徽 福建 江西 山东
	"41": 17, "42": 13, "43": 14, "44": 21, "45": 14, "46": 4, // 河南 湖北 湖南 广东 广西 海南
	"50": 1, "51": 21, "52": 9, "53": 16, "54": 7, // 重庆 四川 贵州 云南 西藏
	"61": 10, "62": 14, "63": 8, "64": 5, "65": 14, // 陕西 甘肃 青海 宁夏 新疆
}

func isDivisionID(id string) bool {
	if len(id) != 9 || !strings.HasPrefix(id, "cn-") {
		return false
	}
	for _, c := range id[3:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isPrefectureID reports a prefecture-level (or province-level) division:
// its GB/T 2260 code ends in 00.
func isPrefectureID(id string) bool {
	return isDivisionID(id) && strings.HasSuffix(id, "00")
}

func TestChinesePrefectures(t *testing.T) {
	got := map[string]int{}
	total := 0
	for _, p := range All() {
		if !isPrefectureID(p.ID) {
			continue
		}
		total++
		got[p.ID[3:5]]++
		if p.NameZhHans == "" || p.NameZhHant == "" || p.Pinyin == "" {
			t.Errorf("%s %s: missing Chinese names or pinyin: %+v", p.ID, p.Name, p)
		}
		if p.Pinyin == strings.ToLower(p.Pinyin) || !strings.ContainsAny(p.Pinyin, "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ") {
			t.Errorf("%s: pinyin %q lacks a capital or tone marks", p.ID, p.Pinyin)
		}
		// China's extent, Sansha (16.8°N) included.
		if p.Lat < 15 || p.Lat > 54 || p.Lon < 73 || p.Lon > 135.5 {
			t.Errorf("%s %s: coordinates %v, %v outside China", p.ID, p.NameZhHans, p.Lat, p.Lon)
		}
		if p.TZ != "Asia/Shanghai" || p.Country != "CN" || p.Admin == "" {
			t.Errorf("%s %s: tz %q country %q admin %q", p.ID, p.NameZhHans, p.TZ, p.Country, p.Admin)
		}
	}
	want := 0
	for prov, n := range prefecturesPerProvince {
		want += n
		if got[prov] != n {
			t.Errorf("province %s: %d prefecture-level divisions, want %d", prov, got[prov], n)
		}
	}
	if total != want || want != 337 {
		t.Errorf("%d prefecture-level divisions, want %d (333 + 4 municipalities)", total, want)
	}
}

func TestSpotChecks(t *testing.T) {
	tests := []struct {
		id, hans, hant, pinyin, tz string
	}{
		{"cn-110000", "北京", "北京", "Běijīng", "Asia/Shanghai"},
		{"cn-310000", "上海", "上海", "Shànghǎi", "Asia/Shanghai"},
		{"cn-440100", "广州", "廣州", "Guǎngzhōu", "Asia/Shanghai"},
		{"cn-440300", "深圳", "深圳", "Shēnzhèn", "Asia/Shanghai"},
		{"cn-510100", "成都", "成都", "Chéngdū", "Asia/Shanghai"},
		{"cn-650100", "乌鲁木齐", "烏魯木齊", "Wūlǔmùqí", "Asia/Shanghai"},
		{"cn-540100", "拉萨", "拉薩", "Lāsà", "Asia/Shanghai"},
		{"cn-230100", "哈尔滨", "哈爾濱", "Hā'ěrbīn", "Asia/Shanghai"},
		{"cn-460200", "三亚", "三亞", "Sānyà", "Asia/Shanghai"},
		{"cn-653100", "喀什地区", "喀什地區", "Kāshí", "Asia/Shanghai"},
		{"cn-222400", "延边朝鲜族自治州", "延邊朝鮮族自治州", "Yánbiān", "Asia/Shanghai"},
		{"cn-152900", "阿拉善盟", "阿拉善盟", "Ālāshàn", "Asia/Shanghai"},
		{"cn-532900", "大理白族自治州", "大理白族自治州", "Dàlǐ", "Asia/Shanghai"},
		{"cn-500000", "重庆", "重慶", "Chóngqìng", "Asia/Shanghai"},
		{"cn-350200", "厦门", "廈門", "Xiàmén", "Asia/Shanghai"},
		{"cn-341500", "六安", "六安", "Lù'ān", "Asia/Shanghai"},
		{"cn-340300", "蚌埠", "蚌埠", "Bèngbù", "Asia/Shanghai"},
		{"cn-610100", "西安", "西安", "Xī'ān", "Asia/Shanghai"},
		{"cn-460300", "三沙", "三沙", "Sānshā", "Asia/Shanghai"},
		{"cn-232700", "大兴安岭地区", "大興安嶺地區", "Dàxīng'ānlǐng", "Asia/Shanghai"},
		{"hk-810000", "香港", "香港", "Xiānggǎng", "Asia/Hong_Kong"},
		{"mo-820000", "澳门", "澳門", "Àomén", "Asia/Macau"},
		{"tw-taipei", "台北", "臺北", "Táiběi", "Asia/Taipei"},
		{"tw-kaohsiung", "高雄", "高雄", "Gāoxióng", "Asia/Taipei"},
	}
	for _, tt := range tests {
		p, ok := Lookup(tt.id)
		if !ok {
			t.Errorf("%s missing", tt.id)
			continue
		}
		if p.NameZhHans != tt.hans || p.NameZhHant != tt.hant || p.Pinyin != tt.pinyin || p.TZ != tt.tz {
			t.Errorf("%s = %s/%s/%s/%s, want %s/%s/%s/%s", tt.id, p.NameZhHans, p.NameZhHant, p.Pinyin, p.TZ,
				tt.hans, tt.hant, tt.pinyin, tt.tz)
		}
		if p.Lat < 15 || p.Lat > 54 || p.Lon < 73 || p.Lon > 135.5 {
			t.Errorf("%s: coordinates %v, %v outside China", tt.id, p.Lat, p.Lon)
		}
	}
	// Coordinates of a few seats, to a few kilometres.
	near := []struct {
		id       string
		lat, lon float64
	}{
		{"cn-110000", 39.90, 116.40}, {"cn-440100", 23.13, 113.26}, {"cn-650100", 43.83, 87.62},
		{"cn-653100", 39.47, 75.99}, {"cn-222400", 42.89, 129.50}, {"cn-152900", 38.84, 105.67},
		{"hk-810000", 22.30, 114.17}, {"tw-taipei", 25.04, 121.56},
	}
	for _, n := range near {
		p, _ := Lookup(n.id)
		if d := max(abs(p.Lat-n.lat), abs(p.Lon-n.lon)); d > 0.1 {
			t.Errorf("%s at %v, %v: %.2f° from %v, %v", n.id, p.Lat, p.Lon, d, n.lat, n.lon)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestSearch(t *testing.T) {
	tests := []struct {
		q     string
		first string // ID of the first result
	}{
		{"new york", "us-new-york"},
		{"New York", "us-new-york"},
		{"London", "gb-london"},
		{"london", "gb-london"},
		{"guangzhou", "cn-440100"},
		{"guǎngzhōu", "cn-440100"},
		{"Guang Zhou", "cn-440100"},
		{"GUANGZHOU", "cn-440100"},
		{"广州", "cn-440100"},
		{"广州市", "cn-440100"},
		{"廣州", "cn-440100"},
		{"beijing", "cn-110000"},
		{"Běijīng", "cn-110000"},
		{"Be\u030ciji\u0304ng", "cn-110000"}, // combining marks
		{"北京", "cn-110000"},
		{"北京市", "cn-110000"},
		{"ｂｅｉｊｉｎｇ", "cn-110000"}, // full width
		{"臺北", "tw-taipei"},
		{"台北", "tw-taipei"},
		{"臺北市", "tw-taipei"},
		{"taipei", "tw-taipei"},
		{"shangh", "cn-310000"},
		{"上海", "cn-310000"},
		{"乌鲁木齐", "cn-650100"},
		{"烏魯木齊", "cn-650100"},
		{"urumqi", "cn-650100"},
		{"wulumuqi", "cn-650100"},
		{"喀什地区", "cn-653100"},
		{"喀什地區", "cn-653100"},
		{"延边", "cn-222400"},
		{"延边朝鲜族自治州", "cn-222400"},
		{"阿拉善盟", "cn-152900"},
		{"大理", "cn-532900"},
		{"香港", "hk-810000"},
		{"hong kong", "hk-810000"},
		{"xianggang", "hk-810000"},
		{"澳门", "mo-820000"},
		{"macao", "mo-820000"},
		{"Xi'an", "cn-610100"},
		{"lvliang", "cn-141100"},
		{"Lüliang", "cn-141100"},
		{"zurich", "ch-zurich"},
		{"Zürich", "ch-zurich"},
		{"são paulo", "br-sao-paulo"},
		{"Sao Paulo", "br-sao-paulo"},
		{"  tokyo  ", "jp-tokyo"},
		{"xiangfan", "cn-420600"}, // old name of 襄阳, from city-timezones
	}
	for _, tt := range tests {
		got := Search(tt.q, 10)
		if len(got) == 0 {
			t.Errorf("Search(%q): no results, want %s first", tt.q, tt.first)
			continue
		}
		if got[0].ID != tt.first {
			t.Errorf("Search(%q)[0] = %s (%s), want %s", tt.q, got[0].ID, got[0].Name, tt.first)
		}
	}
}

func TestSearchRanking(t *testing.T) {
	// London, England before London, Ontario.
	got := Search("London", 5)
	if len(got) < 2 || got[0].Country != "GB" || got[1].ID != "ca-london" {
		t.Errorf("London: %v", ids(got))
	}
	// Exact before prefix before substring.
	got = Search("york", 50)
	class := func(p Place) int {
		switch n := normalize(p.Name); {
		case n == "york":
			return 0
		case strings.HasPrefix(n, "york"):
			return 1
		default:
			return 2
		}
	}
	for i := 1; i < len(got); i++ {
		if class(got[i-1]) > class(got[i]) {
			t.Errorf("york: %s before %s", got[i-1].Name, got[i].Name)
		}
		if class(got[i-1]) == class(got[i]) && got[i-1].Population < got[i].Population {
			t.Errorf("york: %s (%d) before %s (%d)", got[i-1].Name, got[i-1].Population, got[i].Name, got[i].Population)
		}
	}
	if len(got) < 3 || got[len(got)-1].Name != "New York" && class(got[len(got)-1]) != 2 {
		t.Errorf("york: no substring match (New York) in %v", ids(got))
	}
	// A prefix finds many places, largest first.
	got = Search("shang", 10)
	if len(got) < 4 || got[0].ID != "cn-310000" {
		t.Errorf("shang: %v", ids(got))
	}
	for _, p := range got {
		if !strings.HasPrefix(normalize(p.Name), "shang") && !strings.HasPrefix(normalize(p.Pinyin), "shang") {
			t.Errorf("shang: %s does not start with shang", p.Name)
		}
	}
	// 台州 and 泰州 are both Taizhou.
	got = Search("taizhou", 10)
	found := map[string]bool{}
	for _, p := range got {
		found[p.NameZhHans] = true
	}
	if !found["台州"] || !found["泰州"] {
		t.Errorf("taizhou: %v", ids(got))
	}
}

func TestSearchEdges(t *testing.T) {
	for _, q := range []string{"", " ", "\t\n", "'-.,", "zzzzqqq", "北京北京北京北京"} {
		if got := Search(q, 10); len(got) != 0 {
			t.Errorf("Search(%q) = %v, want none", q, ids(got))
		}
	}
	if got := Search("", 10); got != nil {
		t.Errorf("Search(\"\") = %#v, want nil", got)
	}
	if n := len(Search("a", 1000)); n != MaxLimit {
		t.Errorf("limit 1000: %d results, want %d", n, MaxLimit)
	}
	if n := len(Search("a", 0)); n != 1 {
		t.Errorf("limit 0: %d results, want 1", n)
	}
	if n := len(Search("a", -5)); n != 1 {
		t.Errorf("limit -5: %d results, want 1", n)
	}
	// No place twice.
	for _, q := range []string{"a", "xi", "广", "taizhou", "london", "an"} {
		seen := map[string]bool{}
		for _, p := range Search(q, MaxLimit) {
			if seen[p.ID] {
				t.Errorf("Search(%q): %s twice", q, p.ID)
			}
			seen[p.ID] = true
		}
	}
}

func TestJSON(t *testing.T) {
	p, _ := Lookup("cn-440100")
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "name", "name_zh_hans", "name_zh_hant", "pinyin", "country", "country_name", "admin", "lat", "lon", "tz", "population"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	if len(m) != 12 {
		t.Errorf("JSON has %d fields: %s", len(m), b)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Guǎngzhōu":  "guangzhou",
		"Guang Zhou": "guangzhou",
		"Xi'an":      "xian",
		"Zürich":     "zurich",
		"São Paulo":  "saopaulo",
		"广州市":        "广州市",
		"ＢＥＩＪＩＮＧ":    "beijing",
		"Straße":     "strasse",
		"\xff\xfe":   "",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func ids(ps []Place) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s(%s)", p.ID, p.Name))
	}
	return out
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"", "beijing", "北京市", "Guǎngzhōu", "new york", "\xff", "a", "臺北", "ｂ", "\x00", "Be\u030c"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, q string, limit int) {
		got := Search(q, limit)
		if len(got) > MaxLimit {
			t.Fatalf("%d results", len(got))
		}
		if strings.TrimSpace(q) == "" && got != nil {
			t.Fatalf("blank query %q gave %d results", q, len(got))
		}
		_ = normalize(q)
		if utf8.ValidString(q) && len(got) > 0 && got[0].ID == "" {
			t.Fatal("empty result")
		}
	})
}

func BenchmarkSearch(b *testing.B) {
	load()
	queries := []string{"london", "new york", "guangzhou", "Guǎngzhōu", "北京", "臺北市", "shangh", "喀什地区", "san", "zzzz"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Search(queries[i%len(queries)], 10)
	}
}

func BenchmarkSearchWorstCase(b *testing.B) {
	load()
	// One letter: thousands of prefix matches; "ng": few prefix and
	// many substring matches.
	queries := []string{"a", "s", "ng", "an"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Search(queries[i%len(queries)], MaxLimit)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if ix := build(embedded); ix.err != nil {
			b.Fatal(ix.err)
		}
	}
}

// A Japanese or Korean reader finds a birthplace in their own script:
// Hangul and kana names come from GeoNames' alternate names.
func TestSearchInHangulAndKana(t *testing.T) {
	for q, want := range map[string]string{
		"서울": "Seoul", "부산": "Busan", "도쿄": "Tokyo", "뉴욕": "New York",
		"ソウル": "Seoul", "ニューヨーク": "New York", "東京": "Tokyo",
	} {
		hits := Search(q, 3)
		if len(hits) == 0 || hits[0].Name != want {
			t.Errorf("Search(%q) = %v, want %s first", q, hits, want)
		}
	}
}
