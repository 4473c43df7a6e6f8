package views

import (
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/localdate"
)

// ChartView is what the chart page shows: the computed chart plus the
// links the handler prepared (every link carries the whole input).
type ChartView struct {
	Chart *bazi.Chart
	Name  string // optional display name
	// BirthDate is the birth's clock date in the page's language (with the
	// Japanese era year for a birth in Japan on a Japanese page); empty
	// shows the ISO date.
	BirthDate string
	PlaceName string // birthplace as resolved, or as typed and marked not found
	// PlaceApprox: the birthplace's longitude is its prefecture seat's
	// (the gazetteer locates no seat of that county), and true solar time
	// was read at it.
	PlaceApprox bool
	Query       string // canonical query of this chart, without "?"
	// ZoneLabel names the birth's time zone for people (北京时间, Tokyo
	// time, UTC+05:30); ZoneFromPlace says the birthplace shown already
	// names it. ZoneAbbr is the zone's abbreviation when unambiguous.
	ZoneLabel     string
	ZoneFromPlace bool
	ZoneAbbr      string

	SelectedLuck int // 大运 whose 流年 are open (1..10), 0 = none
	SelectedYear int // year whose 流月 are open, 0 = none
	LiuYue       []LiuYueRow
	// The drill-down below the 流月 (chart_drill.go): the open month
	// (1 = 寅 … 12 = 丑, 0 = none) and its days, the open day (YYYY-MM-DD)
	// and its hours; DrillError says why a month= or day= was refused.
	SelectedMonth int
	LiuRi         []LiuRiRow
	SelectedDay   string
	LiuShi        []LiuShiRow
	DrillError    string

	// One-click switches: the same chart with one option changed.
	ZiRuleURL      string            // flips the 子时 rule
	TrueSolarURL   string            // toggles true solar time; "" without a longitude
	LuckMethodURLs map[string]string // method → URL
	CardURL        string            // share image
	EditURL        string            // the form, filled with this input
	CompareURL     string            // the compatibility page with this chart as person A
	ZiweiURL       string            // the Zi Wei board of the same birth; "" without a birth time
	AstroURL       string            // the Western natal chart of the same birth
	OverviewURL    string            // the same birth in every system

	// SelfURL, when set, is the page the luck timeline links back to (a
	// saved chart's /charts/{id} or a shared /s/{token}) instead of
	// /chart?Query; its fragments are SelfURL?part=luck|liuyue&….
	SelfURL string
	// Save is the Save control of a plain chart page; nil hides it.
	Save *SaveControl
	// Saved is set on a saved chart's own page (/charts/{id}).
	Saved *SavedChartInfo
	// Shared is the read-only page of a share link: no edit, save, image
	// or option switches, and nothing that carries the input in a URL.
	Shared bool
	// HideLongitude drops the longitude correction line, which would give
	// the birthplace away when a shared chart hides it.
	HideLongitude bool
	// ReadingLeft is what is left of the reader's daily readings, shown
	// on the reading panel; nil when there is no cap.
	ReadingLeft *ReadingAllowance
	// PortraitURL is the chart's built-in soul portrait (an SVG drawn from
	// the chart); "" hides the portrait card.
	PortraitURL string
	// Portrait is the portrait card's state beyond the built-in image.
	Portrait PortraitPanel
}

// PortraitPanel is what the soul portrait card shows besides the built-in
// portrait: a painted image, the Paint with AI button and a notice.
type PortraitPanel struct {
	// ImageURL is a portrait an image model painted (/portraits/{id}.png);
	// "" shows the built-in one.
	ImageURL string
	Model    string // the model that painted ImageURL
	// CanPaint shows the Paint with AI button (an image model is configured).
	CanPaint bool
	// Notice says what happened to the last Paint with AI (fallen back to
	// the built-in portrait, or refused); Refused marks a refusal.
	Notice  string
	Refused bool
	// SignInURL, on a guest's quota refusal, offers signing in.
	SignInURL string
}

// SaveControl is the chart page's Save button: a form for a signed-in
// user, a sign-in link for a guest.
type SaveControl struct {
	SignInURL string // set for a guest: /login?next=/charts/save?…
	Query     string // the chart's canonical query, posted as "query"
	Name      string // prefilled name
	Notes     string
	Tags      string
	Errors    map[string]string // field → message
}

