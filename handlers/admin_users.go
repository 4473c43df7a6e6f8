package handlers

// OWNER: admin helper 2 (#8 users, audit log).

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// AdminUsersDeps is what user management and the audit log need.
type AdminUsersDeps struct {
	Auth      *Auth
	UserAdmin *models.UserAdmin
	Readings  *models.Readings
	Audit     *models.Audit
	// QuotaUser is the default daily reading quota (0 = no limit), shown
	// beside a user's own.
	QuotaUser  int
	TrustProxy int
	Now        func() time.Time
	Log        *slog.Logger
}

// AdminUsers manages accounts and shows the audit log. RequireAdmin runs
// before every route, so the handlers can rely on an admin being signed in.
type AdminUsers struct {
	site *Site
	deps AdminUsersDeps
}

// NewAdminUsers returns the user-management handlers.
func NewAdminUsers(site *Site, deps AdminUsersDeps) *AdminUsers {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	return &AdminUsers{site: site, deps: deps}
}

// Page sizes of the user list and the audit log.
const (
	adminUsersPageSize = 50
	adminAuditPageSize = 50
	maxQuotaOverride   = 1000
	maxAdminSearch     = 200
)

// adminNotices are the outcomes a redirect back to a user's page may name
// (?done=…), so the message needs no server-side flash storage; the value
// says whether it is an error.
var adminNotices = map[string]bool{
	"disable": false, "enable": false, "revoke": false, "quota": false,
	"disable_noop": false, "enable_noop": false, "quota_noop": false,
	"self": true,
}

func adminPrivate(c *fiber.Ctx) { c.Set(fiber.HeaderCacheControl, "private, no-store") }

// List is GET /admin/users?q=…&before=…: accounts newest first, searched
// by e-mail or display name, in keyset pages.
func (h *AdminUsers) List(c *fiber.Ctx) error {
	adminPrivate(c)
	search := strings.TrimSpace(c.Query("q"))
	if r := []rune(search); len(r) > maxAdminSearch {
		search = string(r[:maxAdminSearch])
	}
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	if before < 0 {
		before = 0
	}
	page, err := h.deps.UserAdmin.Search(c.UserContext(), models.UserQuery{Search: search, BeforeID: before, Limit: adminUsersPageSize})
	if err != nil {
		return err
	}
	p := h.site.Page(c, "adminusers.title")
	d := views.AdminUsersData{Search: search, Rows: make([]views.AdminUserRow, 0, len(page.Rows))}
	for i := range page.Rows {
		d.Rows = append(d.Rows, h.row(p, &page.Rows[i]))
	}
	if page.NextBeforeID != 0 {
		d.NextURL = adminUsersURL(search, page.NextBeforeID)
	}
	if before != 0 {
		d.FirstURL = adminUsersURL(search, 0)
	}
	return render(c, fiber.StatusOK, views.AdminUsersPage(p, d))
}

func adminUsersURL(search string, before int64) string {
	q := url.Values{}
	if search != "" {
		q.Set("q", search)
	}
	if before > 0 {
		q.Set("before", strconv.FormatInt(before, 10))
	}
	if len(q) == 0 {
		return "/admin/users"
	}
	return "/admin/users?" + q.Encode()
}

