package models

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Reading statuses. A reading is pending from its POST until a stream
// claims it, streaming while it is written, and then done, failed or
// cancelled (the browser left; the text written so far is kept).
const (
	ReadingPending   = "pending"
	ReadingStreaming = "streaming"
	ReadingDone      = "done"
	ReadingFailed    = "failed"
	ReadingCancelled = "cancelled"
)

// Reading is one AI reading of a chart. A signed-in user's reading has
// UserID set and is theirs alone; a guest's has GuestIP set (for the daily
// quota) and is reachable only by its random PublicID.
type Reading struct {
	ID               int64 `gorm:"primaryKey"`
	PublicID         string
	UserID           *int64
	ChartID          *int64
	GuestIP          string
	ChartQuery       string
	PartnerQuery     string // person B's chart query of a compatibility reading, else ""
	Topic            string
	Lang             string
	Provider         string
	Model            string
	Status           string
	Text             string
	FellBack         bool
	Error            string
	PromptTokens     int
	CompletionTokens int
	CreatedAt        time.Time
	StartedAt        *time.Time
	FinishedAt       *time.Time
}

// ReadingMessage is one turn of the follow-up chat under a reading.
type ReadingMessage struct {
	ID               int64 `gorm:"primaryKey"`
	ReadingID        int64
	Role             string // "user" or "assistant"
	Content          string
	Status           string
	PromptTokens     int
	CompletionTokens int
	CreatedAt        time.Time
	FinishedAt       *time.Time
}

// Finished reports whether nothing more will be written.
func (r *Reading) Finished() bool {
	return r.Status == ReadingDone || r.Status == ReadingFailed || r.Status == ReadingCancelled
}

// Owner is who a reading or a quota is counted for: a user, or a guest's IP subject.
type Owner struct {
	UserID  int64  // 0 for a guest
	GuestIP string // the guest's IP subject (IPv6 by /64); ignored for a user
}

// ErrBusy means the owner already has a reading (or an answer) in progress.
var ErrBusy = errors.New("a reading is already in progress")

// Readings is the store of readings and their follow-up messages.
type Readings struct {
	db *gorm.DB
	// Stale is how long a reading may stay pending or streaming before it
	// counts as abandoned (an instance died mid-stream) and stops blocking
	// its owner; NewReadings sets a default.
	Stale time.Duration
	// PendingStale is how long a reading may wait for its stream to connect.
	PendingStale time.Duration
}

// NewReadings returns the reading store on db.
func NewReadings(db *gorm.DB) *Readings {
	return &Readings{db: db, Stale: 5 * time.Minute, PendingStale: 2 * time.Minute}
}

// publicIDBytes is the entropy of a reading's URL id: 16 bytes, 22 base64url characters.
const publicIDBytes = 16

// NewPublicID returns a random, unguessable reading id.
func NewPublicID() string {
	var b [publicIDBytes]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (o Owner) scope(db *gorm.DB) *gorm.DB {
	if o.UserID != 0 {
		return db.Where("user_id = ?", o.UserID)
	}
	return db.Where("user_id IS NULL AND guest_ip = ?", o.GuestIP)
}

// Start stores a new pending reading for its owner (r.UserID, else
// r.GuestIP). It returns ErrBusy when the owner has one in progress: the
// database enforces it, so concurrent starts cannot both succeed. Readings
// left in progress by a dead instance are failed first.
func (s *Readings) Start(ctx context.Context, r *Reading) error {
	owner := Owner{GuestIP: r.GuestIP}
	if r.UserID != nil {
		owner.UserID = *r.UserID
		r.GuestIP = ""
	}
	if err := s.expireStale(ctx, owner); err != nil {
		return err
	}
	if busy, err := s.InProgress(ctx, owner); err != nil {
		return err
	} else if busy {
		return ErrBusy
	}
	if r.PublicID == "" {
		r.PublicID = NewPublicID()
	}
	r.Status = ReadingPending
	r.CreatedAt = time.Now().UTC()
	if err := s.db.WithContext(ctx).Create(r).Error; err != nil {
		if isUniqueViolation(err) {
			return ErrBusy
		}
		return fmt.Errorf("start reading: %w", err)
	}
	return nil
}

// expireStale fails the owner's readings and answers that have been in
// progress for longer than any stream can last.
func (s *Readings) expireStale(ctx context.Context, o Owner) error {
	now := time.Now().UTC()
	db := o.scope(s.db.WithContext(ctx).Model(&Reading{})).
		Where("(status = ? AND created_at < ?) OR (status = ? AND started_at < ?)",
			ReadingPending, now.Add(-s.PendingStale), ReadingStreaming, now.Add(-s.Stale))
	if err := db.Updates(map[string]any{"status": ReadingFailed, "error": "abandoned", "finished_at": now}).Error; err != nil {
		return fmt.Errorf("expire stale readings: %w", err)
	}
	sub := o.scope(s.db.Model(&Reading{}).Select("id"))
	err := s.db.WithContext(ctx).Model(&ReadingMessage{}).
		Where("reading_id IN (?)", sub).
		Where("status IN ? AND created_at < ?", []string{ReadingPending, ReadingStreaming}, now.Add(-s.Stale)).
		Updates(map[string]any{"status": ReadingFailed, "finished_at": now}).Error
	if err != nil {
		return fmt.Errorf("expire stale answers: %w", err)
	}
	return nil
}

// InProgress reports whether the owner has a reading or a follow-up
// answer pending or streaming.
func (s *Readings) InProgress(ctx context.Context, o Owner) (bool, error) {
	var n int64
	err := o.scope(s.db.WithContext(ctx).Model(&Reading{})).
		Where("status IN ?", []string{ReadingPending, ReadingStreaming}).Limit(1).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("check readings in progress: %w", err)
	}
	if n > 0 {
		return true, nil
	}
	sub := o.scope(s.db.Model(&Reading{}).Select("id"))
	err = s.db.WithContext(ctx).Model(&ReadingMessage{}).Where("reading_id IN (?)", sub).
		Where("status IN ?", []string{ReadingPending, ReadingStreaming}).Limit(1).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("check answers in progress: %w", err)
	}
	return n > 0, nil
}

