package handlers

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/redis/go-redis/v9"
)

// isUnavailable reports whether err means a backing service (PostgreSQL,
// Redis) could not be reached or stopped answering, rather than a bug: the
// request may succeed once the service is back, so it is answered 503, not
// 500.
func isUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var (
		connectErr *pgconn.ConnectError
		opErr      *net.OpError
	)
	switch {
	case errors.As(err, &connectErr), // a new PostgreSQL connection failed
		errors.As(err, &opErr),                   // dial, read or write on a socket failed
		errors.Is(err, driver.ErrBadConn),        // database/sql gave up on its connections
		errors.Is(err, pgconn.ErrConnClosed),     // the connection died under a query
		errors.Is(err, io.ErrUnexpectedEOF),      // the server closed the connection mid-answer
		errors.Is(err, context.DeadlineExceeded), // the pool or the server did not answer in time
		pgconn.Timeout(err),
		errors.Is(err, redis.ErrClosed),
		errors.Is(err, redis.ErrPoolTimeout):
		return true
	}
	// Drivers that flatten their causes into the message.
	msg := err.Error()
	return strings.Contains(msg, "connection refused") || strings.Contains(msg, "connection reset by peer")
}
