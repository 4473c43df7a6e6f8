package kv

import (
	"context"
	"sync"
	"time"
)

// Memory keeps entries in this process: fine for caches, lost on restart.
type Memory struct {
	mu      sync.Mutex
	entries map[string]memoryEntry
	now     func() time.Time
}

type memoryEntry struct {
	val     []byte
	expires time.Time // zero: never
}

// NewMemory returns an empty in-process store.
func NewMemory() *Memory { return &Memory{entries: map[string]memoryEntry{}, now: time.Now} }

func (m *Memory) Get(key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return nil, nil
	}
	if !e.expires.IsZero() && !m.now().Before(e.expires) {
		delete(m.entries, key)
		return nil, nil
	}
	return append([]byte(nil), e.val...), nil
}

func (m *Memory) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	e := memoryEntry{val: append([]byte(nil), val...)}
	if exp > 0 {
		e.expires = m.now().Add(exp)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries[key] = e
	return nil
}

func (m *Memory) Delete(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, key)
	return nil
}

func (m *Memory) Reset() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = map[string]memoryEntry{}
	return nil
}

// Sweep drops expired entries so a long-running process does not grow.
func (m *Memory) Sweep(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	var n int64
	for k, e := range m.entries {
		if !e.expires.IsZero() && !now.Before(e.expires) {
			delete(m.entries, k)
			n++
		}
	}
	return n, nil
}

func (m *Memory) Close() error               { return nil }
func (m *Memory) Ping(context.Context) error { return nil }
