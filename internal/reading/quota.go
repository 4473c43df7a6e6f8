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

// Allowance is what is left of an owner's day.
type Allowance struct {
	// Capped is false when the owner has no cap (Limit and Left are 0).
	Capped bool
	Limit  int // the day's cap
	Left   int // generations left today, 0 to Limit
	// Own is set when the cap is the one an admin set for this user.
	Own bool
	// ResetsAt is when the day's count starts again (the next midnight UTC).
	ResetsAt time.Time
}

// Allowance is the owner's cap and what is left of it today. own is the
// cap an admin set for this user (nil: none, or the owner is not the user
// asking); it replaces the default, and there 0 allows nothing, where a
// default of 0 means no cap.
func (q Quota) Allowance(ctx context.Context, o models.Owner, own *int) (Allowance, error) {
	limit, hasOwn := q.Guest, false
	if o.UserID != 0 {
		limit = q.User
		if own != nil {
			limit, hasOwn = *own, true
		}
	}
	if limit <= 0 && !hasOwn {
		return Allowance{}, nil
	}
	limit = max(limit, 0)
	midnight := q.Now().UTC().Truncate(24 * time.Hour)
	n, err := q.Counter.CountSince(ctx, o, midnight)
	if err != nil {
		return Allowance{}, err
	}
	return Allowance{
		Capped: true, Limit: limit, Left: int(max(int64(limit)-n, 0)), Own: hasOwn,
		ResetsAt: midnight.Add(24 * time.Hour),
	}, nil
}

// Check refuses (a *Refusal with RefuseQuotaGuest, RefuseQuotaUser or
// RefuseQuotaNone, the cap as Limit, the next midnight UTC as ResetsAt and
// the time until then as RetryAfter) when the owner used the day's
// generations; own is as for Allowance.
func (q Quota) Check(ctx context.Context, o models.Owner, own *int) error {
	a, err := q.Allowance(ctx, o, own)
	if err != nil || !a.Capped || a.Left > 0 {
		return err
	}
	reason := RefuseQuotaUser
	switch {
	case o.UserID == 0:
		reason = RefuseQuotaGuest
	case a.Limit == 0:
		reason = RefuseQuotaNone // an admin set this account's quota to 0
	}
	return &Refusal{Reason: reason, Limit: a.Limit, ResetsAt: a.ResetsAt, RetryAfter: a.ResetsAt.Sub(q.Now().UTC())}
}
