package handlers

// OWNER: history helper (#6 history list, search, filters, bulk actions).

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/internal/chartinput"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// HistoryStore is the part of the chart store the history pages use. Every
// method is scoped to the owner whose id it is given.
type HistoryStore interface {
	List(ctx context.Context, userID int64, q models.ListQuery) (models.ListPage, error)
	ForExport(ctx context.Context, userID int64, ids []int64) ([]models.SavedChart, error)
	Update(ctx context.Context, userID, id int64, columns map[string]any) error
	Trash(ctx context.Context, userID int64, ids []int64) (int64, error)
	Restore(ctx context.Context, userID int64, ids []int64) (int64, error)
	DeleteForever(ctx context.Context, userID int64, ids []int64) (int64, error)
	EmptyTrash(ctx context.Context, userID int64) (int64, error)
	EditTags(ctx context.Context, userID int64, ids []int64, edit func(tags []string) (string, bool, error)) (int64, error)
}

// HistoryDeps is what the history pages need.
type HistoryDeps struct {
	Auth   *Auth
	Charts HistoryStore
}

// History lists the signed-in user's charts and acts on many at once.
type History struct {
	site *Site
	deps HistoryDeps
}

// NewHistory returns the history handlers.
func NewHistory(site *Site, deps HistoryDeps) *History { return &History{site: site, deps: deps} }

// History list limits.
const (
	historyPageSize  = 25
	maxSearchRunes   = 100
	minFilterYear    = 1800
	maxFilterYear    = 2200
	maxBulkIDs       = 500
	historyTargetID  = "chart-list" // the list fragment's container
	historyRowsID    = "chart-rows" // "load more" appends here
	historyPath      = "/history"
	historyTrashPath = "/history?trash=1"
)

// bulkActions are the values of POST /charts/bulk's action field.
var bulkActions = map[string]bool{
	"trash": true, "restore": true, "destroy": true, "tag": true, "untag": true,
	"export": true, "empty_trash": true,
}

// historyNotices are the outcomes a redirect back to the list may name
// (?done=…&n=…), so the message needs no server-side flash storage.
var historyNotices = map[string]bool{
	"trash": true, "restore": true, "destroy": true, "tag": true, "untag": true,
	"empty_trash": true, "none_selected": true, "bad_tag": true,
}

// parseFilter reads the list's query. A value that cannot be used is
// reported in errs (field → translation key) and left out of the query, so
// a bad parameter never fails the page.
func parseFilter(get func(string) string) (f views.HistoryFilter, q models.ListQuery, errs map[string]string) {
	errs = map[string]string{}
	f = views.HistoryFilter{
		Search: strings.TrimSpace(strings.ToValidUTF8(get("q"), "")),
		Gender: strings.TrimSpace(get("gender")),
		From:   strings.TrimSpace(get("from")),
		To:     strings.TrimSpace(get("to")),
		Tag:    strings.TrimSpace(strings.ToValidUTF8(get("tag"), "")),
		Fav:    chartinput.IsOn(get("fav")),
		Sort:   strings.TrimSpace(get("sort")),
		Trash:  chartinput.IsOn(get("trash")),
		Cursor: strings.TrimSpace(get("cursor")),
	}
	if utf8.RuneCountInString(f.Search) > maxSearchRunes {
		f.Search = string([]rune(f.Search)[:maxSearchRunes])
	}
	q = models.ListQuery{Search: f.Search, Favourites: f.Fav, Trash: f.Trash, Cursor: f.Cursor, Limit: historyPageSize}
	switch f.Gender {
	case "", "male", "female":
		q.Gender = f.Gender
	default:
		errs["gender"] = "history.error.gender"
	}
	from, okFrom := parseYear(f.From, "from", errs)
	to, okTo := parseYear(f.To, "to", errs)
	if okFrom && okTo && from != 0 && to != 0 && from > to {
		errs["to"] = "history.error.range"
	} else {
		if okFrom {
			q.YearFrom = from
		}
		if okTo {
			q.YearTo = to
		}
	}
	if f.Tag != "" {
		if utf8.RuneCountInString(f.Tag) > models.MaxTagLength || strings.Contains(f.Tag, ",") {
			errs["tag"] = "history.error.tag"
		} else {
			q.Tag = f.Tag
		}
	}
	switch f.Sort {
	case "", models.SortCreated:
		q.Sort = models.SortCreated
	case models.SortBirth, models.SortName:
		q.Sort = f.Sort
	default:
		errs["sort"] = "history.error.sort"
		q.Sort = models.SortCreated
	}
	return f, q, errs
}

