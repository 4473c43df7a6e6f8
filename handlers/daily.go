package handlers

// OWNER: daily guidance helper (#10 daily guidance, calendar, main chart).

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/almanac"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/dayscore"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// DailyDeps is what the daily guidance and calendar pages need.
type DailyDeps struct {
	Charts *models.Charts
	Users  *models.Users
	Now    func() time.Time
}

// Daily serves /daily, /calendar and the "main chart" choice. The personal
// note reads only the signed-in user's own charts.
type Daily struct {
	site *Site
	deps DailyDeps
}

// NewDaily returns the daily guidance handlers.
func NewDaily(site *Site, deps DailyDeps) *Daily {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	return &Daily{site: site, deps: deps}
}

// defaultDailyTZ is the zone of the pages when neither ?tz=, the profile,
// the cookie nor the page's language (defaultZoneFor) names one.
const defaultDailyTZ = "Asia/Shanghai"

// Daily is GET /daily?date=YYYY-MM-DD&time=HH:MM&tz=…: the day's pillars
// (the hour pillar for the current clock time unless ?time= names one; the
// day changes at 23:00 as in charts), the solar terms around it and, for a
// signed-in user, a note reading the day against their main chart.
func (h *Daily) Daily(c *fiber.Ctx) error {
	p := h.site.Page(c, "daily.title")
	v := views.DailyView{SignInURL: "/login?next=%2Fdaily"}
	z := resolvePageZone(c)
	tz, loc := z.name, z.loc
	v.TZ = tz
	v.Zone = tzForm(p, z, "/daily", c.Query("date"))
	status := fiber.StatusOK
	if z.bad != "" {
		// The refused zone is named next to its field; the page reads
		// the day on the zone it would have used without it.
		status = fiber.StatusBadRequest
	}
	now := h.deps.Now().In(loc)
	day := now
	if s := c.Query("date"); s != "" {
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			v.Error = p.T("daily.error.date", s)
			return render(c, fiber.StatusBadRequest, views.DailyPage(p, v))
		}
		day = time.Date(t.Year(), t.Month(), t.Day(), now.Hour(), now.Minute(), now.Second(), 0, loc)
	}
	if s := c.Query("time"); s != "" {
		t, err := time.Parse("15:04", s)
		if err != nil {
			v.Error = p.T("daily.error.time", s)
			return render(c, fiber.StatusBadRequest, views.DailyPage(p, v))
		}
		day = time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, loc)
	}
	if day.Year() < bazi.MinYear || day.Year() > bazi.MaxYear {
		v.Error = p.T("daily.error.year", bazi.MinYear, bazi.MaxYear)
		return render(c, fiber.StatusBadRequest, views.DailyPage(p, v))
	}
	pl, at, err := bazi.PillarsAt(day)
	if err != nil {
		v.Error = p.T("daily.error.date", day.Format("2006-01-02"))
		return render(c, fiber.StatusBadRequest, views.DailyPage(p, v))
	}
	v.Date = day.Format("2006-01-02")
	v.Clock = day.Format("15:04")
	_, off := day.Zone()
	v.ZoneLabel = zoneLabel(h.site.I18n, p.Lang, tz, off/60)
	v.PrevURL = dailyURL(day.AddDate(0, 0, -1), c.Query("tz"))
	v.NextURL = dailyURL(day.AddDate(0, 0, 1), c.Query("tz"))
	v.CalendarURL = calendarURL(day.Year(), int(day.Month()), c.Query("tz"))
	for i, g := range []bazi.GanZhi{pl.Year, pl.Month, pl.Day, pl.Hour} {
		v.Pillars = append(v.Pillars, views.DailyPillar{
			Label:   p.T("term.pillar." + bazi.PillarKey(i)),
			GanZhi:  g.String(),
			Element: p.T("term.element."+g.Stem().Element().Key()) + " · " + p.T("term.element."+g.Branch().Element().Key()),
		})
	}
	if prev, next, ok := bazi.TermAround(at); ok {
		v.TermNow = dailyTerm(p, prev, loc)
		v.TermNext = dailyTerm(p, next, loc)
	}
	alm, err := almanac.On(almanac.DateOf(day))
	if err == nil {
		v.Almanac = AlmanacViewOf(p, alm)
	}
	if u := CurrentUser(c); u != nil {
		v.SignedIn = true
		note, req, chart, err := h.note(c, p, u, pl)
		if err != nil {
			return err
		}
		v.Note = note
		if note != nil {
			v.Transits = DailyTransits(p, req, note.ChartName, day, h.deps.Now())
			if v.Almanac != nil {
				v.Score = ScoreViewOf(p, dayscore.Of(bazi.DayReading(chart, pl.Day), alm), alm)
			}
		}
	}
	return render(c, status, views.DailyPage(p, v))
}

