package bazi

import (
	"encoding/json"
	"errors"
	"math/bits"
	"slices"
	"strings"
)

// ShenSha is one symbolic star (神煞) found on one pillar. It is small and
// pointer-free; read it through its methods. Its JSON form is
//
//	{"key":"tian_yi_gui_ren","name":"天乙贵人","english":"Heavenly Noble","nature":"auspicious",
//	 "pillar":"month","on":"branch","basis":"day_stem","rule":"day stem 甲 → 丑/未"}
type ShenSha struct {
	Star  Star  // which star
	Pos   uint8 // pillar position it sits on, 0–3 (year, month, day, hour)
	basis basisKind
	on    uint8
	val   uint8
}

// Key returns the star's key, e.g. "tian_yi_gui_ren".
func (s ShenSha) Key() string { return stars[s.Star%NumStars].key }

// Name returns the Chinese name, e.g. "天乙贵人".
func (s ShenSha) Name() string { return stars[s.Star%NumStars].name }

// English returns an English gloss.
func (s ShenSha) English() string { return stars[s.Star%NumStars].english }

// Nature returns auspicious, inauspicious or mixed.
func (s ShenSha) Nature() string { return stars[s.Star%NumStars].nature }

// Pillar returns the key of the pillar it sits on: year, month, day or hour.
func (s ShenSha) Pillar() string { return pillarKeys[s.Pos&3] }

// On returns what it sits on: branch, stem or pillar (the whole 干支).
func (s ShenSha) On() string { return onKeys[s.on%3] }

// Basis returns what placed it: day_stem, year_stem, day_branch,
// year_branch, month_branch, day_pillar, hour_pillar or chart.
func (s ShenSha) Basis() string {
	if s.basis == bkPillar && s.Pos == PosHour {
		return "hour_pillar"
	}
	return basisKeys[s.basis%numBasis]
}

// Rule returns the rule that placed it, e.g. "day stem 甲 → 丑/未".
func (s ShenSha) Rule() string {
	r := starRules[s.Star%NumStars][s.basis%numBasis]
	if int(s.val) < len(r) {
		return r[s.val]
	}
	return ""
}

// Rule forms, as RuleForm returns them.
const (
	RuleMaps    = "maps"     // Basis() args[0] places the star on args[1] ("丑/未")
	RuleTianShe = "tian_she" // Basis() args[0] places it on the day pillar args[1]
	RulePillar  = "pillar"   // the pillar Basis() is args[0], one of args[1] ("庚辰/庚戌")
	RulePair    = "pair"     // branches args[0] and args[1] are both in the chart
)

// RuleForm returns the rule that placed it as data, for wording it in any
// language: its form (RuleMaps, RuleTianShe, RulePillar or RulePair) and
// its values, which are Chinese characters; Basis names what placed it.
// Rule is the same rule worded in English.
func (s ShenSha) RuleForm() (form string, args [2]string) {
	r := starRuleForms[s.Star%NumStars][s.basis%numBasis]
	if int(s.val) < len(r) {
		return r[s.val].form, r[s.val].args
	}
	return "", args
}

type ruleForm struct {
	form string
	args [2]string
}

// starRuleForms[star][basis][value] is the rule of a hit as data, built once.
var starRuleForms = func() (r [NumStars][numBasis][]ruleForm) {
	for si := range stars {
		d := &stars[si]
		for _, b := range d.bases {
			switch b {
			case bkDayStem, bkYearStem:
				r[si][b] = make([]ruleForm, NumStems)
				for v := 0; v < NumStems; v++ {
					r[si][b][v] = ruleForm{RuleMaps, [2]string{stemNames[v], joinMask(d.toBranch[v], branchNames[:])}}
				}
			case bkDayBranch, bkYearBranch, bkMonthBranch:
				r[si][b] = make([]ruleForm, NumBranches)
				for v := 0; v < NumBranches; v++ {
					if Star(si) == StarTianShe {
						r[si][b][v] = ruleForm{RuleTianShe, [2]string{branchNames[v], tianSheDay[v].String()}}
						continue
					}
					t := joinMask(d.toBranch[v], branchNames[:])
					if s := joinMask(d.toStem[v], stemNames[:]); s != "" {
						if t != "" {
							t += "/"
						}
						t += s
					}
					r[si][b][v] = ruleForm{RuleMaps, [2]string{branchNames[v], t}}
				}
			case bkPillar:
				r[si][b] = make([]ruleForm, NumGanZhi)
				set := strings.ReplaceAll(d.pillarList, ",", "/")
				for g := 0; g < NumGanZhi; g++ {
					r[si][b][g] = ruleForm{RulePillar, [2]string{ganzhiNames[g], set}}
				}
			case bkChart:
				r[si][b] = []ruleForm{{RulePair, [2]string{d.needPair[0].String(), d.needPair[1].String()}}}
			}
		}
	}
	return r
}()

