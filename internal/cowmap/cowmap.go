// Package cowmap is a read-mostly map for caches that fill once and are
// read on every request: a lookup takes no lock, and an insert copies the
// map and publishes the copy. It suits a few thousand entries at most.
package cowmap

import (
	"sync"
	"sync/atomic"
)

// Map is safe for concurrent use; the zero value is empty and unbounded.
type Map[K comparable, V any] struct {
	// Max, when above zero, is the most entries kept: later inserts are
	// dropped, so keys that are not from a closed set cannot grow it.
	Max int

	mu sync.Mutex
	m  atomic.Pointer[map[K]V]
}

// Load returns the value stored under k.
func (c *Map[K, V]) Load(k K) (V, bool) {
	if m := c.m.Load(); m != nil {
		v, ok := (*m)[k]
		return v, ok
	}
	var zero V
	return zero, false
}

// Store sets k to v unless the map is full.
func (c *Map[K, V]) Store(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	n := 0
	if old != nil {
		n = len(*old)
	}
	if c.Max > 0 && n >= c.Max {
		return
	}
	next := make(map[K]V, n+1)
	if old != nil {
		for k, v := range *old {
			next[k] = v
		}
	}
	next[k] = v
	c.m.Store(&next)
}

// Len is the number of entries.
func (c *Map[K, V]) Len() int {
	if m := c.m.Load(); m != nil {
		return len(*m)
	}
	return 0
}
