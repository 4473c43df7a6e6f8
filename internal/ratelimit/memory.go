package ratelimit

import (
	"context"
	"sync"
	"time"
)

// Memory counts in process memory: exact for one instance, not shared.
// Expired windows are dropped as it goes, so keys do not pile up.
type Memory struct {
	mu        sync.Mutex
	windows   map[string]memWindow
	now       func() time.Time
	lastSweep time.Time
}

type memWindow struct {
	count   int64
	expires time.Time
}

// sweepEvery bounds how often Allow scans for expired windows.
const sweepEvery = time.Minute

// NewMemory returns an empty in-memory limiter.
func NewMemory() *Memory {
	return &Memory{windows: map[string]memWindow{}, now: time.Now}
}

// Allow counts one request under key. It never fails except on an invalid rule.
func (m *Memory) Allow(_ context.Context, key string, limit int, window time.Duration) (Result, error) {
	if !validRule(limit, window) {
		return openResult(limit, window), ErrInvalidRule
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if now.Sub(m.lastSweep) >= sweepEvery {
		m.sweepLocked(now)
	}
	w, ok := m.windows[key]
	if !ok || !now.Before(w.expires) {
		w = memWindow{expires: now.Add(window)}
	}
	w.count++
	m.windows[key] = w
	return decide(w.count, limit, w.expires.Sub(now)), nil
}

// Len is the number of live windows (for tests and metrics).
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepLocked(m.now())
	return len(m.windows)
}

func (m *Memory) sweepLocked(now time.Time) {
	for k, w := range m.windows {
		if !now.Before(w.expires) {
			delete(m.windows, k)
		}
	}
	m.lastSweep = now
}
