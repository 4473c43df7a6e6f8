package server_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// limitClient is one browser on one instance: its own cookie jar and CSRF token.
type limitClient struct {
	app   *testutil.App
	token string
}

func newLimitClient(t *testing.T, app *testutil.App) limitClient {
	t.Helper()
	// Idle keep-alive connections would hold up the app's shutdown.
	t.Cleanup(app.Client.CloseIdleConnections)
	return limitClient{app: app, token: app.CSRFToken(t)}
}

type limitAnswer struct {
	status int
	header http.Header
	body   string
}

// login posts the sign-in form; safe from any goroutine (no t.Fatal).
func (c limitClient) login(email string, headers ...string) (limitAnswer, error) {
	form := url.Values{"_csrf": {c.token}, "password": {"not-the-password-1"}}
	if email != "" {
		form.Set("email", email)
	}
	req, err := http.NewRequest(http.MethodPost, c.app.URL+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return limitAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.app.Client.Do(req)
	if err != nil {
		return limitAnswer{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return limitAnswer{status: res.StatusCode, header: res.Header, body: string(body)}, err
}

// burst sends n concurrent sign-ins; client(i) and headers(i) pick each
// request's client and extra headers. It returns every answer.
func burst(t *testing.T, n int, client func(i int) limitClient, email func(i int) string, headers func(i int) []string) []limitAnswer {
	t.Helper()
	answers := make([]limitAnswer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i], errs[i] = client(i).login(email(i), headers(i)...)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if s := answers[i].status; s == http.StatusForbidden {
			t.Fatalf("request %d refused by CSRF (the limiter runs after it): %.200s", i, answers[i].body)
		}
	}
	return answers
}

func allowed(answers []limitAnswer) int {
	n := 0
	for _, a := range answers {
		if a.status != http.StatusTooManyRequests {
			n++
		}
	}
	return n
}

// checkRefusals: every 429 says when to retry and what the limit is, and
// every other answer carries the RateLimit headers too.
func checkRefusals(t *testing.T, answers []limitAnswer, limit int) {
	t.Helper()
	for i, a := range answers {
		if got := a.header.Get("RateLimit-Limit"); got != strconv.Itoa(limit) {
			t.Fatalf("answer %d (%d): RateLimit-Limit %q, want %d", i, a.status, got, limit)
		}
		rem, err := strconv.Atoi(a.header.Get("RateLimit-Remaining"))
		if err != nil || rem < 0 || rem >= limit {
			t.Fatalf("answer %d: RateLimit-Remaining %q", i, a.header.Get("RateLimit-Remaining"))
		}
		if reset, err := strconv.Atoi(a.header.Get("RateLimit-Reset")); err != nil || reset < 1 {
			t.Fatalf("answer %d: RateLimit-Reset %q", i, a.header.Get("RateLimit-Reset"))
		}
		if a.status != http.StatusTooManyRequests {
			continue
		}
		secs, err := strconv.Atoi(a.header.Get("Retry-After"))
		if err != nil || secs < 1 {
			t.Fatalf("429 %d: Retry-After %q", i, a.header.Get("Retry-After"))
		}
		if rem != 0 {
			t.Fatalf("429 %d: RateLimit-Remaining %d", i, rem)
		}
	}
}

func randomIP() string {
	return fmt.Sprintf("%d.%d.%d.%d", 1+rand.IntN(223), rand.IntN(256), rand.IntN(256), 1+rand.IntN(254))
}

func noEmail(int) string { return "" }

// Two instances on one Redis, hammered concurrently from one address:
// exactly the per-IP limit gets through in total, and a made-up
// X-Forwarded-For on every request changes nothing while TRUST_PROXY is unset.
func TestRateLimitSharedAcrossInstances(t *testing.T) {
	u, p := testutil.Redis(t)
	a := testutil.StartApp(t, testutil.WithEnv("REDIS_URL", u, "REDIS_KEY_PREFIX", p))
	b := testutil.StartApp(t, testutil.WithEnv("REDIS_URL", u, "REDIS_KEY_PREFIX", p))
	clients := []limitClient{newLimitClient(t, a), newLimitClient(t, b)}
	limit := server.DefaultLimits().SignInPerIP.Limit

	answers := burst(t, 8*limit,
		func(i int) limitClient { return clients[i%2] },
		noEmail,
		func(int) []string { return []string{"X-Forwarded-For", randomIP()} })
	if got := allowed(answers); got != limit {
		t.Fatalf("allowed %d of %d across two instances, want exactly %d", got, len(answers), limit)
	}
	checkRefusals(t, answers, limit)
	var onA, onB bool
	for i, ans := range answers {
		if ans.status != http.StatusTooManyRequests {
			onA, onB = onA || i%2 == 0, onB || i%2 == 1
		}
	}
	t.Logf("allowed on instance a: %v, on b: %v", onA, onB)

	// The refusal is a translated page for browsers and the JSON error shape
	// for API clients.
	res, err := clients[0].login("", "Accept-Language", "zh-CN", "X-Forwarded-For", randomIP())
	if err != nil || res.status != http.StatusTooManyRequests || !strings.Contains(res.body, "尝试次数过多") {
		t.Fatalf("zh page: %d %v %.300s", res.status, err, res.body)
	}
	res, err = clients[1].login("", "Accept", "application/json")
	if err != nil || res.status != http.StatusTooManyRequests || !strings.Contains(res.body, `"too_many_requests"`) || res.header.Get("Retry-After") == "" {
		t.Fatalf("JSON: %d %v %s", res.status, err, res.body)
	}
}

// Without Redis the limit is kept in memory, just as exactly.
func TestRateLimitInMemory(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithoutRedis())
	c := newLimitClient(t, app)
	limit := server.DefaultLimits().SignInPerIP.Limit
	answers := burst(t, 4*limit, func(int) limitClient { return c }, noEmail, func(int) []string { return nil })
	if got := allowed(answers); got != limit {
		t.Fatalf("allowed %d, want %d", got, limit)
	}
	checkRefusals(t, answers, limit)
}

// Behind one trusted proxy the right-most X-Forwarded-For entry is the
// client: different clients count apart, and entries a client adds in
// front of it do not help.
func TestRateLimitTrustProxy(t *testing.T) {
	u, p := testutil.Redis(t)
	env := testutil.WithEnv("REDIS_URL", u, "REDIS_KEY_PREFIX", p, "TRUST_PROXY", "1")
	a, b := testutil.StartApp(t, env), testutil.StartApp(t, env)
	clients := []limitClient{newLimitClient(t, a), newLimitClient(t, b)}
	limit := server.DefaultLimits().SignInPerIP.Limit

	ips := []string{"198.51.100.1", "198.51.100.2", "2001:db8:0:1::1"}
	answers := burst(t, len(ips)*3*limit,
		func(i int) limitClient { return clients[i%2] },
		noEmail,
		func(i int) []string {
			// What the proxy sends: whatever the client claimed, then the
			// address it saw.
			return []string{"X-Forwarded-For", randomIP() + ", " + ips[i%len(ips)]}
		})
	for k, ip := range ips {
		var mine []limitAnswer
		for i, ans := range answers {
			if i%len(ips) == k {
				mine = append(mine, ans)
			}
		}
		if got := allowed(mine); got != limit {
			t.Fatalf("client %s: allowed %d of %d, want %d", ip, got, len(mine), limit)
		}
		checkRefusals(t, mine, limit)
	}
	// Another address in the same IPv6 /64 shares its limit.
	if res, err := clients[0].login("", "X-Forwarded-For", "2001:db8:0:1::ffff"); err != nil || res.status != http.StatusTooManyRequests {
		t.Fatalf("same /64: %d %v", res.status, err)
	}
	// A fresh address is not affected, and the request log names it.
	if res, err := clients[0].login("", "X-Forwarded-For", "203.0.113.50"); err != nil || res.status == http.StatusTooManyRequests {
		t.Fatalf("fresh address: %d %v", res.status, err)
	}
	testutil.Eventually(t, 0, func() error {
		for _, line := range a.Logs.Lines(t) {
			if line["msg"] == "request" && line["ip"] == "203.0.113.50" {
				return nil
			}
		}
		return testutil.Errorf("no request log line with ip 203.0.113.50")
	})
}

// Wrong passwords for one account from one address are limited exactly,
// across two instances and for every spelling of the address, while
// another address may still try; no e-mail address is stored in Redis.
func TestRateLimitFailuresPerAccountAndAddress(t *testing.T) {
	u, p := testutil.Redis(t)
	env := testutil.WithEnv("REDIS_URL", u, "REDIS_KEY_PREFIX", p, "TRUST_PROXY", "1")
	a, b := testutil.StartApp(t, env), testutil.StartApp(t, env)
	clients := []limitClient{newLimitClient(t, a), newLimitClient(t, b)}
	limits := server.DefaultLimits()
	limit := limits.SignInFailuresPerAccountIP.Limit
	spellings := []string{"victim@example.com", " Victim@Example.COM ", "VICTIM@example.com"}

	// As many as the per-address request limit lets through: all of them
	// reach the failure count, and exactly its limit are answered.
	answers := burst(t, limits.SignInPerIP.Limit,
		func(i int) limitClient { return clients[i%2] },
		func(i int) string { return spellings[i%len(spellings)] },
		func(int) []string { return []string{"X-Forwarded-For", "198.51.100.99"} })
	if got := allowed(answers); got != limit {
		t.Fatalf("answered %d wrong passwords for one account from one address, want %d", got, limit)
	}
	for i, ans := range answers {
		if ans.status == http.StatusTooManyRequests {
			if secs, err := strconv.Atoi(ans.header.Get("Retry-After")); err != nil || secs < 1 || ans.header.Get("RateLimit-Remaining") != "0" {
				t.Fatalf("429 %d: Retry-After %q, RateLimit-Remaining %q", i, ans.header.Get("Retry-After"), ans.header.Get("RateLimit-Remaining"))
			}
		} else if ans.status != http.StatusUnauthorized {
			t.Fatalf("answer %d: %d, want 401 or 429", i, ans.status)
		}
	}

	// The same account from another address, and another account from a
	// third, are answered.
	if res, err := clients[0].login("victim@example.com", "X-Forwarded-For", "203.0.113.1"); err != nil || res.status != http.StatusUnauthorized {
		t.Fatalf("same account, other address: %d %v", res.status, err)
	}
	if res, err := clients[1].login("someone-else@example.com", "X-Forwarded-For", "203.0.113.2"); err != nil || res.status != http.StatusUnauthorized {
		t.Fatalf("other account: %d %v", res.status, err)
	}

	opts, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	keys, err := rdb.Keys(context.Background(), p+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var failureKeys int
	for _, k := range keys {
		if strings.Contains(strings.ToLower(k), "example.com") || strings.Contains(k, "@") {
			t.Fatalf("an e-mail address is stored in clear: %q", k)
		}
		if strings.Contains(k, "signin-fail:account:") {
			failureKeys++
		}
	}
	// victim from two addresses, someone-else from one, and each account's total.
	if failureKeys != 5 {
		t.Fatalf("want 5 failure keys, got %d in %q", failureKeys, keys)
	}
}
