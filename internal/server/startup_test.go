package server_test

// Start-up with a dependency down (issue 15), and the background dependency
// check behind bazi_dependency_up and bazi_ready.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// startingReadiness is /ready's body while the app connects.
type startingReadiness struct {
	Status string   `json:"status"`
	Failed []string `json:"failed"`
	Checks map[string]struct {
		Status   string `json:"status"`
		Error    string `json:"error"`
		Attempts int    `json:"attempts"`
	} `json:"checks"`
}

// metricValue reads one series ("bazi_ready", `bazi_dependency_up{dependency="redis"}`)
// from /metrics; ok is false when the series is absent.
func metricValue(t *testing.T, app *testutil.App, series string) (value string, ok bool) {
	t.Helper()
	res := app.Get(t, "/metrics")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", res.StatusCode)
	}
	sc := bufio.NewScanner(strings.NewReader(res.Body))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if v, found := strings.CutPrefix(sc.Text(), series+" "); found {
			return v, true
		}
	}
	return "", false
}

// wantMetrics checks series → value pairs, for Eventually.
func wantMetrics(t *testing.T, app *testutil.App, pairs ...string) error {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if v, ok := metricValue(t, app, pairs[i]); !ok || v != pairs[i+1] {
			return testutil.Errorf("%s = %q (present %v), want %s", pairs[i], v, ok, pairs[i+1])
		}
	}
	return nil
}

// The database is unreachable when the app starts: it listens anyway,
// /health answers 200, /ready 503 naming the database, every other route
// 503 with Retry-After, and /metrics shows the database down; it retries,
// and once the database answers it migrates, turns ready and serves pages.
func TestStartupWaitsForTheDatabase(t *testing.T) {
	dbURL, pg := testutil.ProxyURL(t, testutil.PostgresURL(t))
	pg.Down()
	app, connected := testutil.StartAppNoWait(t, testutil.WithEnv("DATABASE_URL", dbURL, "STARTUP_TIMEOUT", "2m"))

	if res := app.Get(t, "/health"); res.StatusCode != http.StatusOK {
		t.Fatalf("/health while starting: %d %s", res.StatusCode, res.Body)
	}
	// Retried: the second failed attempt shows on /ready.
	testutil.Eventually(t, 20*time.Second, func() error {
		res := app.Get(t, "/ready")
		var r startingReadiness
		res.JSON(t, &r)
		if res.StatusCode != http.StatusServiceUnavailable || r.Status != "starting" {
			return testutil.Errorf("/ready %d %s", res.StatusCode, res.Body)
		}
		db := r.Checks["database"]
		if len(r.Failed) != 1 || r.Failed[0] != "database" || db.Status != "failed" || db.Error != "unreachable" || db.Attempts < 2 {
			return testutil.Errorf("/ready should name the database after two attempts: %s", res.Body)
		}
		if r.Checks["redis"].Status != "ok" {
			return testutil.Errorf("redis is up: %s", res.Body)
		}
		return nil
	})
	if strings.Contains(app.Get(t, "/ready").Body, "127.0.0.1") {
		t.Fatal("/ready shows where the database is")
	}

	// Everything else: 503 with Retry-After, a page for browsers, JSON on the API.
	res := app.Get(t, "/history", "Accept", "text/html")
	checkFriendly503(t, "/history while starting", res)
	if res.Header.Get("Retry-After") == "" {
		t.Error("503 while starting without Retry-After")
	}
	res = app.PostJSON(t, "/api/v1/chart", chartBody)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(res.Body, `"code":"unavailable"`) {
		t.Fatalf("POST /api/v1/chart while starting: %d %q %s", res.StatusCode, res.Header.Get("Retry-After"), res.Body)
	}
	// The page's stylesheet is served, so the 503 page is styled.
	if css := testutil.HTML(t, app.Get(t, "/", "Accept", "text/html").Body).Find(`link[rel="stylesheet"]`).AttrOr("href", ""); css == "" {
		t.Error("the 503 page links no stylesheet")
	} else if res := app.Get(t, css); res.StatusCode != http.StatusOK {
		t.Errorf("%s while starting: %d", css, res.StatusCode)
	}
	if err := wantMetrics(t, app, `bazi_dependency_up{dependency="database"}`, "0", "bazi_ready", "0"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(app.Logs.String(), "database not reachable at start-up; retrying") {
		t.Fatal("the retries are not logged")
	}
	select {
	case err := <-connected:
		t.Fatalf("Connect returned while the database is down: %v", err)
	default:
	}

	pg.Up()

	testutil.Eventually(t, 30*time.Second, func() error {
		if status, r := readyState(t, app); status != http.StatusOK {
			return testutil.Errorf("/ready %d %+v", status, r)
		}
		return nil
	})
	select {
	case err := <-connected:
		if err != nil {
			t.Fatalf("Connect: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Connect did not return after /ready turned 200")
	}
	for _, p := range []string{"/", "/chart?" + faultQuery} {
		if res := app.Get(t, p); res.StatusCode != http.StatusOK {
			t.Fatalf("%s once started: %d", p, res.StatusCode)
		}
	}
	// A page that needs the database and a session.
	_, user := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("fault"), Name: "Fault"})
	if res := user.Get(t, "/history"); res.StatusCode != http.StatusOK {
		t.Fatalf("/history once started: %d", res.StatusCode)
	}
	if err := wantMetrics(t, app, `bazi_dependency_up{dependency="database"}`, "1", "bazi_ready", "1"); err != nil {
		t.Fatal(err)
	}
	noServerErrors(t, app)
}

