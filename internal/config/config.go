// Package config reads the environment once into a Config that is passed
// down explicitly; nothing else in the app reads environment variables.
package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/internal/aiprice"
	"github.com/bazi-master/bazi-master/internal/mail"
)

// Config is the whole runtime configuration of one instance.
type Config struct {
	Env        string // "development", "production" or "test"
	Production bool

	Port     int
	Host     string
	LogLevel string

	// DatabaseURL is a postgres:// URL; empty means the embedded SQLite file at SQLitePath.
	DatabaseURL string
	SQLitePath  string

	// RedisURL empty means sessions live in the database and caches in process.
	RedisURL       string
	RedisKeyPrefix string

	FrontendURL        string
	BackendBaseURL     string
	AllowLocalhostProd bool
	CORSAllowedOrigins []string

	// TrustProxy is the number of reverse-proxy hops whose X-Forwarded-For
	// entries are believed; 0 ignores forwarded headers altogether.
	TrustProxy    int
	TrustProxySet bool

	AdminEmails        []string
	SessionTokenSecret string
	MetricsToken       string

	ShutdownTimeout time.Duration
	// StartupTimeout bounds how long serve waits for the database at
	// start-up (retrying with backoff, /health up and /ready 503 meanwhile)
	// before it gives up and exits 1.
	StartupTimeout time.Duration
	// HTTPReadTimeout bounds reading one request (headers and body), so a
	// slow client cannot hold a connection; responses (streams) are not cut.
	HTTPReadTimeout time.Duration
	// SessionIdleTimeout ends a session unused this long; SessionMaxAge ends
	// it this long after sign-in regardless.
	SessionIdleTimeout time.Duration
	SessionMaxAge      time.Duration
	// InstanceID names this process in logs and on the admin system page.
	InstanceID string

	AIProvider      string
	OpenAIAPIKey    string
	OpenAIModel     string
	OpenAIBaseURL   string
	AnthropicAPIKey string
	AnthropicModel  string
	// AnthropicBaseURL points the Anthropic client elsewhere (tests, proxies).
	AnthropicBaseURL string

	// ReadingQuotaUser and ReadingQuotaGuest cap the readings (and
	// follow-up answers) per user and per guest IP per UTC day; 0 = no cap.
	ReadingQuotaUser  int
	ReadingQuotaGuest int
	// GuestReadingRetention is how long a guest's finished readings (and
	// their birth data and follow-ups) are kept: guests have no account to
	// keep them in. 0 keeps them for ever.
	GuestReadingRetention time.Duration
	// AIFirstTokenTimeout is how long a provider may take to send its first
	// words before the built-in reader takes over; AITotalTimeout caps a
	// whole reading.
	AIFirstTokenTimeout time.Duration
	AITotalTimeout      time.Duration
	// OpenAIImageModel paints soul portraits (with OPENAI_API_KEY set);
	// OpenAIImageTimeout bounds one painting before the built-in portrait
	// is shown instead; OpenAIImagePriceUSD is what one image costs, for
	// the admin AI page's spend.
	OpenAIImageModel    string
	OpenAIImageTimeout  time.Duration
	OpenAIImagePriceUSD float64
	// AIPrices prices the readings' tokens on the admin AI page: the
	// built-in defaults with AI_PRICES's entries (AIPriceOverrides) over
	// them.
	AIPrices         aiprice.Table
	AIPriceOverrides aiprice.Table

	// RateLimits are the RATE_LIMIT_* overrides of the per-route request
	// limits (nil fields keep the defaults).
	RateLimits RateLimits

	GoogleClientID     string
	GoogleClientSecret string
	GoogleRedirectURI  string
	WeChatAppID        string
	WeChatSecret       string
	WeChatRedirectURI  string

	// SMTP is the relay for verification and password-reset mail (SMTP_*,
	// read by mail.ConfigFromEnv). SMTPConfigured is false when SMTP_HOST is
	// unset: mail is then only logged outside production and refused in
	// production.
	SMTP           mail.SMTPConfig
	SMTPConfigured bool

	// smtpInvalid: SMTP_HOST is set but the SMTP_* settings were refused
	// (reported by Load), so Check must not also call SMTP unset.
	smtpInvalid bool
	// modeConflict is Check's warning when APP_ENV and NODE_ENV disagree
	// about production ("" when they do not).
	modeConflict string
}

// DevSessionSecret is used outside production when SESSION_TOKEN_SECRET is
// unset, so `make run` works with no set-up; production refuses it.
const DevSessionSecret = "development-only-session-secret-change-me"

