package bazi

import (
	"encoding/json"
	"errors"
	"slices"
)

// PillarMask is a set of pillars: bit 0 year, 1 month, 2 day, 3 hour.
type PillarMask uint8

const (
	MaskYear PillarMask = 1 << iota
	MaskMonth
	MaskDay
	MaskHour
)

// Pillar positions, used as indexes and in PillarMask bits.
const (
	PosYear = iota
	PosMonth
	PosDay
	PosHour
)

var pillarKeys = [4]string{"year", "month", "day", "hour"}

// PillarKey returns "year", "month", "day" or "hour" for positions 0–3.
func PillarKey(pos int) string { return pillarKeys[pos&3] }

// maskMembers[m] lists the pillar keys in m, in pillar order; shared, read-only.
var maskMembers = func() (t [16][]string) {
	for m := range t {
		t[m] = []string{}
		for i := 0; i < 4; i++ {
			if m&(1<<i) != 0 {
				t[m] = append(t[m], pillarKeys[i])
			}
		}
	}
	return t
}()

// Members returns the pillar keys in m ("year", "month", "day", "hour"); the
// slice is shared and must not be modified.
func (m PillarMask) Members() []string { return maskMembers[m&15] }

// RelationKind is the kind of a Relation.
type RelationKind uint8

const (
	RelStemHe         RelationKind = iota // 天干五合
	RelStemChong                          // 天干相冲
	RelLiuHe                              // 六合
	RelSanHe                              // 三合
	RelBanHeShengWang                     // 半合 (生 + 旺)
	RelBanHeMuWang                        // 半合 (旺 + 墓)
	RelGongHe                             // 拱合 (生 + 墓, the 旺 branch missing)
	RelSanHui                             // 三会
	RelChong                              // 六冲
	RelXingWuEn                           // 无恩之刑 (寅巳申)
	RelXingShiShi                         // 恃势之刑 (丑戌未)
	RelXingWuLi                           // 无礼之刑 (子卯)
	RelZiXing                             // 自刑 (辰辰 午午 酉酉 亥亥)
	RelHai                                // 六害
	RelPo                                 // 六破
	numRelationKinds
)

var relationInfo = [numRelationKinds][4]string{ // type, name, subtype, subtype name
	{"he", "合", "", ""},
	{"chong", "冲", "", ""},
	{"liu_he", "六合", "", ""},
	{"san_he", "三合", "", ""},
	{"ban_he", "半合", "sheng_wang", "生旺半合"},
	{"ban_he", "半合", "mu_wang", "墓旺半合"},
	{"gong_he", "拱合", "", ""},
	{"san_hui", "三会", "", ""},
	{"chong", "冲", "", ""},
	{"xing", "刑", "wu_en", "无恩之刑"},
	{"xing", "刑", "shi_shi", "恃势之刑"},
	{"xing", "刑", "wu_li", "无礼之刑"},
	{"xing", "刑", "zi_xing", "自刑"},
	{"hai", "害", "", ""},
	{"po", "破", "", ""},
}

// Relation is a combination or clash among the stems or branches of a chart.
// It is small and pointer-free; its JSON form is
//
//	{"type":"liu_he","name":"六合","members":["year","day"],"chars":"子丑","element":"earth"}
//
// with "subtype" and "subtype_name" for 刑 and 半合.
type Relation struct {
	Kind    RelationKind
	Pillars PillarMask // pillars involved
	a, b    uint8      // the two stems or branches of a pair, in pillar order
	group   int8       // triad index (三合 0–3, 三会 4–7, 三刑 8–9), −1 for a pair
	el      int8       // element transformed to, −1 for none
}

// Type returns the machine-readable type: he, chong (stems); liu_he, san_he,
// ban_he, gong_he, san_hui, chong, xing, hai, po (branches).
func (r Relation) Type() string { return relationInfo[r.Kind][0] }

// Name returns the Chinese name (合, 冲, 六合, 三合, 半合, 拱合, 三会, 刑, 害, 破).
func (r Relation) Name() string { return relationInfo[r.Kind][1] }

