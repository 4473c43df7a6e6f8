package models

// OWNER: admin helper 2 (#8 users, audit log). The admin's view of the
// accounts: search and keyset pages with per-user counts, and the account
// actions, each written in one transaction with its audit entry.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// UserAdmin is the store behind the admin's user pages. It reads across
// owners on purpose (admins only); everything it changes is audited.
type UserAdmin struct{ db *gorm.DB }

// NewUserAdmin returns the admin user store on db.
func NewUserAdmin(db *gorm.DB) *UserAdmin { return &UserAdmin{db: db} }

// UserQuery filters and pages the admin's user list.
type UserQuery struct {
	// Search matches part of the e-mail or the display name, in any case;
	// a number also matches the user id exactly.
	Search string
	// BeforeID continues the list after the user with that id (keyset, by
	// id descending: newest accounts first); 0 starts at the newest.
	BeforeID int64
	// Limit is the page size, 1–200 (default 50).
	Limit int
}

// UserRow is one account as the admin sees it, with what it owns.
type UserRow struct {
	User
	Charts    int64    // saved charts outside the trash
	Readings  int64    // readings ever started
	Providers []string // linked sign-in providers, sorted
}

// UserPage is one page of the user list; NextBeforeID is the BeforeID of
// the next page, 0 on the last.
type UserPage struct {
	Rows         []UserRow
	NextBeforeID int64
}

// Search lists accounts newest first. A page costs four queries whatever
// its size: the users, then one grouped query each for charts, readings
// and providers.
func (s *UserAdmin) Search(ctx context.Context, q UserQuery) (UserPage, error) {
	if q.Limit < 1 || q.Limit > 200 {
		q.Limit = 50
	}
	db := s.db.WithContext(ctx).Model(&User{}).Order("id DESC").Limit(q.Limit + 1)
	if term := strings.TrimSpace(q.Search); term != "" {
		like := "%" + escapeLike(strings.ToLower(term)) + "%"
		if id, err := strconv.ParseInt(strings.TrimPrefix(term, "#"), 10, 64); err == nil && id > 0 {
			db = db.Where(`(id = ? OR email LIKE ? ESCAPE '\' OR LOWER(display_name) LIKE ? ESCAPE '\')`, id, like, like)
		} else {
			db = db.Where(`(email LIKE ? ESCAPE '\' OR LOWER(display_name) LIKE ? ESCAPE '\')`, like, like)
		}
	}
	if q.BeforeID > 0 {
		db = db.Where("id < ?", q.BeforeID)
	}
	var users []User
	if err := db.Find(&users).Error; err != nil {
		return UserPage{}, fmt.Errorf("search users: %w", err)
	}
	var page UserPage
	if len(users) > q.Limit {
		users = users[:q.Limit]
		page.NextBeforeID = users[len(users)-1].ID
	}
	rows, err := s.withCounts(ctx, users)
	if err != nil {
		return UserPage{}, err
	}
	page.Rows = rows
	return page, nil
}

// Row loads one account with its counts; ErrNotFound when there is none.
func (s *UserAdmin) Row(ctx context.Context, id int64) (*UserRow, error) {
	u, err := NewUsers(s.db).ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.withCounts(ctx, []User{*u})
	if err != nil {
		return nil, err
	}
	return &rows[0], nil
}

type userCount struct {
	UserID int64
	N      int64
}

// withCounts adds the counts and providers of users in one grouped query each.
func (s *UserAdmin) withCounts(ctx context.Context, users []User) ([]UserRow, error) {
	rows := make([]UserRow, len(users))
	if len(users) == 0 {
		return rows, nil
	}
	ids := make([]int64, len(users))
	at := make(map[int64]int, len(users))
	for i, u := range users {
		rows[i].User = u
		ids[i], at[u.ID] = u.ID, i
	}
	var charts, readings []userCount
	err := s.db.WithContext(ctx).Model(&SavedChart{}).Select("user_id, COUNT(*) AS n").
		Where("user_id IN ? AND deleted_at IS NULL", ids).Group("user_id").Scan(&charts).Error
	if err != nil {
		return nil, fmt.Errorf("count charts per user: %w", err)
	}
	err = s.db.WithContext(ctx).Model(&Reading{}).Select("user_id, COUNT(*) AS n").
		Where("user_id IN ?", ids).Group("user_id").Scan(&readings).Error
	if err != nil {
		return nil, fmt.Errorf("count readings per user: %w", err)
	}
	var idents []Identity
	err = s.db.WithContext(ctx).Select("user_id", "provider").Where("user_id IN ?", ids).
		Order("user_id, provider").Find(&idents).Error
	if err != nil {
		return nil, fmt.Errorf("list providers per user: %w", err)
	}
	for _, c := range charts {
		rows[at[c.UserID]].Charts = c.N
	}
	for _, c := range readings {
		rows[at[c.UserID]].Readings = c.N
	}
	for _, i := range idents {
		r := &rows[at[i.UserID]]
		r.Providers = append(r.Providers, i.Provider)
	}
	return rows, nil
}

