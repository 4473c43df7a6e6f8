package handlers

// Kept casts and draws: the I Ching and Tarot pages keep each one for the
// visitor (Keep, through Keeper), a signed-in user lists, searches, shares
// and deletes theirs (/history/divinations), and a share link shows one
// read-only through the module's own renderer (Render).

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// DivinationStore is the part of the divination store the handlers use;
// *models.Divinations is one. Every method but ByShareToken is scoped to
// the owner it is given.
type DivinationStore interface {
	Keep(ctx context.Context, owner models.Owner, kind, query, question, summary string) (*models.Divination, error)
	List(ctx context.Context, userID int64, q models.DivinationQuery) (models.DivinationPage, error)
	Get(ctx context.Context, userID, id int64) (*models.Divination, error)
	Delete(ctx context.Context, userID int64, ids []int64) (int64, error)
	Share(ctx context.Context, userID, id int64) (string, error)
	RevokeShare(ctx context.Context, userID, id int64) error
	ByShareToken(ctx context.Context, token string) (*models.Divination, error)
}

// DivinationRenderer writes the read-only page of a cast or draw from its
// canonical query (the module's own page, without forms that change it).
type DivinationRenderer func(c *fiber.Ctx, query string) error

// DivinationsDeps is what the casts-and-draws handlers need.
type DivinationsDeps struct {
	Store DivinationStore
	// TrustProxy is how many proxy hops set X-Forwarded-For (a guest's
	// casts are kept under their IP subject, as their readings are).
	TrustProxy int
	// BaseURL makes share links absolute ("" leaves them relative).
	BaseURL string
	// Render maps a kind (models.KindIChing, models.KindTarot) to the
	// renderer of its read-only page, for share links. A kind without one
	// answers 404.
	Render map[string]DivinationRenderer
}

// Divinations keeps casts and draws and serves their history and share links.
type Divinations struct {
	site *Site
	deps DivinationsDeps
}

// NewDivinations returns the casts-and-draws handlers.
func NewDivinations(site *Site, deps DivinationsDeps) *Divinations {
	if deps.Render == nil {
		deps.Render = map[string]DivinationRenderer{}
	}
	return &Divinations{site: site, deps: deps}
}

// SetRenderer sets the read-only page of a kind for share links. Call it
// while the routes are built, before the app serves.
func (h *Divinations) SetRenderer(kind string, render DivinationRenderer) {
	h.deps.Render[kind] = render
}

// Limits of what a cast or draw keeps.
const (
	MaxDivinationQueryBytes = 2000
	MaxDivinationQuestion   = 300 // runes
	maxDivinationSummary    = 300 // runes
	divinationsPageSize     = 25
	divinationsPath         = "/history/divinations"
	divinationExcerptRunes  = 200
)

// owner is who the current visitor's casts are kept for: the signed-in
// user, else the guest's IP subject (as readings.go's visitor counts them).
func (h *Divinations) owner(c *fiber.Ctx) models.Owner {
	if u := CurrentUser(c); u != nil {
		return models.Owner{UserID: u.ID}
	}
	return models.Owner{GuestIP: ratelimit.SubjectIP(ratelimit.ClientIP(c, h.deps.TrustProxy))}
}

// Keep stores a cast or draw for the current visitor (a signed-in user, or
// a guest by IP subject) and returns "": the caller then goes on to its
// own page. A query or question the history could not keep (too long,
// invalid UTF-8) is not kept and is not an error: the cast itself stands.
func (h *Divinations) Keep(c *fiber.Ctx, kind, query, question, summary string) (string, error) {
	query = strings.TrimPrefix(query, "?")
	if query == "" || len(query) > MaxDivinationQueryBytes || !cleanText(query) {
		return "", nil
	}
	question = clip(strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(question, "\x00", ""), "")), MaxDivinationQuestion)
	summary = clip(strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(summary, "\x00", ""), "")), maxDivinationSummary)
	if _, err := h.deps.Store.Keep(c.UserContext(), h.owner(c), kind, query, question, summary); err != nil {
		return "", fmt.Errorf("keep %s: %w", kind, err)
	}
	return "", nil
}

// Keeper adapts Keep to the I Ching and Tarot pages' hook
// (Keep func(c *fiber.Ctx, query, question string) (string, error)):
// summary gives the list's short text of a query in the visitor's
// language ("30 离 → 51 震", the card names); nil keeps none.
func (h *Divinations) Keeper(kind string, summary func(query, lang string) string) func(*fiber.Ctx, string, string) (string, error) {
	return func(c *fiber.Ctx, query, question string) (string, error) {
		s := ""
		if summary != nil {
			s = summary(query, string(Lang(c)))
		}
		return h.Keep(c, kind, query, question, s)
	}
}

func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

func clip(s string, runes int) string {
	if utf8.RuneCountInString(s) <= runes {
		return s
	}
	return string([]rune(s)[:runes])
}

// divinationNotices are the outcomes a redirect back to the list may name.
var divinationNotices = map[string]bool{"shared": true, "unshared": true, "deleted": true}