type shenShaJSON struct {
	Key     string `json:"key"`
	Name    string `json:"name"`
	English string `json:"english"`
	Nature  string `json:"nature"`
	Pillar  string `json:"pillar"`
	On      string `json:"on"`
	Basis   string `json:"basis"`
	Rule    string `json:"rule"`
}

// MarshalJSON writes the JSON form described on ShenSha.
func (s ShenSha) MarshalJSON() ([]byte, error) { return appendShenSha(make([]byte, 0, 256), &s), nil }

// UnmarshalJSON reads the JSON form written by MarshalJSON.
func (s *ShenSha) UnmarshalJSON(b []byte) error {
	var j shenShaJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	var out ShenSha
	st := slices.IndexFunc(stars[:], func(d starDef) bool { return d.key == j.Key })
	pos := slices.Index(pillarKeys[:], j.Pillar)
	on := slices.Index(onKeys[:], j.On)
	basis := j.Basis
	if basis == "hour_pillar" {
		basis = "day_pillar"
	}
	bk := slices.Index(basisKeys[:], basis)
	if st < 0 || pos < 0 || on < 0 || bk < 0 {
		return errors.New("bazi: bad shen sha JSON")
	}
	out.Star, out.Pos, out.on, out.basis = Star(st), uint8(pos), uint8(on), basisKind(bk)
	v := slices.Index(starRules[st][bk], j.Rule)
	if v < 0 {
		return errors.New("bazi: unknown shen sha rule " + j.Rule)
	}
	out.val = uint8(v)
	*s = out
	return nil
}

// Star identifies a 神煞 in the table below.
type Star uint8

// Key returns the star's key.
func (s Star) Key() string { return stars[s%NumStars].key }

// String returns the star's Chinese name.
func (s Star) String() string { return stars[s%NumStars].name }

// English returns the star's English gloss.
func (s Star) English() string { return stars[s%NumStars].english }

// Nature returns auspicious, inauspicious or mixed.
func (s Star) Nature() string { return stars[s%NumStars].nature }

type basisKind uint8

const (
	bkDayStem basisKind = iota
	bkYearStem
	bkDayBranch
	bkYearBranch
	bkMonthBranch
	bkPillar // the pillar's own 干支 (day, or hour for 金神)
	bkChart  // the chart as a whole (天罗, 地网)
	numBasis
)

var basisKeys = [numBasis]string{"day_stem", "year_stem", "day_branch", "year_branch", "month_branch", "day_pillar", "chart"}
var basisLabels = [numBasis]string{"day stem", "year stem", "day branch", "year branch", "month branch", "day pillar", "chart"}

const (
	onBranch = iota
	onStem
	onPillar
)

var onKeys = [3]string{"branch", "stem", "pillar"}

type starDef struct {
	key, name, english, nature string
	bases                      []basisKind
	toBranch                   [12]uint16 // basis value → mask of branches
	toStem                     [12]uint16 // basis value → mask of stems (天德, 月德 …)
	excludeSelf                bool       // the basis pillar itself does not carry the star
	pillarSet                  uint64     // for bkPillar: set of GanZhi
	pillarList                 string     // for bkPillar: the set as listed, for the rule text
	pillarPos                  PillarMask // for bkPillar: pillars that can carry it
	needPair                   [2]Branch  // for bkChart: both branches must be present
}

