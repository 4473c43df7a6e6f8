package models

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
)

// Stats answers the admin overview's questions across all users. It is
// read-only and never scoped to an owner: only admin pages use it.
type Stats struct{ db *gorm.DB }

// NewStats returns the statistics queries on db.
func NewStats(db *gorm.DB) *Stats { return &Stats{db: db} }

// UsersTotal counts every account.
func (s *Stats) UsersTotal(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&User{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// UsersSince counts the accounts created at or after t.
func (s *Stats) UsersSince(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&User{}).Where("created_at >= ?", t.UTC()).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count new users: %w", err)
	}
	return n, nil
}

// ChartsSaved counts saved charts, those in the trash included.
func (s *Stats) ChartsSaved(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&SavedChart{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count saved charts: %w", err)
	}
	return n, nil
}

// ProviderUsage is the readings one provider wrote and the tokens they
// (and their follow-up answers) used.
type ProviderUsage struct {
	Provider string
	Readings int64
	Tokens   int64
}

// ReadingsByProvider counts readings per provider, most used first. A
// reading that has not started yet has no provider and is not counted.
func (s *Stats) ReadingsByProvider(ctx context.Context) ([]ProviderUsage, error) {
	var rows []ProviderUsage
	err := s.db.WithContext(ctx).Model(&Reading{}).
		Select("provider, COUNT(*) AS readings, COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS tokens").
		Where("provider <> ''").Group("provider").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count readings by provider: %w", err)
	}
	var answers []struct {
		Provider string
		Tokens   int64
	}
	err = s.db.WithContext(ctx).Table("reading_messages AS m").
		Select("r.provider AS provider, COALESCE(SUM(m.prompt_tokens + m.completion_tokens), 0) AS tokens").
		Joins("JOIN readings AS r ON r.id = m.reading_id").
		Where("r.provider <> ''").Group("r.provider").Scan(&answers).Error
	if err != nil {
		return nil, fmt.Errorf("count answer tokens by provider: %w", err)
	}
	for _, a := range answers {
		for i := range rows {
			if rows[i].Provider == a.Provider {
				rows[i].Tokens += a.Tokens
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Readings != rows[j].Readings {
			return rows[i].Readings > rows[j].Readings
		}
		return rows[i].Provider < rows[j].Provider
	})
	return rows, nil
}

// TokensSince sums the prompt and completion tokens of readings and
// follow-up answers created at or after t.
func (s *Stats) TokensSince(ctx context.Context, t time.Time) (int64, error) {
	var readings, answers int64
	err := s.db.WithContext(ctx).Model(&Reading{}).Where("created_at >= ?", t.UTC()).
		Select("COALESCE(SUM(prompt_tokens + completion_tokens), 0)").Scan(&readings).Error
	if err != nil {
		return 0, fmt.Errorf("sum reading tokens: %w", err)
	}
	err = s.db.WithContext(ctx).Model(&ReadingMessage{}).Where("created_at >= ?", t.UTC()).
		Select("COALESCE(SUM(prompt_tokens + completion_tokens), 0)").Scan(&answers).Error
	if err != nil {
		return 0, fmt.Errorf("sum answer tokens: %w", err)
	}
	return readings + answers, nil
}

// QuotaUse is how the daily reading quota was used since a time.
type QuotaUse struct {
	Generations   int64 // readings and follow-up answers
	Users, Guests int64 // distinct owners who generated something
	UsersAtQuota  int64 // users who reached their quota (their own, else quotaUser)
	GuestsAtQuota int64
}