// parseDivinationFilter reads the list's query; a kind it does not know is ignored.
func parseDivinationFilter(get func(string) string) views.DivinationFilter {
	f := views.DivinationFilter{
		Search: strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(get("q"), "\x00", ""), "")),
		Kind:   strings.TrimSpace(get("kind")),
		Cursor: strings.TrimSpace(get("before")),
	}
	f.Search = clip(f.Search, maxSearchRunes)
	if !models.IsDivinationKind(f.Kind) {
		f.Kind = ""
	}
	return f
}

// List is GET /history/divinations: the signed-in user's casts and draws,
// newest first, searched (q) and filtered by kind, paged by keyset (before).
func (h *Divinations) List(c *fiber.Ctx) error {
	u := CurrentUser(c)
	f := parseDivinationFilter(func(k string) string { return c.Query(k) })
	page, err := h.deps.Store.List(c.UserContext(), u.ID, models.DivinationQuery{
		Search: f.Search, Kind: f.Kind, Before: f.Cursor, Limit: divinationsPageSize,
	})
	if err != nil {
		return fmt.Errorf("casts and draws of user %d: %w", u.ID, err)
	}
	p := h.site.Page(c, "divination.title")
	d := views.DivinationsData{Filter: f, Rows: make([]views.DivinationRow, 0, len(page.Items)), Back: f.URL("")}
	if done := c.Query("done"); divinationNotices[done] {
		d.Notice = p.T("divination.done." + done)
	}
	for i := range page.Items {
		d.Rows = append(d.Rows, h.row(p, &page.Items[i]))
	}
	if page.NextCursor != "" {
		d.NextURL = f.URL(page.NextCursor)
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return render(c, fiber.StatusOK, views.DivinationsPage(p, d))
}

func (h *Divinations) row(p views.Page, k *models.KeptDivination) views.DivinationRow {
	r := views.DivinationRow{
		ID:       k.ID,
		Kind:     k.Kind,
		Label:    p.T("divination.kind." + k.Kind),
		Date:     divinationDate(p, k.CreatedAt),
		Question: k.Question,
		Summary:  k.Summary,
		URL:      "/" + k.Kind + "?" + k.Query,
		Excerpt:  reading.Excerpt(k.Reading, divinationExcerptRunes),
	}
	if k.ShareToken != nil {
		r.ShareURL = strings.TrimRight(h.deps.BaseURL, "/") + "/shared/" + *k.ShareToken
	}
	return r
}

// divinationDate is the day in the page's language ("Mar 1, 2024", "2024年3月1日").
func divinationDate(p views.Page, t time.Time) string {
	t = t.UTC()
	return p.T("divination.date", t.Year(), int(t.Month()), t.Day(), t.Month().String()[:3])
}

// divinationID reads :id; anything but a positive number is 404.
func divinationID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// backToList is where a row's form returns to: the list it came from
// (its search and kind kept) with the outcome, else the list.
func backToList(back, done string) string {
	back = SafeNext(back)
	if back != divinationsPath && !strings.HasPrefix(back, divinationsPath+"?") {
		back = divinationsPath
	}
	u, _ := url.Parse(back)
	q := u.Query()
	q.Del("before")
	q.Set("done", done)
	return u.Path + "?" + q.Encode()
}

// divinationNotFound turns the store's ErrNotFound (another user's id) into a 404.
func divinationNotFound(err error) error {
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

// Share is POST /divinations/:id/share: make (or keep) the share link of
// one of the user's casts or draws.
func (h *Divinations) Share(c *fiber.Ctx) error {
	id, err := divinationID(c)
	if err != nil {
		return err
	}
	if _, err := h.deps.Store.Share(c.UserContext(), CurrentUser(c).ID, id); err != nil {
		return divinationNotFound(err)
	}
	return c.Redirect(backToList(c.FormValue("back"), "shared")+"#divination-"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}

// RevokeShare is POST /divinations/:id/share/revoke: the link stops working.
func (h *Divinations) RevokeShare(c *fiber.Ctx) error {
	id, err := divinationID(c)
	if err != nil {
		return err
	}
	if err := h.deps.Store.RevokeShare(c.UserContext(), CurrentUser(c).ID, id); err != nil {
		return divinationNotFound(err)
	}
	return c.Redirect(backToList(c.FormValue("back"), "unshared")+"#divination-"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}

// Delete is POST /divinations/:id/delete: remove one of the user's casts
// or draws (its readings stay with the readings).
func (h *Divinations) Delete(c *fiber.Ctx) error {
	id, err := divinationID(c)
	if err != nil {
		return err
	}
	if _, err := h.deps.Store.Delete(c.UserContext(), CurrentUser(c).ID, []int64{id}); err != nil {
		return divinationNotFound(err)
	}
	return c.Redirect(backToList(c.FormValue("back"), "deleted"), fiber.StatusSeeOther)
}

// Shared is GET /shared/:token: the cast or draw, read-only, through its
// module's renderer. Unknown and revoked tokens are 404. The page is kept
// out of search engines (the meta tag through Site.Page, and the header).
func (h *Divinations) Shared(c *fiber.Ctx) error {
	d, err := h.deps.Store.ByShareToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return divinationNotFound(err)
	}
	render := h.deps.Render[d.Kind]
	if render == nil {
		return fiber.ErrNotFound
	}
	c.Locals(LocalNoIndex, true)
	c.Set("X-Robots-Tag", "noindex")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return render(c, d.Query)
}
