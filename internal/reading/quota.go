package reading

import (
	"context"
	"time"

	"github.com/bazi-master/bazi-master/models"
)

// GenerationCounter counts an owner's generations (readings and follow-up
// answers) created since a time and written to the end: one that never
// completed does not count against the quota. *models.Readings is one.
type GenerationCounter interface {
	CountSince(ctx context.Context, o models.Owner, t time.Time) (int64, error)
}

// Quota is the daily cap on generations, counted per owner (a user, or a
// guest's IP subject) from midnight UTC.
type Quota struct {
	// User and Guest are the default caps; 0 means no cap.
	User, Guest int
	Counter     GenerationCounter
	Now         func() time.Time
}

// Check refuses (a *Refusal with RefuseQuotaGuest, RefuseQuotaUser or
// RefuseQuotaNone, the cap as Limit and the time until midnight UTC as
// RetryAfter) when the owner used the day's generations. own is the cap an
// admin set for this user (nil: none, or the owner is not the user asking);
// it replaces the default, and there 0 allows nothing, where a default of 0
// means no cap.
func (q Quota) Check(ctx context.Context, o models.Owner, own *int) error {
	limit, hasOwn := q.Guest, false
	if o.UserID != 0 {
		limit = q.User
		if own != nil {
			limit, hasOwn = *own, true
		}
	}
	if limit <= 0 && !hasOwn {
		return nil
	}
	now := q.Now().UTC()
	midnight := now.Truncate(24 * time.Hour)
	n, err := q.Counter.CountSince(ctx, o, midnight)
	if err != nil {
		return err
	}
	if n < int64(limit) {
		return nil
	}
	reason := RefuseQuotaUser
	switch {
	case o.UserID == 0:
		reason = RefuseQuotaGuest
	case limit == 0:
		reason = RefuseQuotaNone // an admin set this account's quota to 0
	}
	return &Refusal{Reason: reason, Limit: limit, RetryAfter: midnight.Add(24 * time.Hour).Sub(now)}
}
