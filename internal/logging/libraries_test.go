package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	fiberlog "github.com/gofiber/fiber/v2/log"
	"github.com/redis/go-redis/v9"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// After SetDefault the standard log package, fiber's log and go-redis
// (dialing a closed port) all write JSON lines through the app's logger.
func TestSetDefaultRoutesLibraryLogs(t *testing.T) {
	prev := slog.Default()
	t.Cleanup(func() {
		slog.SetDefault(prev)
		log.SetOutput(os.Stderr)
		log.SetFlags(log.LstdFlags)
	})
	var buf lockedBuffer
	SetDefault(New(&buf, "debug"))

	log.Printf("from the standard %s", "log")
	fiberlog.Warnf("from fiber %d", 1)
	fiberlog.WithContext(context.Background()).Errorw("fiber with fields", "k", "v")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	client := redis.NewClient(&redis.Options{Addr: addr, DialerRetries: 1, MaxRetries: -1, DialTimeout: time.Second})
	defer client.Close()
	if err := client.Ping(context.Background()).Err(); err == nil {
		t.Fatal("ping to a closed port succeeded")
	}

	want := map[string]func(m map[string]any) bool{
		"standard log": func(m map[string]any) bool { return m["msg"] == "from the standard log" && m["level"] == "INFO" },
		"fiber": func(m map[string]any) bool {
			return m["msg"] == "from fiber 1" && m["component"] == "fiber" && m["level"] == "WARN"
		},
		"fiber fields": func(m map[string]any) bool {
			return m["msg"] == "fiber with fields" && m["k"] == "v" && m["level"] == "ERROR"
		},
		"go-redis": func(m map[string]any) bool {
			msg, _ := m["msg"].(string)
			return m["component"] == "redis" && m["level"] == "WARN" && strings.HasPrefix(msg, "connection pool: failed to dial")
		},
	}
	found := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		for name, match := range want {
			if match(m) {
				found[name] = true
			}
		}
	}
	for name := range want {
		if !found[name] {
			t.Errorf("no JSON line from %s in:\n%s", name, buf.String())
		}
	}
}