// Subtype returns wu_en, shi_shi, wu_li, zi_xing (刑) or sheng_wang, mu_wang (半合), else "".
func (r Relation) Subtype() string { return relationInfo[r.Kind][2] }

// SubtypeName returns the Chinese subtype name (无恩之刑 …), else "".
func (r Relation) SubtypeName() string { return relationInfo[r.Kind][3] }

// IsStem reports whether the relation is among stems.
func (r Relation) IsStem() bool { return r.Kind <= RelStemChong }

// Members returns the pillar keys involved (shared slice, read-only).
func (r Relation) Members() []string { return maskMembers[r.Pillars&15] }

// Chars returns the characters: the pair in pillar order ("子丑") or the whole group ("申子辰").
func (r Relation) Chars() string {
	switch {
	case r.group >= 0:
		return allTriads[r.group].chars
	case r.IsStem():
		return stemPairChars[r.a%NumStems][r.b%NumStems]
	}
	return branchPairChars[r.a%NumBranches][r.b%NumBranches]
}

// Element returns the element the combination transforms to, if any.
func (r Relation) Element() (Element, bool) {
	if r.el < 0 {
		return 0, false
	}
	return Element(r.el), true
}

type relationJSON struct {
	Type        string   `json:"type"`
	Name        string   `json:"name"`
	Subtype     string   `json:"subtype,omitempty"`
	SubtypeName string   `json:"subtype_name,omitempty"`
	Members     []string `json:"members"`
	Chars       string   `json:"chars"`
	Element     string   `json:"element,omitempty"`
}

// MarshalJSON writes the JSON form described on Relation.
func (r Relation) MarshalJSON() ([]byte, error) { return appendRelation(make([]byte, 0, 128), &r), nil }

// UnmarshalJSON reads the JSON form written by MarshalJSON.
func (r *Relation) UnmarshalJSON(b []byte) error {
	var j relationJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	out := Relation{group: -1, el: -1}
	found := false
	for k := RelationKind(0); k < numRelationKinds; k++ {
		in := relationInfo[k]
		if in[0] == j.Type && in[2] == j.Subtype {
			if j.Type == "chong" && (len(j.Chars) > 0 && isStemChar(j.Chars)) != (k == RelStemChong) {
				continue
			}
			out.Kind, found = k, true
			break
		}
	}
	if !found {
		return errors.New("bazi: unknown relation " + j.Type + " " + j.Subtype)
	}
	for _, m := range j.Members {
		i := slices.Index(pillarKeys[:], m)
		if i < 0 {
			return errors.New("bazi: unknown pillar " + m)
		}
		out.Pillars |= 1 << i
	}
	for i := range elementKeys {
		if elementKeys[i] == j.Element && j.Element != "" {
			out.el = int8(i)
		}
	}
	rs := []rune(j.Chars)
	switch len(rs) {
	case 3:
		for i := range allTriads {
			if allTriads[i].chars == j.Chars {
				out.group = int8(i)
			}
		}
		if out.group < 0 {
			return errors.New("bazi: unknown relation chars " + j.Chars)
		}
	case 2:
		if out.IsStem() {
			x, ok1 := ParseStem(string(rs[0]))
			y, ok2 := ParseStem(string(rs[1]))
			if !ok1 || !ok2 {
				return errors.New("bazi: bad relation chars " + j.Chars)
			}
			out.a, out.b = uint8(x), uint8(y)
		} else {
			x, ok1 := ParseBranch(string(rs[0]))
			y, ok2 := ParseBranch(string(rs[1]))
			if !ok1 || !ok2 {
				return errors.New("bazi: bad relation chars " + j.Chars)
			}
			out.a, out.b = uint8(x), uint8(y)
		}
	default:
		return errors.New("bazi: bad relation chars " + j.Chars)
	}
	*r = out
	return nil
}

func isStemChar(s string) bool {
	_, ok := ParseStem(string([]rune(s)[0]))
	return ok
}

// Relations holds the stem and the branch relations of a chart.
type Relations struct {
	Stems    []Relation `json:"stems"`
	Branches []Relation `json:"branches"`
}

