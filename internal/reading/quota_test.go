package reading

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/kv"
	"github.com/bazi-master/bazi-master/models"
)

// counted is a generation counter that says n for everyone and records
// what it was asked.
type counted struct {
	n     int64
	err   error
	owner models.Owner
	since time.Time
	calls int
}

func (c *counted) CountSince(_ context.Context, o models.Owner, t time.Time) (int64, error) {
	c.calls++
	c.owner, c.since = o, t
	return c.n, c.err
}

func intp(n int) *int { return &n }

// The daily quota: the default caps of users and guests (0: none), a
// user's own cap set by an admin (0 there: nothing), counted from
// midnight UTC and renewed then.
func TestQuotaPolicy(t *testing.T) {
	now := time.Date(2031, 3, 4, 22, 30, 15, 0, time.FixedZone("CST", 8*3600)) // 14:30:15 UTC
	user, guest := models.Owner{UserID: 7}, models.Owner{GuestIP: "10.0.0.1"}
	for _, tc := range []struct {
		name        string
		user, guest int
		owner       models.Owner
		own         *int
		used        int64
		refused     string // "" allowed
		limit       int
		noCount     bool
	}{
		{"guest under the cap", 5, 2, guest, nil, 1, "", 0, false},
		{"guest at the cap", 5, 2, guest, nil, 2, RefuseQuotaGuest, 2, false},
		{"guest, no cap", 5, 0, guest, nil, 99, "", 0, true},
		{"own cap ignored for a guest", 5, 2, guest, intp(50), 2, RefuseQuotaGuest, 2, false},
		{"user under the cap", 3, 1, user, nil, 2, "", 0, false},
		{"user at the cap", 3, 1, user, nil, 3, RefuseQuotaUser, 3, false},
		{"user, no cap", 0, 1, user, nil, 99, "", 0, true},
		{"own cap replaces the default", 3, 1, user, intp(10), 5, "", 0, false},
		{"own cap used", 3, 1, user, intp(10), 10, RefuseQuotaUser, 10, false},
		{"own cap of 0 allows nothing", 0, 0, user, intp(0), 0, RefuseQuotaNone, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &counted{n: tc.used}
			q := Quota{User: tc.user, Guest: tc.guest, Counter: c, Now: func() time.Time { return now }}
			err := q.Check(context.Background(), tc.owner, tc.own)
			if tc.noCount != (c.calls == 0) {
				t.Errorf("counted %d times", c.calls)
			}
			if c.calls > 0 && (c.owner != tc.owner || !c.since.Equal(time.Date(2031, 3, 4, 0, 0, 0, 0, time.UTC))) {
				t.Errorf("counted for %+v since %s", c.owner, c.since)
			}
			if tc.refused == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if r.Reason != tc.refused || r.Limit != tc.limit {
				t.Errorf("refusal %+v, want %s with limit %d", r, tc.refused, tc.limit)
			}
			if want := 9*time.Hour + 29*time.Minute + 45*time.Second; r.RetryAfter != want || r.RetryAfterSeconds() != int(want.Seconds())+1 {
				t.Errorf("retry after %s (%d s), want %s", r.RetryAfter, r.RetryAfterSeconds(), want)
			}
		})
	}
	// A failing count is an error, not a refusal.
	q := Quota{Guest: 1, Counter: &counted{err: errors.New("db down")}, Now: time.Now}
	var r *Refusal
	if err := q.Check(context.Background(), guest, nil); err == nil || errors.As(err, &r) {
		t.Errorf("count failed: %v", err)
	}
}

// What is left of the day: the cap less the generations counted, never
// below 0, and when it renews; no cap is not Capped.
func TestQuotaAllowance(t *testing.T) {
	now := time.Date(2031, 3, 4, 22, 30, 0, 0, time.UTC)
	guest := models.Owner{GuestIP: "10.0.0.1"}
	for _, tc := range []struct {
		guest       int
		used        int64
		capped      bool
		limit, left int
	}{
		{3, 0, true, 3, 3},
		{3, 1, true, 3, 2},
		{3, 5, true, 3, 0},
		{0, 5, false, 0, 0},
	} {
		q := Quota{Guest: tc.guest, Counter: &counted{n: tc.used}, Now: func() time.Time { return now }}
		a, err := q.Allowance(context.Background(), guest, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Capped != tc.capped || a.Limit != tc.limit || a.Left != tc.left {
			t.Errorf("cap %d, used %d: %+v", tc.guest, tc.used, a)
		}
		if tc.capped && !a.ResetsAt.Equal(time.Date(2031, 3, 5, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("resets at %s", a.ResetsAt)
		}
	}
	if a, _ := (Quota{User: 3, Counter: &counted{n: 1}, Now: time.Now}).Allowance(context.Background(), models.Owner{UserID: 1}, intp(0)); !a.Capped || a.Left != 0 || !a.Own {
		t.Errorf("own cap of 0: %+v", a)
	}
}

// The count a chart page shows comes from the cache until a generation of
// the owner is stored; the quota check itself always counts afresh.
func TestQuotaShownCountIsCachedUntilAGenerationIsStored(t *testing.T) {
	counter := &counted{n: 1}
	q := Quota{Guest: 3, Counter: counter, Now: time.Now, Shown: kv.NewMemory()}
	guest, other := models.Owner{GuestIP: "10.0.0.1"}, models.Owner{GuestIP: "10.0.0.2"}
	ctx := context.Background()
	if a, err := q.Allowance(ctx, guest, nil); err != nil || a.Left != 2 {
		t.Fatalf("first view: %+v %v", a, err)
	}
	counter.n = 2 // a generation finished, but nobody said so yet
	if a, _ := q.Allowance(ctx, guest, nil); a.Left != 2 {
		t.Errorf("second view read the database again: %+v", a)
	}
	if err := q.Check(ctx, guest, nil); err != nil {
		t.Errorf("the check used the shown count: %v", err)
	}
	counter.n = 3
	if err := q.Check(ctx, guest, nil); err == nil {
		t.Error("the check allowed a fourth generation")
	}
	q.Forget(guest)
	if a, _ := q.Allowance(ctx, guest, nil); a.Left != 0 {
		t.Errorf("after Forget: %+v", a)
	}
	if a, _ := q.Allowance(ctx, other, nil); a.Left != 0 {
		t.Errorf("another guest: %+v", a) // counted is one counter for all owners
	}
}
