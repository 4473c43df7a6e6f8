package almanac

import (
	"sort"

	"github.com/6tail/lunar-go/LunarUtil"
)

// Name is one name the almanac can show, in lunar-go's simplified Chinese,
// with the family it belongs to. Pages translate it with the message
// Key(); the locale files hold every Name (see internal/gen).
type Name struct{ Family, Text string }

// Key is the message key of the name's translation: "almanac.yiji.祭祀".
// The key carries the Chinese itself, so a page looks a name up without
// a second table mapping names to codes.
func (n Name) Key() string { return NameKey(n.Family, n.Text) }

// NameKey is the message key of text in family.
func NameKey(family, text string) string { return "almanac." + family + "." + text }

// The families of names.
const (
	FamilyYiJi    = "yiji"    // 宜 and 忌 items
	FamilyOfficer = "officer" // 建除十二值星
	FamilyDeity   = "deity"   // 值神
	FamilyPath    = "path"    // 黄道, 黑道
	FamilyLuck    = "luck"    // 吉, 凶
	FamilyMansion = "mansion" // 二十八宿
	FamilyXiu     = "xiu"     // 二十八宿 with element and animal: "角木蛟"
	FamilyDir     = "dir"     // compass points of the spirits and of 煞
	FamilyAnimal  = "animal"  // 生肖 of a clash
	FamilyPengZu  = "pengzu"  // the 22 taboos of 彭祖百忌
	FamilyMonth   = "lmonth"  // lunar months: 正月 … 腊月, 闰正月 … 闰腊月
	FamilyDay     = "lday"    // lunar days: 初一 … 三十
)

// Names lists every name lunar-go's almanac can produce, by family, each
// once, sorted: the 宜忌 items by running lunar-go's rule over all 60×60
// month and day pillars (for days and hours), the rest from its tables.
func Names() []Name {
	set := map[Name]bool{}
	add := func(family string, texts ...string) {
		for _, t := range texts {
			if t != "" {
				set[Name{family, t}] = true
			}
		}
	}
	for _, m := range LunarUtil.JIA_ZI {
		for _, d := range LunarUtil.JIA_ZI {
			add(FamilyYiJi, names(LunarUtil.GetDayYi(m, d))...)
			add(FamilyYiJi, names(LunarUtil.GetDayJi(m, d))...)
			add(FamilyYiJi, names(LunarUtil.GetTimeYi(m, d))...)
			add(FamilyYiJi, names(LunarUtil.GetTimeJi(m, d))...)
		}
	}
	add(FamilyOfficer, LunarUtil.ZHI_XING...)
	add(FamilyDeity, LunarUtil.TIAN_SHEN...)
	for _, path := range LunarUtil.TIAN_SHEN_TYPE {
		add(FamilyPath, path)
	}
	for _, luck := range LunarUtil.TIAN_SHEN_TYPE_LUCK {
		add(FamilyLuck, luck)
	}
	for _, luck := range LunarUtil.XIU_LUCK {
		add(FamilyLuck, luck)
	}
	for xiu := range LunarUtil.XIU_LUCK {
		add(FamilyMansion, xiu)
		add(FamilyXiu, xiu+LunarUtil.ZHENG[xiu]+LunarUtil.ANIMAL[xiu])
	}
	for _, d := range LunarUtil.POSITION_DESC {
		add(FamilyDir, d)
	}
	for _, d := range LunarUtil.SHA {
		add(FamilyDir, d)
	}
	add(FamilyAnimal, LunarUtil.SHENG_XIAO...)
	add(FamilyPengZu, LunarUtil.PENGZU_GAN...)
	add(FamilyPengZu, LunarUtil.PENGZU_ZHI...)
	for _, m := range LunarUtil.MONTH[1:] {
		add(FamilyMonth, m+"月", "闰"+m+"月")
	}
	add(FamilyDay, LunarUtil.DAY...)
	out := make([]Name, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Family != out[j].Family {
			return out[i].Family < out[j].Family
		}
		return out[i].Text < out[j].Text
	})
	return out
}