// CountSince counts the owner's generations (readings, follow-up
// answers and painted portraits) created since t and written to the end: the daily quota. One
// that never completed (abandoned, stopped, failed) does not count.
func (s *Readings) CountSince(ctx context.Context, o Owner, t time.Time) (int64, error) {
	var readings, answers int64
	if err := o.scope(s.db.WithContext(ctx).Model(&Reading{})).Where("status = ? AND created_at >= ?", ReadingDone, t.UTC()).Count(&readings).Error; err != nil {
		return 0, fmt.Errorf("count readings: %w", err)
	}
	sub := o.scope(s.db.Model(&Reading{}).Select("id"))
	err := s.db.WithContext(ctx).Model(&ReadingMessage{}).Where("reading_id IN (?)", sub).
		Where("role = ? AND status = ? AND created_at >= ?", "assistant", ReadingDone, t.UTC()).Count(&answers).Error
	if err != nil {
		return 0, fmt.Errorf("count answers: %w", err)
	}
	// A painted portrait is a generation too (models.Portrait).
	portraits, err := (&Portraits{db: s.db}).countSince(ctx, o, t)
	if err != nil {
		return 0, err
	}
	return readings + answers + portraits, nil
}

// DeleteGuestReadings deletes guests' readings created before t, with their
// follow-up messages, and returns how many readings went. t is days in the
// past, long after any stream ended. Signed-in users' readings are never
// touched.
func (s *Readings) DeleteGuestReadings(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		old := tx.Model(&Reading{}).Select("id").Where("user_id IS NULL AND created_at < ?", before.UTC())
		if err := tx.Where("reading_id IN (?)", old).Delete(&ReadingMessage{}).Error; err != nil {
			return fmt.Errorf("delete guest reading messages: %w", err)
		}
		res := tx.Where("user_id IS NULL AND created_at < ?", before.UTC()).Delete(&Reading{})
		if res.Error != nil {
			return fmt.Errorf("delete guest readings: %w", res.Error)
		}
		n = res.RowsAffected
		return nil
	})
	return n, err
}

// ByPublicID loads a reading for a viewer: a user's reading only for that
// user (userID; 0 for a guest), a guest's for anyone holding its id.
// Anything else is ErrNotFound.
func (s *Readings) ByPublicID(ctx context.Context, publicID string, userID int64) (*Reading, error) {
	if publicID == "" || len(publicID) > 64 {
		return nil, ErrNotFound
	}
	var r Reading
	err := s.db.WithContext(ctx).Where("public_id = ?", publicID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load reading: %w", err)
	}
	if r.UserID != nil && *r.UserID != userID {
		return nil, ErrNotFound
	}
	return &r, nil
}

