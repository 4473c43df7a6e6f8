package kv

import (
	"context"
	"fmt"
	"time"

	redisstore "github.com/gofiber/storage/redis/v3"
	"github.com/redis/go-redis/v9"
)

// Redis stores entries in Redis under a key prefix, so several apps (or
// test runs) can share one server without colliding.
type Redis struct {
	store  *redisstore.Storage
	client redis.UniversalClient
	prefix string
}

// OpenRedis connects to url and checks the server answers within 5 s. It
// never flushes the database (the storage's Reset option would).
func OpenRedis(ctx context.Context, url, prefix string) (*Redis, error) {
	r, err := NewRedis(url, prefix)
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := r.Ping(pingCtx); err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("reach redis: %w", err)
	}
	return r, nil
}

// NewRedis returns a store on url without contacting the server: the
// client dials when a command needs a connection, so a store made while
// Redis is down starts working by itself once Redis answers. Only a
// malformed URL is an error.
func NewRedis(url, prefix string) (*Redis, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("parse REDIS_URL: %w", err)
	}
	opts.DialTimeout = 3 * time.Second
	// When Redis is down, fail fast (one dial, one retry) instead of the
	// client's default of 5 dials × 4 attempts per command, which made every
	// signed-in request wait ~2 s; callers degrade (guest session, memory limits).
	opts.DialerRetries = 1
	opts.MaxRetries = 1
	opts.ReadTimeout = 2 * time.Second
	opts.WriteTimeout = 2 * time.Second
	client := redis.NewClient(opts)
	return &Redis{store: redisstore.NewFromConnection(client), client: client, prefix: prefix}, nil
}

func (r *Redis) Get(key string) ([]byte, error) { return r.store.Get(r.prefix + key) }
func (r *Redis) Set(key string, val []byte, exp time.Duration) error {
	return r.store.Set(r.prefix+key, val, exp)
}
func (r *Redis) Delete(key string) error { return r.store.Delete(r.prefix + key) }

// Reset deletes this prefix's keys only, never the whole database.
func (r *Redis) Reset() error {
	ctx := context.Background()
	iter := r.client.Scan(ctx, 0, r.prefix+"*", 500).Iterator()
	for iter.Next(ctx) {
		if err := r.client.Del(ctx, iter.Val()).Err(); err != nil {
			return err
		}
	}
	return iter.Err()
}

func (r *Redis) Close() error                   { return r.client.Close() }
func (r *Redis) Ping(ctx context.Context) error { return r.client.Ping(ctx).Err() }

// Client exposes the connection for atomic operations (INCR for rate limits).
func (r *Redis) Client() redis.UniversalClient { return r.client }

// Prefix is the namespace every key of this store lives under.
func (r *Redis) Prefix() string { return r.prefix }