var stemPairChars = func() (t [NumStems][NumStems]string) {
	for a := range t {
		for b := range t[a] {
			t[a][b] = stemNames[a] + stemNames[b]
		}
	}
	return t
}()

var branchPairChars = func() (t [NumBranches][NumBranches]string) {
	for a := range t {
		for b := range t[a] {
			t[a][b] = branchNames[a] + branchNames[b]
		}
	}
	return t
}()

// stemHeElement: 甲己 earth, 乙庚 metal, 丙辛 water, 丁壬 wood, 戊癸 fire (by the lower stem).
var stemHeElement = [5]Element{Earth, Metal, Water, Wood, Fire}

// liuHeElement by the lower branch: 子丑 earth, 寅亥 wood, 卯戌 fire, 辰酉 metal, 巳申 water, 午未 earth.
var liuHeElement = [12]Element{0: Earth, 2: Wood, 3: Fire, 4: Metal, 5: Water, 6: Earth}

// poPartner: 子酉 寅亥 辰丑 午卯 申巳 戌未 (a yang branch breaks the branch 9 ahead).
func isPo(a, b Branch) bool {
	if a%2 == 1 {
		a, b = b, a
	}
	return a%2 == 0 && (a+9)%12 == b
}

type xingKind uint8

const (
	xingNone xingKind = iota
	xingWuEn
	xingShiShi
	xingWuLi
	xingZi
)

var xingKinds = [5]RelationKind{0, RelXingWuEn, RelXingShiShi, RelXingWuLi, RelZiXing}

var xingPair = func() (t [NumBranches][NumBranches]xingKind) {
	set := func(k xingKind, a, b Branch) { t[a][b], t[b][a] = k, k }
	set(xingWuEn, 2, 5)                       // 寅巳
	set(xingWuEn, 5, 8)                       // 巳申
	set(xingWuEn, 8, 2)                       // 申寅
	set(xingShiShi, 1, 10)                    // 丑戌
	set(xingShiShi, 10, 7)                    // 戌未
	set(xingShiShi, 7, 1)                     // 未丑
	set(xingWuLi, 0, 3)                       // 子卯
	for _, b := range []Branch{4, 6, 9, 11} { // 辰午酉亥
		t[b][b] = xingZi
	}
	return t
}()

// triads: 三合 (生, 旺, 墓) and 三会 groups.
type triad struct {
	b     [3]Branch
	el    Element
	chars string
}

var sanHe = [4]triad{
	{[3]Branch{8, 0, 4}, Water, "申子辰"},
	{[3]Branch{11, 3, 7}, Wood, "亥卯未"},
	{[3]Branch{2, 6, 10}, Fire, "寅午戌"},
	{[3]Branch{5, 9, 1}, Metal, "巳酉丑"},
}
var sanHui = [4]triad{
	{[3]Branch{2, 3, 4}, Wood, "寅卯辰"},
	{[3]Branch{5, 6, 7}, Fire, "巳午未"},
	{[3]Branch{8, 9, 10}, Metal, "申酉戌"},
	{[3]Branch{11, 0, 1}, Water, "亥子丑"},
}
var xingTriads = [2]triad{
	{[3]Branch{2, 5, 8}, 0, "寅巳申"},
	{[3]Branch{1, 10, 7}, 0, "丑戌未"},
}

// allTriads: 三合 0–3, 三会 4–7, 三刑 8–9.
var allTriads = [10]triad{sanHe[0], sanHe[1], sanHe[2], sanHe[3], sanHui[0], sanHui[1], sanHui[2], sanHui[3], xingTriads[0], xingTriads[1]}

// sanHeOf[b] is the 三合 group of b and its position (0 生, 1 旺, 2 墓).
var sanHeOf = func() (t [NumBranches][2]uint8) {
	for i, g := range sanHe {
		for j, b := range g.b {
			t[b] = [2]uint8{uint8(i), uint8(j)}
		}
	}
	return t
}()

// branchMasks[b] = pillars whose branch is b.
func branchMasks(br *[4]Branch, n int) (m [NumBranches]PillarMask) {
	for i := 0; i < n; i++ {
		m[br[i]] |= 1 << i
	}
	return m
}