func dailyTerm(p views.Page, t bazi.TermInstant, loc *time.Location) views.DailyTerm {
	name, label := termNames(p, t.Term)
	return views.DailyTerm{Name: name, Label: label, When: t.Time.In(loc).Format("2006-01-02 15:04")}
}

// termNames are a solar term's Chinese name and its name in the page's
// language: on a Chinese page both are the page's script's name, so the
// views show it once.
func termNames(p views.Page, t bazi.SolarTerm) (name, label string) {
	label = p.T("term.solarterm." + t.Key())
	if p.Lang == i18n.English {
		return t.String(), label
	}
	return label, label
}

// lunarSep goes between a lunar date's month and day as the page shows
// them: Korean spaces them (1월 1일); English pages show the Chinese
// (正月初一), and Chinese and Japanese write no space.
func lunarSep(lang i18n.Lang) string {
	if lang == i18n.Korean {
		return " "
	}
	return ""
}

func dailyURL(t time.Time, tz string) string {
	u := "/daily?date=" + t.Format("2006-01-02")
	if tz != "" {
		u += "&tz=" + url.QueryEscape(tz)
	}
	return u
}

func calendarURL(year, month int, tz string) string {
	u := fmt.Sprintf("/calendar?year=%d&month=%d", year, month)
	if tz != "" {
		u += "&tz=" + url.QueryEscape(tz)
	}
	return u
}

// mainChart is the user's main chart, else their most recently saved one
// (fallback true); nil when they have none.
func (h *Daily) mainChart(c *fiber.Ctx, u *models.User) (saved *models.SavedChart, fallback bool, err error) {
	ctx := c.UserContext()
	if u.MainChartID != nil {
		saved, err = h.deps.Charts.Get(ctx, u.ID, *u.MainChartID)
		switch {
		case err == nil && saved.DeletedAt == nil:
			return saved, false, nil
		case err != nil && !errors.Is(err, models.ErrNotFound):
			return nil, false, fmt.Errorf("load main chart %d: %w", *u.MainChartID, err)
		}
	}
	page, err := h.deps.Charts.List(ctx, u.ID, models.ListQuery{Limit: 1})
	if err != nil {
		return nil, false, fmt.Errorf("latest chart of user %d: %w", u.ID, err)
	}
	if len(page.Charts) == 0 {
		return nil, false, nil
	}
	return &page.Charts[0], true, nil
}

// note reads the day's pillar against the user's chart; every line names
// the rule it follows.
// note reads the day against the user's main chart; it also returns the
// chart's request, which the transits section reuses.
func (h *Daily) note(c *fiber.Ctx, p views.Page, u *models.User, day bazi.Pillars) (*views.DailyNote, chartinput.Request, *bazi.Chart, error) {
	saved, fallback, err := h.mainChart(c, u)
	if err != nil || saved == nil {
		return nil, chartinput.Request{}, nil, err
	}
	req, err := chartstore.Request(saved)
	if err != nil {
		return nil, req, nil, err
	}
	doc, err := chartinput.Build(req, h.deps.Now())
	if err != nil {
		return nil, req, nil, fmt.Errorf("compute chart %d: %w", saved.ID, err)
	}
	return DailyNoteFor(p, doc.Chart, day.Day, saved.ID, saved.Name, fallback), req, doc.Chart, nil
}

// chartOf computes a saved chart.
func (h *Daily) chartOf(saved *models.SavedChart) (*bazi.Chart, error) {
	req, err := chartstore.Request(saved)
	if err != nil {
		return nil, err
	}
	doc, err := chartinput.Build(req, h.deps.Now())
	if err != nil {
		return nil, fmt.Errorf("compute chart %d: %w", saved.ID, err)
	}
	return doc.Chart, nil
}

