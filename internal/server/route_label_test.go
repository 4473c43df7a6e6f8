package server_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// A request refused before its handler runs (by the CSRF check, a rate
// limit, or the body limit before the body is read) is recorded in
// /metrics and in its JSON log line under the pattern of the route it was
// for, not under the refusing middleware's "/" or not at all.
func TestRefusedRequestsAreRecordedUnderTheirRoute(t *testing.T) {
	limits := server.DefaultLimits()
	limits.ChartAPIPerIP = server.Rate{Limit: 1, Window: limits.ChartAPIPerIP.Window}
	app := testutil.StartApp(t, testutil.WithServerOptions(server.WithLimits(limits)))
	t.Cleanup(app.Client.CloseIdleConnections)

	send := func(method, path, body, id string, headers ...string) int {
		t.Helper()
		req, _ := http.NewRequest(method, app.URL+path, strings.NewReader(body))
		req.Header.Set("X-Request-ID", id)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return app.Do(t, req).StatusCode
	}
	// CSRF: no token on a route with a parameter, and on the admin group.
	if s := send("POST", "/charts/42/favourite", "", "csrf-1", "Content-Type", "application/x-www-form-urlencoded"); s != http.StatusForbidden {
		t.Fatalf("POST without token: %d", s)
	}
	if s := send("POST", "/chart", "date=1988-02-15", "csrf-2", "Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example"); s != http.StatusForbidden {
		t.Fatalf("cross-origin POST: %d", s)
	}
	// Rate limit: the second chart API call.
	send("POST", "/api/v1/chart", chartBody, "limit-1", "Content-Type", "application/json")
	if s := send("POST", "/api/v1/chart", chartBody, "limit-2", "Content-Type", "application/json"); s != http.StatusTooManyRequests {
		t.Fatalf("over the chart API limit: %d", s)
	}
	// Body limit: refused from Content-Length, before any handler.
	res, _ := rawExchange(t, app, "POST /api/v1/chart HTTP/1.1\r\nHost: x\r\nX-Request-ID: body-1\r\nContent-Type: application/json\r\n"+
		"Content-Length: "+strconv.Itoa(2<<20)+"\r\n\r\n"+strings.Repeat(" ", 4096))
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB body: %d", res.StatusCode)
	}
	// Headers too large to read: no route can be named.
	if res, _ := rawExchange(t, app, "GET /chart HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("b", 20<<10)+"\r\n\r\n"); res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("20 KiB header: %d", res.StatusCode)
	}
	// Nothing matches: still "unmatched".
	if s := send("POST", "/no/such/route", "", "none-1"); s != http.StatusForbidden && s != http.StatusNotFound {
		t.Fatalf("unknown route: %d", s)
	}

	want := []struct {
		id, method, route string
		status            int
	}{
		{"csrf-1", "POST", "/charts/:id<int>/favourite", 403},
		{"csrf-2", "POST", "/chart", 403},
		{"limit-2", "POST", "/api/v1/chart", 429},
		{"body-1", "POST", "/api/v1/chart", 413},
	}
	metrics := app.Get(t, "/metrics").Body
	for _, w := range want {
		series := fmt.Sprintf(`http_requests_total{method=%q,route=%q,status="%d"} 1`, w.method, w.route, w.status)
		if !strings.Contains(metrics, series) {
			t.Errorf("metrics lack %s; they have:\n%s", series, grepLines(metrics, "http_requests_total{"))
		}
	}
	lines := map[string]map[string]any{}
	for _, l := range app.Logs.Lines(t) {
		if id, _ := l["request_id"].(string); l["msg"] == "request" && id != "" {
			lines[id] = l
		}
	}
	for _, w := range want {
		l := lines[w.id]
		if l == nil {
			t.Errorf("%s: no request log line", w.id)
			continue
		}
		if l["route"] != w.route || l["method"] != w.method || l["status"] != float64(w.status) {
			t.Errorf("%s: log line %v, want route %q status %d", w.id, l, w.route, w.status)
		}
	}
	if l := lines["none-1"]; l == nil || l["route"] != "unmatched" {
		t.Errorf("unknown route: log line %v, want route unmatched", l)
	}
	if !strings.Contains(metrics, `http_requests_total{method="GET",route="unmatched",status="431"} 1`) {
		t.Errorf("the 431 is not recorded as unmatched:\n%s", grepLines(metrics, "http_requests_total{"))
	}
	if strings.Contains(metrics, `route="/",status="403"`) {
		t.Error(`a refusal is still recorded as route="/"`)
	}
}
