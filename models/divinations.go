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
)

// Divination kinds: the module whose page shows the cast or draw.
const (
	KindIChing = "iching"
	KindTarot  = "tarot"
)

// IsDivinationKind reports whether kind is one a divination can have.
func IsDivinationKind(kind string) bool { return kind == KindIChing || kind == KindTarot }

// Divination is an I Ching cast or a Tarot draw a visitor made. The result
// page is stateless and fully described by Query, so that is what is kept;
// Question and Summary are for the list and its search. A signed-in user's
// has UserID set; a guest's has GuestIP and follows the guests' readings'
// retention.
type Divination struct {
	ID         int64 `gorm:"primaryKey"`
	PublicID   string
	UserID     *int64
	GuestIP    string
	Kind       string // KindIChing or KindTarot
	Query      string // the page's canonical query, without "?"
	Question   string
	Summary    string // "30 离 → 51 震", the card names, …
	ShareToken *string
	CreatedAt  time.Time
}

// KeptDivination is a divination with the text of its owner's latest done
// reading of the same query ("" when there is none).
type KeptDivination struct {
	Divination
	Reading string
}

// Divinations is the store of kept casts and draws. Every method is scoped
// to the owner it is given, except ByShareToken (the token is the
// permission) and DeleteGuest (housekeeping).
type Divinations struct{ db *gorm.DB }

// NewDivinations returns the divination store on db.
func NewDivinations(db *gorm.DB) *Divinations { return &Divinations{db: db} }

// ErrBadKind is a kind that is neither KindIChing nor KindTarot.
var ErrBadKind = errors.New("unknown divination kind")

func (s *Divinations) owned(ctx context.Context, userID int64) *gorm.DB {
	return s.db.WithContext(ctx).Model(&Divination{}).Where("user_id = ?", userID)
}

