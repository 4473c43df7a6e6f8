package places

import "github.com/bazi-master/bazi-master/internal/jsonappend"

// AppendJSON appends the place as encoding/json.Marshal (and goccy/go-json)
// write it: the same keys, escapes and number forms.
func (p *Place) AppendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = jsonappend.String(b, p.ID)
	b = append(b, `,"name":`...)
	b = jsonappend.String(b, p.Name)
	b = append(b, `,"name_zh_hans":`...)
	b = jsonappend.String(b, p.NameZhHans)
	b = append(b, `,"name_zh_hant":`...)
	b = jsonappend.String(b, p.NameZhHant)
	b = append(b, `,"pinyin":`...)
	b = jsonappend.String(b, p.Pinyin)
	b = append(b, `,"country":`...)
	b = jsonappend.String(b, p.Country)
	b = append(b, `,"country_name":`...)
	b = jsonappend.String(b, p.CountryName)
	b = append(b, `,"admin":`...)
	b = jsonappend.String(b, p.Admin)
	b = append(b, `,"lat":`...)
	b = jsonappend.Float(b, p.Lat)
	b = append(b, `,"lon":`...)
	b = jsonappend.Float(b, p.Lon)
	b = append(b, `,"tz":`...)
	b = jsonappend.String(b, p.TZ)
	b = append(b, `,"population":`...)
	b = jsonappend.Int(b, int64(p.Population))
	return append(b, '}')
}