// Load parses the environment through getenv (os.Getenv in main, a map in
// tests). It returns every malformed value at once.
func Load(getenv func(string) string) (Config, error) {
	var problems []string
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }

	c := Config{
		Env:                "development",
		Host:               get("HOST"),
		LogLevel:           strings.ToLower(get("LOG_LEVEL")),
		DatabaseURL:        get("DATABASE_URL"),
		SQLitePath:         get("SQLITE_PATH"),
		RedisURL:           get("REDIS_URL"),
		RedisKeyPrefix:     get("REDIS_KEY_PREFIX"),
		FrontendURL:        strings.TrimRight(get("FRONTEND_URL"), "/"),
		BackendBaseURL:     strings.TrimRight(get("BACKEND_BASE_URL"), "/"),
		CORSAllowedOrigins: splitList(get("CORS_ALLOWED_ORIGINS")),
		AdminEmails:        lowerAll(splitList(get("ADMIN_EMAILS"))),
		SessionTokenSecret: getenv("SESSION_TOKEN_SECRET"),
		MetricsToken:       getenv("METRICS_TOKEN"),
		InstanceID:         get("INSTANCE_ID"),
		AIProvider:         strings.ToLower(get("AI_PROVIDER")),
		OpenAIAPIKey:       get("OPENAI_API_KEY"),
		OpenAIModel:        get("OPENAI_MODEL"),
		OpenAIBaseURL:      get("OPENAI_BASE_URL"),
		OpenAIImageModel:   get("OPENAI_IMAGE_MODEL"),
		AnthropicAPIKey:    get("ANTHROPIC_API_KEY"),
		AnthropicModel:     get("ANTHROPIC_MODEL"),
		AnthropicBaseURL:   get("ANTHROPIC_BASE_URL"),
		GoogleClientID:     get("GOOGLE_CLIENT_ID"),
		GoogleClientSecret: get("GOOGLE_CLIENT_SECRET"),
		GoogleRedirectURI:  get("GOOGLE_REDIRECT_URI"),
		WeChatAppID:        get("WECHAT_APP_ID"),
		WeChatSecret:       firstNonEmpty(get("WECHAT_APP_SECRET"), get("WECHAT_SECRET")),
		WeChatRedirectURI:  get("WECHAT_REDIRECT_URI"),
	}

	// APP_ENV wins over NODE_ENV; either one set to production turns on
	// production mode, so a deploy that only sets NODE_ENV is still guarded.
	// Env then says production too, so no message names another mode.
	appEnv, nodeEnv := strings.ToLower(get("APP_ENV")), strings.ToLower(get("NODE_ENV"))
	switch {
	case appEnv != "":
		c.Env = appEnv
	case nodeEnv != "":
		c.Env = nodeEnv
	}
	switch c.Env {
	case "production", "prod":
		c.Env = "production"
	case "development", "dev", "test":
	default:
		problems = append(problems, fmt.Sprintf("APP_ENV/NODE_ENV must be development, test or production (got %q)", c.Env))
	}
	c.Production = isProductionEnv(appEnv, nodeEnv)
	if c.Production {
		c.Env = "production"
		if appEnv != "" && nodeEnv != "" && isProductionEnv(appEnv, "") != isProductionEnv(nodeEnv, "") {
			c.modeConflict = fmt.Sprintf("APP_ENV=%s and NODE_ENV=%s disagree: running in production mode, since either one set to production turns it on; set only one of them", appEnv, nodeEnv)
		}
	}

	c.Port = 3000
	if v := get("PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			problems = append(problems, fmt.Sprintf("PORT must be a number from 1 to 65535 (got %q)", v))
		} else {
			c.Port = p
		}
	}
	if c.LogLevel == "" {
		c.LogLevel = "info"
	}
	if !oneOf(c.LogLevel, "debug", "info", "warn", "error") {
		problems = append(problems, fmt.Sprintf("LOG_LEVEL must be debug, info, warn or error (got %q)", c.LogLevel))
	}
	if c.SQLitePath == "" {
		c.SQLitePath = "data/bazi-master.db"
	}
	if c.RedisKeyPrefix == "" {
		c.RedisKeyPrefix = "bazi:"
	}

	if v := get("TRUST_PROXY"); v != "" {
		c.TrustProxySet = true
		switch strings.ToLower(v) {
		case "false", "no", "off":
			c.TrustProxy = 0
		case "true", "yes", "on":
			c.TrustProxy = 1
		default:
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 10 {
				problems = append(problems, fmt.Sprintf("TRUST_PROXY must be a hop count from 0 to 10, or true/false (got %q)", v))
			}
			c.TrustProxy = n
		}
	}

	if v := get("ALLOW_LOCALHOST_PROD"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("ALLOW_LOCALHOST_PROD must be true or false (got %q)", v))
		}
		c.AllowLocalhostProd = b
	}

	c.ShutdownTimeout = 15 * time.Second
	if v := get("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			problems = append(problems, fmt.Sprintf("SHUTDOWN_TIMEOUT must be a positive duration such as 15s (got %q)", v))
		} else {
			c.ShutdownTimeout = d
		}
	}

	c.StartupTimeout = 60 * time.Second
	if v := get("STARTUP_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			problems = append(problems, fmt.Sprintf("STARTUP_TIMEOUT must be a positive duration such as 60s (got %q)", v))
		} else {
			c.StartupTimeout = d
		}
	}

	c.HTTPReadTimeout = 15 * time.Second
	if v := get("HTTP_READ_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			problems = append(problems, fmt.Sprintf("HTTP_READ_TIMEOUT must be a positive duration such as 15s (got %q)", v))
		} else {
			c.HTTPReadTimeout = d
		}
	}

	c.SessionIdleTimeout, c.SessionMaxAge = 7*24*time.Hour, 30*24*time.Hour
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"SESSION_IDLE_TIMEOUT", &c.SessionIdleTimeout}, {"SESSION_MAX_AGE", &c.SessionMaxAge}} {
		if v := get(d.name); v != "" {
			dur, err := time.ParseDuration(v)
			if err != nil || dur < time.Minute {
				problems = append(problems, fmt.Sprintf("%s must be a duration of at least 1m such as 168h (got %q)", d.name, v))
				continue
			}
			*d.dst = dur
		}
	}
	if c.SessionIdleTimeout > c.SessionMaxAge {
		c.SessionIdleTimeout = c.SessionMaxAge
	}
	if c.SessionTokenSecret == "" && !c.Production {
		c.SessionTokenSecret = DevSessionSecret
	}

	if c.AIProvider != "" && !oneOf(c.AIProvider, "openai", "anthropic", "builtin") {
		problems = append(problems, fmt.Sprintf("AI_PROVIDER must be openai, anthropic or builtin (got %q)", c.AIProvider))
	}
	if c.OpenAIModel == "" {
		c.OpenAIModel = "gpt-4o-mini"
	}
	if c.AnthropicModel == "" {
		c.AnthropicModel = "claude-sonnet-4-5"
	}

	c.ReadingQuotaUser, c.ReadingQuotaGuest = 20, 3
	for _, q := range []struct {
		name string
		dst  *int
	}{{"READING_DAILY_QUOTA_USER", &c.ReadingQuotaUser}, {"READING_DAILY_QUOTA_GUEST", &c.ReadingQuotaGuest}} {
		if v := get(q.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				problems = append(problems, fmt.Sprintf("%s must be a whole number, 0 for no limit (got %q)", q.name, v))
				continue
			}
			*q.dst = n
		}
	}
	c.GuestReadingRetention = 30 * 24 * time.Hour
	if v := get("GUEST_READING_RETENTION_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			problems = append(problems, fmt.Sprintf("GUEST_READING_RETENTION_DAYS must be a whole number of days, 0 to keep guests' readings (got %q)", v))
		} else {
			c.GuestReadingRetention = time.Duration(n) * 24 * time.Hour
		}
	}
	c.AIFirstTokenTimeout, c.AITotalTimeout = 15*time.Second, 120*time.Second
	c.OpenAIImageTimeout = 60 * time.Second
	if c.OpenAIImageModel == "" {
		c.OpenAIImageModel = "gpt-image-1"
	}
	c.OpenAIImagePriceUSD = 0.04
	if v := get("OPENAI_IMAGE_PRICE_USD"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			problems = append(problems, fmt.Sprintf("OPENAI_IMAGE_PRICE_USD must be a price in US dollars such as 0.04 (got %q)", v))
		} else {
			c.OpenAIImagePriceUSD = f
		}
	}
	c.AIPrices = aiprice.Defaults()
	if v := get("AI_PRICES"); v != "" {
		over, err := aiprice.Parse(v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("AI_PRICES must be model=input/output entries separated by ; with US dollars per million tokens, such as gpt-4o-mini=0.15/0.60: %v", err))
		} else {
			c.AIPriceOverrides, c.AIPrices = over, c.AIPrices.With(over)
		}
	}
	var rateProblems []string
	c.RateLimits, rateProblems = loadRateLimits(get)
	problems = append(problems, rateProblems...)

	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"AI_FIRST_TOKEN_TIMEOUT", &c.AIFirstTokenTimeout}, {"AI_TOTAL_TIMEOUT", &c.AITotalTimeout}, {"OPENAI_IMAGE_TIMEOUT", &c.OpenAIImageTimeout}} {
		if v := get(d.name); v != "" {
			dur, err := time.ParseDuration(v)
			if err != nil || dur <= 0 {
				problems = append(problems, fmt.Sprintf("%s must be a positive duration such as 15s (got %q)", d.name, v))
				continue
			}
			*d.dst = dur
		}
	}

	if smtp, ok, err := mail.ConfigFromEnv(getenv); err != nil {
		problems = append(problems, err.Error())
		c.smtpInvalid = true
	} else {
		c.SMTP, c.SMTPConfigured = smtp, ok
	}

	if len(problems) > 0 {
		return c, &Error{Problems: problems}
	}
	return c, nil
}