// The database never answers: Connect gives up after STARTUP_TIMEOUT with
// a StartupError, having retried.
func TestStartupGivesUpAfterStartupTimeout(t *testing.T) {
	closed := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/none?sslmode=disable", testutil.FreePort(t))
	start := time.Now()
	app, connected := testutil.StartAppNoWait(t, testutil.WithoutRedis(),
		testutil.WithEnv("DATABASE_URL", closed, "STARTUP_TIMEOUT", "1500ms"))
	if res := app.Get(t, "/health"); res.StatusCode != http.StatusOK {
		t.Fatalf("/health while starting: %d", res.StatusCode)
	}
	var err error
	select {
	case err = <-connected:
	case <-time.After(20 * time.Second):
		t.Fatal("Connect did not give up")
	}
	took := time.Since(start)
	var se *server.StartupError
	if !errors.As(err, &se) || se.Attempts < 2 || !strings.Contains(err.Error(), "STARTUP_TIMEOUT") {
		t.Fatalf("want a StartupError after several attempts, got %v", err)
	}
	if took < 1500*time.Millisecond || took > 15*time.Second {
		t.Fatalf("gave up after %s, want about 1.5 s", took)
	}
}

// Shutdown while the database is being retried stops the retries at once.
func TestShutdownWhileStarting(t *testing.T) {
	closed := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/none?sslmode=disable", testutil.FreePort(t))
	app, connected := testutil.StartAppNoWait(t, testutil.WithoutRedis(), testutil.WithEnv("DATABASE_URL", closed))
	testutil.Eventually(t, 10*time.Second, func() error {
		if !strings.Contains(app.Logs.String(), "retrying") {
			return testutil.Errorf("no retry yet")
		}
		return nil
	})
	if err := app.Server.Shutdown(5 * time.Second); err != nil {
		t.Fatalf("shutdown while starting: %v", err)
	}
	select {
	case err := <-connected:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Connect after Shutdown: %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Connect still retrying after Shutdown")
	}
}

// Redis is unreachable when the app starts: it starts anyway, as it runs
// when Redis fails later (guests, limits in memory, /ready naming redis),
// and sessions work once Redis answers, without a restart.
func TestRedisDownAtStartupRunsDegraded(t *testing.T) {
	redisURL, prefix := testutil.Redis(t)
	proxied, rd := testutil.ProxyURL(t, redisURL)
	rd.Down()
	app := testutil.StartApp(t, testutil.WithEnv("REDIS_URL", proxied, "REDIS_KEY_PREFIX", prefix),
		testutil.WithServerOptions(server.WithDependencyCheckEvery(100*time.Millisecond)))

	if !strings.Contains(app.Logs.String(), "redis unreachable at start-up") {
		t.Fatal("no warning that Redis was down at start-up")
	}
	status, r := readyState(t, app)
	if status != http.StatusServiceUnavailable || len(r.Failed) != 1 || r.Failed[0] != "redis" {
		t.Fatalf("/ready with Redis down at start: %d %+v", status, r)
	}
	if err := wantMetrics(t, app, `bazi_dependency_up{dependency="redis"}`, "0",
		`bazi_dependency_up{dependency="database"}`, "1", "bazi_ready", "0"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/chart?" + faultQuery, "/login"} {
		if res := app.Get(t, p); res.StatusCode != http.StatusOK {
			t.Fatalf("%s with Redis down since start: %d", p, res.StatusCode)
		}
	}

	rd.Up()

	testutil.Eventually(t, 20*time.Second, func() error {
		if status, r := readyState(t, app); status != http.StatusOK {
			return testutil.Errorf("/ready %d %+v", status, r)
		}
		return wantMetrics(t, app, `bazi_dependency_up{dependency="redis"}`, "1", "bazi_ready", "1")
	})
	u, user := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("fault"), Name: "Fault"})
	if who := user.WhoAmI(t); who != u.ID {
		t.Fatalf("signed in once Redis answered as %d, want %d", who, u.ID)
	}
	noServerErrors(t, app)
}