// Keep stores a cast or draw for its owner (a user, else a guest's IP
// subject). Keeping the same kind and query again for the same owner
// returns the one already kept (a page reloaded, the same lines entered
// twice), so the history does not fill with copies.
func (s *Divinations) Keep(ctx context.Context, owner Owner, kind, query, question, summary string) (*Divination, error) {
	if !IsDivinationKind(kind) {
		return nil, ErrBadKind
	}
	var existing Divination
	err := owner.scope(s.db.WithContext(ctx).Model(&Divination{})).
		Where("kind = ? AND query = ?", kind, query).Order("id").Take(&existing).Error
	switch {
	case err == nil:
		return &existing, nil
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return nil, fmt.Errorf("find kept %s: %w", kind, err)
	}
	d := &Divination{Kind: kind, Query: query, Question: question, Summary: summary}
	if owner.UserID != 0 {
		uid := owner.UserID
		d.UserID = &uid
	} else {
		d.GuestIP = owner.GuestIP
	}
	if err := s.create(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// create inserts d with a fresh public id; CreatedAt is now unless set.
func (s *Divinations) create(ctx context.Context, d *Divination) error {
	d.PublicID = NewPublicID()
	if d.CreatedAt.IsZero() {
		d.CreatedAt = time.Now()
	}
	// Microseconds: what PostgreSQL keeps, so an export's created_at
	// matches the stored one when it is imported again.
	d.CreatedAt = d.CreatedAt.UTC().Truncate(time.Microsecond)
	if err := s.db.WithContext(ctx).Create(d).Error; err != nil {
		return fmt.Errorf("keep %s: %w", d.Kind, err)
	}
	return nil
}

// Import stores a divination from an import file for userID, with its own
// CreatedAt, unless the user already keeps one of the same kind, query and
// time: then it reports false and stores nothing.
func (s *Divinations) Import(ctx context.Context, userID int64, kind, query, question, summary string, createdAt time.Time) (bool, error) {
	if !IsDivinationKind(kind) {
		return false, ErrBadKind
	}
	createdAt = createdAt.UTC().Truncate(time.Microsecond)
	var same []Divination
	if err := s.owned(ctx, userID).Where("kind = ? AND query = ?", kind, query).Find(&same).Error; err != nil {
		return false, fmt.Errorf("find duplicate %s: %w", kind, err)
	}
	for _, d := range same {
		if d.CreatedAt.UTC().Truncate(time.Microsecond).Equal(createdAt) {
			return false, nil
		}
	}
	uid := userID
	d := &Divination{UserID: &uid, Kind: kind, Query: query, Question: question, Summary: summary, CreatedAt: createdAt}
	if err := s.create(ctx, d); err != nil {
		return false, err
	}
	return true, nil
}

// DivinationQuery searches and pages a user's casts and draws.
type DivinationQuery struct {
	// Search matches the question, the summary and the text of the user's
	// done readings of the same query, case-insensitively.
	Search string
	Kind   string // "", KindIChing or KindTarot
	Before string // the previous page's NextCursor; "" = the newest
	Limit  int    // 1–100, default 20
}

// DivinationPage is one page of a user's casts and draws, newest first.
type DivinationPage struct {
	Items      []KeptDivination
	NextCursor string // "" on the last page
}

const divinationCursorSort = "divination"

// List returns one page of the user's casts and draws, newest first, each
// with its latest done reading. Pages are keyset (created_at, id).
func (s *Divinations) List(ctx context.Context, userID int64, q DivinationQuery) (DivinationPage, error) {
	if q.Limit < 1 || q.Limit > 100 {
		q.Limit = 20
	}
	db := s.owned(ctx, userID)
	if q.Kind != "" {
		db = db.Where("kind = ?", q.Kind)
	}
	if term := strings.TrimSpace(q.Search); term != "" {
		like := "%" + escapeLike(strings.ToLower(term)) + "%"
		// The user's own done readings of the same cast or draw.
		read := s.db.Model(&Reading{}).Select("1").
			Where("readings.user_id = divinations.user_id AND readings.chart_query = divinations.query AND readings.topic = divinations.kind").
			Where("readings.status = ?", ReadingDone).
			Where(`LOWER(readings.text) LIKE ? ESCAPE '\'`, like)
		db = db.Where(`(LOWER(question) LIKE ? ESCAPE '\' OR LOWER(summary) LIKE ? ESCAPE '\' OR EXISTS (?))`, like, like, read)
	}
	if c, ok := decodeCursor(q.Before, divinationCursorSort); ok {
		db = db.Where("(created_at < ? OR (created_at = ? AND id < ?))", c.Time, c.Time, c.ID)
	}
	var rows []Divination
	if err := db.Order("created_at DESC, id DESC").Limit(q.Limit + 1).Find(&rows).Error; err != nil {
		return DivinationPage{}, fmt.Errorf("list divinations: %w", err)
	}
	var page DivinationPage
	if len(rows) > q.Limit {
		rows = rows[:q.Limit]
		last := rows[q.Limit-1]
		b, _ := json.Marshal(cursor{Sort: divinationCursorSort, Time: last.CreatedAt, ID: last.ID})
		page.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	items, err := s.withReadings(ctx, userID, rows)
	if err != nil {
		return DivinationPage{}, err
	}
	page.Items = items
	return page, nil
}

// withReadings pairs each divination with the text of the user's latest
// done reading of its kind and query.
func (s *Divinations) withReadings(ctx context.Context, userID int64, rows []Divination) ([]KeptDivination, error) {
	out := make([]KeptDivination, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	queries := make([]string, 0, len(rows))
	for i := range rows {
		out[i].Divination = rows[i]
		queries = append(queries, rows[i].Query)
	}
	var readings []Reading
	err := s.db.WithContext(ctx).Select("topic", "chart_query", "text", "created_at", "id").
		Where("user_id = ? AND status = ? AND topic IN ? AND chart_query IN ?", userID, ReadingDone, []string{KindIChing, KindTarot}, queries).
		Order("created_at DESC, id DESC").Find(&readings).Error
	if err != nil {
		return nil, fmt.Errorf("load readings of divinations: %w", err)
	}
	latest := map[string]string{}
	for _, r := range readings {
		k := r.Topic + "\x00" + r.ChartQuery
		if _, ok := latest[k]; !ok {
			latest[k] = r.Text
		}
	}
	for i := range out {
		out[i].Reading = latest[out[i].Kind+"\x00"+out[i].Query]
	}
	return out, nil
}

// Get loads one of the user's casts or draws; another user's id is ErrNotFound.
func (s *Divinations) Get(ctx context.Context, userID, id int64) (*Divination, error) {
	var d Divination
	err := s.owned(ctx, userID).Where("id = ?", id).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load divination %d: %w", id, err)
	}
	return &d, nil
}

// Delete removes the user's casts and draws among ids; it returns how many
// went. Another user's ids are ErrNotFound when nothing of the user's was
// among them.
func (s *Divinations) Delete(ctx context.Context, userID int64, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	res := s.db.WithContext(ctx).Where("user_id = ? AND id IN ?", userID, ids).Delete(&Divination{})
	if res.Error != nil {
		return 0, fmt.Errorf("delete divinations: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return 0, ErrNotFound
	}
	return res.RowsAffected, nil
}

// Share returns the share token of one of the user's casts or draws,
// making one the first time; sharing again returns the same token.
func (s *Divinations) Share(ctx context.Context, userID, id int64) (string, error) {
	d, err := s.Get(ctx, userID, id)
	if err != nil {
		return "", err
	}
	if d.ShareToken != nil {
		return *d.ShareToken, nil
	}
	token := NewPublicID()
	// Only when still unshared: of two shares at once, both get the winner's token.
	if err := s.owned(ctx, userID).Where("id = ? AND share_token IS NULL", id).Update("share_token", token).Error; err != nil {
		return "", fmt.Errorf("share divination %d: %w", id, err)
	}
	if d, err = s.Get(ctx, userID, id); err != nil {
		return "", err
	}
	if d.ShareToken == nil {
		return "", fmt.Errorf("share divination %d: token not stored", id)
	}
	return *d.ShareToken, nil
}

// RevokeShare stops sharing one of the user's casts or draws: the old
// link no longer works.
func (s *Divinations) RevokeShare(ctx context.Context, userID, id int64) error {
	res := s.owned(ctx, userID).Where("id = ?", id).Update("share_token", nil)
	if res.Error != nil {
		return fmt.Errorf("revoke share of divination %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// ByShareToken loads a shared cast or draw; unknown or revoked tokens are ErrNotFound.
func (s *Divinations) ByShareToken(ctx context.Context, token string) (*Divination, error) {
	if token == "" || len(token) > 64 {
		return nil, ErrNotFound
	}
	var d Divination
	err := s.db.WithContext(ctx).Where("share_token = ? AND user_id IS NOT NULL", token).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load shared divination: %w", err)
	}
	return &d, nil
}

// DeleteGuest deletes guests' casts and draws created before t (the
// guests' readings' retention) and returns how many went. Signed-in
// users' are never touched.
func (s *Divinations) DeleteGuest(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("user_id IS NULL AND created_at < ?", before.UTC()).Delete(&Divination{})
	if res.Error != nil {
		return 0, fmt.Errorf("delete guest divinations: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// ForExport returns every cast and draw of the user, oldest first, each
// with its latest done reading.
func (s *Divinations) ForExport(ctx context.Context, userID int64) ([]KeptDivination, error) {
	var rows []Divination
	if err := s.owned(ctx, userID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("export divinations: %w", err)
	}
	out := make([]KeptDivination, 0, len(rows))
	// In slices: the IN list of withReadings stays a reasonable size.
	for start := 0; start < len(rows); start += 500 {
		part, err := s.withReadings(ctx, userID, rows[start:min(start+500, len(rows))])
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}
