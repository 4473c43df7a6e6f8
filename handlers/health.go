package handlers

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Dependency is one service /ready verifies, such as the database or Redis.
type Dependency struct {
	Name string
	Ping func(ctx context.Context) error
}

// Health serves liveness and readiness for operators and load balancers.
type Health struct {
	log     *slog.Logger
	version string
	started time.Time
	deps    []Dependency
	timeout time.Duration
}

// NewHealth checks deps on /ready, each within timeout.
func NewHealth(log *slog.Logger, version string, started time.Time, timeout time.Duration, deps ...Dependency) *Health {
	return &Health{log: log, version: version, started: started, deps: deps, timeout: timeout}
}

// Live is GET /health and /api/health: the process is up and serving.
func (h *Health) Live(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{
		"status":         "ok",
		"version":        h.version,
		"uptime_seconds": int64(time.Since(h.started).Seconds()),
		"started_at":     h.started.UTC().Format(time.RFC3339),
	})
}

type depStatus struct {
	Status    string  `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
	Error     string  `json:"error,omitempty"`
}

// Ready is GET /ready: 200 when every dependency answers in time, else 503
// naming what failed. Checks run in parallel so one slow service does not
// add to another's time-out.
func (h *Health) Ready(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	ctx := c.UserContext()
	results := make(map[string]depStatus, len(h.deps))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, d := range h.deps {
		wg.Add(1)
		go func(d Dependency) {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, h.timeout)
			defer cancel()
			start := time.Now()
			err := d.Ping(cctx)
			st := depStatus{Status: "ok", LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
			if err != nil {
				// The cause goes to the log; the response says only what failed,
				// since /ready is public and errors may name internal hosts.
				st.Status, st.Error = "failed", "unreachable"
				if cctx.Err() != nil {
					st.Error = "timeout"
				}
				h.log.Warn("readiness check failed", "dependency", d.Name, "error", err)
			}
			mu.Lock()
			results[d.Name] = st
			mu.Unlock()
		}(d)
	}
	wg.Wait()

	var failed []string
	for name, st := range results {
		if st.Status != "ok" {
			failed = append(failed, name)
		}
	}
	sort.Strings(failed)
	if len(failed) > 0 {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "failed": failed, "checks": results})
	}
	return c.JSON(fiber.Map{"status": "ready", "checks": results})
}