func bm(bs ...int) uint16 {
	var m uint16
	for _, b := range bs {
		m |= 1 << b
	}
	return m
}

func gzSet(names ...string) (m uint64) {
	for _, n := range names {
		g, ok := ParseGanZhi(n)
		if !ok {
			panic("bazi: bad ganzhi " + n)
		}
		m |= 1 << g
	}
	return m
}

// perStem builds a stem-indexed table of single branches.
func perStem(bs ...int) (t [12]uint16) {
	for i, b := range bs {
		t[i] = 1 << b
	}
	return t
}

// byGroup builds a branch-indexed table from the 三合 group of the basis
// branch: water (申子辰), wood (亥卯未), fire (寅午戌), metal (巳酉丑).
func byGroup(water, wood, fire, metal int) (t [12]uint16) {
	v := [4]int{water, wood, fire, metal}
	for b := 0; b < 12; b++ {
		t[b] = 1 << v[sanHeOf[b][0]]
	}
	return t
}

// bySeason builds a branch-indexed table from the season of the basis
// branch: winter (亥子丑), spring (寅卯辰), summer (巳午未), autumn (申酉戌).
func bySeason(winter, spring, summer, autumn int) (t [12]uint16) {
	v := [4]int{winter, spring, summer, autumn}
	for b := 0; b < 12; b++ {
		t[b] = 1 << v[((b+1)%12)/3]
	}
	return t
}

// Star indexes, in output order.
const (
	StarTianYi Star = iota
	StarTaiJi
	StarWenChang
	StarGuoYin
	StarFuXing
	StarLuShen
	StarYangRen
	StarJinYu
	StarXueTang
	StarHongYan
	StarTianDe
	StarTianDeHe
	StarYueDe
	StarYueDeHe
	StarTianYi2 // 天医
	StarYiMa
	StarTaoHua
	StarHuaGai
	StarJiangXing
	StarJieSha
	StarZaiSha
	StarWangShen
	StarGuChen
	StarGuaSu
	StarHongLuan
	StarTianXi
	StarKuiGang
	StarYinChaYangCuo
	StarShiEDaBai
	StarGuLuan
	StarTianShe
	StarJinShen
	StarTianLuo
	StarDiWang
	NumStars
)