// Error lists every configuration problem, so an operator fixes them in one go.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	return "invalid configuration:\n  - " + strings.Join(e.Problems, "\n  - ")
}

// Check applies the production rules. It returns the problems that must
// stop start-up and the warnings worth logging. Outside production only
// malformed values are problems.
func (c Config) Check() (problems, warnings []string) {
	if c.DatabaseURL != "" && !isPostgresURL(c.DatabaseURL) {
		problems = append(problems, "DATABASE_URL must be a postgres:// or postgresql:// URL")
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		problems = append(problems, "REDIS_URL must be a redis:// or rediss:// URL")
	}
	for _, u := range []struct{ name, val string }{{"FRONTEND_URL", c.FrontendURL}, {"BACKEND_BASE_URL", c.BackendBaseURL}} {
		if u.val != "" && !isHTTPURL(u.val) {
			problems = append(problems, u.name+" must be an absolute http:// or https:// URL")
		}
	}
	if !c.Production {
		if c.SessionTokenSecret == DevSessionSecret {
			warnings = append(warnings, "SESSION_TOKEN_SECRET is unset: using a development secret")
		}
		return problems, warnings
	}

	if c.modeConflict != "" {
		warnings = append(warnings, c.modeConflict)
	}
	if c.DatabaseURL == "" {
		problems = append(problems, "DATABASE_URL is required in production (a postgres:// URL; the embedded SQLite database is for development only)")
	}
	for _, u := range []struct{ name, val string }{{"FRONTEND_URL", c.FrontendURL}, {"BACKEND_BASE_URL", c.BackendBaseURL}} {
		switch {
		case u.val == "":
			problems = append(problems, u.name+" is required in production")
		case isLocalURL(u.val):
			if !c.AllowLocalhostProd {
				problems = append(problems, u.name+" points at localhost; set the public URL (or ALLOW_LOCALHOST_PROD=true for a local production test)")
			}
			// Browsers treat loopback as a secure context: __Host- cookies work there over http.
		case isPlainHTTP(u.val):
			warnings = append(warnings, u.name+" is a plain http:// URL: browsers drop the __Host- session and CSRF cookies that production sets without HTTPS, so sign-in and every form would fail; use https://")
		}
	}
	if len(c.SessionTokenSecret) < 32 {
		problems = append(problems, fmt.Sprintf("SESSION_TOKEN_SECRET must be at least 32 characters in production (got %d)", len(c.SessionTokenSecret)))
	}
	if c.RedisURL == "" {
		warnings = append(warnings, "REDIS_URL is unset: sessions and rate limits are kept per instance or in the database; run a single instance or set REDIS_URL")
	}
	if len(c.AdminEmails) == 0 {
		warnings = append(warnings, "ADMIN_EMAILS is empty: nobody can open the admin dashboard")
	}
	if !c.SMTPConfigured && !c.smtpInvalid {
		warnings = append(warnings, "SMTP_HOST is unset: verification and password-reset e-mails cannot be sent, so e-mail accounts cannot be verified or recovered")
	}
	if !c.TrustProxySet {
		warnings = append(warnings, "TRUST_PROXY is unset: X-Forwarded-For is ignored, so behind a proxy every client shares the proxy's IP")
	}
	for _, v := range RateLimitVars {
		if r := *v.Get(&c.RateLimits); r != nil && r.Limit == 0 {
			warnings = append(warnings, v.Name+"=off: those routes have no request limit in this app; make sure a gateway in front of it limits them")
		}
	}
	if c.MetricsToken == "" {
		warnings = append(warnings, "METRICS_TOKEN is unset: GET /metrics is open to anyone who can reach the app; set METRICS_TOKEN, or keep /metrics off the public internet")
	}
	return problems, warnings
}

