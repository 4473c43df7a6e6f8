package handlers

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/places"
	"github.com/bazi-master/bazi-master/views"
)

// ChartForm serves the birth-data form: GET /chart/new, POST /chart and the
// birthplace typeahead GET /places/suggest.
type ChartForm struct {
	site  *Site
	zones []string // IANA zones of the gazetteer, for the time zone datalist
}

// NewChartForm returns the form handlers.
func NewChartForm(site *Site) *ChartForm { return &ChartForm{site: site, zones: gazetteerZones()} }

// suggestLimit is how many places the typeahead offers.
const suggestLimit = 8

// New is GET /chart/new: the form, prefilled from the query when a chart
// links back to it ("change the input").
func (h *ChartForm) New(c *fiber.Ctx) error {
	req, name, _ := chartinput.FromQuery(func(k string) string { return c.Query(k) })
	if req.Query(name) == "" {
		// A blank form starts from the signed-in user's default options.
		req = withUserDefaults(req, CurrentUser(c))
	}
	view := ""
	switch c.Query("view") {
	case "ziwei", "astrology", "overview":
		view = c.Query("view")
	}
	return h.RenderFormFor(c, fiber.StatusOK, req, name, nil, view)
}

// Submit is POST /chart. Valid input is redirected to the chart URL (303
// for a plain form, HX-Redirect for htmx); invalid input gets the form back
// with the message next to its field and everything typed kept.
func (h *ChartForm) Submit(c *fiber.Ctx) error {
	args := func(k string) string { return c.FormValue(k) }
	astroView := c.FormValue("view") == "astrology"
	formArgs := args
	if astroView {
		// A natal chart needs no gender; the BaZi parser checks one.
		formArgs = func(k string) string {
			if v := args(k); v != "" || k != "gender" {
				return v
			}
			return "male"
		}
	}
	req, name, err := chartinput.FromForm(formArgs)
	if astroView && strings.TrimSpace(args("gender")) == "" {
		req.Gender = ""
	}
	ziweiView := c.FormValue("view") == "ziwei"
	overviewView := c.FormValue("view") == "overview"
	if err == nil && ziweiView && req.Time == "" {
		// The board needs the hour: "time unknown" is refused here, next
		// to the field, rather than on the board.
		err = &bazi.FieldError{Field: "time", Code: "time_required", Message: "Zi Wei Dou Shu needs the birth time."}
	}
	if err == nil {
		target := "/chart?" + req.Query(name)
		if ziweiView {
			target = "/ziwei?" + req.Query(name)
		}
		if astroView {
			target = "/astrology?" + req.Query(name)
		}
		if overviewView {
			target = "/overview?" + req.Query(name)
		}
		if isHTMX(c) {
			c.Set("HX-Redirect", target)
			return c.Status(fiber.StatusOK).SendString("")
		}
		return c.Redirect(target, fiber.StatusSeeOther)
	}
	var fe *bazi.FieldError
	if !errors.As(err, &fe) {
		return fmt.Errorf("chart form: %w", err)
	}
	p := h.site.Page(c, "form.title")
	data := h.formData(p, rawForm(args), fe)
	if ziweiView {
		data.View = "ziwei"
	}
	if astroView {
		data.View = "astrology"
	}
	if overviewView {
		data.View = "overview"
	}
	if isHTMX(c) {
		// htmx 2 does not swap 4xx answers by default; the fragment is the
		// answer the page asked for, so it is a 200.
		return render(c, fiber.StatusOK, views.BirthForm(p, data))
	}
	return render(c, fiber.StatusUnprocessableEntity, views.NewChartPage(p, data))
}

// RenderForm renders the whole form page for req, with err (a
// *bazi.FieldError or nil) shown next to its field. The chart page uses it
// when GET /chart has bad input.
func (h *ChartForm) RenderForm(c *fiber.Ctx, status int, req chartinput.Request, name string, err error) error {
	return h.RenderFormFor(c, status, req, name, err, "")
}

