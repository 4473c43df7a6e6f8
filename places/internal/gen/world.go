package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// hanConv is a Chinese-script name converted by OpenCC (convert.js).
// maxHanAliases bounds the Chinese-script aliases of a world city.
const maxHanAliases = 3

type hanConv struct {
	CN string `json:"cn"` // simplified (from any traditional form)
	TW string `json:"tw"` // traditional, Taiwan standard
}

// worldMatch finds the GeoNames record of a city-timezones city: same
// country, a name equal to one of the city's, within 0.25°, the most
// populous if several.
type worldIndex map[string][]*gn500 // country/folded name

func newWorldIndex(all []gn500) worldIndex {
	ix := worldIndex{}
	for i := range all {
		g := &all[i]
		seen := map[string]bool{}
		// Names, and the alternate names of big cities only (New York
		// City is "New York" in city-timezones): all of them would
		// multiply the index tenfold.
		names := []string{g.name, g.ascii}
		if g.pop >= 100000 {
			names = append(names, g.alt...)
		}
		for _, n := range names {
			f := fold(n)
			if f == "" || seen[f] {
				continue
			}
			seen[f] = true
			ix[g.country+"/"+f] = append(ix[g.country+"/"+f], g)
		}
	}
	return ix
}

func (ix worldIndex) match(cc string, lat, lon float64, names ...string) *gn500 {
	var best *gn500
	for _, n := range names {
		for _, g := range ix[cc+"/"+fold(n)] {
			if !near(g.lat, g.lon, lat, lon, 0.25) {
				continue
			}
			if best == nil || g.pop > best.pop || g.pop == best.pop && g.id < best.id {
				best = g
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// chineseName picks a city's Chinese name among GeoNames' alternate names
// written in Chinese characters (which mix simplified, traditional and
// Japanese forms, untagged): a name that simplified conversion leaves as it
// is, preferring one whose traditional form is listed too (both scripts
// listed: a Chinese name, not a Japanese one), then one without the 市
// suffix, then the shortest; failing that, outside Japan, a traditional
// name converted. The traditional name is the chosen one's
// Taiwan-standard form. The other Chinese-script names become aliases, so
// 東京 and 紐約 find their cities.
func chineseName(han []string, conv map[string]hanConv, japanese bool) (hans, hant string, aliases []string) {
	listed := map[string]bool{}
	for _, h := range han {
		listed[h] = true
	}
	bestScore := 0
	for _, h := range han {
		cv, ok := conv[h]
		if !ok || cv.CN != h {
			continue
		}
		score := 10
		if cv.TW != h && listed[cv.TW] {
			score += 2
		}
		if strings.HasSuffix(h, "市") {
			score--
		}
		if hans == "" || score > bestScore || score == bestScore && utf8.RuneCountInString(h) < utf8.RuneCountInString(hans) {
			hans, bestScore = h, score
		}
	}
	hant = conv[hans].TW
	if hans == "" && !japanese {
		// Only traditional forms listed (紐約 for New York): a name that
		// is already in Taiwan's standard form gives the simplified one.
		// Not in Japan, whose kanji (広島) would convert to a mix.
		for _, h := range han {
			cv, ok := conv[h]
			if !ok || cv.TW != h || cv.CN == h {
				continue
			}
			if hant == "" || strings.HasSuffix(hant, "市") && !strings.HasSuffix(h, "市") ||
				strings.HasSuffix(hant, "市") == strings.HasSuffix(h, "市") && utf8.RuneCountInString(h) < utf8.RuneCountInString(hant) {
				hant, hans = h, cv.CN
			}
		}
	}
	if hans == "" {
		return "", "", nil
	}
	for _, h := range han {
		if h != hans && h != hant && len(aliases) < maxHanAliases {
			aliases = append(aliases, h)
		}
	}
	return hans, hant, aliases
}

// countryZhFix overrides i18n-iso-countries' Chinese country names where the
// gazetteer names the place otherwise in English too (Taiwan, not "Taiwan,
// Province of China").
var countryZhFix = map[string]string{"CN": "中国", "TW": "台湾", "HK": "香港", "MO": "澳门"}

// readCountryZh reads the simplified Chinese country names of
// i18n-iso-countries (some entries list several names; the first is the
// usual one).
func readCountryZh(src string) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(src, "i18n-iso-countries", "langs", "zh.json"))
	if err != nil {
		return nil, err
	}
	var f struct {
		Countries map[string]json.RawMessage `json:"countries"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("i18n-iso-countries zh.json: %w", err)
	}
	out := map[string]string{}
	for cc, raw := range f.Countries {
		var one string
		if json.Unmarshal(raw, &one) != nil {
			var many []string
			if err := json.Unmarshal(raw, &many); err != nil || len(many) == 0 {
				return nil, fmt.Errorf("i18n-iso-countries zh.json: %s: %s", cc, raw)
			}
			one = many[0]
		}
		out[cc] = one
	}
	for cc, n := range countryZhFix {
		out[cc] = n
	}
	return out, nil
}