// Audit actions on accounts.
const (
	ActionUserDisable        = "user.disable"
	ActionUserEnable         = "user.enable"
	ActionUserRevokeSessions = "user.revoke_sessions"
	ActionUserQuota          = "user.quota"
)

// AuditActor is who acts and from where; it fills the audit entry.
type AuditActor struct {
	AdminID    int64
	AdminEmail string
	IP         string
}

// audited runs change in a transaction and, when it reports details (a
// change happened), inserts the audit entry in the same transaction: an
// action is never stored without its entry, nor an entry without its action.
func (s *UserAdmin) audited(ctx context.Context, who AuditActor, action string, userID int64, change func(tx *gorm.DB) (details string, err error)) (bool, error) {
	changed := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		details, err := change(tx)
		if err != nil || details == "" {
			return err
		}
		adminID := who.AdminID
		e := &AuditEntry{
			AdminID: &adminID, AdminEmail: who.AdminEmail, Action: action,
			TargetType: "user", TargetID: strconv.FormatInt(userID, 10),
			Details: details, IP: who.IP, CreatedAt: time.Now().UTC(),
		}
		if err := tx.Create(e).Error; err != nil {
			return fmt.Errorf("record audit entry %s: %w", action, err)
		}
		changed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("%s user %d: %w", action, userID, err)
	}
	return changed, nil
}

// exists is ErrNotFound when the user is gone (used after an update that
// changed no row, to tell "nothing to do" from "no such user").
func exists(tx *gorm.DB, id int64) error {
	var n int64
	if err := tx.Model(&User{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// Disable marks the account disabled and ends all its sessions (the epoch
// is bumped as well as the flag set, so a session can never outlive the
// change). It reports false when the account was already disabled.
func (s *UserAdmin) Disable(ctx context.Context, who AuditActor, id int64) (bool, error) {
	return s.audited(ctx, who, ActionUserDisable, id, func(tx *gorm.DB) (string, error) {
		now := time.Now().UTC()
		res := tx.Model(&User{}).Where("id = ? AND disabled_at IS NULL", id).UpdateColumns(map[string]any{
			"disabled_at": now, "session_epoch": gorm.Expr("session_epoch + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return "", res.Error
		}
		if res.RowsAffected == 0 {
			return "", exists(tx, id)
		}
		return "active → disabled", nil
	})
}

// Enable lifts the disablement. Sessions ended by Disable stay ended (their
// epoch is gone). It reports false when the account was not disabled.
func (s *UserAdmin) Enable(ctx context.Context, who AuditActor, id int64) (bool, error) {
	return s.audited(ctx, who, ActionUserEnable, id, func(tx *gorm.DB) (string, error) {
		res := tx.Model(&User{}).Where("id = ? AND disabled_at IS NOT NULL", id).UpdateColumns(map[string]any{
			"disabled_at": nil, "updated_at": time.Now().UTC(),
		})
		if res.Error != nil {
			return "", res.Error
		}
		if res.RowsAffected == 0 {
			return "", exists(tx, id)
		}
		return "disabled → active", nil
	})
}

// RevokeSessions ends every session of the account at its next request.
func (s *UserAdmin) RevokeSessions(ctx context.Context, who AuditActor, id int64) error {
	_, err := s.audited(ctx, who, ActionUserRevokeSessions, id, func(tx *gorm.DB) (string, error) {
		res := tx.Model(&User{}).Where("id = ?", id).UpdateColumn("session_epoch", gorm.Expr("session_epoch + 1"))
		if res.Error != nil {
			return "", res.Error
		}
		if res.RowsAffected == 0 {
			return "", ErrNotFound
		}
		var epoch int64
		if err := tx.Model(&User{}).Where("id = ?", id).Pluck("session_epoch", &epoch).Error; err != nil {
			return "", err
		}
		return fmt.Sprintf("session epoch %d → %d", epoch-1, epoch), nil
	})
	return err
}

// SetQuota sets the account's daily reading quota (nil: the default). It
// reports false when the quota was already that.
func (s *UserAdmin) SetQuota(ctx context.Context, who AuditActor, id int64, quota *int) (bool, error) {
	return s.audited(ctx, who, ActionUserQuota, id, func(tx *gorm.DB) (string, error) {
		var u User
		err := tx.Select("id", "reading_quota").Take(&u, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return "", ErrNotFound
		}
		if err != nil {
			return "", err
		}
		if quotaText(u.ReadingQuota) == quotaText(quota) {
			return "", nil
		}
		var v any
		if quota != nil {
			v = *quota
		}
		if err := tx.Model(&User{}).Where("id = ?", id).UpdateColumns(map[string]any{"reading_quota": v, "updated_at": time.Now().UTC()}).Error; err != nil {
			return "", err
		}
		return "reading quota " + quotaText(u.ReadingQuota) + " → " + quotaText(quota), nil
	})
}

func quotaText(q *int) string {
	if q == nil {
		return "default"
	}
	return strconv.Itoa(*q)
}
