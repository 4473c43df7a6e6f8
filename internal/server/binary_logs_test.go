package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// During a Redis outage the real binary's output stays JSON, one object a
// line, on stdout and on stderr alike: the Redis client's own complaints
// (and any other library's) go through the app's logger.
func TestBinaryLogsStayJSONDuringRedisOutage(t *testing.T) {
	bin := buildBinary(t)
	redisURL, prefix := testutil.Redis(t)
	proxied, rd := testutil.ProxyURL(t, redisURL)
	port := testutil.FreePort(t)

	cmd := exec.Command(bin, "serve")
	cmd.Env = []string{
		"APP_ENV=test", "LOG_LEVEL=debug", "HOST=127.0.0.1", "PORT=" + strconv.Itoa(port),
		"DATABASE_URL=" + testutil.PostgresURL(t), "REDIS_URL=" + proxied, "REDIS_KEY_PREFIX=" + prefix,
		"SHUTDOWN_TIMEOUT=5s",
	}
	stdout, stderr := &testutil.LogBuffer{}, &testutil.LogBuffer{}
	exited := startBinary(t, cmd, stdout, stderr)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{Timeout: 20 * time.Second}
	get := func(method, path string) (int, error) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(chartBody))
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		res.Body.Close()
		return res.StatusCode, nil
	}
	testutil.Eventually(t, 30*time.Second, func() error {
		select {
		case err := <-exited:
			t.Fatalf("the binary exited at start-up: %v\n%s%s", err, stdout.String(), stderr.String())
		default:
		}
		if status, err := get(http.MethodGet, "/ready"); err != nil || status != http.StatusOK {
			return testutil.Errorf("/ready %d %v", status, err)
		}
		return nil
	})

	rd.Down()
	// /ready pings Redis, the chart API counts in it: both dial and fail.
	testutil.Eventually(t, 30*time.Second, func() error {
		if _, err := get(http.MethodGet, "/ready"); err != nil {
			return err
		}
		if _, err := get(http.MethodPost, "/api/v1/chart"); err != nil {
			return err
		}
		if !strings.Contains(stdout.String()+stderr.String(), "failed to dial") {
			return testutil.Errorf("the Redis client has not complained yet")
		}
		return nil
	})
	rd.Up()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the binary did not stop")
	}

	var fromRedis int
	for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		for _, line := range strings.Split(out, "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Errorf("%s line is not JSON: %q", name, line)
				continue
			}
			if m["level"] == nil || m["msg"] == nil || m["time"] == nil {
				t.Errorf("%s line lacks time, level or msg: %q", name, line)
			}
			if m["component"] == "redis" && strings.Contains(line, "failed to dial") {
				fromRedis++
			}
		}
	}
	if fromRedis == 0 {
		t.Errorf("no JSON line from the Redis client (component redis)\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
}
