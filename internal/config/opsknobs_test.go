package config

import (
	"strings"
	"testing"
	"time"
)

func TestAIPricesDefaultsAndOverride(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := c.AIPrices.Lookup(c.OpenAIModel); !ok || p.InputPerMTok != 0.15 || p.OutputPerMTok != 0.60 {
		t.Fatalf("default OpenAI model %s priced %+v %v", c.OpenAIModel, p, ok)
	}
	if _, ok := c.AIPrices.Lookup(c.AnthropicModel); !ok {
		t.Fatalf("default Anthropic model %s has no price", c.AnthropicModel)
	}
	c, err = Load(env(map[string]string{"AI_PRICES": "gpt-4o-mini=0.3/1.2; house-model=2/4"}))
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := c.AIPrices.Lookup("gpt-4o-mini"); p.InputPerMTok != 0.3 || p.OutputPerMTok != 1.2 {
		t.Fatalf("override not applied: %+v", p)
	}
	if p, ok := c.AIPrices.Lookup("house-model"); !ok || p.OutputPerMTok != 4 {
		t.Fatalf("added model: %+v %v", p, ok)
	}
	if _, ok := c.AIPrices.Lookup("claude-sonnet-4-5"); !ok {
		t.Fatal("an override dropped the other defaults")
	}
	if len(c.AIPriceOverrides) != 2 {
		t.Fatalf("overrides %v", c.AIPriceOverrides)
	}
}

// A bad entry stops start-up with a message naming the variable and the entry.
func TestAIPricesBadEntryFailsLoad(t *testing.T) {
	for _, bad := range []string{"gpt-4o-mini=0.15", "gpt-4o-mini=cheap/0.6", "gpt-4o-mini=-1/2", "gpt 4o=1/2"} {
		_, err := Load(env(map[string]string{"AI_PRICES": "claude-sonnet-4-5=3/15;" + bad}))
		ce, ok := AsError(err)
		if !ok || !strings.Contains(ce.Error(), "AI_PRICES") || !strings.Contains(ce.Error(), `"`+bad+`"`) {
			t.Errorf("AI_PRICES=%q: want a problem naming the variable and the entry, got %v", bad, err)
		}
	}
}

func TestRateLimitsFromEnvironment(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.RateLimits != (RateLimits{}) {
		t.Fatalf("nothing set, yet overrides: %+v", c.RateLimits)
	}
	c, err = Load(env(map[string]string{
		"RATE_LIMIT_CHART_API": "3000/1m", "RATE_LIMIT_PLACES_API": " OFF ", "RATE_LIMIT_SIGN_UP": "2/h",
		"RATE_LIMIT_READING_PER_USER": "50/1h30m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	r := c.RateLimits
	if r.ChartAPI == nil || *r.ChartAPI != (RateLimit{3000, time.Minute}) {
		t.Fatalf("chart API: %+v", r.ChartAPI)
	}
	if r.PlacesAPI == nil || r.PlacesAPI.Limit != 0 {
		t.Fatalf("places off: %+v", r.PlacesAPI)
	}
	if r.SignUp == nil || *r.SignUp != (RateLimit{2, time.Hour}) {
		t.Fatalf("sign-up: %+v", r.SignUp)
	}
	if r.ReadingPerUser == nil || *r.ReadingPerUser != (RateLimit{50, 90 * time.Minute}) {
		t.Fatalf("reading per user: %+v", r.ReadingPerUser)
	}
	if r.SignIn != nil || r.ReverseAPI != nil {
		t.Fatalf("unset classes overridden: %+v", r)
	}
}

// Every variable sets its own field and nothing else.
func TestRateLimitVarsAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range RateLimitVars {
		if !strings.HasPrefix(v.Name, "RATE_LIMIT_") || seen[v.Name] {
			t.Fatalf("variable %s", v.Name)
		}
		seen[v.Name] = true
		c, err := Load(env(map[string]string{v.Name: "7/7s"}))
		if err != nil {
			t.Fatal(err)
		}
		set := 0
		for _, w := range RateLimitVars {
			if p := *w.Get(&c.RateLimits); p != nil {
				set++
				if w.Name != v.Name || *p != (RateLimit{7, 7 * time.Second}) {
					t.Fatalf("%s set %s to %+v", v.Name, w.Name, *p)
				}
			}
		}
		if set != 1 {
			t.Fatalf("%s set %d fields", v.Name, set)
		}
	}
}

func TestRateLimitBadValueFailsLoadNamingTheVariable(t *testing.T) {
	for _, bad := range []string{"600", "lots/1m", "-5/1m", "+5/1m", "0/1m", "5/0s", "5/500ms", "5/48h", "5/minute", "5/", "/1m", "1/1m/1", "on"} {
		_, err := Load(env(map[string]string{"RATE_LIMIT_CHART_API": bad, "RATE_LIMIT_RESET": "5/1h"}))
		ce, ok := AsError(err)
		if !ok || !strings.Contains(ce.Error(), "RATE_LIMIT_CHART_API") || strings.Contains(ce.Error(), "RATE_LIMIT_RESET") {
			t.Errorf("RATE_LIMIT_CHART_API=%q: want one problem naming it, got %v", bad, err)
		}
	}
}

func TestRateLimitString(t *testing.T) {
	for r, want := range map[RateLimit]string{
		{600, time.Minute}: "600/1m", {5, 15 * time.Minute}: "5/15m", {3, time.Hour}: "3/1h",
		{2, 90 * time.Minute}: "2/1h30m", {9, 30 * time.Second}: "9/30s", {}: "off",
	} {
		if got := r.String(); got != want {
			t.Errorf("%+v: %q, want %q", r, got, want)
		}
		if r.Limit > 0 {
			if back, err := ParseRateLimit(r.String()); err != nil || back != r {
				t.Errorf("%q does not read back: %+v %v", r.String(), back, err)
			}
		}
	}
}

func FuzzParseRateLimit(f *testing.F) {
	for _, s := range []string{"600/1m", "off", "3000/m", "1/1s", "5/24h", "5/1h30m", "0/1m", "9999999999/1m", "1/-1m", " 7 / 7s "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRateLimit(s)
		if err != nil {
			if r != (RateLimit{}) {
				t.Fatalf("error with a value: %+v", r)
			}
			return
		}
		if r.Limit == 0 {
			if r.Window != 0 || !strings.EqualFold(strings.TrimSpace(s), "off") {
				t.Fatalf("%q read as off: %+v", s, r)
			}
			return
		}
		if r.Limit < 1 || r.Limit > maxRateLimit || r.Window < minRateWindow || r.Window > maxRateWindow {
			t.Fatalf("%q out of bounds: %+v", s, r)
		}
		if back, err := ParseRateLimit(r.String()); err != nil || back != r {
			t.Fatalf("%q -> %+v -> %q -> %+v %v", s, r, r.String(), back, err)
		}
	})
}

// Turning a limit off is allowed, but production says so at start-up.
func TestRateLimitOffWarnsInProduction(t *testing.T) {
	c, err := Load(env(map[string]string{"APP_ENV": "production", "RATE_LIMIT_SIGN_IN": "off", "RATE_LIMIT_CHART_API": "3000/1m"}))
	if err != nil {
		t.Fatal(err)
	}
	_, warnings := c.Check()
	var named []string
	for _, w := range warnings {
		if strings.Contains(w, "RATE_LIMIT_") {
			named = append(named, w)
		}
	}
	if len(named) != 1 || !strings.HasPrefix(named[0], "RATE_LIMIT_SIGN_IN=off") {
		t.Fatalf("warnings about limits: %q", named)
	}
}
