package server_test

import (
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// A partner integration needs more than the default 600 chart calls a
// minute from one address: RATE_LIMIT_CHART_API raises it, on the shared
// (Redis) limiter and on the per-instance one alike.
func TestChartAPILimitRaisedFromEnvironment(t *testing.T) {
	def := server.DefaultLimits().ChartAPIPerIP.Limit
	for name, opts := range map[string][]testutil.AppOption{
		"redis":  {testutil.WithEnv("RATE_LIMIT_CHART_API", "1000/1m")},
		"memory": {testutil.WithEnv("RATE_LIMIT_CHART_API", "1000/1m"), testutil.WithoutRedis()},
	} {
		t.Run(name, func(t *testing.T) {
			app := testutil.StartApp(t, opts...)
			t.Cleanup(app.Client.CloseIdleConnections)
			for i := range def + 100 {
				res := app.PostJSON(t, "/api/v1/chart", chartBody)
				if res.StatusCode != 200 || res.Header.Get("RateLimit-Limit") != "1000" {
					t.Fatalf("call %d of %d: %d %v", i+1, def+100, res.StatusCode, res.Header)
				}
			}
		})
	}
}

// Lowered, the call past the limit is a JSON 429 with Retry-After; "off"
// takes a route out of limiting altogether.
func TestAPILimitsLoweredAndOffFromEnvironment(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv("RATE_LIMIT_CHART_API", "4/1m", "RATE_LIMIT_PLACES_API", "off"))
	t.Cleanup(app.Client.CloseIdleConnections)
	for i := range 4 {
		if res := app.PostJSON(t, "/api/v1/chart", chartBody); res.StatusCode != 200 || res.Header.Get("RateLimit-Remaining") != strconv.Itoa(3-i) {
			t.Fatalf("chart %d: %d %v", i+1, res.StatusCode, res.Header)
		}
	}
	wantAPIRefusal(t, "chart past RATE_LIMIT_CHART_API=4/1m", app.PostJSON(t, "/api/v1/chart", chartBody), 4)
	// The other API classes keep their defaults or are off.
	for i := range 5 {
		if res := app.Get(t, "/api/v1/places?q=London&limit=1"); res.StatusCode != 200 || res.Header.Get("RateLimit-Limit") != "" {
			t.Fatalf("places %d with RATE_LIMIT_PLACES_API=off: %d %v", i, res.StatusCode, res.Header)
		}
	}
	if res := app.Get(t, "/api/v1/reverse?year=%E6%88%8A%E8%BE%B0&month=%E7%94%B2%E5%AF%85&day=%E8%BE%9B%E4%B8%91&from=1980&to=2000"); res.Header.Get("RateLimit-Limit") != strconv.Itoa(server.DefaultLimits().ReverseAPIPerIP.Limit) {
		t.Fatalf("reverse lost its default: %v", res.Header)
	}
}

// Sign-up is a form route: lowered from the environment, the refusal is
// the error page with Retry-After.
func TestSignUpLimitLoweredFromEnvironment(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv("RATE_LIMIT_SIGN_UP", "1/1h"))
	t.Cleanup(app.Client.CloseIdleConnections)
	token := app.CSRFToken(t)
	post := func() *testutil.Response {
		return app.PostForm(t, "/signup", map[string][]string{"_csrf": {token}, "email": {"not-an-address"}, "password": {"x"}})
	}
	if res := post(); res.StatusCode == http.StatusTooManyRequests {
		t.Fatalf("first sign-up refused: %d", res.StatusCode)
	}
	res := post()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || res.Header.Get("RateLimit-Limit") != "1" {
		t.Fatalf("second sign-up: %d %v", res.StatusCode, res.Header)
	}
	if secs, _ := strconv.Atoi(res.Header.Get("Retry-After")); secs < 3000 || secs > 3600 {
		t.Fatalf("Retry-After %q for a one-hour window", res.Header.Get("Retry-After"))
	}
}

// Each RATE_LIMIT_* variable moves exactly one limit, and unset ones keep
// the defaults.
func TestEveryRateLimitVariableSetsItsOwnLimit(t *testing.T) {
	def := server.DefaultLimits()
	if got := def.WithConfig(config.RateLimits{}); got != def {
		t.Fatalf("no settings changed the defaults: %+v", got)
	}
	seen := map[string]string{}
	for _, v := range config.RateLimitVars {
		c, err := config.Load(func(k string) string {
			if k == v.Name {
				return "77/7s"
			}
			return ""
		})
		if err != nil {
			t.Fatal(err)
		}
		got := reflect.ValueOf(def.WithConfig(c.RateLimits))
		want := reflect.ValueOf(def)
		var changed []string
		for i := range got.NumField() {
			if !got.Field(i).Equal(want.Field(i)) {
				changed = append(changed, got.Type().Field(i).Name)
				if r := got.Field(i).Interface(); r != (server.Rate{Limit: 77, Window: 7 * time.Second}) {
					t.Fatalf("%s set %s to %+v", v.Name, got.Type().Field(i).Name, r)
				}
			}
		}
		if len(changed) != 1 {
			t.Fatalf("%s changed %v", v.Name, changed)
		}
		if other, dup := seen[changed[0]]; dup {
			t.Fatalf("%s and %s both set %s", v.Name, other, changed[0])
		}
		seen[changed[0]] = v.Name
	}
	// Every Rate in Limits has a variable.
	for i := range reflect.TypeOf(def).NumField() {
		f := reflect.TypeOf(def).Field(i)
		if _, ok := seen[f.Name]; f.Type == reflect.TypeOf(server.Rate{}) && !ok {
			t.Errorf("%s has no RATE_LIMIT_* variable", f.Name)
		}
	}
}
