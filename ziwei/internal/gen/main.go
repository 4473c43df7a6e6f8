// Command gen writes ziwei/tables_gen.go from the iztro npm package: star
// names in zh-Hans, zh-Hant, en, ja and ko (iztro's zh-CN, zh-TW, en-US, ja-JP and ko-KR
// locales), star types, the brightness of stars per palace, the 四化 of each
// year stem, 命主 and 身主 per branch, and the palace, 五行局, brightness and
// 四化 names.
//
// It runs gen.js under node against the iztro package in $ZIWEI_REF_DIR (a
// node_modules directory; default .cache/iztro/node_modules under the
// module root, which `make ziwei-ref` fills).
//
//	go run ./internal/gen [-ref DIR] [-out tables_gen.go]
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Version is the iztro release the engine is a port of.
const Version = "2.6.1"

//go:embed gen.js
var genJS []byte

// The stars a board can hold, by iztro i18n key, in groups. A key that
// appears in two groups (岁前 大耗 is 博士 大耗) is one StarID. Within a
// group the order is the order of the rule (口诀) that places them, which
// the engine relies on.
var groups = []struct {
	name, doc string
	keys      []string
}{
	{"majorStars", "the 14 major stars: 紫微 group then 天府 group",
		[]string{"ziweiMaj", "tianjiMaj", "taiyangMaj", "wuquMaj", "tiantongMaj", "lianzhenMaj",
			"tianfuMaj", "taiyinMaj", "tanlangMaj", "jumenMaj", "tianxiangMaj", "tianliangMaj", "qishaMaj", "pojunMaj"}},
	{"minorStars", "the 14 minor stars",
		[]string{"zuofuMin", "youbiMin", "wenchangMin", "wenquMin", "tiankuiMin", "tianyueMin", "lucunMin", "tianmaMin",
			"dikongMin", "dijieMin", "huoxingMin", "lingxingMin", "qingyangMin", "tuoluoMin"}},
	{"adjectiveStars", "iztro's 38 adjective stars (default algorithm), in the order iztro places them",
		[]string{"hongluan", "tianxi", "tianyao", "xianchi", "jieshen", "santai", "bazuo", "engguang", "tiangui",
			"longchi", "fengge", "tiancai", "tianshou", "taifu", "fenggao", "tianwu", "huagai", "tianguan", "tianfu",
			"tianchu", "tianyue", "tiande", "yuede", "tiankong", "xunkong", "jielu", "kongwang", "guchen", "guasu",
			"feilian", "posui", "tianxing", "yinsha", "tianku", "tianxu", "tianshi", "tianshang", "nianjie"}},
	{"changsheng12", "长生十二神 from 长生",
		[]string{"changsheng", "muyu", "guandai", "linguan", "diwang", "shuai", "bing", "si", "mu", "jue", "tai", "yang"}},
	{"boshi12", "博士十二神 from 博士",
		[]string{"boshi", "lishi", "qinglong", "xiaohao", "jiangjun", "zhoushu", "faylian", "xishen", "bingfu", "dahao", "fubing", "guanfu"}},
	{"suiqian12", "岁前诸星 from 岁建",
		[]string{"suijian", "huiqi", "sangmen", "guansuo", "gwanfu", "xiaohao", "dahao", "longde", "baihu", "tiande", "diaoke", "bingfu"}},
	{"jiangqian12", "将前诸星 from 将星",
		[]string{"jiangxing", "panan", "suiyi", "xiishen", "huagai", "jiesha", "zhaisha", "tiansha", "zhibei", "xianchi", "yuesha", "wangshen"}},
	{"decadalStars", "大限 stars: 魁 钺 昌 曲 禄 羊 陀 马 鸾 喜",
		[]string{"yunkui", "yunyue", "yunchang", "yunqu", "yunlu", "yunyang", "yuntuo", "yunma", "yunluan", "yunxi"}},
	{"yearlyStars", "流年 stars: 魁 钺 昌 曲 禄 羊 陀 马 鸾 喜",
		[]string{"liukui", "liuyue", "liuchang", "liuqu", "liulu", "liuyang", "liutuo", "liuma", "liuluan", "liuxi"}},
}