// SavedChartInfo is what a saved chart's page shows and edits besides the chart.
type SavedChartInfo struct {
	ID        int64
	Name      string
	Notes     string
	Tags      []string
	TagsText  string // as typed in the edit form
	Favourite bool
	Trashed   bool
	Errors    map[string]string // edit form: field → message
	EditOpen  bool              // the edit form opens (it holds an error)
	// Notice confirms what was just done (saved, edited, shared …),
	// translated; "" shows nothing.
	Notice string
	// ManageOpen opens the management card, folded by default so the
	// pillars come first on a phone.
	ManageOpen bool

	ShareURL            string // absolute /s/{token} URL, "" when not shared
	ShareShowName       bool
	ShareShowPlace      bool
	ShareIncludeReading bool
}

// ChartPath is the saved chart's page.
func (s SavedChartInfo) ChartPath(suffix string) string {
	return "/charts/" + strconv.FormatInt(s.ID, 10) + suffix
}

// LiuYueRow is one month of a year, for the 流月 table.
type LiuYueRow struct {
	GanZhi  string
	TenGod  bazi.TenGod
	Jie     bazi.SolarTerm
	Start   string // local date the month starts
	Current bool
}

// URL returns the chart page URL with extra query parameters.
func (v ChartView) URL(extra string) string {
	if v.SelfURL != "" {
		if extra == "" {
			return v.SelfURL
		}
		return v.SelfURL + "?" + extra
	}
	if extra == "" {
		return "/chart?" + v.Query
	}
	return "/chart?" + v.Query + "&" + extra
}

// PillarAt returns the pillar at position 0–3 (year … hour).
func (v ChartView) PillarAt(pos int) *bazi.PillarDetail { return v.Chart.Pillars.At(pos) }

var pillarPositions = []int{bazi.PosYear, bazi.PosMonth, bazi.PosDay, bazi.PosHour}

func pillarKey(pos int) string { return bazi.PillarKey(pos) }

// termName is a term's translated name ("正官", "Direct Officer"): from
// p.Terms when the handler set it (one short lookup), else through p.T.
func termName(p Page, family, key string) string {
	if p.Terms != nil {
		return p.Terms.Name(family, key)
	}
	return p.T("term." + family + "." + key)
}

// termDesc is a term's explanation ("term.<family>.<key>.desc").
func termDesc(p Page, family, key string) string {
	if p.Terms != nil {
		return p.Terms.Desc(family, key)
	}
	return p.T("term." + family + "." + key + ".desc")
}

// termPopName is a term's name as its explanation opens with it: on a
// Korean page with its Hanja after it (비견 比肩), as 사주 books print it.
func termPopName(p Page, family, key string) string {
	name := termName(p, family, key)
	h := ""
	switch {
	case p.Terms != nil:
		h = p.Terms.Hanja(family, key)
	case p.Hanja != nil:
		if v := p.Hanja("term." + family + "." + key); v != name && v != "term."+family+"."+key {
			h = v
		}
	}
	if h == "" {
		return name
	}
	return name + " " + h
}

// termPinyin is a term's pinyin ("term.<family>.<key>.pinyin").
func termPinyin(p Page, family, key string) string {
	if p.Terms != nil {
		return p.Terms.Pinyin(family, key)
	}
	return p.T("term." + family + "." + key + ".pinyin")
}

// isEnglish reports whether terms need the Chinese shown beside the gloss.
func isEnglish(p Page) bool { return p.Lang == i18n.English }

// elementText is the element's text colour; full class names so Tailwind keeps them.
func elementTextClass(key string) string {
	switch key {
	case "wood":
		return "text-wood dark:text-wood-dark"
	case "fire":
		return "text-fire dark:text-fire-dark"
	case "earth":
		return "text-earth dark:text-earth-dark"
	case "metal":
		return "text-metal dark:text-metal-dark"
	default:
		return "text-water dark:text-water-dark"
	}
}

var elementOrder = []bazi.Element{bazi.Wood, bazi.Fire, bazi.Earth, bazi.Metal, bazi.Water}

// lunarText is the birth's lunar date as the page's language writes it:
// in figures in Japanese and Korean, in Chinese (闰五月十五) otherwise.
func lunarText(p Page, l *bazi.LunarInfo) string {
	if s, ok := localdate.LunarMonthDay(p.Lang, l.Month, l.Day, l.Leap); ok {
		return s
	}
	return l.Text
}