// RenderFormFor is RenderForm for the form leading to view ("" for the
// chart, "ziwei" for the board, "astrology" for the natal chart).
func (h *ChartForm) RenderFormFor(c *fiber.Ctx, status int, req chartinput.Request, name string, err error, view string) error {
	p := h.site.Page(c, "form.title")
	var fe *bazi.FieldError
	if err != nil && !errors.As(err, &fe) {
		// Not tied to a field: shown above the form in general words.
		fe = &bazi.FieldError{Field: "form", Code: "generic", Message: err.Error()}
	}
	data := h.formData(p, formFromRequest(req, name), fe)
	data.View = view
	return render(c, status, views.NewChartPage(p, data))
}

// Suggest is GET /places/suggest?q=…: the typeahead's list of places, names
// in the page language. The place input sends its own name ("place") when
// htmx triggers it, so that is read too.
func (h *ChartForm) Suggest(c *fiber.Ctx) error {
	q := strings.TrimSpace(c.Query("q"))
	if q == "" {
		q = strings.TrimSpace(c.Query("place"))
	}
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	if q == "" || len(q) > 200 {
		// An empty fragment: htmx swaps it in and the list closes.
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Status(fiber.StatusOK).SendString("")
	}
	lang := Lang(c)
	p := h.site.Page(c, "")
	found := places.Search(q, suggestLimit)
	opts := make([]views.PlaceOption, 0, len(found))
	for _, pl := range found {
		o := placeOption(lang, pl)
		if pl.Approx {
			o.Detail = joinNonEmpty(" · ", o.Detail, p.T("places.approx"))
		}
		opts = append(opts, o)
	}
	return render(c, fiber.StatusOK, views.PlaceSuggestions(p, opts))
}

func placeOption(lang i18n.Lang, pl places.Place) views.PlaceOption {
	o := views.PlaceOption{
		ID:  pl.ID,
		TZ:  pl.TZ,
		Lon: strconv.FormatFloat(pl.Lon, 'f', -1, 64),
		Lat: strconv.FormatFloat(pl.Lat, 'f', -1, 64),
	}
	switch lang {
	case i18n.SimplifiedChinese:
		o.Name = firstNonEmpty(pl.NameZhHans, pl.Name)
		o.Detail = joinNonEmpty(" · ", otherName(o.Name, pl.Name),
			regionZh(pl, pl.NameZhHans, pl.AdminZhHans, pl.PrefectureZhHans, pl.CountryNameZhHans))
	case i18n.TraditionalChinese:
		o.Name = firstNonEmpty(pl.NameZhHant, pl.Name)
		o.Detail = joinNonEmpty(" · ", otherName(o.Name, pl.Name),
			regionZh(pl, pl.NameZhHant, pl.AdminZhHant, pl.PrefectureZhHant, pl.CountryNameZhHant))
	default:
		region := pl.CountryName
		if pl.Admin != "" && pl.Admin != pl.Name {
			region = pl.Admin + ", " + pl.CountryName
		}
		if pl.Prefecture != "" {
			region = pl.Prefecture + ", " + region
		}
		o.Detail = joinNonEmpty(" · ", joinNonEmpty(" ", pl.NameZhHans, otherName(pl.NameZhHans, pl.NameZhHant)), region)
		o.Name = pl.Name
	}
	o.Detail = joinNonEmpty(" · ", o.Detail, pl.TZ)
	return o
}

// regionZh is where a place is, in Chinese and in the Chinese order (largest
// first): the province and prefecture of a Chinese place ("黑龙江 大兴安岭地区",
// China itself going without saying), the country and then the state of
// others ("美国 New York": the gazetteer has no Chinese names for states, so
// those stay in English). name is the place's own name in the same script,
// not repeated (北京's province is 北京).
func regionZh(pl places.Place, name, admin, prefecture, country string) string {
	country = firstNonEmpty(country, pl.CountryName)
	if pl.Country == "CN" && admin != "" {
		return joinNonEmpty(" ", otherName(name, admin), otherName(admin, prefecture))
	}
	if pl.Admin == "" || pl.Admin == pl.Name || otherName(name, country) == "" {
		return otherName(name, country)
	}
	return country + " " + firstNonEmpty(admin, pl.Admin)
}