// Validate returns an *Error when Check finds problems.
func (c Config) Validate() error {
	problems, _ := c.Check()
	if len(problems) > 0 {
		return &Error{Problems: problems}
	}
	return nil
}

// UsesPostgres reports whether the database is PostgreSQL (else embedded SQLite).
func (c Config) UsesPostgres() bool { return c.DatabaseURL != "" }

// IsAdminEmail reports whether email is listed in ADMIN_EMAILS. Callers must
// also require the address to be verified.
func (c Config) IsAdminEmail(email string) bool {
	return oneOf(strings.ToLower(strings.TrimSpace(email)), c.AdminEmails...)
}

// ListenAddr is the address serve binds to.
func (c Config) ListenAddr() string {
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

func isPostgresURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") && u.Host != ""
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// isPlainHTTP reports an http:// URL (url.Parse lowercases the scheme).
func isPlainHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "http"
}

// isLocalURL reports whether the URL's host is this machine, in any
// spelling that a browser or the network stack accepts (see isLocalHost).
func isLocalURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return isLocalHost(u.Hostname())
}

// isLocalHost reports whether host names this machine: localhost and any
// name under .localhost (RFC 6761), with or without the trailing dot of a
// fully qualified name; loopback and unspecified IPv6 addresses, also
// IPv4-mapped and IPv4-compatible ones and with a zone; and IPv4 addresses
// in 127.0.0.0/8 or 0.0.0.0/8 written in any form inet_aton accepts (one
// to four parts, each decimal, octal with a leading 0 or hex with 0x:
// 127.1, 0x7f000001, 2130706433, 0).
func isLocalHost(host string) bool {
	h := strings.TrimRight(strings.ToLower(host), ".")
	if h == "" || h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if i := strings.IndexByte(h, '%'); i >= 0 && strings.Contains(h, ":") {
		h = h[:i] // an IPv6 zone ("::1%lo")
	}
	if ip := net.ParseIP(h); ip != nil {
		return isLocalIP(ip)
	}
	if ip, ok := parseInetAton(h); ok {
		return isLocalIP(ip)
	}
	return false
}

