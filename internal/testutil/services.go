// Package testutil is the shared test harness: real PostgreSQL databases
// created per test package, real Redis under a private key prefix, the app
// started in-process on a loopback port, and headless Chromium.
//
// A missing service skips the test on a developer's machine with a message
// saying what to start, and fails it under CI=true, so CI never passes by
// skipping. `make test` starts or installs the services first.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for admin statements
	"github.com/redis/go-redis/v9"
)

// CI reports whether the tests run in CI, where a missing service is a failure.
func CI() bool { return os.Getenv("CI") == "true" }

// Unavailable fails the test under CI and skips it elsewhere.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...) + " (run `make test`, which starts the services, or see README)"
	if CI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// PostgresAdminURL is the server tests create their databases on.
func PostgresAdminURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// RedisURL is the Redis server tests use.
func RedisURL() string {
	if u := os.Getenv("TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

var (
	pkgDBOnce sync.Once
	pkgDBURL  string
	pkgDBErr  error
	mainRan   bool

	createdMu sync.Mutex
	createdDB []string
)

// Main runs a package's tests and then drops the databases they created.
// Packages that use PostgresURL call it from TestMain.
func Main(m *testing.M) {
	mainRan = true
	code := m.Run()
	createdMu.Lock()
	for _, name := range createdDB {
		_ = dropDatabase(name)
	}
	createdMu.Unlock()
	os.Exit(code)
}

// PostgresURL returns the URL of this test package's own fresh database,
// created on first use and dropped when the package's tests end.
func PostgresURL(t testing.TB) string {
	t.Helper()
	if !mainRan {
		t.Fatal("testutil.PostgresURL needs `func TestMain(m *testing.M) { testutil.Main(m) }` in the package")
	}
	pkgDBOnce.Do(func() { pkgDBURL, pkgDBErr = createDatabase("pkg") })
	if pkgDBErr != nil {
		Unavailable(t, "PostgreSQL at %s is not reachable: %v", redactURL(PostgresAdminURL()), pkgDBErr)
	}
	return pkgDBURL
}

// FreshPostgresURL returns a database of the test's own, dropped when the
// test ends: for tests that need an empty schema, such as migrations.
func FreshPostgresURL(t testing.TB) string {
	t.Helper()
	u, err := createDatabase("t")
	if err != nil {
		Unavailable(t, "PostgreSQL at %s is not reachable: %v", redactURL(PostgresAdminURL()), err)
	}
	name := dbName(u)
	t.Cleanup(func() { _ = dropDatabase(name) })
	return u
}

var nonWord = regexp.MustCompile(`[^a-z0-9_]+`)

func createDatabase(kind string) (string, error) {
	admin, err := sql.Open("pgx", PostgresAdminURL())
	if err != nil {
		return "", err
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pkg := "bazi"
	if exe, err := os.Executable(); err == nil {
		// The test binary is named after its package ("handlers.test").
		parts := strings.Split(exe, "/")
		pkg = strings.TrimSuffix(parts[len(parts)-1], ".test")
	}
	name := nonWord.ReplaceAllString(strings.ToLower(fmt.Sprintf("test_%s_%s_%s", pkg, kind, randomHex(4))), "_")
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		return "", err
	}
	createdMu.Lock()
	if kind == "pkg" {
		createdDB = append(createdDB, name)
	}
	createdMu.Unlock()
	u, err := url.Parse(PostgresAdminURL())
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func dropDatabase(name string) error {
	admin, err := sql.Open("pgx", PostgresAdminURL())
	if err != nil {
		return err
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	return err
}

func dbName(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

// Redis returns the shared test Redis URL and a key prefix private to this
// test; the prefix's keys are deleted when the test ends.
func Redis(t testing.TB) (redisURL, prefix string) {
	t.Helper()
	opts, err := redis.ParseURL(RedisURL())
	if err != nil {
		t.Fatalf("TEST_REDIS_URL: %v", err)
	}
	client := redis.NewClient(opts)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		_ = client.Close()
		Unavailable(t, "Redis at %s is not reachable: %v", redactURL(RedisURL()), err)
	}
	prefix = "test:" + randomHex(6) + ":"
	t.Cleanup(func() {
		defer client.Close()
		ctx := context.Background()
		iter := client.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			client.Del(ctx, iter.Val())
		}
	})
	return RedisURL(), prefix
}

// RedisServer starts a private redis-server on a free port, for tests that
// stop Redis on purpose. stop kills it; it is also killed at cleanup.
func RedisServer(t testing.TB) (redisURL string, stop func()) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		Unavailable(t, "redis-server is not installed: %v", err)
	}
	port := FreePort(t)
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			_ = cmd.Process.Kill()
			_, _ = cmd.Process.Wait()
		})
	}
	t.Cleanup(stop)
	redisURL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	opts, _ := redis.ParseURL(redisURL)
	client := redis.NewClient(opts)
	defer client.Close()
	Eventually(t, 10*time.Second, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		return client.Ping(ctx).Err()
	})
	return redisURL, stop
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
