// Package kv is the app's shared key/value store with expiry: Redis when
// REDIS_URL is set (shared by every instance), otherwise the database
// (durable, one instance) or process memory (caches). Every implementation
// satisfies fiber.Storage, so fiber's session and limiter middleware use it.
package kv

import (
	"context"
	"time"
)

// Store is fiber.Storage plus a health check.
type Store interface {
	Get(key string) ([]byte, error)
	Set(key string, val []byte, exp time.Duration) error
	Delete(key string) error
	Reset() error
	Close() error
	Ping(ctx context.Context) error
}