// parseYear reads a birth-year bound; "" is no bound (ok, 0).
func parseYear(s, field string, errs map[string]string) (int, bool) {
	if s == "" {
		return 0, true
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		errs[field] = "history.error.year"
		return 0, false
	}
	if y < minFilterYear || y > maxFilterYear {
		errs[field] = "history.error.year_range"
		return 0, false
	}
	return y, true
}

// historyMode is what a GET /history answers with.
type historyMode int

const (
	modePage historyMode = iota // the whole page
	modeList                    // the list fragment (#chart-list)
	modeMore                    // the next rows only, appended to #chart-rows
)

func requestMode(c *fiber.Ctx) historyMode {
	if isHTMX(c) && c.Get("HX-History-Restore-Request") != "true" {
		switch c.Get("HX-Target") {
		case historyTargetID:
			return modeList
		case historyRowsID:
			return modeMore
		}
	}
	if c.Query("partial") == "1" {
		return modeList
	}
	return modePage
}

// List is GET /history: the signed-in user's charts (or their trash),
// searched, filtered, sorted and paged by keyset. htmx gets the list
// fragment (or the next rows); everyone else the whole page.
func (h *History) List(c *fiber.Ctx) error {
	f, q, errs := parseFilter(func(k string) string { return c.Query(k) })
	notice := ""
	if done := c.Query("done"); historyNotices[done] {
		n, _ := strconv.Atoi(c.Query("n"))
		notice = h.noticeText(c, done, n, c.Query("t"))
	}
	// The page differs for htmx: keep caches from mixing the two up, and
	// keep a user's list out of shared caches.
	c.Vary("HX-Request", "HX-Target")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return h.renderList(c, requestMode(c), f, q, errs, notice, false)
}

func (h *History) renderList(c *fiber.Ctx, mode historyMode, f views.HistoryFilter, q models.ListQuery, errs map[string]string, notice string, noticeIsError bool) error {
	u := CurrentUser(c)
	page, err := h.deps.Charts.List(c.UserContext(), u.ID, q)
	if err != nil {
		return fmt.Errorf("history of user %d: %w", u.ID, err)
	}
	p := h.site.Page(c, "history.title")
	if f.Trash {
		p.Title = p.T("history.trash.title")
	}
	d := views.HistoryData{
		Filter:        f,
		Errors:        map[string]string{},
		Rows:          make([]views.HistoryRow, 0, len(page.Charts)),
		Notice:        notice,
		NoticeIsError: noticeIsError,
		Back:          f.URL(""),
	}
	for field, key := range errs {
		d.Errors[field] = p.T(key, minFilterYear, maxFilterYear, models.MaxTagLength)
	}
	for i := range page.Charts {
		d.Rows = append(d.Rows, historyRow(p, &page.Charts[i]))
	}
	if page.NextCursor != "" {
		d.NextURL = f.URL(page.NextCursor)
	}
	d.Filtered = f.Search != "" || q.Gender != "" || q.YearFrom != 0 || q.YearTo != 0 || q.Tag != "" || f.Fav
	switch mode {
	case modeList:
		return render(c, fiber.StatusOK, views.HistoryListFragment(p, d))
	case modeMore:
		return render(c, fiber.StatusOK, views.HistoryMoreRows(p, d))
	}
	return render(c, fiber.StatusOK, views.HistoryPage(p, d))
}

