// Package models holds the GORM models and the queries on them. Every query
// on user data takes the owner's id; nothing here reads the request.
package models

import "time"

// User is a person with an account.
type User struct {
	ID              int64   `gorm:"primaryKey"`
	Email           *string // lower-cased; nil for accounts that only sign in with a provider
	EmailVerifiedAt *time.Time
	PasswordHash    string // "" for accounts without a password (provider sign-in only)
	DisplayName     string
	Language        string // "", "en", "zh-Hans", "zh-Hant", "ja" or "ko"
	DisabledAt      *time.Time
	LastSignInAt    *time.Time
	// SessionEpoch is copied into each session at sign-in; bumping it ends
	// every session of the user at their next request.
	SessionEpoch int64

	// ReadingQuota overrides the daily reading quota for this user (admin); nil = default.
	ReadingQuota *int

	// Default chart options, from the profile.
	DefaultTrueSolar  bool
	DefaultZiRule     string
	DefaultLuckMethod string
	DefaultPlace      string
	MainChartID       *int64 // the chart daily guidance reads against; nil = the latest saved

	CreatedAt time.Time
	UpdatedAt time.Time
}

// EmailAddress returns the e-mail or "".
func (u *User) EmailAddress() string {
	if u.Email == nil {
		return ""
	}
	return *u.Email
}

// Verified reports whether the user proved they own their e-mail address.
func (u *User) Verified() bool { return u.Email != nil && u.EmailVerifiedAt != nil }

// Disabled reports whether an admin disabled the account.
func (u *User) Disabled() bool { return u.DisabledAt != nil }

// Identity is a sign-in provider account linked to a user, keyed by the
// provider's own user id (never by e-mail: WeChat's are synthetic).
type Identity struct {
	ID             int64 `gorm:"primaryKey"`
	UserID         int64
	Provider       string // "google" or "wechat"
	ProviderUserID string
	Email          string // as the provider reported it; informational only
	Name           string
	AvatarURL      string
	CreatedAt      time.Time
}

// AuditEntry records one admin action. Entries are only ever inserted.
type AuditEntry struct {
	ID         int64 `gorm:"primaryKey"`
	AdminID    *int64
	AdminEmail string
	Action     string // e.g. "user.disable", "user.quota", "provider.test"
	TargetType string // "user", "provider", …
	TargetID   string
	Details    string // short JSON or text, never secrets
	IP         string
	CreatedAt  time.Time
}

// TableName is "admin_audit".
func (AuditEntry) TableName() string { return "admin_audit" }

// KVEntry backs the key/value store (sessions, OAuth state) when no Redis
// is configured. ExpiresAt is Unix seconds; 0 never expires.
type KVEntry struct {
	Key       string `gorm:"primaryKey"`
	Value     []byte
	ExpiresAt int64
}

// TableName keeps the table name explicit (GORM would pluralise to k_v_entries).
func (KVEntry) TableName() string { return "kv_entries" }

// All lists every model, for the schema test that checks migrations cover them.
func All() []any {
	return []any{&User{}, &Identity{}, &KVEntry{}, &SavedChart{}, &Reading{}, &ReadingMessage{}, &AuditEntry{}, &Divination{}, &Portrait{}}
}