var (
	langs        = []string{"zh-CN", "zh-TW", "en-US", "ja-JP", "ko-KR"}
	palaceKeys   = []string{"soulPalace", "siblingsPalace", "spousePalace", "childrenPalace", "wealthPalace", "healthPalace", "surfacePalace", "friendsPalace", "careerPalace", "propertyPalace", "spiritPalace", "parentsPalace"}
	classKeys    = []string{"water2nd", "wood3rd", "metal4th", "earth5th", "fire6th"}
	brightKeys   = []string{"", "miao", "wang", "de", "li", "ping", "bu", "xian"}
	mutagenKeys  = []string{"", "sihuaLu", "sihuaQuan", "sihuaKe", "sihuaJi"}
	scopeKeys    = []string{"decadal", "childhood", "turn", "yearly"}
	stemKeys     = []string{"jiaHeavenly", "yiHeavenly", "bingHeavenly", "dingHeavenly", "wuHeavenly", "jiHeavenly", "gengHeavenly", "xinHeavenly", "renHeavenly", "guiHeavenly"}
	branchKeys   = []string{"ziEarthly", "chouEarthly", "yinEarthly", "maoEarthly", "chenEarthly", "siEarthly", "wuEarthly", "weiEarthly", "shenEarthly", "youEarthly", "xuEarthly", "haiEarthly"}
	kindNames    = []string{"", "major", "soft", "tough", "lucun", "tianma", "adjective", "flower", "helper"}
	kindConsts   = []string{"KindNone", "KindMajor", "KindSoft", "KindTough", "KindLucun", "KindTianma", "KindAdjective", "KindFlower", "KindHelper"}
	brightConsts = []string{"BrightNone", "Miao", "Wang", "De", "Li", "Ping", "Bu", "Xian"}
)

type refData struct {
	Version   string                       `json:"version"`
	Locales   map[string]map[string]string `json:"locales"`
	StarsInfo map[string]struct {
		Brightness []string `json:"brightness"`
	} `json:"starsInfo"`
	Stems map[string]struct {
		Mutagen []string `json:"mutagen"`
	} `json:"stems"`
	Branches map[string]struct {
		Soul string `json:"soul"`
		Body string `json:"body"`
	} `json:"branches"`
	Kinds map[string]string `json:"kinds"`
}

func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			log.Fatal("gen: no go.mod above ", dir)
		}
	}
}

func main() {
	log.SetFlags(0)
	def := os.Getenv("ZIWEI_REF_DIR")
	if def == "" {
		def = filepath.Join(moduleRoot(), ".cache", "iztro", "node_modules")
	}
	ref := flag.String("ref", def, "node_modules directory holding iztro (env ZIWEI_REF_DIR)")
	out := flag.String("out", "tables_gen.go", "output file")
	flag.Parse()

	js := filepath.Join(os.TempDir(), fmt.Sprintf("ziwei-gen-%d.js", os.Getpid()))
	if err := os.WriteFile(js, genJS, 0o600); err != nil {
		log.Fatal(err)
	}
	defer os.Remove(js)
	cmd := exec.Command("node", js, *ref)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		log.Fatalf("gen: node gen.js %s: %v (run make ziwei-ref)", *ref, err)
	}
	var d refData
	if err := json.Unmarshal(raw, &d); err != nil {
		log.Fatal(err)
	}
	if d.Version != Version {
		log.Fatalf("gen: iztro %s in %s, want %s", d.Version, *ref, Version)
	}
	src, err := generate(&d)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// shinjitai writes iztro's ja-JP names in the forms Japanese prints
// (the Jōyō kanji's shinjitai): its locale keeps the old forms (祿存, 官祿,
// 福德, 權, 陷, 冠帶, 絕, 將軍, 歲建) and even two simplified characters (钺,
// 鸾), where a Japanese 紫微斗数 book writes 禄存, 官禄, 福徳, 権, 陥, 冠帯,
// 絶, 将軍, 歳建, 鉞 and 鸞.
var shinjitai = strings.NewReplacer(
	"祿", "禄", "權", "権", "德", "徳", "陷", "陥", "帶", "帯", "絕", "絶",
	"將", "将", "歲", "歳", "氣", "気", "驛", "駅", "壽", "寿", "虛", "虚",
	"钺", "鉞", "鸾", "鸞",
)

func constName(key string) string { return "Star" + strings.ToUpper(key[:1]) + key[1:] }

