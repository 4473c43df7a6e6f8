// Package models holds the GORM models and the queries on them. Every query
// on user data takes the owner's id; nothing here reads the request.
package models

import "time"

// User is a person with an account.
type User struct {
	ID              int64   `gorm:"primaryKey"`
	Email           *string // lower-cased; nil for accounts that only sign in with a provider
	EmailVerifiedAt *time.Time
	PasswordHash    string
	DisplayName     string
	Language        string
	DisabledAt      *time.Time
	LastSignInAt    *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

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
	return []any{&User{}, &KVEntry{}}
}