// DailyNoteFor builds the personal note of a day pillar against a chart:
// the engine's reading of the day, each fact worded in the page's language
// with the rule it follows.
func DailyNoteFor(p views.Page, chart *bazi.Chart, day bazi.GanZhi, chartID int64, name string, fallback bool) *views.DailyNote {
	n := &views.DailyNote{ChartID: chartID, ChartName: name, Fallback: fallback, ChartURL: chartPath(chartID, "")}
	for _, f := range bazi.DayReading(chart, day) {
		n.Lines = append(n.Lines, dailyNoteLine(p, f))
	}
	return n
}

func dailyNoteLine(p views.Page, f bazi.DayFactor) views.DailyNoteLine {
	line := views.DailyNoteLine{Kind: f.Key(), Tone: f.Tone.String(), Rule: f.Rule}
	switch f.Kind {
	case bazi.FactorTenGod:
		line.Text = p.T("daily.note.tengod", f.Char, p.T("term.tengod."+f.TenGod.Key()), f.TenGod.String())
		line.Rule = p.T("daily.rule.tengod", f.Char, f.Natal, p.T("term.tengod."+f.TenGod.Key()))
	case bazi.FactorStem, bazi.FactorBranch:
		rel := "term.relation." + f.Relation.Type()
		if sub := f.Relation.Subtype(); sub != "" {
			rel = "term.relation.sub." + sub
		}
		line.Rule = p.T("rule.relation", f.Relation.Chars(), p.T(rel))
		key := "daily.note.stem"
		if f.Kind == bazi.FactorBranch {
			key = "daily.note.branch"
		}
		line.Text = p.T(key, f.Char, p.T("term.pillar."+bazi.PillarKey(f.Pillar)), f.Natal, p.T("term.relation."+f.Relation.Type()))
	case bazi.FactorElement:
		key := "daily.note.neutral"
		switch f.Tone {
		case bazi.ToneGood:
			key = "daily.note.favourable"
		case bazi.ToneBad:
			key = "daily.note.unfavourable"
		}
		line.Text = p.T(key, f.Char, p.T("term.element."+f.Element.Key()))
		line.Rule = p.T("daily.rule.elements", elementList(p, f.Favourable), elementList(p, f.Unfavourable))
	}
	return line
}

func elementList(p views.Page, els []bazi.Element) string {
	if len(els) == 0 {
		return "—"
	}
	s := ""
	for i, e := range els {
		if i > 0 {
			s += p.T("daily.list.sep")
		}
		s += p.T("term.element." + e.Key())
	}
	return s
}

// SetMainChart is POST /charts/{id}/main: the signed-in user's own chart
// becomes the one daily guidance reads. Another user's chart is a 404.
func (h *Daily) SetMainChart(c *fiber.Ctx) error {
	u := CurrentUser(c)
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if u == nil || err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	saved, err := h.deps.Charts.Get(c.UserContext(), u.ID, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && saved.DeletedAt != nil) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("load chart %d: %w", id, err)
	}
	if err := h.deps.Users.Update(c.UserContext(), u.ID, map[string]any{"main_chart_id": saved.ID}); err != nil {
		return fmt.Errorf("set main chart %d: %w", id, err)
	}
	return c.Redirect("/daily", fiber.StatusSeeOther)
}

