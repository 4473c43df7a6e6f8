package reading

import (
	"context"
	"strconv"
	"time"

	"github.com/bazi-master/bazi-master/internal/kv"
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
	// Shown, when set, keeps the count Allowance shows on every chart page
	// for shownTTL, so a page view costs no database query; Forget drops it
	// when a generation is stored. The server gives each process its own
	// (another instance's count can lag by shownTTL); Check always counts
	// in the database.
	Shown kv.Store
}

// shownTTL bounds how stale a shown count can be: a generation stored by
// another instance, or an invalidation that raced with a refill.
const shownTTL = 30 * time.Second

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
	return q.allowance(ctx, o, own, q.Shown)
}

// Forget drops the owner's shown count: a generation of theirs was stored.
func (q Quota) Forget(o models.Owner) {
	if q.Shown != nil {
		_ = q.Shown.Delete(shownKey(o, q.midnight()))
	}
}

func (q Quota) midnight() time.Time { return q.Now().UTC().Truncate(24 * time.Hour) }

func shownKey(o models.Owner, midnight time.Time) string {
	return "quota-shown:" + strconv.FormatInt(o.UserID, 10) + ":" + o.GuestIP + ":" + strconv.FormatInt(midnight.Unix(), 10)
}

// count is the owner's generations since midnight, from cache when given.
func (q Quota) count(ctx context.Context, o models.Owner, midnight time.Time, cache kv.Store) (int64, error) {
	if cache == nil {
		return q.Counter.CountSince(ctx, o, midnight)
	}
	key := shownKey(o, midnight)
	if b, err := cache.Get(key); err == nil && b != nil {
		if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			return n, nil
		}
	}
	n, err := q.Counter.CountSince(ctx, o, midnight)
	if err == nil {
		_ = cache.Set(key, strconv.AppendInt(nil, n, 10), shownTTL)
	}
	return n, err
}

func (q Quota) allowance(ctx context.Context, o models.Owner, own *int, cache kv.Store) (Allowance, error) {
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
	midnight := q.midnight()
	n, err := q.count(ctx, o, midnight, cache)
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
	a, err := q.allowance(ctx, o, own, nil) // exact: never the shown cache
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
