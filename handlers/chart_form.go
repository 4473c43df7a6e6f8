package handlers

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

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

// maxNameRunes bounds the optional display name.
const maxNameRunes = 80

// suggestLimit is how many places the typeahead offers.
const suggestLimit = 8

// New is GET /chart/new: the form, prefilled from the query when a chart
// links back to it ("change the input").
func (h *ChartForm) New(c *fiber.Ctx) error {
	req, name, _ := ParseChartQuery(func(k string) string { return c.Query(k) })
	if ChartQuery(req, name) == "" {
		// A blank form starts from the signed-in user's default options.
		req = withUserDefaults(req, CurrentUser(c))
	}
	return h.RenderForm(c, fiber.StatusOK, req, name, nil)
}

// Submit is POST /chart. Valid input is redirected to the chart URL (303
// for a plain form, HX-Redirect for htmx); invalid input gets the form back
// with the message next to its field and everything typed kept.
func (h *ChartForm) Submit(c *fiber.Ctx) error {
	args := func(k string) string { return c.FormValue(k) }
	req, name, ferr := ParseChartQuery(args)
	var err error = ferr
	if ferr == nil {
		req, err = resolveForURL(req, args)
		if err == nil {
			target := "/chart?" + ChartQuery(req, name)
			if isHTMX(c) {
				c.Set("HX-Redirect", target)
				return c.Status(fiber.StatusOK).SendString("")
			}
			return c.Redirect(target, fiber.StatusSeeOther)
		}
	}
	var fe *bazi.FieldError
	if !errors.As(err, &fe) {
		return fmt.Errorf("chart form: %w", err)
	}
	p := h.site.Page(c, "form.title")
	data := h.formData(p, rawForm(args), fe)
	if isHTMX(c) {
		// htmx 2 does not swap 4xx answers by default; the fragment is the
		// answer the page asked for, so it is a 200.
		return render(c, fiber.StatusOK, views.BirthForm(p, data))
	}
	return render(c, fiber.StatusUnprocessableEntity, views.NewChartPage(p, data))
}

// resolveForURL checks a request read from the birth form (args gives the
// form's fields, for the time_unknown box) and returns it with a place found
// by name written out as its zone and coordinates, so the URL built from it
// never changes meaning when the gazetteer does.
func resolveForURL(req chartinput.Request, args func(string) string) (chartinput.Request, error) {
	res, err := chartinput.Resolve(req)
	// The engine reads an empty time as unknown; the form asks for the
	// box to be ticked, so a forgotten time is not silently dropped.
	// Mistakes in the fields above the time are reported first.
	if req.Time == "" && !isOn(args("time_unknown")) {
		var fe *bazi.FieldError
		if err == nil || (errors.As(err, &fe) && fe.Field != "date" && fe.Field != "calendar" && fe.Field != "leap_month") {
			err = &bazi.FieldError{Field: "time", Code: "required", Message: "Enter the birth time, or tick \"time unknown\"."}
		}
	}
	if err != nil {
		return req, err
	}
	if res.Place != nil {
		if strings.TrimSpace(req.TZ) == "" {
			req.TZ = res.Place.TZ
		}
		if req.Lon == nil {
			lon := res.Place.Lon
			req.Lon = &lon
		}
		if req.Lat == nil {
			lat := res.Place.Lat
			req.Lat = &lat
		}
	}
	return req, nil
}

// RenderForm renders the whole form page for req, with err (a
// *bazi.FieldError or nil) shown next to its field. The chart page uses it
// when GET /chart has bad input.
func (h *ChartForm) RenderForm(c *fiber.Ctx, status int, req chartinput.Request, name string, err error) error {
	p := h.site.Page(c, "form.title")
	var fe *bazi.FieldError
	if err != nil && !errors.As(err, &fe) {
		// Not tied to a field: shown above the form in general words.
		fe = &bazi.FieldError{Field: "form", Code: "generic", Message: err.Error()}
	}
	return render(c, status, views.NewChartPage(p, h.formData(p, formFromRequest(req, name), fe)))
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
		opts = append(opts, placeOption(lang, pl))
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
	region := pl.CountryName
	if pl.Admin != "" && pl.Admin != pl.Name {
		region = pl.Admin + ", " + pl.CountryName
	}
	switch lang {
	case i18n.SimplifiedChinese:
		o.Name = firstNonEmpty(pl.NameZhHans, pl.Name)
		o.Detail = joinNonEmpty(" · ", otherName(o.Name, pl.Name), region)
	case i18n.TraditionalChinese:
		o.Name = firstNonEmpty(pl.NameZhHant, pl.Name)
		o.Detail = joinNonEmpty(" · ", otherName(o.Name, pl.Name), region)
	default:
		o.Name = pl.Name
		o.Detail = joinNonEmpty(" · ", joinNonEmpty(" ", pl.NameZhHans, otherName(pl.NameZhHans, pl.NameZhHant)), region)
	}
	o.Detail = joinNonEmpty(" · ", o.Detail, pl.TZ)
	return o
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

// isOn reads a checkbox or boolean parameter.
func isOn(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "1", "true":
		return true
	}
	return false
}

