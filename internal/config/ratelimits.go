package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RateLimit is one RATE_LIMIT_* setting: Limit requests per Window. Off
// (Limit 0) turns that limit off.
type RateLimit struct {
	Limit  int
	Window time.Duration
}

// RateLimits are the RATE_LIMIT_* overrides; nil keeps the server's
// default for that class (see server.DefaultLimits).
type RateLimits struct {
	SignIn                     *RateLimit
	SignInFailuresPerAccountIP *RateLimit
	SignInFailuresPerAccount   *RateLimit
	SignUp                     *RateLimit
	Reset                      *RateLimit
	ResetPerAccount            *RateLimit
	ChartAPI                   *RateLimit
	PlacesAPI                  *RateLimit
	ReverseAPI                 *RateLimit
	Reading                    *RateLimit
	ReadingPerUser             *RateLimit
}

// RateLimitVar is one RATE_LIMIT_* variable and the field it sets.
type RateLimitVar struct {
	Name string
	Get  func(*RateLimits) **RateLimit
}

// RateLimitVars are every RATE_LIMIT_* variable, in README's order.
var RateLimitVars = []RateLimitVar{
	{"RATE_LIMIT_SIGN_IN", func(r *RateLimits) **RateLimit { return &r.SignIn }},
	{"RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT_IP", func(r *RateLimits) **RateLimit { return &r.SignInFailuresPerAccountIP }},
	{"RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT", func(r *RateLimits) **RateLimit { return &r.SignInFailuresPerAccount }},
	{"RATE_LIMIT_SIGN_UP", func(r *RateLimits) **RateLimit { return &r.SignUp }},
	{"RATE_LIMIT_RESET", func(r *RateLimits) **RateLimit { return &r.Reset }},
	{"RATE_LIMIT_RESET_PER_ACCOUNT", func(r *RateLimits) **RateLimit { return &r.ResetPerAccount }},
	{"RATE_LIMIT_CHART_API", func(r *RateLimits) **RateLimit { return &r.ChartAPI }},
	{"RATE_LIMIT_PLACES_API", func(r *RateLimits) **RateLimit { return &r.PlacesAPI }},
	{"RATE_LIMIT_REVERSE_API", func(r *RateLimits) **RateLimit { return &r.ReverseAPI }},
	{"RATE_LIMIT_READING", func(r *RateLimits) **RateLimit { return &r.Reading }},
	{"RATE_LIMIT_READING_PER_USER", func(r *RateLimits) **RateLimit { return &r.ReadingPerUser }},
}

// Bounds of a rate limit: a window shorter than a second cannot be
// reported in Retry-After (whole seconds); one longer than a day outlives
// any abuse worth counting and keeps keys in the store for as long.
const (
	maxRateLimit     = 1_000_000_000
	minRateWindow    = time.Second
	maxRateWindow    = 24 * time.Hour
	rateLimitFormats = `a count per window such as 3000/1m, 100/30s or 5/1h (windows 1s to 24h), or off`
)

// ParseRateLimit reads "N/WINDOW" (WINDOW a Go duration such as 1m, 30s,
// 1h30m, or a bare unit s, m or h meaning one of it) or "off".
func ParseRateLimit(s string) (RateLimit, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") {
		return RateLimit{}, nil
	}
	count, window, ok := strings.Cut(s, "/")
	if !ok {
		return RateLimit{}, fmt.Errorf("want %s", rateLimitFormats)
	}
	count, window = strings.TrimSpace(count), strings.TrimSpace(window)
	// Atoi takes a sign; a count is plain digits.
	if count == "" || strings.Trim(count, "0123456789") != "" {
		return RateLimit{}, fmt.Errorf("the count %q is not a whole number", count)
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 || n > maxRateLimit {
		return RateLimit{}, fmt.Errorf("the count %q must be from 1 to %d (use off for no limit)", count, maxRateLimit)
	}
	switch window {
	case "s", "m", "h":
		window = "1" + window
	}
	d, err := time.ParseDuration(window)
	if err != nil || d < minRateWindow || d > maxRateWindow {
		return RateLimit{}, fmt.Errorf("the window %q must be a duration from 1s to 24h such as 1m", window)
	}
	return RateLimit{Limit: n, Window: d}, nil
}

// loadRateLimits reads every RATE_LIMIT_* variable that is set; each bad
// one is a problem naming the variable.
func loadRateLimits(get func(string) string) (RateLimits, []string) {
	var out RateLimits
	var problems []string
	for _, v := range RateLimitVars {
		raw := get(v.Name)
		if raw == "" {
			continue
		}
		r, err := ParseRateLimit(raw)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s must be %s: %v (got %q)", v.Name, rateLimitFormats, err, raw))
			continue
		}
		*v.Get(&out) = &r
	}
	return out, problems
}

// String is the setting as RATE_LIMIT_* writes it ("600/1m", not
// "600/1m0s"), for the admin system page.
func (r RateLimit) String() string {
	if r.Limit <= 0 {
		return "off"
	}
	w := r.Window.String()
	if strings.HasSuffix(w, "m0s") || strings.HasSuffix(w, "h0m0s") {
		w = strings.TrimSuffix(w, "0s")
	}
	if strings.HasSuffix(w, "h0m") {
		w = strings.TrimSuffix(w, "0m")
	}
	return strconv.Itoa(r.Limit) + "/" + w
}