func historyRow(p views.Page, ch *models.SavedChart) views.HistoryRow {
	r := views.HistoryRow{
		ID:        ch.ID,
		Name:      ch.Name,
		BirthDate: ch.BirthDate,
		Place:     ch.Place,
		Pillars:   ch.Pillars,
		Tags:      ch.TagList(),
		Favourite: ch.Favourite,
		Created:   ch.CreatedAt.UTC().Format(time.DateOnly),
	}
	switch ch.Gender {
	case "male":
		r.Gender = p.T("form.gender.male")
	case "female":
		r.Gender = p.T("form.gender.female")
	}
	if ch.DeletedAt != nil {
		r.Deleted = ch.DeletedAt.UTC().Format(time.DateOnly)
	}
	return r
}

// noticeText is the translated outcome of a bulk action.
func (h *History) noticeText(c *fiber.Ctx, done string, n int, tag string) string {
	lang := Lang(c)
	key := "history.done." + done
	switch done {
	case "none_selected", "bad_tag":
		return h.site.I18n.T(lang, key, models.MaxTags, models.MaxTagLength)
	}
	if n == 1 {
		key += ".one"
	} else {
		key += ".other"
	}
	return h.site.I18n.T(lang, key, n, tag)
}

// errBadIDs is a bulk request whose ids are not a list of chart ids.
var errBadIDs = errors.New("bad ids")

// formValues returns every value of a repeated form field, urlencoded or multipart.
func formValues(c *fiber.Ctx, key string) []string {
	if strings.HasPrefix(string(c.Request().Header.ContentType()), fiber.MIMEMultipartForm) {
		if form, err := c.MultipartForm(); err == nil {
			return form.Value[key]
		}
		return nil
	}
	var out []string
	for _, v := range c.Request().PostArgs().PeekMulti(key) {
		out = append(out, string(v))
	}
	return out
}

// bulkIDs reads the ids field: positive integers, at most maxBulkIDs,
// duplicates dropped. Ids may also come comma-separated in one value.
func bulkIDs(values []string) ([]int64, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				return nil, errBadIDs
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			if len(ids) > maxBulkIDs {
				return nil, errBadIDs
			}
		}
	}
	return ids, nil
}

// backURL is where a bulk action returns to: a local /history URL from the
// form (keeping the filters), else the list.
func backURL(back string) string {
	back = SafeNext(back)
	if back != historyPath && !strings.HasPrefix(back, historyPath+"?") {
		return historyPath
	}
	return back
}

// Bulk is POST /charts/bulk: move to the trash, restore, delete forever,
// tag, untag or export the selected charts, or empty the trash. Only the
// signed-in user's charts are touched (the store is owner-scoped, so
// another user's ids change nothing). A plain form is redirected back to
// the list it came from with the outcome in the URL; htmx gets the list
// fragment with the outcome.
func (h *History) Bulk(c *fiber.Ctx) error {
	u := CurrentUser(c)
	ctx := c.UserContext()
	action := strings.TrimSpace(c.FormValue("action"))
	if !bulkActions[action] {
		return fiber.NewError(fiber.StatusBadRequest, "unknown bulk action")
	}
	ids, err := bulkIDs(formValues(c, "ids"))
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, fmt.Sprintf("ids must be at most %d chart numbers", maxBulkIDs))
	}
	back := backURL(c.FormValue("back"))
	htmx := isHTMX(c)
	if action != "empty_trash" && len(ids) == 0 {
		return h.bulkDone(c, back, "none_selected", 0, "")
	}
	confirmed := chartinput.IsOn(c.FormValue("confirm"))

	var n int64
	tag := ""
	switch action {
	case "trash":
		n, err = h.deps.Charts.Trash(ctx, u.ID, ids)
	case "restore":
		n, err = h.deps.Charts.Restore(ctx, u.ID, ids)
	case "destroy":
		if !confirmed {
			return h.confirm(c, action, ids, back)
		}
		n, err = h.deps.Charts.DeleteForever(ctx, u.ID, ids)
	case "empty_trash":
		if !confirmed {
			return h.confirm(c, action, nil, back)
		}
		n, err = h.deps.Charts.EmptyTrash(ctx, u.ID)
	case "tag", "untag":
		tag = strings.TrimSpace(c.FormValue("tag"))
		if _, ok := models.JoinTags([]string{tag}); !ok || tag == "" || strings.Contains(tag, ",") {
			return h.bulkDone(c, back, "bad_tag", 0, "")
		}
		n, err = h.retag(ctx, u.ID, ids, tag, action == "tag")
		if errors.Is(err, errTooManyTags) {
			return h.bulkDone(c, back, "bad_tag", 0, "")
		}
	case "export":
		format := "json"
		if c.FormValue("format") == "csv" {
			format = "csv"
		}
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = strconv.FormatInt(id, 10)
		}
		to := "/charts/export." + format + "?ids=" + strings.Join(parts, ",")
		if htmx {
			// A download: the browser goes there and stays on the list.
			c.Set("HX-Redirect", to)
			return c.SendStatus(fiber.StatusNoContent)
		}
		return c.Redirect(to, fiber.StatusSeeOther)
	}
	if err != nil {
		return fmt.Errorf("bulk %s for user %d: %w", action, u.ID, err)
	}
	return h.bulkDone(c, back, action, n, tag)
}

