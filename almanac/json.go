package almanac

// Doc is the day's almanac as GET /api/v1/almanac returns it: exactly the
// keys the API promises, every value in Chinese as lunar-go writes it.
type Doc struct {
	Date      string   `json:"date"`       // "2024-02-10"
	LunarDate string   `json:"lunar_date"` // "正月初一", "闰四月初一"
	GanZhi    string   `json:"ganzhi"`     // "甲辰年 丙寅月 甲辰日"
	Yi        []string `json:"yi"`
	Ji        []string `json:"ji"`
	Officer   string   `json:"officer"` // 建除: "满"
	Clash     string   `json:"clash"`   // "冲狗(戊戌)煞南"
	Deity     string   `json:"deity"`   // "金匮(黄道)"
	Mansion   string   `json:"mansion"` // "氐土貉(凶)"
	PengZu    []string `json:"pengzu"`  // the stem's and the branch's taboo
	// Directions are the compass points of the lucky spirits, keyed as
	// lunar-go names them (喜神 xi, 福神 fu, 财神 cai, 阳贵 yang_gui, 阴贵
	// yin_gui), with the trigram of each under "trigram".
	Directions DirectionsDoc `json:"directions"`
	Hours      []HourDoc     `json:"hours"`
}

// DirectionsDoc is Doc.Directions.
type DirectionsDoc struct {
	Xi      string            `json:"xi"`
	Fu      string            `json:"fu"`
	Cai     string            `json:"cai"`
	YangGui string            `json:"yang_gui"`
	YinGui  string            `json:"yin_gui"`
	Trigram map[string]string `json:"trigram"`
}

// HourDoc is one double hour of Doc.Hours.
type HourDoc struct {
	Branch string   `json:"branch"`
	GanZhi string   `json:"ganzhi"`
	Start  string   `json:"start"`
	End    string   `json:"end"`
	Luck   string   `json:"luck"`  // "吉" (黄道) or "凶"
	Deity  string   `json:"deity"` // "青龙(黄道)"
	Clash  string   `json:"clash"`
	Yi     []string `json:"yi"`
	Ji     []string `json:"ji"`
}

// Doc is d in the API's shape.
func (d Day) Doc() Doc {
	dir := d.Directions
	doc := Doc{
		Date: d.Date.String(), LunarDate: d.Lunar.String(), GanZhi: d.GanZhi(),
		Yi: d.Yi, Ji: d.Ji, Officer: d.Officer, Clash: d.Clash.String(), Deity: d.Deity.String(),
		Mansion: d.Mansion.String(), PengZu: d.PengZu[:],
		Directions: DirectionsDoc{
			Xi: dir.Joy.Desc, Fu: dir.Fortune.Desc, Cai: dir.Wealth.Desc, YangGui: dir.YangNoble.Desc, YinGui: dir.YinNoble.Desc,
			Trigram: map[string]string{
				"xi": dir.Joy.Trigram, "fu": dir.Fortune.Trigram, "cai": dir.Wealth.Trigram,
				"yang_gui": dir.YangNoble.Trigram, "yin_gui": dir.YinNoble.Trigram,
			},
		},
		Hours: make([]HourDoc, len(d.Hours)),
	}
	for i, h := range d.Hours {
		doc.Hours[i] = HourDoc{Branch: h.Branch, GanZhi: h.GanZhi, Start: h.Start, End: h.End, Luck: h.Deity.Luck,
			Deity: h.Deity.String(), Clash: h.Clash.String(), Yi: h.Yi, Ji: h.Ji}
	}
	return doc
}