// branchPairRels[a][b] lists the relations of a branch pair (at most 4).
type pairRels struct {
	n     uint8
	kinds [4]RelationKind
	els   [4]int8
}

var branchPairRels = func() (t [NumBranches][NumBranches]pairRels) {
	for a := Branch(0); a < NumBranches; a++ {
		for b := Branch(0); b < NumBranches; b++ {
			p := &t[a][b]
			add := func(k RelationKind, el int8) {
				p.kinds[p.n], p.els[p.n] = k, el
				p.n++
			}
			if (a+b)%12 == 1 {
				add(RelLiuHe, int8(liuHeElement[min(a, b)]))
			}
			if ga, gb := sanHeOf[a], sanHeOf[b]; ga[0] == gb[0] && a != b {
				el := int8(sanHe[ga[0]].el)
				switch ga[1] + gb[1] {
				case 1: // 生 + 旺
					add(RelBanHeShengWang, el)
				case 3: // 旺 + 墓
					add(RelBanHeMuWang, el)
				default: // 生 + 墓
					add(RelGongHe, el)
				}
			}
			if (a+12-b)%12 == 6 {
				add(RelChong, -1)
			}
			if x := xingPair[a][b]; x != xingNone {
				add(xingKinds[x], -1)
			}
			if (a+b)%12 == 7 {
				add(RelHai, -1)
			}
			if isPo(a, b) {
				add(RelPo, -1)
			}
		}
	}
	return t
}()

func pairRel(k RelationKind, m PillarMask, a, b uint8) Relation {
	return Relation{Kind: k, Pillars: m, a: a, b: b, group: -1, el: -1}
}

// relationsOf computes stem and branch relations among the first n pillars.
func relationsOf(st *[4]Stem, br *[4]Branch, n int) Relations {
	var buf [40]Relation
	k := 0
	// Stems: 五合 and 冲 (甲庚 乙辛 丙壬 丁癸).
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := st[i], st[j]
			m := PillarMask(1<<i | 1<<j)
			lo := min(a, b)
			switch max(a, b) - lo {
			case 5:
				r := pairRel(RelStemHe, m, uint8(a), uint8(b))
				r.el = int8(stemHeElement[lo%5])
				buf[k] = r
				k++
			case 6:
				buf[k] = pairRel(RelStemChong, m, uint8(a), uint8(b))
				k++
			}
		}
	}
	ns := k
	bm := branchMasks(br, n)
	var full [10]bool
	for gi := range allTriads {
		g := &allTriads[gi]
		if bm[g.b[0]] != 0 && bm[g.b[1]] != 0 && bm[g.b[2]] != 0 {
			full[gi] = true
			r := Relation{Pillars: bm[g.b[0]] | bm[g.b[1]] | bm[g.b[2]], group: int8(gi), el: -1}
			switch {
			case gi < 4:
				r.Kind, r.el = RelSanHe, int8(g.el)
			case gi < 8:
				r.Kind, r.el = RelSanHui, int8(g.el)
			default:
				r.Kind = RelXingWuEn + RelationKind(gi-8)
			}
			buf[k] = r
			k++
		}
	}
	// Pairs, from the precomputed pair table.
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := br[i], br[j]
			m := PillarMask(1<<i | 1<<j)
			pr := &branchPairRels[a][b]
			for x := uint8(0); x < pr.n; x++ {
				kind := pr.kinds[x]
				switch kind {
				case RelBanHeShengWang, RelBanHeMuWang, RelGongHe:
					if full[sanHeOf[a][0]] {
						continue // part of a whole 三合
					}
				case RelXingWuEn:
					if full[8] {
						continue // part of 寅巳申
					}
				case RelXingShiShi:
					if full[9] {
						continue // part of 丑戌未
					}
				}
				buf[k] = Relation{Kind: kind, Pillars: m, a: uint8(a), b: uint8(b), group: -1, el: pr.els[x]}
				k++
			}
		}
	}
	if k == 0 {
		return Relations{Stems: []Relation{}, Branches: []Relation{}}
	}
	out := make([]Relation, k)
	copy(out, buf[:k])
	return Relations{Stems: out[:ns:ns], Branches: out[ns:]}
}
