package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Audit is the admin audit trail. It has no update or delete: entries are
// written once and read newest first.
type Audit struct{ db *gorm.DB }

// NewAudit returns the audit store on db.
func NewAudit(db *gorm.DB) *Audit { return &Audit{db: db} }

// Record inserts one entry (CreatedAt defaults to now).
func (s *Audit) Record(ctx context.Context, e *AuditEntry) error {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now().UTC()
	}
	if err := s.db.WithContext(ctx).Create(e).Error; err != nil {
		return fmt.Errorf("record audit entry %s: %w", e.Action, err)
	}
	return nil
}

// Page returns up to limit entries older than (beforeID) — 0 for the newest.
func (s *Audit) Page(ctx context.Context, beforeID int64, limit int) ([]AuditEntry, error) {
	if limit < 1 || limit > 200 {
		limit = 50
	}
	q := s.db.WithContext(ctx).Order("id DESC").Limit(limit)
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	var out []AuditEntry
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	return out, nil
}