// stars is the 神煞 table. Conventions (one common school; each hit carries
// its rule text so the page can show why it is there):
//   - stem-based nobles (天乙, 太极, 文昌, 国印, 福星) are looked up from the
//     day stem and from the year stem, and may sit on any branch, the day
//     pillar's own branch included; 禄神, 羊刃, 金舆, 学堂, 红艳 from the day
//     stem only;
//   - 天德, 天德合, 月德, 月德合 (on stems, or branches for 天德 of 子卯午酉
//     months) and 天医 from the month branch;
//   - 驿马, 桃花, 华盖, 将星, 劫煞, 灾煞, 亡神 from the 三合 group of the day
//     branch and of the year branch; 孤辰, 寡宿, 红鸾, 天喜 from the year
//     branch; these are never placed on their own basis pillar;
//   - 魁罡, 阴差阳错, 十恶大败, 孤鸾 are day pillars; 金神 a day or hour
//     pillar; 天赦 the season's day pillar;
//   - 天罗 (戌 with 亥) and 地网 (辰 with 巳) when both branches are present.
//
// A star sits at most once on a pillar; when two bases place it, the first
// in the order day stem, year stem, day branch, year branch, month branch
// names the rule.
var stars = func() (s [NumStars]starDef) {
	stemBases := []basisKind{bkDayStem, bkYearStem}
	dayStem := []basisKind{bkDayStem}
	branchBases := []basisKind{bkDayBranch, bkYearBranch}
	yearBranch := []basisKind{bkYearBranch}
	month := []basisKind{bkMonthBranch}
	pillar := []basisKind{bkPillar}

	// 天乙贵人: 甲戊庚牛羊, 乙己鼠猴乡, 丙丁猪鸡位, 壬癸兔蛇藏, 六辛逢马虎.
	s[StarTianYi] = starDef{key: "tian_yi_gui_ren", name: "天乙贵人", english: "Heavenly Noble", nature: "auspicious", bases: stemBases,
		toBranch: [12]uint16{bm(1, 7), bm(0, 8), bm(11, 9), bm(11, 9), bm(1, 7), bm(0, 8), bm(1, 7), bm(2, 6), bm(3, 5), bm(3, 5)}}
	// 太极贵人: 甲乙子午, 丙丁卯酉, 戊己辰戌丑未, 庚辛寅亥, 壬癸巳申.
	s[StarTaiJi] = starDef{key: "tai_ji_gui_ren", name: "太极贵人", english: "Grand Ultimate Noble", nature: "auspicious", bases: stemBases,
		toBranch: [12]uint16{bm(0, 6), bm(0, 6), bm(3, 9), bm(3, 9), bm(4, 10, 1, 7), bm(4, 10, 1, 7), bm(2, 11), bm(2, 11), bm(5, 8), bm(5, 8)}}
	// 文昌贵人: 甲巳 乙午 丙申 丁酉 戊申 己酉 庚亥 辛子 壬寅 癸卯.
	s[StarWenChang] = starDef{key: "wen_chang", name: "文昌贵人", english: "Academic Star", nature: "auspicious", bases: stemBases,
		toBranch: perStem(5, 6, 8, 9, 8, 9, 11, 0, 2, 3)}
	// 国印贵人: 甲戌 乙亥 丙丑 丁寅 戊丑 己寅 庚辰 辛巳 壬未 癸申.
	s[StarGuoYin] = starDef{key: "guo_yin_gui_ren", name: "国印贵人", english: "State Seal Noble", nature: "auspicious", bases: stemBases,
		toBranch: perStem(10, 11, 1, 2, 1, 2, 4, 5, 7, 8)}
	// 福星贵人: 甲丙寅子, 乙癸卯丑, 戊申, 己未, 丁亥, 庚午, 辛巳, 壬辰.
	s[StarFuXing] = starDef{key: "fu_xing_gui_ren", name: "福星贵人", english: "Fortune Star Noble", nature: "auspicious", bases: stemBases,
		toBranch: [12]uint16{bm(2, 0), bm(3, 1), bm(2, 0), bm(11), bm(8), bm(7), bm(6), bm(5), bm(4), bm(3, 1)}}
	// 禄神 (干禄): 甲寅 乙卯 丙戊巳 丁己午 庚申 辛酉 壬亥 癸子.
	s[StarLuShen] = starDef{key: "lu_shen", name: "禄神", english: "Prosperity Star", nature: "auspicious", bases: dayStem,
		toBranch: perStem(2, 3, 5, 6, 5, 6, 8, 9, 11, 0)}
	// 羊刃: the branch after 禄 for every stem (阴干 too): 甲卯 乙辰 丙戊午 丁己未 庚酉 辛戌 壬子 癸丑.
	s[StarYangRen] = starDef{key: "yang_ren", name: "羊刃", english: "Goat Blade", nature: "mixed", bases: dayStem,
		toBranch: perStem(3, 4, 6, 7, 6, 7, 9, 10, 0, 1)}
	// 金舆: two after 禄: 甲辰 乙巳 丙戊未 丁己申 庚戌 辛亥 壬丑 癸寅.
	s[StarJinYu] = starDef{key: "jin_yu", name: "金舆", english: "Golden Carriage", nature: "auspicious", bases: dayStem,
		toBranch: perStem(4, 5, 7, 8, 7, 8, 10, 11, 1, 2)}
	// 学堂: the day stem's 长生: 甲亥 乙午 丙戊寅 丁己酉 庚巳 辛子 壬申 癸卯.
	s[StarXueTang] = starDef{key: "xue_tang", name: "学堂", english: "Study Hall", nature: "auspicious", bases: dayStem,
		toBranch: perStem(11, 6, 2, 9, 2, 9, 5, 0, 8, 3)}
	// 红艳: 甲午 乙申 丙寅 丁未 戊己辰 庚戌 辛酉 壬子 癸申.
	s[StarHongYan] = starDef{key: "hong_yan", name: "红艳", english: "Red Romance", nature: "mixed", bases: dayStem,
		toBranch: perStem(6, 8, 2, 7, 4, 4, 10, 9, 0, 8)}
	// 天德 by month branch (子…亥): 巳 庚 丁 申 壬 辛 亥 甲 癸 寅 丙 乙.
	s[StarTianDe] = starDef{key: "tian_de", name: "天德贵人", english: "Heavenly Virtue", nature: "auspicious", bases: month,
		toBranch: [12]uint16{0: bm(5), 3: bm(8), 6: bm(11), 9: bm(2)},
		toStem:   [12]uint16{1: bm(6), 2: bm(3), 4: bm(8), 5: bm(7), 7: bm(0), 8: bm(9), 10: bm(2), 11: bm(1)}}
	// 天德合: 申 乙 壬 巳 丁 丙 寅 己 戊 亥 辛 庚.
	s[StarTianDeHe] = starDef{key: "tian_de_he", name: "天德合", english: "Heavenly Virtue Combination", nature: "auspicious", bases: month,
		toBranch: [12]uint16{0: bm(8), 3: bm(5), 6: bm(2), 9: bm(11)},
		toStem:   [12]uint16{1: bm(1), 2: bm(8), 4: bm(3), 5: bm(2), 7: bm(5), 8: bm(4), 10: bm(7), 11: bm(6)}}
	// 月德: 寅午戌丙, 申子辰壬, 亥卯未甲, 巳酉丑庚 (on stems).
	s[StarYueDe] = starDef{key: "yue_de", name: "月德贵人", english: "Monthly Virtue", nature: "auspicious", bases: month,
		toStem: byGroup(8, 0, 2, 6)}
	// 月德合: 寅午戌辛, 申子辰丁, 亥卯未己, 巳酉丑乙.
	s[StarYueDeHe] = starDef{key: "yue_de_he", name: "月德合", english: "Monthly Virtue Combination", nature: "auspicious", bases: month,
		toStem: byGroup(3, 5, 7, 1)}
	// 天医: the branch before the month branch.
	var tianYi [12]uint16
	for b := 0; b < 12; b++ {
		tianYi[b] = 1 << ((b + 11) % 12)
	}
	s[StarTianYi2] = starDef{key: "tian_yi", name: "天医", english: "Heavenly Doctor", nature: "auspicious", bases: month, toBranch: tianYi, excludeSelf: true}
	// By the 三合 group of the day or year branch (申子辰, 亥卯未, 寅午戌, 巳酉丑).
	s[StarYiMa] = starDef{key: "yi_ma", name: "驿马", english: "Travelling Horse", nature: "mixed", bases: branchBases, toBranch: byGroup(2, 5, 8, 11), excludeSelf: true}
	s[StarTaoHua] = starDef{key: "tao_hua", name: "桃花", english: "Peach Blossom (咸池)", nature: "mixed", bases: branchBases, toBranch: byGroup(9, 0, 3, 6), excludeSelf: true}
	s[StarHuaGai] = starDef{key: "hua_gai", name: "华盖", english: "Canopy", nature: "mixed", bases: branchBases, toBranch: byGroup(4, 7, 10, 1), excludeSelf: true}
	s[StarJiangXing] = starDef{key: "jiang_xing", name: "将星", english: "General Star", nature: "auspicious", bases: branchBases, toBranch: byGroup(0, 3, 6, 9), excludeSelf: true}
	s[StarJieSha] = starDef{key: "jie_sha", name: "劫煞", english: "Robbery Sha", nature: "inauspicious", bases: branchBases, toBranch: byGroup(5, 8, 11, 2), excludeSelf: true}
	s[StarZaiSha] = starDef{key: "zai_sha", name: "灾煞", english: "Calamity Sha", nature: "inauspicious", bases: branchBases, toBranch: byGroup(6, 9, 0, 3), excludeSelf: true}
	s[StarWangShen] = starDef{key: "wang_shen", name: "亡神", english: "Lost Spirit", nature: "inauspicious", bases: branchBases, toBranch: byGroup(11, 2, 5, 8), excludeSelf: true}
	// 孤辰 / 寡宿 by the season of the year branch: 亥子丑 寅/戌, 寅卯辰 巳/丑, 巳午未 申/辰, 申酉戌 亥/未.
	s[StarGuChen] = starDef{key: "gu_chen", name: "孤辰", english: "Lonely Star", nature: "inauspicious", bases: yearBranch, toBranch: bySeason(2, 5, 8, 11), excludeSelf: true}
	s[StarGuaSu] = starDef{key: "gua_su", name: "寡宿", english: "Widow Star", nature: "inauspicious", bases: yearBranch, toBranch: bySeason(10, 1, 4, 7), excludeSelf: true}
	// 红鸾: 子卯 丑寅 寅丑 卯子 … (3 − year branch); 天喜 is opposite 红鸾.
	var hongLuan, tianXi [12]uint16
	for b := 0; b < 12; b++ {
		hongLuan[b] = 1 << ((15 - b) % 12)
		tianXi[b] = 1 << ((21 - b) % 12)
	}
	s[StarHongLuan] = starDef{key: "hong_luan", name: "红鸾", english: "Red Phoenix", nature: "auspicious", bases: yearBranch, toBranch: hongLuan, excludeSelf: true}
	s[StarTianXi] = starDef{key: "tian_xi", name: "天喜", english: "Heavenly Joy", nature: "auspicious", bases: yearBranch, toBranch: tianXi, excludeSelf: true}
	// Day-pillar stars.
	s[StarKuiGang] = starDef{key: "kui_gang", name: "魁罡", english: "Kui Gang", nature: "mixed", bases: pillar, pillarPos: MaskDay,
		pillarSet: gzSet("庚辰", "庚戌", "壬辰", "戊戌"), pillarList: "庚辰,庚戌,壬辰,戊戌"}
	s[StarYinChaYangCuo] = starDef{key: "yin_cha_yang_cuo", name: "阴差阳错", english: "Yin-Yang Mismatch", nature: "inauspicious", bases: pillar, pillarPos: MaskDay,
		pillarSet: gzSet("丙子", "丁丑", "戊寅", "辛卯", "壬辰", "癸巳", "丙午", "丁未", "戊申", "辛酉", "壬戌", "癸亥"), pillarList: "丙子,丁丑,戊寅,辛卯,壬辰,癸巳,丙午,丁未,戊申,辛酉,壬戌,癸亥"}
	s[StarShiEDaBai] = starDef{key: "shi_e_da_bai", name: "十恶大败", english: "Ten Evils Great Defeat", nature: "inauspicious", bases: pillar, pillarPos: MaskDay,
		pillarSet: gzSet("甲辰", "乙巳", "丙申", "丁亥", "戊戌", "己丑", "庚辰", "辛巳", "壬申", "癸亥"), pillarList: "甲辰,乙巳,丙申,丁亥,戊戌,己丑,庚辰,辛巳,壬申,癸亥"}
	s[StarGuLuan] = starDef{key: "gu_luan", name: "孤鸾煞", english: "Lonely Phoenix", nature: "inauspicious", bases: pillar, pillarPos: MaskDay,
		pillarSet: gzSet("乙巳", "丁巳", "辛亥", "戊申", "甲寅", "壬子", "丙午", "戊午"), pillarList: "乙巳,丁巳,辛亥,戊申,甲寅,壬子,丙午,戊午"}
	// 天赦: spring 戊寅, summer 甲午, autumn 戊申, winter 甲子 day (season of the month branch).
	s[StarTianShe] = starDef{key: "tian_she", name: "天赦", english: "Heavenly Pardon", nature: "auspicious", bases: month, pillarPos: MaskDay}
	s[StarJinShen] = starDef{key: "jin_shen", name: "金神", english: "Golden Spirit", nature: "mixed", bases: pillar, pillarPos: MaskDay | MaskHour,
		pillarSet: gzSet("乙丑", "己巳", "癸酉"), pillarList: "乙丑,己巳,癸酉"}
	// 天罗 (戌亥) and 地网 (辰巳): both branches of the pair present in the chart.
	s[StarTianLuo] = starDef{key: "tian_luo", name: "天罗", english: "Heaven's Net", nature: "inauspicious", bases: []basisKind{bkChart}, needPair: [2]Branch{10, 11}}
	s[StarDiWang] = starDef{key: "di_wang", name: "地网", english: "Earth's Net", nature: "inauspicious", bases: []basisKind{bkChart}, needPair: [2]Branch{4, 5}}
	return s
}()

