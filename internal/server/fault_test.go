package server_test

// Fault tests (issue 9): PostgreSQL and Redis "stopped" by cutting a TCP
// proxy between the app and the shared services (the services themselves
// keep running for the other test packages), the AI provider unreachable,
// and SIGTERM to the real binary during a reading stream.
//
// Covered elsewhere, not repeated here:
//   - the AI provider failing mid-stream or too slow to start:
//     handlers.TestReadingProviderErrorFallsBack and
//     handlers.TestReadingSlowFirstTokenFallsBack;
//   - Shutdown during a stream in-process:
//     handlers.TestReadingStreamEndsOnShutdown;
//   - a private redis-server killed outright: TestReadyNamesAFailedRedis.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
	"github.com/bazi-master/bazi-master/models"
)

// faultQuery is a chart computed from the URL alone (no database).
const faultQuery = "date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&name=Fault+Test"

// readyState fetches /ready and decodes it.
func readyState(t *testing.T, app *testutil.App) (int, readiness) {
	t.Helper()
	res := app.Get(t, "/ready")
	var r readiness
	res.JSON(t, &r)
	return res.StatusCode, r
}

// checkFriendly503 asserts a translated HTML 503 page that reveals nothing
// of the cause.
func checkFriendly503(t *testing.T, path string, res *testutil.Response) {
	t.Helper()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("%s: %d, want 503\n%.1500s", path, res.StatusCode, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("%s: 503 as %q, want an HTML page", path, ct)
	}
	d := testutil.HTML(t, res.Body)
	if got := strings.TrimSpace(d.Find(`[data-testid="error-page"] h1`).Text()); got != "Temporarily unavailable" {
		t.Fatalf("%s: 503 page title %q\n%.1500s", path, got, res.Body)
	}
	for _, leak := range []string{"goroutine", "refused", "failed to connect", "127.0.0.1", "sql", "redis:"} {
		if strings.Contains(strings.ToLower(d.Find("main").Text()), leak) {
			t.Fatalf("%s: the 503 page shows %q", path, leak)
		}
	}
}

// noServerErrors fails when any request was answered 500.
func noServerErrors(t *testing.T, app *testutil.App) {
	t.Helper()
	for _, l := range app.Logs.Lines(t) {
		if l["msg"] == "request" && l["status"] == float64(http.StatusInternalServerError) {
			t.Errorf("a request was answered 500: %v", l)
		}
	}
}

// PostgreSQL stops: /ready names the database; pages that need it show a
// friendly 503 quickly; pages that do not keep working; when it is back,
// everything recovers without a restart.
func TestPostgresDownAndBack(t *testing.T) {
	dbURL, pg := testutil.ProxyURL(t, testutil.PostgresURL(t))
	app := testutil.StartApp(t, testutil.WithEnv("DATABASE_URL", dbURL))

	_, user := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("fault"), Name: "Fault"})
	userToken := user.CSRFToken(t)
	res := user.PostForm(t, "/charts", url.Values{"_csrf": {userToken}, "query": {faultQuery}})
	chartPath, _, _ := strings.Cut(res.Header.Get("Location"), "?") // ?done=saved: the confirmation
	if res.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/charts/\d+$`).MatchString(chartPath) {
		t.Fatalf("save a chart: %d to %q\n%.1000s", res.StatusCode, chartPath, res.Body)
	}
	guest := app.NewSession()
	guestToken := guest.CSRFToken(t)
	needDB := []string{"/history", chartPath, "/profile"}
	for _, p := range needDB {
		if res := user.Get(t, p); res.StatusCode != http.StatusOK {
			t.Fatalf("%s before the fault: %d", p, res.StatusCode)
		}
	}

	pg.Down()

	testutil.Eventually(t, 10*time.Second, func() error {
		status, r := readyState(t, app)
		if status != http.StatusServiceUnavailable {
			return testutil.Errorf("/ready %d", status)
		}
		if len(r.Failed) != 1 || r.Failed[0] != "database" || r.Checks["redis"].Status != "ok" {
			return testutil.Errorf("/ready should name only the database: %+v", r)
		}
		return nil
	})

	// Pages that need the database: a friendly 503, answered quickly.
	for _, p := range needDB {
		start := time.Now()
		res := user.Get(t, p)
		checkFriendly503(t, p, res)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s took %s with the database down", p, d)
		}
	}
	// zh-Hans gets the translated page.
	if res := user.Get(t, "/history", "Accept-Language", "zh-CN"); res.StatusCode != http.StatusServiceUnavailable ||
		strings.TrimSpace(testutil.HTML(t, res.Body).Find(`[data-testid="error-page"] h1`).Text()) == "Temporarily unavailable" {
		t.Fatalf("zh-Hans 503: %d\n%.800s", res.StatusCode, res.Body)
	}
	// Signing in needs the database too: 503, not 500.
	res = guest.PostForm(t, "/login", url.Values{"_csrf": {guestToken}, "email": {"nobody@example.test"}, "password": {"not-the-password-1"}})
	checkFriendly503(t, "POST /login", res)

	// A signed-in user whose account cannot be loaded is served pages that
	// need no data as a guest; pages that need the account answer 503
	// (above), not a sign-in redirect.
	if res := user.Get(t, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("/ (signed in) with the database down: %d", res.StatusCode)
	}

	// What does not need the database keeps working (for guests).
	for _, p := range []string{"/", "/chart/new", "/chart?" + faultQuery, "/chart/card.svg?" + faultQuery, "/api/v1/places?q=Beijing", "/health"} {
		if res := guest.Get(t, p); res.StatusCode != http.StatusOK {
			t.Errorf("%s with the database down: %d\n%.500s", p, res.StatusCode, res.Body)
		}
	}
	if res := guest.PostJSON(t, "/api/v1/chart", chartBody); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"pillars"`) {
		t.Errorf("POST /api/v1/chart with the database down: %d %.300s", res.StatusCode, res.Body)
	}

	pg.Up()

	// Back without a restart: readiness and the pages return.
	testutil.Eventually(t, 15*time.Second, func() error {
		if status, r := readyState(t, app); status != http.StatusOK {
			return testutil.Errorf("/ready %d %+v", status, r)
		}
		for _, p := range needDB {
			if res := user.Get(t, p); res.StatusCode != http.StatusOK {
				return testutil.Errorf("%s: %d", p, res.StatusCode)
			}
		}
		return nil
	})
	noServerErrors(t, app)
	if !strings.Contains(app.Logs.String(), `"dependency":"database"`) {
		t.Error("the failed readiness check is not logged with its cause")
	}
}

