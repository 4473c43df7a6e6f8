package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The database never answers: serve listens at once (/health 200, /ready
// 503), retries for STARTUP_TIMEOUT, then exits 1 with one JSON log line
// saying why.
func TestServeGivesUpWhenTheDatabaseNeverAnswers(t *testing.T) {
	port := testutil.FreePort(t)
	env := envMap(map[string]string{
		"APP_ENV": "test", "HOST": "127.0.0.1", "PORT": fmt.Sprint(port),
		"DATABASE_URL":    fmt.Sprintf("postgres://postgres@127.0.0.1:%d/none?sslmode=disable", testutil.FreePort(t)),
		"STARTUP_TIMEOUT": "2s",
	})
	out, errOut := &testutil.LogBuffer{}, &testutil.LogBuffer{}
	exited := make(chan int, 1)
	start := time.Now()
	go func() { exited <- run([]string{"serve"}, env, out, errOut) }()

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	statusOf := func(path string) int {
		res, err := http.Get(base + path)
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	for deadline := time.Now().Add(10 * time.Second); statusOf("/health") != http.StatusOK; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("/health never answered while starting\n%s", out.String())
		}
	}
	if s := statusOf("/ready"); s != http.StatusServiceUnavailable {
		t.Fatalf("/ready while starting: %d", s)
	}

	var code int
	select {
	case code = <-exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("serve still running long after STARTUP_TIMEOUT\n%s", out.String())
	}
	if code != exitFailure || time.Since(start) < 2*time.Second {
		t.Fatalf("exit %d after %s, want 1 after STARTUP_TIMEOUT", code, time.Since(start))
	}
	var failed map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["msg"] == "start-up failed" {
			failed = m
		}
	}
	if failed == nil || failed["level"] != "ERROR" || failed["startup_timeout"] != "2s" ||
		!strings.Contains(fmt.Sprint(failed["error"]), "database not reachable within STARTUP_TIMEOUT") {
		t.Fatalf("no clear start-up failure line: %v\n%s", failed, out.String())
	}
	if !strings.Contains(errOut.String(), "STARTUP_TIMEOUT") {
		t.Fatalf("stderr: %q", errOut.String())
	}
	if statusOf("/health") != 0 {
		t.Fatal("still listening after exit")
	}
}