// isLocalIP: loopback or unspecified, IPv4 (127/8, 0/8) or IPv6 (::1, ::),
// including IPv6 forms that carry an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d).
func isLocalIP(ip net.IP) bool {
	if ip.IsLoopback() || ip.IsUnspecified() {
		return true
	}
	v4 := ip.To4()
	if v4 == nil && len(ip) == net.IPv6len && net.IP(ip[:12]).Equal(net.IPv6zero[:12]) {
		v4 = ip[12:] // IPv4-compatible ::a.b.c.d
	}
	return v4 != nil && (v4[0] == 127 || v4[0] == 0)
}

// parseInetAton parses an IPv4 address the way inet_aton(3) does (and
// browsers' URL parsers): one to four dot-separated numbers, each decimal,
// octal after a leading 0, or hex after 0x; the last number fills the
// bytes the others leave (127.1 is 127.0.0.1, 2130706433 is 127.0.0.1).
func parseInetAton(s string) (net.IP, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return nil, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseAtonPart(p)
		if !ok {
			return nil, false
		}
		nums[i] = n
	}
	last := len(nums) - 1
	var addr uint64
	for i, n := range nums[:last] {
		if n > 0xff {
			return nil, false
		}
		addr |= n << (24 - 8*i)
	}
	if nums[last] >= 1<<(8*(4-last)) {
		return nil, false
	}
	addr |= nums[last]
	return net.IPv4(byte(addr>>24), byte(addr>>16), byte(addr>>8), byte(addr)), true
}

// parseAtonPart parses one number of an inet_aton address ("0x" alone is 0,
// as in glibc); it refuses values past 32 bits.
func parseAtonPart(p string) (uint64, bool) {
	base, digits := uint64(10), p
	switch {
	case len(p) >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'):
		base, digits = 16, p[2:]
		if digits == "" {
			return 0, true
		}
	case len(p) >= 2 && p[0] == '0':
		base, digits = 8, p[1:]
	case p == "":
		return 0, false
	}
	var n uint64
	for i := 0; i < len(digits); i++ {
		var d uint64
		switch c := digits[i]; {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		if n = n*base + d; n > 0xffffffff {
			return 0, false
		}
	}
	return n, true
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func lowerAll(in []string) []string {
	for i := range in {
		in[i] = strings.ToLower(in[i])
	}
	return in
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func oneOf(s string, set ...string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

// AsError unwraps a configuration *Error.
func AsError(err error) (*Error, bool) {
	var ce *Error
	ok := errors.As(err, &ce)
	return ce, ok
}