// Redis stops: /ready names it; pages keep working for guests; rate limits
// fall back to this instance's memory; a signed-in user is served as a
// guest (the session cannot be read) until Redis returns, and is then
// signed in again, because the session was never lost.
func TestRedisDownAndBack(t *testing.T) {
	t.Parallel() // most of its time is the Redis client's dial retries
	redisURL, prefix := testutil.Redis(t)
	proxied, rd := testutil.ProxyURL(t, redisURL)
	app := testutil.StartApp(t, testutil.WithEnv("REDIS_URL", proxied, "REDIS_KEY_PREFIX", prefix,
		"GOOGLE_CLIENT_ID", "fault-client", "GOOGLE_CLIENT_SECRET", "fault-secret"))

	const pass = "fault-tolerant-password-7"
	u, user := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("fault"), Name: "Fault", Password: pass})
	if who := user.WhoAmI(t); who != u.ID {
		t.Fatalf("signed in as %d, want %d", who, u.ID)
	}
	guest := app.NewSession()
	guestToken := guest.CSRFToken(t)

	rd.Down()

	testutil.Eventually(t, 10*time.Second, func() error {
		status, r := readyState(t, app)
		if status != http.StatusServiceUnavailable {
			return testutil.Errorf("/ready %d", status)
		}
		if len(r.Failed) != 1 || r.Failed[0] != "redis" || r.Checks["database"].Status != "ok" {
			return testutil.Errorf("/ready should name only redis: %+v", r)
		}
		return nil
	})
	if res := app.Get(t, "/health"); res.StatusCode != http.StatusOK {
		t.Fatalf("/health with Redis down: %d", res.StatusCode)
	}

	// The signed-in user is served as a guest, and the log says why. The
	// session read gives up after go-redis's dial retries (about 2 s for
	// the first requests, then fast once the pool has seen enough failed
	// dials), never hanging the page.
	start := time.Now()
	if who := user.WhoAmI(t); who != 0 {
		t.Fatalf("with Redis down the user is %d, want a guest", who)
	}
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("a signed-in request took %s with Redis down", d)
	}
	if !strings.Contains(app.Logs.String(), "session store unavailable") {
		t.Fatal(`"session store unavailable" is not logged`)
	}
	if res := user.Get(t, "/history"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("/history with Redis down: %d to %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
	}

	// Pages keep working for everyone.
	for _, b := range []*testutil.App{guest, user} {
		for _, p := range []string{"/", "/chart?" + faultQuery, "/login"} {
			if res := b.Get(t, p); res.StatusCode != http.StatusOK {
				t.Errorf("%s with Redis down: %d\n%.500s", p, res.StatusCode, res.Body)
			}
		}
	}
	if res := guest.PostJSON(t, "/api/v1/chart", chartBody); res.StatusCode != http.StatusOK || res.Header.Get("RateLimit-Limit") == "" {
		t.Errorf("POST /api/v1/chart with Redis down: %d (limit header %q)", res.StatusCode, res.Header.Get("RateLimit-Limit"))
	}
	// Sign-in is still limited (in memory) and answered: wrong credentials
	// get the form back, right ones a friendly 503 (no session store).
	res := guest.PostForm(t, "/login", url.Values{"_csrf": {guestToken}, "email": {*u.Email}, "password": {"not-the-password-1"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("POST /login (wrong password) with Redis down: %d\n%.800s", res.StatusCode, res.Body)
	}
	if res.Header.Get("RateLimit-Remaining") == "" {
		t.Error("POST /login with Redis down carries no rate-limit headers")
	}
	checkFriendly503(t, "POST /login", guest.PostForm(t, "/login", url.Values{"_csrf": {guestToken}, "email": {*u.Email}, "password": {pass}}))
	// Google sign-in keeps its state in Redis: unavailable, not broken.
	checkFriendly503(t, "GET /auth/google", guest.Get(t, "/auth/google"))

	rd.Up()

	testutil.Eventually(t, 15*time.Second, func() error {
		if status, r := readyState(t, app); status != http.StatusOK {
			return testutil.Errorf("/ready %d %+v", status, r)
		}
		if who := user.WhoAmI(t); who != u.ID {
			return testutil.Errorf("after Redis returned the user is %d", who)
		}
		return nil
	})
	if res := user.Get(t, "/history"); res.StatusCode != http.StatusOK {
		t.Fatalf("/history after Redis returned: %d", res.StatusCode)
	}
	noServerErrors(t, app)
}

// startReading posts the reading panel's htmx form as b and opens the
// stream it names.
func startReading(t *testing.T, b *testutil.App) (path string, s *testutil.Stream) {
	t.Helper()
	path = testutil.StreamPath(t, b.PostForm(t, "/readings", url.Values{"query": {faultQuery}, "topic": {"overall"}}, "HX-Request", "true"))
	s = b.OpenStream(t, path)
	if s.Response.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, s.Response.StatusCode)
	}
	return path, s
}