// Claim moves a pending reading to streaming and reports whether this
// caller won it: of two streams connecting at once, only one writes it.
func (s *Readings) Claim(ctx context.Context, id int64) (bool, error) {
	now := time.Now().UTC()
	res := s.db.WithContext(ctx).Model(&Reading{}).Where("id = ? AND status = ?", id, ReadingPending).
		Updates(map[string]any{"status": ReadingStreaming, "started_at": now})
	if res.Error != nil {
		return false, fmt.Errorf("claim reading %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ReadingOutcome is how a stream ended, for Finish.
type ReadingOutcome struct {
	Status           string
	Text             string
	Provider, Model  string
	FellBack         bool
	Error            string
	PromptTokens     int
	CompletionTokens int
}

// Finish stores the end of a reading: its text, status and token counts.
func (s *Readings) Finish(ctx context.Context, id int64, o ReadingOutcome) error {
	cols := map[string]any{
		"status": o.Status, "text": o.Text, "fell_back": o.FellBack, "error": truncate(o.Error, 500),
		"prompt_tokens": o.PromptTokens, "completion_tokens": o.CompletionTokens, "finished_at": time.Now().UTC(),
	}
	if o.Provider != "" {
		cols["provider"], cols["model"] = o.Provider, o.Model
	}
	if err := s.db.WithContext(ctx).Model(&Reading{}).Where("id = ?", id).Updates(cols).Error; err != nil {
		return fmt.Errorf("finish reading %d: %w", id, err)
	}
	return nil
}

// ForChart lists a user's finished readings of a saved chart (or of the
// same chart query), newest first.
func (s *Readings) ForChart(ctx context.Context, userID int64, chartID int64, chartQuery string, limit int) ([]Reading, error) {
	var out []Reading
	db := s.db.WithContext(ctx).Where("user_id = ? AND status IN ?", userID, []string{ReadingDone, ReadingCancelled})
	switch {
	case chartID != 0 && chartQuery != "":
		db = db.Where("(chart_id = ? OR chart_query = ?)", chartID, chartQuery)
	case chartID != 0:
		db = db.Where("chart_id = ?", chartID)
	default:
		db = db.Where("chart_query = ?", chartQuery)
	}
	if err := db.Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list readings: %w", err)
	}
	return out, nil
}

// ForUser lists every reading of a user with its messages, oldest first (export).
func (s *Readings) ForUser(ctx context.Context, userID int64) ([]Reading, map[int64][]ReadingMessage, error) {
	var rs []Reading
	if err := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("created_at, id").Find(&rs).Error; err != nil {
		return nil, nil, fmt.Errorf("export readings: %w", err)
	}
	msgs := map[int64][]ReadingMessage{}
	if len(rs) == 0 {
		return rs, msgs, nil
	}
	var all []ReadingMessage
	sub := s.db.Model(&Reading{}).Select("id").Where("user_id = ?", userID)
	if err := s.db.WithContext(ctx).Where("reading_id IN (?)", sub).Order("id").Find(&all).Error; err != nil {
		return nil, nil, fmt.Errorf("export reading messages: %w", err)
	}
	for _, m := range all {
		msgs[m.ReadingID] = append(msgs[m.ReadingID], m)
	}
	return rs, msgs, nil
}

// Messages lists a reading's follow-up turns in order.
func (s *Readings) Messages(ctx context.Context, readingID int64) ([]ReadingMessage, error) {
	var out []ReadingMessage
	if err := s.db.WithContext(ctx).Where("reading_id = ?", readingID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("load messages of reading %d: %w", readingID, err)
	}
	return out, nil
}

// Ask stores a follow-up question and the pending answer to stream. It
// returns ErrBusy when an answer to this reading is still in progress.
func (s *Readings) Ask(ctx context.Context, readingID int64, question string) (*ReadingMessage, error) {
	now := time.Now().UTC()
	answer := &ReadingMessage{ReadingID: readingID, Role: "assistant", Status: ReadingPending, CreatedAt: now}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&ReadingMessage{}).Where("reading_id = ? AND status IN ?", readingID,
			[]string{ReadingPending, ReadingStreaming}).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrBusy
		}
		q := &ReadingMessage{ReadingID: readingID, Role: "user", Content: question, Status: ReadingDone, CreatedAt: now, FinishedAt: &now}
		if err := tx.Create(q).Error; err != nil {
			return err
		}
		return tx.Create(answer).Error
	})
	switch {
	case errors.Is(err, ErrBusy):
		return nil, ErrBusy
	case err != nil && isUniqueViolation(err):
		return nil, ErrBusy
	case err != nil:
		return nil, fmt.Errorf("ask about reading %d: %w", readingID, err)
	}
	return answer, nil
}

// Message loads one message of a reading.
func (s *Readings) Message(ctx context.Context, readingID, id int64) (*ReadingMessage, error) {
	var m ReadingMessage
	err := s.db.WithContext(ctx).Where("reading_id = ? AND id = ?", readingID, id).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load message %d: %w", id, err)
	}
	return &m, nil
}

// ClaimMessage moves a pending answer to streaming; false when another stream has it.
func (s *Readings) ClaimMessage(ctx context.Context, id int64) (bool, error) {
	res := s.db.WithContext(ctx).Model(&ReadingMessage{}).Where("id = ? AND status = ?", id, ReadingPending).
		Update("status", ReadingStreaming)
	if res.Error != nil {
		return false, fmt.Errorf("claim message %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// FinishMessage stores the end of an answer.
func (s *Readings) FinishMessage(ctx context.Context, id int64, o ReadingOutcome) error {
	err := s.db.WithContext(ctx).Model(&ReadingMessage{}).Where("id = ?", id).Updates(map[string]any{
		"status": o.Status, "content": o.Text, "prompt_tokens": o.PromptTokens,
		"completion_tokens": o.CompletionTokens, "finished_at": time.Now().UTC(),
	}).Error
	if err != nil {
		return fmt.Errorf("finish message %d: %w", id, err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// isUniqueViolation recognises a unique-index conflict on PostgreSQL
// (SQLSTATE 23505) and SQLite.
func isUniqueViolation(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "23505") || strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "duplicate key")
}

// IsFinishedStatus reports whether a reading or answer status is final.
func IsFinishedStatus(status string) bool {
	return status == ReadingDone || status == ReadingFailed || status == ReadingCancelled
}
