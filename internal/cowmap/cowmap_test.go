package cowmap

import (
	"strconv"
	"sync"
	"testing"
)

func TestMapStoresLoadsAndStaysBounded(t *testing.T) {
	var m Map[string, int]
	if _, ok := m.Load("a"); ok {
		t.Fatal("empty map found a")
	}
	m.Store("a", 1)
	m.Store("a", 2)
	if v, ok := m.Load("a"); !ok || v != 2 || m.Len() != 1 {
		t.Fatalf("a = %d %v, len %d", v, ok, m.Len())
	}
	b := Map[int, int]{Max: 3}
	for i := range 10 {
		b.Store(i, i)
	}
	if b.Len() != 3 {
		t.Fatalf("bounded map holds %d", b.Len())
	}
	if _, ok := b.Load(9); ok {
		t.Fatal("an insert beyond Max was kept")
	}
}

// Concurrent readers and writers see every stored entry (run with -race).
func TestMapConcurrent(t *testing.T) {
	var m Map[string, int]
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				k := strconv.Itoa(w*100 + i)
				m.Store(k, i)
				if v, ok := m.Load(k); !ok || v != i {
					t.Errorf("%s = %d %v", k, v, ok)
				}
			}
		}()
	}
	wg.Wait()
	if m.Len() != 400 {
		t.Fatalf("%d entries, want 400", m.Len())
	}
}
