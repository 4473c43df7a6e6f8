package kv_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/kv"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

func openDB(t *testing.T, cfg config.Config) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateUp(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return db
}

// Every store behaves the same: what sessions and OAuth state rely on.
func TestStores(t *testing.T) {
	stores := map[string]func(t *testing.T) kv.Store{
		"memory": func(*testing.T) kv.Store { return kv.NewMemory() },
		"redis": func(t *testing.T) kv.Store {
			url, prefix := testutil.Redis(t)
			r, err := kv.OpenRedis(context.Background(), url, prefix)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { r.Close() })
			return r
		},
		"postgres": func(t *testing.T) kv.Store {
			return kv.NewDatabase(openDB(t, config.Config{DatabaseURL: testutil.PostgresURL(t)}).Gorm)
		},
		"sqlite": func(t *testing.T) kv.Store {
			return kv.NewDatabase(openDB(t, config.Config{SQLitePath: t.TempDir() + "/kv.db"}).Gorm)
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			if err := s.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
			key := "k-" + name + "-" + time.Now().Format("150405.000000000")
			if v, err := s.Get(key); err != nil || v != nil {
				t.Fatalf("missing key: %q, %v", v, err)
			}
			if err := s.Set(key, []byte("一"), 0); err != nil {
				t.Fatal(err)
			}
			if err := s.Set(key, []byte("二"), time.Hour); err != nil { // overwrite
				t.Fatal(err)
			}
			if v, _ := s.Get(key); !bytes.Equal(v, []byte("二")) {
				t.Fatalf("after overwrite got %q", v)
			}
			if err := s.Set(key+"-short", []byte("x"), time.Second); err != nil {
				t.Fatal(err)
			}
			testutil.Eventually(t, 5*time.Second, func() error {
				if v, _ := s.Get(key + "-short"); v != nil {
					return testutil.Errorf("entry with 1s expiry still there")
				}
				return nil
			})
			if v, _ := s.Get(key); v == nil {
				t.Fatal("long-lived entry expired with the short one")
			}
			if err := s.Delete(key); err != nil {
				t.Fatal(err)
			}
			if v, _ := s.Get(key); v != nil {
				t.Fatalf("deleted key still readable: %q", v)
			}
		})
	}
}

// Two stores on one Redis with different prefixes never see each other's
// keys, and Reset clears only its own prefix.
func TestRedisPrefixIsolation(t *testing.T) {
	url, p1 := testutil.Redis(t)
	_, p2 := testutil.Redis(t)
	a, err := kv.OpenRedis(context.Background(), url, p1)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := kv.OpenRedis(context.Background(), url, p2)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_ = a.Set("session", []byte("A"), time.Minute)
	_ = b.Set("session", []byte("B"), time.Minute)
	if err := a.Reset(); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.Get("session"); v != nil {
		t.Fatal("reset left a key behind")
	}
	if v, _ := b.Get("session"); string(v) != "B" {
		t.Fatalf("reset of one prefix touched another: %q", v)
	}
}

func TestOpenRedisFailsClearly(t *testing.T) {
	port := testutil.FreePort(t)
	_, err := kv.OpenRedis(context.Background(), "redis://127.0.0.1:"+strconv.Itoa(port)+"/0", "x:")
	if err == nil {
		t.Fatal("connected to a port with no Redis")
	}
	if _, err := kv.OpenRedis(context.Background(), "http://nope", "x:"); err == nil {
		t.Fatal("accepted a non-redis URL")
	}
}
