package bazi

import "errors"

// TenGod is the relation (十神) of a stem to the day master.
type TenGod uint8

const (
	BiJian       TenGod = iota // 比肩 Friend: same element, same polarity
	JieCai                     // 劫财 Rob Wealth: same element, other polarity
	ShiShen                    // 食神 Eating God: produced by the day master, same polarity
	ShangGuan                  // 伤官 Hurting Officer: produced, other polarity
	PianCai                    // 偏财 Indirect Wealth: controlled by the day master, same polarity
	ZhengCai                   // 正财 Direct Wealth: controlled, other polarity
	QiSha                      // 七杀 Seven Killings: controls the day master, same polarity
	ZhengGuan                  // 正官 Direct Officer: controls, other polarity
	PianYin                    // 偏印 Indirect Resource: produces the day master, same polarity
	ZhengYin                   // 正印 Direct Resource: produces, other polarity
	DayMasterGod               // 日主 the day stem itself
	NumTenGods   = 11
)

var tenGodNames = [NumTenGods]string{"比肩", "劫财", "食神", "伤官", "偏财", "正财", "七杀", "正官", "偏印", "正印", "日主"}
var tenGodKeys = [NumTenGods]string{"friend", "rob_wealth", "eating_god", "hurting_officer", "indirect_wealth", "direct_wealth", "seven_killings", "direct_officer", "indirect_resource", "direct_resource", "day_master"}
var tenGodPinyin = [NumTenGods]string{"bǐ jiān", "jié cái", "shí shén", "shāng guān", "piān cái", "zhèng cái", "qī shā", "zhèng guān", "piān yìn", "zhèng yìn", "rì zhǔ"}
var tenGodEnglish = [NumTenGods]string{"Friend", "Rob Wealth", "Eating God", "Hurting Officer", "Indirect Wealth", "Direct Wealth", "Seven Killings", "Direct Officer", "Indirect Resource", "Direct Resource", "Day Master"}

// tenGodTable[dm][other], built once.
var tenGodTable = func() (t [NumStems][NumStems]TenGod) {
	for d := Stem(0); d < NumStems; d++ {
		for o := Stem(0); o < NumStems; o++ {
			rel := (o.Element() + 5 - d.Element()) % 5 // 0 same, 1 output, 2 wealth, 3 officer, 4 resource
			g := TenGod(rel * 2)
			if o.Polarity() != d.Polarity() {
				g++
			}
			t[d][o] = g
		}
	}
	return t
}()

// TenGodOf returns the ten god of other relative to dayMaster. The day stem
// compared with itself is 比肩 (Friend); the day pillar's own stem is labelled
// DayMasterGod by Analyze, not by this function.
func TenGodOf(dayMaster, other Stem) TenGod {
	return tenGodTable[dayMaster%NumStems][other%NumStems]
}

// String returns the Chinese name, e.g. "正官".
func (g TenGod) String() string { return tenGodNames[g%NumTenGods] }

// Key returns the snake_case key, e.g. "direct_officer".
func (g TenGod) Key() string { return tenGodKeys[g%NumTenGods] }

// Pinyin returns the name in pinyin with tone marks.
func (g TenGod) Pinyin() string { return tenGodPinyin[g%NumTenGods] }

// English returns a common English gloss, e.g. "Direct Officer".
func (g TenGod) English() string { return tenGodEnglish[g%NumTenGods] }

// Element returns the element of a stem bearing this ten god for the given day master.
func (g TenGod) Element(dayMaster Stem) Element {
	if g == DayMasterGod {
		return dayMaster.Element()
	}
	return (dayMaster.Element() + Element(g/2)) % 5
}

var tenGodJSON = func() (out [NumTenGods][]byte) {
	for i := range out {
		g := TenGod(i)
		out[i] = []byte(`{"name":"` + g.String() + `","key":"` + g.Key() + `","pinyin":"` + g.Pinyin() + `","english":"` + g.English() + `"}`)
	}
	return out
}()

// MarshalJSON writes {"name":"正官","key":"direct_officer","pinyin":"zhèng guān","english":"Direct Officer"}.
func (g TenGod) MarshalJSON() ([]byte, error) {
	return tenGodJSON[g%NumTenGods], nil
}

// UnmarshalJSON accepts the object written by MarshalJSON or a bare string
// (Chinese name or key).
func (g *TenGod) UnmarshalJSON(b []byte) error {
	s, ok := jsonNameOrKey(b)
	if !ok {
		return errors.New("bazi: bad ten god JSON")
	}
	for i := range tenGodNames {
		if s == tenGodNames[i] || s == tenGodKeys[i] {
			*g = TenGod(i)
			return nil
		}
	}
	return errors.New("bazi: unknown ten god " + s)
}
