package handlers

import (
	"strings"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/places"
	"github.com/bazi-master/bazi-master/views"
)

// beijingZones are the IANA names of China's civil clock.
var beijingZones = map[string]bool{"Asia/Shanghai": true, "Asia/Chongqing": true, "Asia/Chungking": true, "Asia/Harbin": true, "PRC": true}

// zoneLabel names a time zone for people instead of its IANA name:
// 北京时间 / Beijing time for China's clock, "<city> time" for a zone named
// after a gazetteer city (in the page's script; a Chinese page without the
// city's Chinese name falls back), else the UTC offset at that moment.
func zoneLabel(cat *i18n.Catalog, lang i18n.Lang, tz string, offsetMinutes int) string {
	switch {
	case beijingZones[tz]:
		return cat.T(lang, "zone.beijing")
	case tz == "UTC" || tz == "Etc/UTC" || tz == "GMT" || tz == "Etc/GMT":
		return "UTC"
	}
	// Japanese and Korean pages have no city names from the gazetteer;
	// their own countries' zones they name as their readers do.
	if lang == i18n.Japanese || lang == i18n.Korean {
		switch tz {
		case "Asia/Tokyo", "Japan":
			return cat.T(lang, "zone.japan")
		case "Asia/Seoul", "ROK":
			return cat.T(lang, "zone.korea")
		}
	}
	if p, ok := places.ZoneCity(tz); ok {
		switch {
		case lang == i18n.SimplifiedChinese && p.NameZhHans != "":
			return cat.T(lang, "zone.city", p.NameZhHans)
		case lang == i18n.TraditionalChinese && p.NameZhHant != "":
			return cat.T(lang, "zone.city", p.NameZhHant)
		case lang == i18n.English:
			return cat.T(lang, "zone.city", p.Name)
		}
	}
	return views.UTCOffset(offsetMinutes)
}

// unambiguousZones are the zone abbreviations that name one zone only; most
// do not ("CST" is China's and the US Central's, "IST" India's, Ireland's
// and Israel's), so the others are left out and the UTC offset speaks.
var unambiguousZones = map[string]bool{"UTC": true, "GMT": true, "JST": true, "KST": true, "HKT": true}

// zoneAbbr is abbr when it is unambiguous, else "".
func zoneAbbr(abbr string) string {
	if unambiguousZones[strings.ToUpper(abbr)] {
		return abbr
	}
	return ""
}