// The AI provider cannot be reached at all (connection refused): the
// reader falls back to the built-in reading, says so, and stores it.
func TestAIProviderDownGivesBuiltInReading(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv(
		"AI_PROVIDER", "openai", "OPENAI_API_KEY", "sk-test-key", "OPENAI_MODEL", "fake-model",
		"OPENAI_BASE_URL", fmt.Sprintf("http://127.0.0.1:%d/v1", testutil.FreePort(t)),
		"READING_DAILY_QUOTA_GUEST", "0",
	), testutil.WithServerOptions(server.WithReadingStreams(250*time.Millisecond, 0)))
	guest := app.NewSession()
	path, s := startReading(t, guest)
	chunks, text, done := testutil.SplitReading(t, s.All(t))
	if done.Name != "done" || !strings.Contains(done.Data, `data-testid="reading-fallback"`) {
		t.Fatalf("last event %q, want done with the fallback note:\n%.1500s", done.Name, done.Data)
	}
	if len(text) < 200 {
		t.Fatalf("built-in reading too short: %q", text)
	}
	var r models.Reading
	testutil.Eventually(t, 10*time.Second, func() error {
		if err := app.Server.DB.Gorm.Where("public_id = ?", testutil.ReadingID(path)).Take(&r).Error; err != nil {
			return err
		}
		if r.Status != models.ReadingDone {
			return testutil.Errorf("reading is %s", r.Status)
		}
		return nil
	})
	if shown := testutil.ShownHTML(chunks); !r.FellBack || reading.RenderMarkdown(r.Text) != shown {
		t.Fatalf("stored: fell_back=%v, %d bytes (streamed %d)", r.FellBack, len(r.Text), len(shown))
	}
	// Operators can alert on fallbacks from /metrics, by reason.
	want := `bazi_ai_readings_total{outcome="fallback",provider="openai",reason="connection"} 1`
	if m := app.Get(t, "/metrics").Body; !strings.Contains(m, want) {
		t.Fatalf("/metrics lacks %s:\n%s", want, grepLines(m, "bazi_ai_readings"))
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// The real binary gets SIGTERM while a reading streams: the stream ends
// with its final event, the reading is stored, and the process exits 0.
func TestBinarySIGTERMDuringStream(t *testing.T) {
	bin := buildBinary(t)
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"Before SIGTERM."}, HoldOpen: true})
	dbURL := testutil.PostgresURL(t)
	redisURL, prefix := testutil.Redis(t)
	port := testutil.FreePort(t)

	cmd := exec.Command(bin, "serve")
	cmd.Env = []string{
		"APP_ENV=test", "LOG_LEVEL=info", "HOST=127.0.0.1", "PORT=" + strconv.Itoa(port),
		"DATABASE_URL=" + dbURL, "REDIS_URL=" + redisURL, "REDIS_KEY_PREFIX=" + prefix,
		"AI_PROVIDER=openai", "OPENAI_API_KEY=sk-test-key", "OPENAI_MODEL=fake-model", "OPENAI_BASE_URL=" + fake.URL + "/v1",
		"READING_DAILY_QUOTA_GUEST=0", "SHUTDOWN_TIMEOUT=10s",
	}
	out := &testutil.LogBuffer{}
	exited := startBinary(t, cmd, out, out)

	b := testutil.Connect(fmt.Sprintf("http://127.0.0.1:%d", port))
	testutil.Eventually(t, 30*time.Second, func() error {
		select {
		case err := <-exited:
			t.Fatalf("the binary exited at start-up: %v\n%s", err, out.String())
		default:
		}
		// /ready, not /health: the binary answers /health while it connects.
		res, err := http.Get(b.URL + "/ready")
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return testutil.Errorf("/ready %d", res.StatusCode)
		}
		return nil
	})
	path, s := startReading(t, b)
	if ev, ok := s.Next(t); !ok || ev.Name != "chunk" || ev.Data != "<p>Before SIGTERM.</p>\n" {
		t.Fatalf("first event %+v (ok=%v)", ev, ok)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_, text, last := testutil.SplitReading(t, s.All(t))
	if last.Name != "done" || !strings.Contains(last.Data, `data-testid="reading-stopped"`) || text != "" {
		t.Fatalf("after SIGTERM: extra text %q, last event %+v", text, last)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the binary did not exit after SIGTERM\n%s", out.String())
	}
	if !strings.Contains(out.String(), `"msg":"stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", out.String())
	}

	db, err := database.Open(context.Background(), config.Config{DatabaseURL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var r models.Reading
	if err := db.Gorm.Where("public_id = ?", testutil.ReadingID(path)).Take(&r).Error; err != nil {
		t.Fatalf("the reading was not stored: %v", err)
	}
	if r.Status != models.ReadingCancelled || r.Text != "Before SIGTERM." || r.FinishedAt == nil {
		t.Fatalf("stored reading: status %s, text %q, finished %v", r.Status, r.Text, r.FinishedAt)
	}
}

// startBinary starts cmd with its output in stdout and stderr, and kills it
// when the test ends if it is still running. The channel receives its exit.
func startBinary(t *testing.T, cmd *exec.Cmd, stdout, stderr io.Writer) <-chan error {
	t.Helper()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	return exited
}

// buildBinary builds ./cmd/bazi-master into the test's temporary folder
// (a few seconds with the build cache warm from compiling the tests).
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the binary: %v", err)
	}
	root := testutil.ModuleRoot()
	bin := filepath.Join(t.TempDir(), "bazi-master")
	start := time.Now()
	cmd := exec.Command(goTool, "build", "-o", bin, "./cmd/bazi-master")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built the binary in %s", time.Since(start).Round(time.Millisecond))
	return bin
}

// Housekeeping deletes guests' readings older than
// GUEST_READING_RETENTION_DAYS and keeps newer ones.
func TestOldGuestReadingsAreDeleted(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv("GUEST_READING_RETENTION_DAYS", "3"),
		testutil.WithServerOptions(server.WithHousekeepingEvery(20*time.Millisecond)))
	db := app.Server.DB.Gorm
	add := func(age time.Duration) *models.Reading {
		r := &models.Reading{PublicID: models.NewPublicID(), GuestIP: "192.0.2.9", ChartQuery: faultQuery, Topic: "overall",
			Lang: "en", Status: models.ReadingDone, Text: "old words", CreatedAt: time.Now().Add(-age)}
		if err := db.Create(r).Error; err != nil {
			t.Fatal(err)
		}
		return r
	}
	old, recent := add(4*24*time.Hour), add(2*24*time.Hour)
	testutil.Eventually(t, 10*time.Second, func() error {
		var n int64
		db.Model(&models.Reading{}).Where("id = ?", old.ID).Count(&n)
		if n != 0 {
			return testutil.Errorf("the 4-day-old guest reading is still there")
		}
		return nil
	})
	var n int64
	db.Model(&models.Reading{}).Where("id = ?", recent.ID).Count(&n)
	if n != 1 {
		t.Fatal("the 2-day-old guest reading was deleted")
	}
	if !strings.Contains(app.Logs.String(), "deleted old guest readings") {
		t.Error("the deletion was not logged")
	}
}
