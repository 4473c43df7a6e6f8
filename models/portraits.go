package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Portrait providers.
const (
	PortraitBuiltin = "builtin"
	PortraitOpenAI  = "openai"
)

// Portrait is a soul portrait an image model painted for a chart. A
// signed-in user's has UserID set (and ChartID when painted on a saved
// chart); a guest's has GuestIP and follows the guests' readings'
// retention. It counts against the owner's daily reading quota.
type Portrait struct {
	ID         int64 `gorm:"primaryKey"`
	PublicID   string
	UserID     *int64
	GuestIP    string
	ChartID    *int64
	ChartQuery string
	Provider   string
	Model      string
	Mime       string
	Bytes      []byte `gorm:"column:bytes"`
	CostUSD    float64
	CreatedAt  time.Time
}

// Portraits is the store of painted portraits. Every read is scoped to
// the owner it is given, except DeleteGuest (housekeeping).
type Portraits struct{ db *gorm.DB }

// NewPortraits returns the portrait store on db.
func NewPortraits(db *gorm.DB) *Portraits { return &Portraits{db: db} }

// Keep stores p for its owner (p.UserID, else p.GuestIP) with a new
// public id.
func (s *Portraits) Keep(ctx context.Context, p *Portrait) error {
	p.PublicID = NewPublicID()
	if p.UserID != nil {
		p.GuestIP = ""
	}
	if err := s.db.WithContext(ctx).Create(p).Error; err != nil {
		return fmt.Errorf("keep portrait: %w", err)
	}
	return nil
}

// ByPublicID is the portrait with that public id as viewer may see it: a
// user's only to that user, a guest's to anyone holding its unguessable
// id. Otherwise gorm.ErrRecordNotFound.
func (s *Portraits) ByPublicID(ctx context.Context, viewer Owner, publicID string) (*Portrait, error) {
	var p Portrait
	q := s.db.WithContext(ctx).Where("public_id = ?", publicID)
	if viewer.UserID != 0 {
		q = q.Where("user_id IS NULL OR user_id = ?", viewer.UserID)
	} else {
		q = q.Where("user_id IS NULL")
	}
	if err := q.Take(&p).Error; err != nil {
		return nil, fmt.Errorf("portrait %s: %w", publicID, err)
	}
	return &p, nil
}

// LatestOfChart is the user's newest portrait of their saved chart, or
// nil when there is none.
func (s *Portraits) LatestOfChart(ctx context.Context, userID, chartID int64) (*Portrait, error) {
	var p Portrait
	err := s.db.WithContext(ctx).Select("id", "public_id", "user_id", "chart_id", "provider", "model", "mime", "created_at").
		Where("user_id = ? AND chart_id = ?", userID, chartID).Order("created_at DESC, id DESC").Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("latest portrait of chart %d: %w", chartID, err)
	}
	return &p, nil
}

// countSince counts the owner's painted portraits since t (the quota).
func (s *Portraits) countSince(ctx context.Context, o Owner, t time.Time) (int64, error) {
	var n int64
	err := o.scope(s.db.WithContext(ctx).Model(&Portrait{})).
		Where("provider <> ? AND created_at >= ?", PortraitBuiltin, t.UTC()).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count portraits: %w", err)
	}
	return n, nil
}

// DeleteGuest deletes guests' portraits created before t.
func (s *Portraits) DeleteGuest(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("user_id IS NULL AND created_at < ?", before.UTC()).Delete(&Portrait{})
	if res.Error != nil {
		return 0, fmt.Errorf("delete guest portraits: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// PortraitUsage is the painted portraits of one provider and model.
type PortraitUsage struct {
	Provider, Model string
	Today, Month    int64   // since midnight UTC, and in the last 30 days
	CostUSD         float64 // of the last 30 days
}

// PortraitsByProvider counts painted portraits per provider and model
// since today and since month (the admin AI page).
func (s *Stats) PortraitsByProvider(ctx context.Context, today, month time.Time) ([]PortraitUsage, error) {
	var rows []PortraitUsage
	err := s.db.WithContext(ctx).Model(&Portrait{}).
		Select("provider, model, SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END) AS today, COUNT(*) AS month, COALESCE(SUM(cost_usd), 0) AS cost_usd", today.UTC()).
		Where("created_at >= ?", month.UTC()).Group("provider, model").Order("provider, model").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("portraits by provider: %w", err)
	}
	return rows, nil
}

// OfUser lists the user's portraits, newest first, without their images
// (the data export links them).
func (s *Portraits) OfUser(ctx context.Context, userID int64) ([]Portrait, error) {
	var out []Portrait
	err := s.db.WithContext(ctx).Select("id", "public_id", "user_id", "chart_id", "chart_query", "provider", "model", "mime", "cost_usd", "created_at").
		Where("user_id = ?", userID).Order("created_at DESC, id DESC").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("portraits of user %d: %w", userID, err)
	}
	return out, nil
}