// Calendar is GET /calendar?year=&month=&tz=: a Monday-first month grid
// with each day's pillar, the solar terms (with their local time) and the
// month pillar that starts at each 节.
func (h *Daily) Calendar(c *fiber.Ctx) error {
	p := h.site.Page(c, "calendar.title")
	v := views.CalendarView{}
	z := resolvePageZone(c)
	tz, loc := z.name, z.loc
	v.TZ = tz
	v.Zone = tzForm(p, z, "/calendar", "")
	status := fiber.StatusOK
	if z.bad != "" {
		status = fiber.StatusBadRequest
	}
	now := h.deps.Now().In(loc)
	year, month := now.Year(), int(now.Month())
	if s := c.Query("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < bazi.MinYear || y > bazi.MaxYear {
			v.Error = p.T("daily.error.year", bazi.MinYear, bazi.MaxYear)
			return render(c, fiber.StatusBadRequest, views.CalendarPage(p, v))
		}
		year = y
	}
	if s := c.Query("month"); s != "" {
		m, err := strconv.Atoi(s)
		if err != nil || m < 1 || m > 12 {
			v.Error = p.T("daily.error.month", s)
			return render(c, fiber.StatusBadRequest, views.CalendarPage(p, v))
		}
		month = m
	}
	cells, err := calendarCells(p, loc, year, month, now)
	if err != nil {
		v.Error = p.T("daily.error.year", bazi.MinYear, bazi.MaxYear)
		return render(c, fiber.StatusBadRequest, views.CalendarPage(p, v))
	}
	v.Year, v.Month, v.Cells = year, month, cells
	v.Zone.Year, v.Zone.Month = year, month
	_, off := time.Date(year, time.Month(month), 1, 12, 0, 0, 0, loc).Zone()
	v.ZoneLabel = zoneLabel(h.site.I18n, p.Lang, tz, off/60)
	v.Title = p.T("calendar.month_title", year, p.T("calendar.month."+strconv.Itoa(month)), month)
	first := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	if pm := first.AddDate(0, -1, 0); pm.Year() >= bazi.MinYear {
		v.PrevURL = calendarURL(pm.Year(), int(pm.Month()), c.Query("tz"))
	}
	if nm := first.AddDate(0, 1, 0); nm.Year() <= bazi.MaxYear {
		v.NextURL = calendarURL(nm.Year(), int(nm.Month()), c.Query("tz"))
	}
	v.TodayURL = calendarURL(now.Year(), int(now.Month()), c.Query("tz"))
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		v.Weekdays = append(v.Weekdays, p.T("calendar.weekday."+d))
	}
	return render(c, status, views.CalendarPage(p, v))
}

// calendarCells lays out a month, Monday first, with blank cells (Day 0)
// before the 1st and after the last day.
func calendarCells(p views.Page, loc *time.Location, year, month int, now time.Time) ([]views.CalendarCell, error) {
	days, err := bazi.MonthDays(loc, year, month)
	if err != nil {
		return nil, err
	}
	first := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	lead := (int(first.Weekday()) + 6) % 7
	cells := make([]views.CalendarCell, lead, lead+len(days)+6)
	for _, d := range days {
		cell := views.CalendarCell{
			Day:    d.Day,
			Date:   fmt.Sprintf("%04d-%02d-%02d", year, month, d.Day),
			GanZhi: d.Pillar.String(),
			Today:  now.Year() == year && int(now.Month()) == month && now.Day() == d.Day,
		}
		if d.NewMonth {
			cell.MonthPillar = d.MonthPillar.String()
		}
		if ld, err := almanac.LunarOf(almanac.Date{Year: year, Month: month, Day: d.Day}); err == nil {
			calendarLunar(p, &cell, ld)
		}
		for _, t := range d.Terms {
			name, label := termNames(p, t.Term)
			cell.Terms = append(cell.Terms, views.CalendarTerm{Name: name, Label: label, Time: t.Time.In(loc).Format("15:04"), Jie: t.Term.IsJie()})
		}
		cells = append(cells, cell)
	}
	for len(cells)%7 != 0 {
		cells = append(cells, views.CalendarCell{})
	}
	return cells, nil
}

// calendarLunar sets a cell's lunar day: the month's name on its first
// day (初一 shows "四月" or "闰四月"), else the day ("十五").
func calendarLunar(p views.Page, cell *views.CalendarCell, ld almanac.LunarDate) {
	month := almanacName(p, almanac.FamilyMonth, ld.MonthName)
	day := almanacName(p, almanac.FamilyDay, ld.DayName)
	cell.Lunar, cell.LunarMonth = day.Zh, ld.Day == 1
	if cell.LunarMonth {
		cell.Lunar = month.Zh
	}
	cell.LunarTitle = p.T("calendar.lunar.title", month.Label+" "+day.Label)
	if p.Lang != i18n.English {
		cell.LunarTitle = p.T("calendar.lunar.title", month.Zh+lunarSep(p.Lang)+day.Zh)
	}
}