// birthLine is the birth's clock reading as the chart's header words it:
// the date in the page's language (BirthDate) and the time of day.
func birthLine(v ChartView) string {
	w := v.Chart.SolarTime.Clock
	if v.BirthDate == "" {
		return wallString(w)
	}
	if w.DateOnly {
		return v.BirthDate
	}
	h, m, _ := w.Clock()
	return v.BirthDate + " " + decimal(h/10) + decimal(h%10) + ":" + decimal(m/10) + decimal(m%10)
}

func wallString(w bazi.Wall) string {
	s := w.String()
	if w.DateOnly {
		return s
	}
	return strings.Replace(s, "T", " ", 1)
}

// minutes formats a correction such as "-14.4 min" (sign always shown).
func minutes(p Page, m float64) string {
	return p.T("chart.minutes", strconv.FormatFloat(m, 'f', 1, 64))
}

func itoa(n int) string { return decimal(n) }

func i32(n int32) string { return decimal(int(n)) }

func i16(n int16) string { return decimal(int(n)) }

// decimal is strconv.Itoa(n), without making a string for 0 ≤ n < 10000
// (the page's years, ages and counts): a slice of one table.
func decimal(n int) string {
	if n < 0 || n >= 10000 {
		return strconv.Itoa(n)
	}
	s := fourDigits[4*n : 4*n+4]
	switch {
	case n < 10:
		return s[3:]
	case n < 100:
		return s[2:]
	case n < 1000:
		return s[1:]
	}
	return s
}

// fourDigits is 0000, 0001 … 9999 in one string.
var fourDigits = func() string {
	b := make([]byte, 0, 4*10000)
	for n := 0; n < 10000; n++ {
		b = append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
	}
	return string(b)
}()