// errTooManyTags: adding the tag would give a chart more than models.MaxTags.
var errTooManyTags = errors.New("too many tags")

// retag adds or removes one tag on each of the user's charts among ids
// (those in the trash are left alone); it returns how many changed. When a
// chart would get too many tags, none is changed.
func (h *History) retag(ctx context.Context, userID int64, ids []int64, tag string, add bool) (int64, error) {
	return h.deps.Charts.EditTags(ctx, userID, ids, func(current []string) (string, bool, error) {
		var tags []string
		has := false
		for _, t := range current {
			if strings.EqualFold(t, tag) {
				has = true
				if !add {
					continue
				}
			}
			tags = append(tags, t)
		}
		if has == add {
			return "", false, nil // nothing to change
		}
		if add {
			tags = append(tags, tag)
		}
		stored, ok := models.JoinTags(tags)
		if !ok {
			return "", false, errTooManyTags
		}
		return stored, true, nil
	})
}

// bulkDone answers a finished bulk action: htmx gets the list it came
// from with the outcome; a plain form a redirect there.
func (h *History) bulkDone(c *fiber.Ctx, back, done string, n int64, tag string) error {
	if c.Get("HX-Request") != "true" {
		u, _ := url.Parse(back)
		q := u.Query()
		q.Del("cursor")
		q.Set("done", done)
		q.Set("n", strconv.FormatInt(n, 10))
		if tag != "" {
			q.Set("t", tag)
		} else {
			q.Del("t")
		}
		return c.Redirect(u.Path+"?"+q.Encode(), fiber.StatusSeeOther)
	}
	u, _ := url.Parse(back)
	bq := u.Query()
	f, q, errs := parseFilter(bq.Get)
	f.Cursor, q.Cursor = "", ""
	isErr := done == "none_selected" || done == "bad_tag"
	// The URL shown stays the list's own.
	c.Set("HX-Replace-Url", f.URL(""))
	return h.renderList(c, modeList, f, q, errs, h.noticeText(c, done, int(n), tag), isErr)
}

// confirm asks before deleting forever; the answer posts the same action
// with confirm=1. htmx buttons ask in the browser (hx-confirm) and send
// confirm=1 themselves, so this page is what plain forms see.
func (h *History) confirm(c *fiber.Ctx, action string, ids []int64, back string) error {
	p := h.site.Page(c, "history.confirm.title")
	d := views.HistoryConfirm{Action: action, IDs: ids, Back: back, Count: len(ids)}
	if isHTMX(c) {
		return render(c, fiber.StatusOK, views.HistoryConfirmForm(p, d))
	}
	return render(c, fiber.StatusOK, views.HistoryConfirmPage(p, d))
}