// tianSheDay[month branch] is the 天赦 day pillar for that season.
var tianSheDay = func() (t [12]GanZhi) {
	v := [4]string{"甲子", "戊寅", "甲午", "戊申"} // winter, spring, summer, autumn
	for b := 0; b < 12; b++ {
		t[b], _ = ParseGanZhi(v[((b+1)%12)/3])
	}
	return t
}()

func joinMask(m uint16, names []string) string {
	out := ""
	for i := range names {
		if m&(1<<i) != 0 {
			if out != "" {
				out += "/"
			}
			out += names[i]
		}
	}
	return out
}

// starRules[star][basis][value] is the rule text of a hit, built once.
var starRules = func() (r [NumStars][numBasis][]string) {
	for si := range stars {
		d := &stars[si]
		for _, b := range d.bases {
			switch b {
			case bkDayStem, bkYearStem:
				r[si][b] = make([]string, NumStems)
				for v := 0; v < NumStems; v++ {
					r[si][b][v] = basisLabels[b] + " " + stemNames[v] + " → " + joinMask(d.toBranch[v], branchNames[:])
				}
			case bkDayBranch, bkYearBranch, bkMonthBranch:
				r[si][b] = make([]string, NumBranches)
				for v := 0; v < NumBranches; v++ {
					t := joinMask(d.toBranch[v], branchNames[:])
					if s := joinMask(d.toStem[v], stemNames[:]); s != "" {
						if t != "" {
							t += "/"
						}
						t += s
					}
					if Star(si) == StarTianShe {
						t = "day pillar " + tianSheDay[v].String()
					}
					r[si][b][v] = basisLabels[b] + " " + branchNames[v] + " → " + t
				}
			case bkPillar:
				set := d.pillarList
				r[si][b] = make([]string, NumGanZhi)
				for g := 0; g < NumGanZhi; g++ {
					r[si][b][g] = "pillar " + ganzhiNames[g] + " ∈ {" + set + "}"
				}
			case bkChart:
				r[si][b] = []string{"branches " + d.needPair[0].String() + " and " + d.needPair[1].String() + " both present"}
			}
		}
	}
	return r
}()