// QuotaUseSince counts readings and answers created at or after t (the
// start of the UTC day) per owner, and how many owners reached their
// quota; a quota of 0 means no limit.
func (s *Stats) QuotaUseSince(ctx context.Context, t time.Time, quotaUser, quotaGuest int) (QuotaUse, error) {
	type ownerCount struct {
		UserID  *int64
		GuestIP string
		N       int64
	}
	var readings, answers []ownerCount
	err := s.db.WithContext(ctx).Model(&Reading{}).Select("user_id, guest_ip, COUNT(*) AS n").
		Where("created_at >= ?", t.UTC()).Group("user_id, guest_ip").Scan(&readings).Error
	if err != nil {
		return QuotaUse{}, fmt.Errorf("count readings per owner: %w", err)
	}
	err = s.db.WithContext(ctx).Table("reading_messages AS m").
		Select("r.user_id AS user_id, r.guest_ip AS guest_ip, COUNT(*) AS n").
		Joins("JOIN readings AS r ON r.id = m.reading_id").
		Where("m.role = ? AND m.created_at >= ?", "assistant", t.UTC()).
		Group("r.user_id, r.guest_ip").Scan(&answers).Error
	if err != nil {
		return QuotaUse{}, fmt.Errorf("count answers per owner: %w", err)
	}
	users, guests := map[int64]int64{}, map[string]int64{}
	var use QuotaUse
	for _, c := range append(readings, answers...) {
		use.Generations += c.N
		if c.UserID != nil {
			users[*c.UserID] += c.N
		} else {
			guests[c.GuestIP] += c.N
		}
	}
	use.Users, use.Guests = int64(len(users)), int64(len(guests))
	for _, n := range guests {
		if quotaGuest > 0 && n >= int64(quotaGuest) {
			use.GuestsAtQuota++
		}
	}
	if len(users) > 0 {
		ids := make([]int64, 0, len(users))
		for id := range users {
			ids = append(ids, id)
		}
		var own []struct {
			ID           int64
			ReadingQuota *int
		}
		if err := s.db.WithContext(ctx).Model(&User{}).Select("id, reading_quota").Where("id IN ?", ids).Scan(&own).Error; err != nil {
			return QuotaUse{}, fmt.Errorf("load user quotas: %w", err)
		}
		quota := map[int64]int{}
		for _, u := range own {
			if u.ReadingQuota != nil {
				quota[u.ID] = *u.ReadingQuota
			}
		}
		for id, n := range users {
			// A user's own quota of 0 allows nothing; a default of 0 is no limit.
			if q, own := quota[id]; own && n >= int64(q) || !own && quotaUser > 0 && n >= int64(quotaUser) {
				use.UsersAtQuota++
			}
		}
	}
	return use, nil
}

// Daily is one count per UTC day, oldest first, ending with today.
type Daily struct {
	First  time.Time // 00:00 UTC of the first day
	Counts []int64
}

// SignUpsPerDay counts new accounts per UTC day over the last days days
// (today included), as of now.
func (s *Stats) SignUpsPerDay(ctx context.Context, now time.Time, days int) (Daily, error) {
	return s.perDay(ctx, &User{}, "sign-ups", now, days)
}

// ReadingsPerDay counts readings per UTC day over the last days days.
func (s *Stats) ReadingsPerDay(ctx context.Context, now time.Time, days int) (Daily, error) {
	return s.perDay(ctx, &Reading{}, "readings", now, days)
}

// perDay buckets created_at in Go, which reads the same on PostgreSQL and
// SQLite (their date functions differ); the rows are bounded by the window.
func (s *Stats) perDay(ctx context.Context, model any, what string, now time.Time, days int) (Daily, error) {
	today := StartOfDay(now)
	first := today.AddDate(0, 0, -(days - 1))
	d := Daily{First: first, Counts: make([]int64, days)}
	var times []time.Time
	err := s.db.WithContext(ctx).Model(model).Where("created_at >= ?", first).Pluck("created_at", &times).Error
	if err != nil {
		return d, fmt.Errorf("%s per day: %w", what, err)
	}
	for _, t := range times {
		i := int(StartOfDay(t).Sub(first) / (24 * time.Hour))
		if i >= 0 && i < days {
			d.Counts[i]++
		}
	}
	return d, nil
}

// StartOfDay is 00:00 UTC of t's UTC day.
func StartOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// StartOfMonth is 00:00 UTC on the first of t's UTC month.
func StartOfMonth(t time.Time) time.Time {
	y, m, _ := t.UTC().Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

// RecentFailedReadings lists the newest readings that failed or fell back
// to the built-in reader.
func (s *Stats) RecentFailedReadings(ctx context.Context, limit int) ([]Reading, error) {
	var out []Reading
	err := s.db.WithContext(ctx).
		Select("id, public_id, provider, model, status, fell_back, error, created_at").
		Where("status = ? OR fell_back = ?", ReadingFailed, true).
		Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list failed readings: %w", err)
	}
	return out, nil
}
