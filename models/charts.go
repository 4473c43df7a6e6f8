package models

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SavedChart is a chart a user keeps. It stores the input, not the result:
// the chart is recomputed from Input on every view. BirthDate, BirthYear,
// Gender, Place and Pillars are search columns derived from the input at
// each save.
type SavedChart struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Name      string
	Notes     string
	Tags      string // ",tag1,tag2,": see JoinTags
	Favourite bool
	Input     string // chartinput.Request as JSON
	BirthDate string // YYYY-MM-DD (Gregorian)
	BirthYear int
	Gender    string
	Place     string
	Pillars   string // "甲子 乙丑 丙寅 丁卯" (three pairs when the time is unknown)

	ShareToken          *string
	ShareShowName       bool
	ShareShowPlace      bool
	ShareIncludeReading bool

	DeletedAt *time.Time // in the trash since
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName is "charts".
func (SavedChart) TableName() string { return "charts" }

// TagList returns the tags in order.
func (c *SavedChart) TagList() []string {
	var out []string
	for _, t := range strings.Split(c.Tags, ",") {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Tag limits.
const (
	MaxTags      = 20
	MaxTagLength = 32
)

// JoinTags normalises tags (trimmed, commas removed, duplicates dropped,
// empty ones skipped) into the stored ",a,b," form, so a tag filter is an
// exact LIKE '%,tag,%'. ok is false when there are too many or one is too long.
func JoinTags(tags []string) (stored string, ok bool) {
	seen := map[string]bool{}
	var kept []string
	for _, t := range tags {
		t = strings.TrimSpace(strings.ReplaceAll(t, ",", " "))
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		if len([]rune(t)) > MaxTagLength {
			return "", false
		}
		seen[strings.ToLower(t)] = true
		kept = append(kept, t)
	}
	if len(kept) > MaxTags {
		return "", false
	}
	if len(kept) == 0 {
		return "", true
	}
	return "," + strings.Join(kept, ",") + ",", true
}

// Charts is the store of saved charts. Every method takes the owner's id
// and touches only that owner's rows.
type Charts struct{ db *gorm.DB }

// NewCharts returns the chart store on db.
func NewCharts(db *gorm.DB) *Charts { return &Charts{db: db} }

// owned scopes a query to one user's charts.
func (s *Charts) owned(ctx context.Context, userID int64) *gorm.DB {
	return s.db.WithContext(ctx).Model(&SavedChart{}).Where("user_id = ?", userID)
}

// Create stores a new chart for c.UserID.
func (s *Charts) Create(ctx context.Context, c *SavedChart) error {
	now := time.Now().UTC()
	c.CreatedAt, c.UpdatedAt = now, now
	if err := s.db.WithContext(ctx).Create(c).Error; err != nil {
		return fmt.Errorf("save chart: %w", err)
	}
	return nil
}

// Get loads one of the user's charts (trashed ones too); another user's id
// is ErrNotFound.
func (s *Charts) Get(ctx context.Context, userID, id int64) (*SavedChart, error) {
	var c SavedChart
	err := s.owned(ctx, userID).Where("id = ?", id).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load chart %d: %w", id, err)
	}
	return &c, nil
}

// Update writes columns of one of the user's charts.
func (s *Charts) Update(ctx context.Context, userID, id int64, columns map[string]any) error {
	columns["updated_at"] = time.Now().UTC()
	res := s.owned(ctx, userID).Where("id = ?", id).Updates(columns)
	if res.Error != nil {
		return fmt.Errorf("update chart %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// EditTags changes the tags of the user's charts among ids (those in the
// trash are left alone) in one transaction: edit gets a chart's tags and
// returns the stored form of its new tags and whether they changed. The
// charts are locked while they are read (FOR UPDATE on PostgreSQL; SQLite
// has one writer), so two edits at once cannot lose each other's tags. An
// error from edit changes nothing. It returns how many charts changed.
func (s *Charts) EditTags(ctx context.Context, userID int64, ids []int64, edit func(tags []string) (stored string, changed bool, err error)) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var charts []SavedChart
		err := tx.Model(&SavedChart{}).Clauses(clause.Locking{Strength: "UPDATE"}).
			Where("user_id = ? AND deleted_at IS NULL AND id IN ?", userID, ids).Order("id").Find(&charts).Error
		if err != nil {
			return wrap("load charts to tag", err)
		}
		now := time.Now().UTC()
		for i := range charts {
			stored, changed, err := edit(charts[i].TagList())
			if err != nil {
				return err
			}
			if !changed {
				continue
			}
			err = tx.Model(&SavedChart{}).Where("id = ? AND user_id = ?", charts[i].ID, userID).
				Updates(map[string]any{"tags": stored, "updated_at": now}).Error
			if err != nil {
				return wrap("tag chart", err)
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Trash moves charts to the trash; it returns how many moved.
func (s *Charts) Trash(ctx context.Context, userID int64, ids []int64) (int64, error) {
	now := time.Now().UTC()
	res := s.owned(ctx, userID).Where("id IN ? AND deleted_at IS NULL", ids).
		Updates(map[string]any{"deleted_at": now, "updated_at": now})
	return res.RowsAffected, wrap("trash charts", res.Error)
}

// Restore takes charts out of the trash.
func (s *Charts) Restore(ctx context.Context, userID int64, ids []int64) (int64, error) {
	res := s.owned(ctx, userID).Where("id IN ? AND deleted_at IS NOT NULL", ids).
		Updates(map[string]any{"deleted_at": nil, "updated_at": time.Now().UTC()})
	return res.RowsAffected, wrap("restore charts", res.Error)
}

// DeleteForever removes charts that are in the trash.
func (s *Charts) DeleteForever(ctx context.Context, userID int64, ids []int64) (int64, error) {
	res := s.db.WithContext(ctx).Where("user_id = ? AND id IN ? AND deleted_at IS NOT NULL", userID, ids).Delete(&SavedChart{})
	return res.RowsAffected, wrap("delete charts", res.Error)
}

// EmptyTrash removes every chart in the user's trash.
func (s *Charts) EmptyTrash(ctx context.Context, userID int64) (int64, error) {
	res := s.db.WithContext(ctx).Where("user_id = ? AND deleted_at IS NOT NULL", userID).Delete(&SavedChart{})
	return res.RowsAffected, wrap("empty trash", res.Error)
}

// ByShareToken loads a shared chart that is not in the trash.
func (s *Charts) ByShareToken(ctx context.Context, token string) (*SavedChart, error) {
	if token == "" {
		return nil, ErrNotFound
	}
	var c SavedChart
	err := s.db.WithContext(ctx).Where("share_token = ? AND deleted_at IS NULL", token).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load shared chart: %w", err)
	}
	return &c, nil
}

// ForExport returns the user's charts not in the trash (all, or those ids), oldest first.
func (s *Charts) ForExport(ctx context.Context, userID int64, ids []int64) ([]SavedChart, error) {
	q := s.owned(ctx, userID).Where("deleted_at IS NULL")
	if ids != nil {
		q = q.Where("id IN ?", ids)
	}
	var out []SavedChart
	err := q.Order("created_at, id").Find(&out).Error
	return out, wrap("export charts", err)
}

// chartsLockClass namespaces LockUser's PostgreSQL advisory locks.
const chartsLockClass = 0x63686172 // "char"

// LockUser holds, until the surrounding transaction ends, a lock that
// every other LockUser of the same user waits for: an import checks for
// duplicates and then inserts, and two imports of one file at once would
// otherwise both find nothing and both insert. PostgreSQL takes an
// advisory lock; SQLite, with its single writer connection, already runs
// transactions one at a time. Call it on a store made in a transaction.
func (s *Charts) LockUser(ctx context.Context, userID int64) error {
	if s.db.Dialector.Name() != "postgres" {
		return nil
	}
	err := s.db.WithContext(ctx).Exec("SELECT pg_advisory_xact_lock(?, ?)", chartsLockClass, int32(userID)).Error
	return wrap("lock the user's charts", err)
}

// HasInput reports whether the user already keeps a chart with this name
// and exactly this input (the import's duplicate test).
func (s *Charts) HasInput(ctx context.Context, userID int64, name, input string) (bool, error) {
	var n int64
	err := s.owned(ctx, userID).Where("name = ? AND input = ? AND deleted_at IS NULL", name, input).Count(&n).Error
	return n > 0, wrap("find duplicate chart", err)
}

// Count returns how many charts the user keeps outside the trash.
func (s *Charts) Count(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := s.owned(ctx, userID).Where("deleted_at IS NULL").Count(&n).Error
	return n, wrap("count charts", err)
}

// Sort orders of the history list.
const (
	SortCreated = "created" // newest first
	SortBirth   = "birth"   // birth date, earliest first
	SortName    = "name"    // name A→Z
)

// ListQuery filters and pages the history list.
type ListQuery struct {
	Search     string // name, notes, place or a 干支 pair ("甲子")
	Gender     string // "", "male", "female"
	YearFrom   int    // birth year range, 0 = open
	YearTo     int
	Tag        string
	Favourites bool
	Trash      bool   // list the trash instead
	Sort       string // SortCreated (default), SortBirth, SortName
	Cursor     string // from the previous page's NextCursor
	Limit      int    // 1–100, default 20
}

// ListPage is one page of the history list.
type ListPage struct {
	Charts     []SavedChart
	NextCursor string // "" on the last page
}

type cursor struct {
	Sort string    `json:"s"`
	Time time.Time `json:"t,omitempty"`
	Str  string    `json:"v,omitempty"`
	ID   int64     `json:"id"`
}

// List returns one page of the user's charts. Pages use keyset pagination
// (the last row's sort key and id), so page 500 costs what page 1 costs.
func (s *Charts) List(ctx context.Context, userID int64, q ListQuery) (ListPage, error) {
	if q.Limit < 1 || q.Limit > 100 {
		q.Limit = 20
	}
	if q.Sort != SortBirth && q.Sort != SortName {
		q.Sort = SortCreated
	}
	db := s.owned(ctx, userID)
	if q.Trash {
		db = db.Where("deleted_at IS NOT NULL")
	} else {
		db = db.Where("deleted_at IS NULL")
	}
	if term := strings.TrimSpace(q.Search); term != "" {
		like := "%" + escapeLike(strings.ToLower(term)) + "%"
		db = db.Where(`(LOWER(name) LIKE ? ESCAPE '\' OR LOWER(notes) LIKE ? ESCAPE '\' OR LOWER(place) LIKE ? ESCAPE '\' OR pillars LIKE ? ESCAPE '\')`,
			like, like, like, "%"+escapeLike(term)+"%")
	}
	if q.Gender != "" {
		db = db.Where("gender = ?", q.Gender)
	}
	if q.YearFrom != 0 {
		db = db.Where("birth_year >= ?", q.YearFrom)
	}
	if q.YearTo != 0 {
		db = db.Where("birth_year <= ?", q.YearTo)
	}
	if tag := strings.TrimSpace(q.Tag); tag != "" {
		db = db.Where(`tags LIKE ? ESCAPE '\'`, "%,"+escapeLike(tag)+",%")
	}
	if q.Favourites {
		db = db.Where("favourite = ?", true)
	}
	if c, ok := decodeCursor(q.Cursor, q.Sort); ok {
		switch q.Sort {
		case SortCreated:
			db = db.Where("(created_at < ? OR (created_at = ? AND id < ?))", c.Time, c.Time, c.ID)
		case SortBirth:
			db = db.Where("(birth_date > ? OR (birth_date = ? AND id > ?))", c.Str, c.Str, c.ID)
		case SortName:
			db = db.Where("(name > ? OR (name = ? AND id > ?))", c.Str, c.Str, c.ID)
		}
	}
	switch q.Sort {
	case SortCreated:
		db = db.Order("created_at DESC, id DESC")
	case SortBirth:
		db = db.Order("birth_date, id")
	case SortName:
		db = db.Order("name, id")
	}
	var rows []SavedChart
	if err := db.Limit(q.Limit + 1).Find(&rows).Error; err != nil {
		return ListPage{}, fmt.Errorf("list charts: %w", err)
	}
	page := ListPage{Charts: rows}
	if len(rows) > q.Limit {
		page.Charts = rows[:q.Limit]
		last := page.Charts[q.Limit-1]
		c := cursor{Sort: q.Sort, ID: last.ID}
		switch q.Sort {
		case SortCreated:
			c.Time = last.CreatedAt
		case SortBirth:
			c.Str = last.BirthDate
		case SortName:
			c.Str = last.Name
		}
		b, _ := json.Marshal(c)
		page.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	return page, nil
}

func decodeCursor(s, sort string) (cursor, bool) {
	var c cursor
	if s == "" || len(s) > 512 {
		return c, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.Sort != sort || c.ID <= 0 {
		return c, false
	}
	return c, true
}

// escapeLike makes % and _ in user input literal in a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