// Lookup tables for shenShaOf, built once from stars:
// starByBranch[basis][basis value][branch] and starByStem[basis][basis value][stem]
// are the stars (bit per Star) the basis places on that branch or stem.
var (
	starByBranch [bkMonthBranch + 1][NumBranches][NumBranches]uint64
	starByStem   [bkMonthBranch + 1][NumBranches][NumStems]uint64
	excludeSelf  uint64            // stars never placed on their own basis pillar
	dayPillarSet [NumGanZhi]uint64 // stars placed by the day pillar itself
	hourPillar   [NumGanZhi]uint64 // stars placed by the hour pillar itself
	basisSelf    = [bkMonthBranch + 1]int{PosDay, PosYear, PosDay, PosYear, PosMonth}
)

func init() {
	for si := range stars {
		d := &stars[si]
		bit := uint64(1) << si
		if d.excludeSelf {
			excludeSelf |= bit
		}
		if Star(si) == StarTianShe {
			continue // placed by its own rule
		}
		for _, b := range d.bases {
			switch b {
			case bkDayStem, bkYearStem, bkDayBranch, bkYearBranch, bkMonthBranch:
				for v := 0; v < NumBranches; v++ {
					for t := 0; t < NumBranches; t++ {
						if d.toBranch[v]&(1<<t) != 0 {
							starByBranch[b][v][t] |= bit
						}
					}
					for t := 0; t < NumStems; t++ {
						if d.toStem[v]&(1<<t) != 0 {
							starByStem[b][v][t] |= bit
						}
					}
				}
			case bkPillar:
				for g := 0; g < NumGanZhi; g++ {
					if d.pillarSet&(1<<g) != 0 {
						if d.pillarPos&MaskDay != 0 {
							dayPillarSet[g] |= bit
						}
						if d.pillarPos&MaskHour != 0 {
							hourPillar[g] |= bit
						}
					}
				}
			}
		}
	}
}