// ParseChartQuery reads a chart request from URL query or form parameters,
// named as in the JSON API (date, time, calendar, leap_month, tz, lon, lat,
// place, gender, true_solar_time, zi_rule, luck_method) plus name (optional
// display name) and time_unknown (a checkbox that drops the time). Values
// are trimmed and spelled canonically (defaults become ""), but not
// validated: that is chartinput.Resolve's job. The only error is a
// longitude or latitude that is not a number.
func ParseChartQuery(args func(string) string) (req chartinput.Request, name string, err *bazi.FieldError) {
	get := func(k string) string { return strings.TrimSpace(args(k)) }
	r := chartinput.Request{}
	r.Date = get("date")
	if !isOn(args("time_unknown")) {
		r.Time = get("time")
	}
	r.Calendar = get("calendar")
	r.LeapMonth = isOn(args("leap_month"))
	r.TZ = get("tz")
	r.Place = get("place")
	r.Gender = get("gender")
	r.TrueSolarTime = isOn(args("true_solar_time"))
	r.ZiRule = get("zi_rule")
	r.LuckMethod = get("luck_method")
	for _, f := range []struct {
		key string
		dst **float64
	}{{"lon", &r.Lon}, {"lat", &r.Lat}} {
		v, ferr := parseCoord(f.key, get(f.key))
		if ferr != nil && err == nil {
			err = ferr
		}
		*f.dst = v
	}
	name = cleanName(args("name"))
	return canonical(r), name, err
}

// parseCoord reads a longitude or latitude in degrees; a decimal comma is
// accepted. Empty gives nil.
func parseCoord(field, s string) (*float64, *bazi.FieldError) {
	if s == "" {
		return nil, nil
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || len(s) > 32 {
		what := "longitude"
		if field == "lat" {
			what = "latitude"
		}
		return nil, &bazi.FieldError{Field: field, Code: "invalid_number", Message: fmt.Sprintf("The %s must be a number of degrees, for example 116.4.", what)}
	}
	return &v, nil
}

func cleanName(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > maxNameRunes {
		s = strings.TrimSpace(string([]rune(s)[:maxNameRunes]))
	}
	return s
}

// canonical spells the option values the one way ChartQuery writes them:
// lower case, defaults empty, so equal charts get equal URLs.
func canonical(r chartinput.Request) chartinput.Request {
	lower := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	switch lower(r.Calendar) {
	case "", "solar", "gregorian":
		r.Calendar = ""
	case "lunar", "chinese":
		r.Calendar = "lunar"
	}
	switch lower(r.Gender) {
	case "male", "m":
		r.Gender = "male"
	case "female", "f":
		r.Gender = "female"
	}
	switch lower(r.ZiRule) {
	case "", "next-day", "next_day", "nextday":
		r.ZiRule = ""
	case "split":
		r.ZiRule = "split"
	}
	switch lower(r.LuckMethod) {
	case "", "exact":
		r.LuckMethod = ""
	case "days", "minutes":
		r.LuckMethod = lower(r.LuckMethod)
	}
	return r
}

// ChartQuery is the canonical URL query of a chart (no leading "?"): only
// the values that differ from the defaults, in a fixed order, so a chart can
// be bookmarked and shared. ParseChartQuery reads it back unchanged.
func ChartQuery(r chartinput.Request, name string) string {
	r = canonical(r)
	var b strings.Builder
	add := func(k, v string) {
		if v == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	flag := func(on bool) string {
		if on {
			return "1"
		}
		return ""
	}
	coord := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	add("date", strings.TrimSpace(r.Date))
	add("time", strings.TrimSpace(r.Time))
	add("calendar", r.Calendar)
	add("leap_month", flag(r.LeapMonth))
	add("tz", strings.TrimSpace(r.TZ))
	add("lon", coord(r.Lon))
	add("lat", coord(r.Lat))
	add("place", strings.TrimSpace(r.Place))
	add("gender", strings.TrimSpace(r.Gender))
	add("true_solar_time", flag(r.TrueSolarTime))
	add("zi_rule", r.ZiRule)
	add("luck_method", r.LuckMethod)
	add("name", cleanName(name))
	return b.String()
}

// rawForm is the form's values exactly as typed, for showing them again.
func rawForm(args func(string) string) views.BirthFormData {
	f := views.BirthFormData{
		Date:          args("date"),
		Time:          args("time"),
		TimeUnknown:   isOn(args("time_unknown")),
		Calendar:      strings.ToLower(strings.TrimSpace(args("calendar"))),
		LeapMonth:     isOn(args("leap_month")),
		Place:         args("place"),
		TZ:            args("tz"),
		Lon:           args("lon"),
		Lat:           args("lat"),
		Gender:        strings.ToLower(strings.TrimSpace(args("gender"))),
		Name:          args("name"),
		TrueSolarTime: isOn(args("true_solar_time")),
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
	r = canonical(r)
	coord := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return views.BirthFormData{
		Date:          r.Date,
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
