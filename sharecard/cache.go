package sharecard

import (
	"container/list"
	"sync"
)

// Cache keeps rendered cards by key (Card.Key), least recently used out
// first once the bytes kept pass its bound. The handler that serves cards
// owns one; it is safe for concurrent use.
type Cache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	order    *list.List // front: most recently used
	entries  map[string]*list.Element
}

type cacheEntry struct {
	key string
	png []byte
}

// NewCache returns a cache holding at most maxBytes of images.
func NewCache(maxBytes int) *Cache {
	return &Cache{maxBytes: maxBytes, order: list.New(), entries: map[string]*list.Element{}}
}

// Get returns the image kept under key.
func (c *Cache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).png, true
}

// Add keeps png under key, dropping the least recently used images that
// no longer fit. An image bigger than the whole cache is not kept.
func (c *Cache) Add(key string, png []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(png) > c.maxBytes {
		return
	}
	if e, ok := c.entries[key]; ok {
		c.bytes -= len(e.Value.(*cacheEntry).png)
		e.Value.(*cacheEntry).png = png
		c.bytes += len(png)
		c.order.MoveToFront(e)
	} else {
		c.entries[key] = c.order.PushFront(&cacheEntry{key: key, png: png})
		c.bytes += len(png)
	}
	for c.bytes > c.maxBytes {
		last := c.order.Back()
		ent := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.entries, ent.key)
		c.bytes -= len(ent.png)
	}
}

// Len is the number of images kept.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
