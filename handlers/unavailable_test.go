package handlers

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/redis/go-redis/v9"

	"github.com/bazi-master/bazi-master/models"
)

func TestIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	// A real failed connection: nothing listens on port 1.
	_, connectErr := pgconn.Connect(ctx, "postgres://u@127.0.0.1:1/db?sslmode=disable&connect_timeout=2")
	if connectErr == nil {
		t.Fatal("connected to port 1")
	}
	rc := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialerRetries: 1})
	defer rc.Close()
	redisErr := rc.Ping(ctx).Err()
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"pgconn connect error", fmt.Errorf("load user: %w", connectErr), true},
		{"redis dial error", fmt.Errorf("load session: %w", redisErr), true},
		{"bad conn", fmt.Errorf("query: %w", driver.ErrBadConn), true},
		{"connection died mid-answer", fmt.Errorf("query: %w", io.ErrUnexpectedEOF), true},
		{"pool deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), true},
		{"flattened", errors.New("dial tcp 127.0.0.1:5432: connect: connection refused"), true},
		{"not found", models.ErrNotFound, false},
		{"a bug", errors.New("nil map"), false},
		{"server error", &pgconn.PgError{Code: "23505", Message: "duplicate key"}, false},
		{"nil", nil, false},
	} {
		if got := isUnavailable(tc.err); got != tc.want {
			t.Errorf("%s (%v): isUnavailable = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