func pct(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func fmtFloat(f float64, prec int) string { return strconv.FormatFloat(f, 'f', prec, 64) }

// offset formats a UTC offset in minutes as "UTC+08:00".
func offset(mins int) string {
	sign := "UTC+"
	if mins < 0 {
		sign, mins = "UTC-", -mins
	}
	return sign + twoDigits(mins/60) + ":" + twoDigits(mins%60)
}

// twoDigits is fmt's %02d for n ≥ 0.
func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func luckCurrent(v ChartView, idx int32) bool { return int(idx) == v.Chart.Luck.Current.DaYun }

// luckSelected reports whether idx is the 大运 whose years are listed.
func luckSelected(v ChartView, idx int32) bool { return v.SelectedLuckPillar().Index == idx }

// SelectedLuckPillar is the 大运 whose years are listed: the chosen one,
// else the current one, else the first.
func (v ChartView) SelectedLuckPillar() *bazi.LuckPillar {
	i := v.SelectedLuck
	if i < 1 || i > 10 {
		i = v.Chart.Luck.Current.DaYun
	}
	if i < 1 || i > 10 {
		i = 1
	}
	return &v.Chart.Luck.Pillars[i-1]
}

func nayinIndex(n bazi.NaYin) string { return strconv.Itoa(int(n)) }

func lower(s string) string { return strings.ToLower(s) }

// barWidth scales a 0–100 share to a bar of full width w.
func barWidth(share float64, w float64) string {
	if share < 0 {
		share = 0
	}
	if share > 100 {
		share = 100
	}
	return strconv.FormatFloat(share*w/100, 'f', 1, 64)
}

// gaugeMarker is a small triangle above the gauge at score.
func gaugeMarker(score float64, w float64) string {
	x := score * w / 100
	if x < 4 {
		x = 4
	}
	if x > w-4 {
		x = w - 4
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	return f(x-6) + ",0 " + f(x+6) + ",0 " + f(x) + ",10"
}

// gaugeNeedleX is the left edge of the 2-unit needle under the marker.
func gaugeNeedleX(score float64, w float64) string {
	x := score*w/100 - 1
	if x < 3 {
		x = 3
	}
	if x > w-5 {
		x = w - 5
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// gauge holds the strength gauge's constant bands (x and width on a
// 300-unit scale), formatted once rather than on every render.
var gauge = struct {
	veryWeakW, weakX, weakW, balancedX, balancedW, strongX, strongW, veryStrongX, veryStrongW string
	// bandCenters are the middles of the five bands, where their labels go.
	bandCenters [5]string
}{
	veryWeakW:   barWidth(bazi.VeryWeakBelow, 300),
	weakX:       barWidth(bazi.VeryWeakBelow, 300),
	weakW:       barWidth(bazi.WeakBelow-bazi.VeryWeakBelow, 300),
	balancedX:   barWidth(bazi.WeakBelow, 300),
	balancedW:   barWidth(bazi.BalancedUpTo-bazi.WeakBelow, 300),
	strongX:     barWidth(bazi.BalancedUpTo, 300),
	strongW:     barWidth(bazi.StrongUpTo-bazi.BalancedUpTo, 300),
	veryStrongX: barWidth(bazi.StrongUpTo, 300),
	veryStrongW: barWidth(100-bazi.StrongUpTo, 300),
	bandCenters: [5]string{
		barWidth(bazi.VeryWeakBelow/2, 300),
		barWidth((bazi.VeryWeakBelow+bazi.WeakBelow)/2, 300),
		barWidth((bazi.WeakBelow+bazi.BalancedUpTo)/2, 300),
		barWidth((bazi.BalancedUpTo+bazi.StrongUpTo)/2, 300),
		barWidth((bazi.StrongUpTo+100)/2, 300),
	},
}

// strengthFlag is one of the strength gauge's flags (得令, 得地, 得势):
// whether it holds, and its name's and description's message keys.
type strengthFlag struct {
	on               bool
	nameKey, descKey string
}

func strengthFlags(s bazi.Strength) [3]strengthFlag {
	return [3]strengthFlag{
		{s.InSeason, "chart.flag.in_season", "chart.flag.in_season.desc"},
		{s.Rooted, "chart.flag.rooted", "chart.flag.rooted.desc"},
		{s.Supported, "chart.flag.supported", "chart.flag.supported.desc"},
	}
}

// elementsText is the text alternative of the elements chart: for each
// element "<name> <share>% (<count>).".
func elementsText(p Page, e bazi.ElementBalance) string {
	var b strings.Builder
	for _, el := range elementOrder {
		b.WriteString(termName(p, "element", el.Key()))
		b.WriteByte(' ')
		b.WriteString(pct(e.Percent.Get(el)))
		b.WriteString("% (")
		b.WriteString(itoa(e.Counts.Get(el)))
		b.WriteString(").")
	}
	return b.String()
}

// elementHex is the element's colour for the share image (tailwind.config.js palette).
func elementHex(key string) string {
	switch key {
	case "wood":
		return "#2f855a"
	case "fire":
		return "#c53030"
	case "earth":
		return "#b7791f"
	case "metal":
		return "#718096"
	default:
		return "#2b6cb0"
	}
}

func cardPlace(v ChartView) string {
	if v.PlaceName == "" {
		return ""
	}
	return " · " + v.PlaceName
}

// luckURL is URL("luck=N") + "#luck", built in one concatenation.
func (v ChartView) luckURL(idx int32) string {
	n := i32(idx)
	if v.SelfURL != "" {
		return v.SelfURL + "?luck=" + n + "#luck"
	}
	return "/chart?" + v.Query + "&luck=" + n + "#luck"
}

// luckFragment is the URL of the luck fragment of pillar N:
// /chart/luck?<query>&luck=N, or SelfURL?part=luck&luck=N.
func (v ChartView) luckFragment(idx int32) string {
	n := i32(idx)
	if v.SelfURL != "" {
		return v.SelfURL + "?part=luck&luck=" + n
	}
	return "/chart/luck?" + v.Query + "&luck=" + n
}

// monthsURL is URL("luck=N&year=Y") + "#liuyue", built in one concatenation.
func (v ChartView) monthsURL(luck int32, year string) string {
	if v.SelfURL != "" {
		return v.SelfURL + "?luck=" + i32(luck) + "&year=" + year + "#liuyue"
	}
	return "/chart?" + v.Query + "&luck=" + i32(luck) + "&year=" + year + "#liuyue"
}

// monthsFragment is the URL of the months fragment of year Y:
// /chart/liuyue?<query>&year=Y, or SelfURL?part=liuyue&year=Y.
func (v ChartView) monthsFragment(year string) string {
	if v.SelfURL != "" {
		return v.SelfURL + "?part=liuyue&year=" + year
	}
	return "/chart/liuyue?" + v.Query + "&year=" + year
}

// phrase is p.T(key, args...) for a message whose placeholder values come
// from the chart engine: from p.Terms when the handler set it, which
// formats each combination once.
func phrase(p Page, key string, args ...string) string {
	if p.Terms != nil {
		return p.Terms.Phrase(key, args...)
	}
	a := make([]any, len(args))
	for i, s := range args {
		a[i] = s
	}
	return p.T(key, a...)
}