func otherName(shown, other string) string {
	if other == shown {
		return ""
	}
	return other
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// rawForm is the form's values exactly as typed, for showing them again.
func rawForm(args func(string) string) views.BirthFormData {
	lunar := chartinput.LunarFieldsOf(args)
	f := views.BirthFormData{
		LunarYear:     lunar.Year,
		LunarMonth:    lunar.Month,
		LunarDay:      lunar.Day,
		Date:          args("date"),
		Time:          args("time"),
		TimeUnknown:   chartinput.IsOn(args("time_unknown")),
		Calendar:      strings.ToLower(strings.TrimSpace(args("calendar"))),
		LeapMonth:     chartinput.IsOn(args("leap_month")),
		Place:         args("place"),
		TZ:            args("tz"),
		Lon:           args("lon"),
		Lat:           args("lat"),
		Gender:        strings.ToLower(strings.TrimSpace(args("gender"))),
		Name:          args("name"),
		TrueSolarTime: chartinput.IsOn(args("true_solar_time")),
		ZiRule:        strings.ToLower(strings.TrimSpace(args("zi_rule"))),
		LuckMethod:    strings.ToLower(strings.TrimSpace(args("luck_method"))),
	}
	switch f.Gender {
	case "m":
		f.Gender = "male"
	case "f":
		f.Gender = "female"
	}
	return f
}

// formFromRequest shows a parsed request in the form.
func formFromRequest(r chartinput.Request, name string) views.BirthFormData {
	r = r.Canonical()
	coord := chartinput.FormatCoord
	solar, lunar := chartinput.FormDates(r)
	return views.BirthFormData{
		Date:          solar,
		LunarYear:     lunar.Year,
		LunarMonth:    lunar.Month,
		LunarDay:      lunar.Day,
		Time:          r.Time,
		TimeUnknown:   r.Date != "" && r.Time == "",
		Calendar:      r.Calendar,
		LeapMonth:     r.LeapMonth,
		Place:         r.Place,
		TZ:            r.TZ,
		Lon:           coord(r.Lon),
		Lat:           coord(r.Lat),
		Gender:        r.Gender,
		Name:          name,
		TrueSolarTime: r.TrueSolarTime,
		ZiRule:        r.ZiRule,
		LuckMethod:    r.LuckMethod,
	}
}

// formData completes the form's view data: defaults, the time zone list
// and the translated error.
func (h *ChartForm) formData(p views.Page, f views.BirthFormData, fe *bazi.FieldError) views.BirthFormData {
	if f.Calendar != "lunar" {
		f.Calendar = "solar"
	}
	if f.ZiRule != "split" {
		f.ZiRule = "next-day"
	}
	switch f.LuckMethod {
	case "days", "minutes":
	default:
		f.LuckMethod = "exact"
	}
	f.TimeZones = h.zones
	f.Errors = map[string]string{}
	if fe != nil {
		f.Errors[fe.Field] = h.errorText(p, fe)
	}
	// Manual entry is opened when it holds values or an error, so nothing
	// the user typed or must fix is hidden.
	f.ManualOpen = f.Errors["tz"] != "" || f.Errors["lon"] != "" || f.Errors["lat"] != "" || f.Errors["place"] != "" ||
		(strings.TrimSpace(f.Place) == "" && (strings.TrimSpace(f.TZ) != "" || strings.TrimSpace(f.Lon) != ""))
	return f
}

// errorText translates a field error: the catalog's error.field.<field>.<code>,
// then the form's own form.error.<field>.<code>, then the generic sentence,
// then the engine's English message.
func (h *ChartForm) errorText(p views.Page, fe *bazi.FieldError) string {
	for _, key := range []string{
		"error.field." + fe.Field + "." + fe.Code,
		"form.error." + fe.Field + "." + fe.Code,
		"error.field.generic",
	} {
		if h.site.I18n.Has(key) {
			return p.T(key)
		}
	}
	return fe.Message
}

// gazetteerZones lists the IANA zones the gazetteer uses, UTC first.
func gazetteerZones() []string {
	seen := map[string]bool{"UTC": true}
	zones := []string{"UTC"}
	for _, p := range places.All() {
		if p.TZ != "" && !seen[p.TZ] {
			seen[p.TZ] = true
			zones = append(zones, p.TZ)
		}
	}
	sort.Strings(zones[1:])
	return zones
}