// shenShaOf finds the stars on the first n pillars, ordered by star, then pillar.
func shenShaOf(gz *[4]GanZhi, st *[4]Stem, br *[4]Branch, n int) []ShenSha {
	var hb, hs [bkMonthBranch + 1][4]uint64 // stars placed on branch / stem of pillar i by basis b
	var special [4]uint64                   // stars placed by the pillar itself, 天赦, or the chart
	var all [4]uint64
	val := [bkMonthBranch + 1]uint8{uint8(st[PosDay]), uint8(st[PosYear]), uint8(br[PosDay]), uint8(br[PosYear]), uint8(br[PosMonth])}
	for b := bkDayStem; b <= bkMonthBranch; b++ {
		tb, ts := &starByBranch[b][val[b]], &starByStem[b][val[b]]
		for i := 0; i < n; i++ {
			x := tb[br[i]]
			y := ts[st[i]] &^ x
			if i == basisSelf[b] {
				x &^= excludeSelf
				y &^= excludeSelf
			}
			hb[b][i], hs[b][i] = x, y
			all[i] |= x | y
		}
	}
	special[PosDay] = dayPillarSet[gz[PosDay]]
	if gz[PosDay] == tianSheDay[br[PosMonth]] {
		special[PosDay] |= 1 << StarTianShe
	}
	if n > PosHour {
		special[PosHour] = hourPillar[gz[PosHour]]
	}
	var present uint16
	for i := 0; i < n; i++ {
		present |= 1 << br[i]
	}
	for _, s := range [2]Star{StarTianLuo, StarDiWang} {
		p := stars[s].needPair
		if present&(1<<p[0]) != 0 && present&(1<<p[1]) != 0 {
			for i := 0; i < n; i++ {
				if br[i] == p[0] || br[i] == p[1] {
					special[i] |= 1 << s
				}
			}
		}
	}
	var union uint64
	for i := 0; i < n; i++ {
		all[i] |= special[i]
		union |= all[i]
	}
	if union == 0 {
		return []ShenSha{}
	}
	k := 0
	for i := 0; i < n; i++ {
		k += bits.OnesCount64(all[i])
	}
	out := make([]ShenSha, 0, k)
	for u := union; u != 0; u &= u - 1 {
		si := Star(bits.TrailingZeros64(u))
		bit := uint64(1) << si
		for i := 0; i < n; i++ {
			if all[i]&bit == 0 {
				continue
			}
			h := ShenSha{Star: si, Pos: uint8(i)}
			switch {
			case special[i]&bit != 0:
				switch si {
				case StarTianShe:
					h.basis, h.on, h.val = bkMonthBranch, onPillar, uint8(br[PosMonth])
				case StarTianLuo, StarDiWang:
					h.basis, h.on = bkChart, onBranch
				default:
					h.basis, h.on, h.val = bkPillar, onPillar, uint8(gz[i])
				}
			default:
				for b := bkDayStem; b <= bkMonthBranch; b++ {
					if hb[b][i]&bit != 0 {
						h.basis, h.on, h.val = b, onBranch, val[b]
						break
					}
					if hs[b][i]&bit != 0 {
						h.basis, h.on, h.val = b, onStem, val[b]
						break
					}
				}
			}
			out = append(out, h)
		}
	}
	return out
}