func adminUserURL(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

func (h *AdminUsers) row(p views.Page, r *models.UserRow) views.AdminUserRow {
	out := views.AdminUserRow{
		ID: r.ID, Email: r.EmailAddress(), Verified: r.Verified(), Name: r.DisplayName,
		Created: r.CreatedAt.UTC().Format("2006-01-02"), Charts: r.Charts, Readings: r.Readings,
		Disabled: r.Disabled(),
	}
	if r.LastSignInAt != nil {
		out.LastSignIn = r.LastSignInAt.UTC().Format("2006-01-02 15:04")
	}
	for _, prov := range r.Providers {
		out.Providers = append(out.Providers, p.T("oauth.provider."+prov))
	}
	return out
}

// targetID is the :id of the route; the route pattern only lets digits through.
func targetID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// Show is GET /admin/users/:id: the account's details and the actions.
func (h *AdminUsers) Show(c *fiber.Ctx) error {
	adminPrivate(c)
	id, err := targetID(c)
	if err != nil {
		return err
	}
	notice, isErr := "", false
	if done := c.Query("done"); done != "" {
		if e, ok := adminNotices[done]; ok {
			notice, isErr = h.site.Page(c, "").T("adminusers.done."+done), e
		}
	}
	return h.renderUser(c, fiber.StatusOK, id, nil, notice, isErr)
}

// renderUser shows the user page; with errs (a refused quota) the form
// keeps the value as typed and shows the message next to the field.
func (h *AdminUsers) renderUser(c *fiber.Ctx, status int, id int64, errs map[string]string, notice string, noticeErr bool) error {
	r, err := h.deps.UserAdmin.Row(c.UserContext(), id)
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	now := h.deps.Now().UTC()
	used, err := h.deps.Readings.CountSince(c.UserContext(), models.Owner{UserID: id}, now.Truncate(24*time.Hour))
	if err != nil {
		return err
	}
	p := h.site.Page(c, "adminusers.user.title")
	row := h.row(p, r)
	if row.Email != "" {
		p.Title = row.Email + " · " + p.Title
	}
	d := views.AdminUserData{
		User: row, HasPassword: r.PasswordHash != "", UsedToday: used,
		IsSelf: CurrentUser(c).ID == id, Errors: errs, Notice: notice, NoticeError: noticeErr,
		AuditURL: "/admin/audit", ListURL: "/admin/users",
	}
	if r.DisabledAt != nil {
		d.DisabledAt = r.DisabledAt.UTC().Format("2006-01-02 15:04")
	}
	switch {
	case r.ReadingQuota != nil:
		d.Quota = strconv.Itoa(*r.ReadingQuota)
		d.QuotaLabel = p.T("adminusers.quota.own", *r.ReadingQuota)
	case h.deps.QuotaUser > 0:
		d.QuotaLabel = p.T("adminusers.quota.default", h.deps.QuotaUser)
	default:
		d.QuotaLabel = p.T("adminusers.quota.unlimited")
	}
	if errs != nil {
		// Kept as typed (cut short: it only has to show what was refused).
		if q := []rune(c.FormValue("quota")); len(q) > 20 {
			d.Quota = string(q[:20])
		} else {
			d.Quota = string(q)
		}
		if d.Notice == "" {
			d.Notice, d.NoticeError = p.T("adminusers.errors.summary"), true
		}
	}
	return render(c, status, views.AdminUserPage(p, d))
}

// actor is the signed-in admin and the client's address, for the audit entry.
func (h *AdminUsers) actor(c *fiber.Ctx) models.AuditActor {
	u := CurrentUser(c)
	return models.AuditActor{AdminID: u.ID, AdminEmail: u.EmailAddress(), IP: ratelimit.ClientIP(c, h.deps.TrustProxy)}
}

// back redirects to the user's page with the outcome.
func (h *AdminUsers) back(c *fiber.Ctx, id int64, done string) error {
	return redirect(c, adminUserURL(id)+"?done="+done)
}

// confirmed reports whether a disable/enable form was confirmed; if not it
// answers with the confirmation page (a plain form without JavaScript).
func (h *AdminUsers) confirmed(c *fiber.Ctx, id int64, action string) (bool, error) {
	if c.FormValue("confirm") == "1" {
		return true, nil
	}
	r, err := h.deps.UserAdmin.Row(c.UserContext(), id)
	if errors.Is(err, models.ErrNotFound) {
		return false, fiber.ErrNotFound
	}
	if err != nil {
		return false, err
	}
	p := h.site.Page(c, "adminusers."+action)
	who := r.EmailAddress()
	if who == "" {
		who = p.T("adminusers.no_email", id)
	}
	return false, render(c, fiber.StatusOK, views.AdminConfirmPage(p, views.AdminConfirmData{
		Action: action, Question: p.T("adminusers."+action+".question", who), Button: p.T("adminusers." + action),
		Post: adminUserURL(id) + "/" + action, Back: adminUserURL(id),
	}))
}

func notFoundOr(err error) error {
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

// Disable is POST /admin/users/:id/disable (confirm=1): the account's
// sessions end at once and sign-in is refused. An admin cannot disable
// themself.
func (h *AdminUsers) Disable(c *fiber.Ctx) error {
	id, err := targetID(c)
	if err != nil {
		return err
	}
	if id == CurrentUser(c).ID {
		return h.back(c, id, "self")
	}
	if ok, err := h.confirmed(c, id, "disable"); !ok {
		return err
	}
	changed, err := h.deps.UserAdmin.Disable(c.UserContext(), h.actor(c), id)
	if err != nil {
		return notFoundOr(err)
	}
	if !changed {
		return h.back(c, id, "disable_noop")
	}
	h.deps.Log.Info("admin disabled a user", "admin_id", CurrentUser(c).ID, "user_id", id)
	return h.back(c, id, "disable")
}

// Enable is POST /admin/users/:id/enable (confirm=1): the account may sign
// in again; sessions ended by disabling stay ended.
func (h *AdminUsers) Enable(c *fiber.Ctx) error {
	id, err := targetID(c)
	if err != nil {
		return err
	}
	if ok, err := h.confirmed(c, id, "enable"); !ok {
		return err
	}
	changed, err := h.deps.UserAdmin.Enable(c.UserContext(), h.actor(c), id)
	if err != nil {
		return notFoundOr(err)
	}
	if !changed {
		return h.back(c, id, "enable_noop")
	}
	h.deps.Log.Info("admin enabled a user", "admin_id", CurrentUser(c).ID, "user_id", id)
	return h.back(c, id, "enable")
}

// RevokeSessions is POST /admin/users/:id/revoke: every session of the
// account ends at its next request (the session epoch is bumped).
func (h *AdminUsers) RevokeSessions(c *fiber.Ctx) error {
	id, err := targetID(c)
	if err != nil {
		return err
	}
	if err := h.deps.UserAdmin.RevokeSessions(c.UserContext(), h.actor(c), id); err != nil {
		return notFoundOr(err)
	}
	h.deps.Log.Info("admin revoked a user's sessions", "admin_id", CurrentUser(c).ID, "user_id", id)
	return h.back(c, id, "revoke")
}

// SetQuota is POST /admin/users/:id/quota: quota is a whole number 0–1000
// (readings and follow-up answers per UTC day; 0 = none), or empty for the
// default. A refused value comes back next to the field (422).
func (h *AdminUsers) SetQuota(c *fiber.Ctx) error {
	id, err := targetID(c)
	if err != nil {
		return err
	}
	var quota *int
	if raw := strings.TrimSpace(c.FormValue("quota")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > maxQuotaOverride {
			p := h.site.Page(c, "")
			return h.renderUser(c, fiber.StatusUnprocessableEntity, id,
				map[string]string{"quota": p.T("adminusers.quota.error", maxQuotaOverride)}, "", false)
		}
		quota = &n
	}
	changed, err := h.deps.UserAdmin.SetQuota(c.UserContext(), h.actor(c), id, quota)
	if err != nil {
		return notFoundOr(err)
	}
	if !changed {
		return h.back(c, id, "quota_noop")
	}
	return h.back(c, id, "quota")
}

// Audit is GET /admin/audit?before=…: the audit log, newest first, in
// keyset pages. It is read-only; no route edits or deletes an entry.
func (h *AdminUsers) Audit(c *fiber.Ctx) error {
	adminPrivate(c)
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	if before < 0 {
		before = 0
	}
	entries, err := h.deps.Audit.Page(c.UserContext(), before, adminAuditPageSize+1)
	if err != nil {
		return err
	}
	p := h.site.Page(c, "adminaudit.title")
	d := views.AdminAuditData{}
	if len(entries) > adminAuditPageSize {
		entries = entries[:adminAuditPageSize]
		d.OlderURL = "/admin/audit?before=" + strconv.FormatInt(entries[len(entries)-1].ID, 10)
	}
	if before > 0 {
		d.FirstURL = "/admin/audit"
	}
	for _, e := range entries {
		d.Rows = append(d.Rows, auditRow(p, e))
	}
	return render(c, fiber.StatusOK, views.AdminAuditPage(p, d))
}

func auditRow(p views.Page, e models.AuditEntry) views.AdminAuditRow {
	r := views.AdminAuditRow{
		ID: e.ID, When: e.CreatedAt.UTC().Format("2006-01-02 15:04:05"), Admin: e.AdminEmail,
		Action: e.Action, ActionLabel: e.Action, Details: e.Details, IP: e.IP,
	}
	if key := "adminaudit.action." + e.Action; p.T(key) != key {
		r.ActionLabel = p.T(key)
	}
	if r.Admin == "" && e.AdminID != nil {
		r.Admin = fmt.Sprintf("#%d", *e.AdminID)
	}
	switch {
	case e.TargetType == "user" && e.TargetID != "":
		r.Target = p.T("adminaudit.target.user", e.TargetID)
		if _, err := strconv.ParseInt(e.TargetID, 10, 64); err == nil {
			r.TargetURL = "/admin/users/" + e.TargetID
		}
	case e.TargetID != "":
		r.Target = e.TargetType + " " + e.TargetID
	default:
		r.Target = e.TargetType
	}
	return r
}