func generate(d *refData) ([]byte, error) {
	var keys []string
	id := map[string]int{"": 0}
	keys = append(keys, "")
	for _, g := range groups {
		for _, k := range g.keys {
			if _, ok := id[k]; !ok {
				id[k] = len(keys)
				keys = append(keys, k)
			}
		}
	}
	var errs []string
	tr := func(lang, key string) string {
		if key == "" {
			return ""
		}
		s, ok := d.Locales[lang][key]
		if !ok {
			errs = append(errs, lang+" lacks "+key)
		}
		if lang == "ja-JP" {
			s = shinjitai.Replace(s)
		}
		return s
	}
	starID := func(key string) string {
		if _, ok := id[key]; !ok {
			errs = append(errs, "unknown star "+key)
			return "StarNone"
		}
		return constName(key)
	}

	var b bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("// Code generated by ziwei/internal/gen from iztro %s; DO NOT EDIT.\n\n", d.Version)
	p("package ziwei\n\n")
	p("// The stars, named Star + iztro's i18n key.\nconst (\n\tStarNone StarID = iota\n")
	for _, k := range keys[1:] {
		p("\t%s // %s\n", constName(k), tr("zh-CN", k))
	}
	p(")\n\n// NumStars is the number of StarIDs, StarNone included.\nconst NumStars = %d\n\n", len(keys))

	for _, g := range groups {
		p("// %s are %s.\nvar %s = [%d]StarID{", g.name, g.doc, g.name, len(g.keys))
		for _, k := range g.keys {
			p("%s, ", starID(k))
		}
		p("}\n\n")
	}

	p("var starKeys = [NumStars]string{")
	for _, k := range keys {
		p("%q, ", k)
	}
	p("}\n\n// starNames[lang][star]: zh-Hans, zh-Hant, en, ja, ko.\nvar starNames = [5][NumStars]string{\n")
	for _, l := range langs {
		p("\t{")
		for _, k := range keys {
			p("%q, ", tr(l, k))
		}
		p("},\n")
	}
	p("}\n\n// starKinds is the type iztro gives each star on a board (none for the twelve-god rings).\nvar starKinds = [NumStars]StarKind{")
	for _, k := range keys {
		kind := 0
		if t, ok := d.Kinds[k]; ok {
			kind = -1
			for i, n := range kindNames {
				if n == t {
					kind = i
				}
			}
			if kind < 0 {
				errs = append(errs, "unknown star type "+t)
				kind = 0
			}
		}
		p("%s, ", kindConsts[kind])
	}
	p("}\n\n")

	// Brightness: iztro lists it per palace from 寅.
	p("// starBrightness[star][palace index, 0 = 寅] (iztro STARS_INFO).\nvar starBrightness = [NumStars][12]Brightness{\n")
	for _, k := range keys {
		info, ok := d.StarsInfo[k]
		if !ok || k == "" {
			continue
		}
		if len(info.Brightness) != 12 {
			errs = append(errs, "brightness of "+k)
			continue
		}
		p("\t%s: {", constName(k))
		for _, s := range info.Brightness {
			c := -1
			for j, bk := range brightKeys {
				if bk == s {
					c = j
				}
			}
			if c < 0 {
				errs = append(errs, "brightness "+s)
				c = 0
			}
			p("%s, ", brightConsts[c])
		}
		p("}, // %s\n", tr("zh-CN", k))
	}
	for k := range d.StarsInfo {
		if _, ok := id[k]; !ok {
			errs = append(errs, "brightness for a star the board lacks: "+k)
		}
	}
	p("}\n\n")

	p("// stemMutagens[year stem] are the stars taking 禄 权 科 忌 (iztro heavenlyStems).\nvar stemMutagens = [10][4]StarID{\n")
	for _, s := range stemKeys {
		m := d.Stems[s].Mutagen
		if len(m) != 4 {
			errs = append(errs, "mutagen of "+s)
			continue
		}
		p("\t{%s, %s, %s, %s}, // %s\n", starID(m[0]), starID(m[1]), starID(m[2]), starID(m[3]), tr("zh-CN", s))
	}
	p("}\n\n")
	for _, f := range []struct {
		name, doc string
		get       func(string) string
	}{
		{"soulStars", "命主 by the branch of 命宫", func(b string) string { return d.Branches[b].Soul }},
		{"bodyStars", "身主 by the year branch", func(b string) string { return d.Branches[b].Body }},
	} {
		p("// %s: %s (0 = 子).\nvar %s = [12]StarID{", f.name, f.doc, f.name)
		for _, br := range branchKeys {
			p("%s, ", starID(f.get(br)))
		}
		p("}\n\n")
	}

	names := func(name, doc string, ks []string) {
		p("// %s[lang]: %s.\nvar %s = [5][%d]string{\n", name, doc, name, len(ks))
		for _, l := range langs {
			p("\t{")
			for _, k := range ks {
				s, ok := d.Locales[l][k]
				if !ok && name == "scopeNames" && l == "en-US" {
					s = k // en-US lacks "childhood": i18next shows the key
				} else {
					s = tr(l, k)
				}
				p("%q, ", s)
			}
			p("},\n")
		}
		p("}\n\n")
	}
	names("palaceNames", "命宫 兄弟 … 父母", palaceKeys)
	names("fiveClassNames", "水二局 … 火六局", classKeys)
	names("brightnessNames", "none, 庙 旺 得 利 平 不 陷", brightKeys)
	names("mutagenNames", "none, 禄 权 科 忌", mutagenKeys)
	names("scopeNames", "大限 童限 小限 流年", scopeKeys)

	if len(errs) > 0 {
		return nil, fmt.Errorf("gen: %s", strings.Join(errs, "; "))
	}
	return format.Source(b.Bytes())
}