// bazi_dependency_up follows a dependency cut and restored through the
// proxy, from the background check alone (nothing polls /ready).
func TestDependencyGaugeFollowsRedisAndDatabase(t *testing.T) {
	redisURL, prefix := testutil.Redis(t)
	proxiedRedis, rd := testutil.ProxyURL(t, redisURL)
	dbURL, pg := testutil.ProxyURL(t, testutil.PostgresURL(t))
	app := testutil.StartApp(t, testutil.WithEnv("REDIS_URL", proxiedRedis, "REDIS_KEY_PREFIX", prefix, "DATABASE_URL", dbURL),
		testutil.WithServerOptions(server.WithDependencyCheckEvery(100*time.Millisecond)))
	redisUp, dbUp := `bazi_dependency_up{dependency="redis"}`, `bazi_dependency_up{dependency="database"}`
	testutil.Eventually(t, 10*time.Second, func() error {
		return wantMetrics(t, app, redisUp, "1", dbUp, "1", "bazi_ready", "1")
	})

	rd.Down()
	testutil.Eventually(t, 15*time.Second, func() error {
		return wantMetrics(t, app, redisUp, "0", dbUp, "1", "bazi_ready", "0")
	})
	rd.Up()
	testutil.Eventually(t, 15*time.Second, func() error {
		return wantMetrics(t, app, redisUp, "1", dbUp, "1", "bazi_ready", "1")
	})

	pg.Down()
	testutil.Eventually(t, 15*time.Second, func() error {
		return wantMetrics(t, app, redisUp, "1", dbUp, "0", "bazi_ready", "0")
	})
	pg.Up()
	testutil.Eventually(t, 15*time.Second, func() error {
		return wantMetrics(t, app, redisUp, "1", dbUp, "1", "bazi_ready", "1")
	})

	// Each change is logged once, not every round.
	logs := app.Logs.String()
	if n := strings.Count(logs, `"msg":"dependency down","dependency":"redis"`); n != 1 {
		t.Errorf("redis down logged %d times, want once", n)
	}
	if !strings.Contains(logs, `"msg":"dependency up again","dependency":"database"`) {
		t.Error("the database's return is not logged")
	}
}

// backgroundGoroutines counts the goroutines running the server's
// background loops.
func backgroundGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, line := range strings.Split(string(buf), "\n") {
		if strings.HasPrefix(line, "github.com/bazi-master/bazi-master/internal/server.(*Server).checkDependencies(") ||
			strings.HasPrefix(line, "github.com/bazi-master/bazi-master/internal/server.(*Server).housekeeping(") {
			count++
		}
	}
	return count
}

// The background check and housekeeping end with the server: no
// goroutine outlives Shutdown.
func TestBackgroundStopsOnShutdown(t *testing.T) {
	before := backgroundGoroutines()
	app := testutil.StartApp(t, testutil.WithServerOptions(server.WithDependencyCheckEvery(10*time.Millisecond)))
	testutil.Eventually(t, 5*time.Second, func() error {
		if n := backgroundGoroutines(); n != before+2 {
			return testutil.Errorf("%d background goroutines running, want %d", n, before+2)
		}
		return nil
	})
	if err := app.Server.Shutdown(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if n := backgroundGoroutines(); n != before {
		t.Fatalf("%d background goroutines after Shutdown, want %d", n, before)
	}
}
