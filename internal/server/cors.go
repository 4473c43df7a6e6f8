package server

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/cors"
)

// apiCORS lets the origins in FRONTEND_URL, BACKEND_BASE_URL and
// CORS_ALLOWED_ORIGINS call the JSON API from a browser: GET and POST with
// a JSON body, no credentials (the API uses no cookies). Any other origin
// gets no Access-Control-Allow-Origin, so the browser refuses to show it
// the answer. It is mounted on /api/v1 only; pages never send CORS headers.
// With nothing configured no origin is allowed (never "*").
func (s *Server) apiCORS() fiber.Handler {
	allowed := corsOrigins(append([]string{s.Config.FrontendURL, s.Config.BackendBaseURL}, s.Config.CORSAllowedOrigins...))
	for _, bad := range allowed.invalid {
		s.Log.Warn("CORS: ignoring an origin that is not scheme://host[:port]", "origin", bad)
	}
	return cors.New(cors.Config{
		// The function, not AllowOrigins: an empty AllowOrigins means "*".
		AllowOriginsFunc: func(origin string) bool { _, ok := allowed.set[origin]; return ok },
		AllowMethods:     "GET,POST,OPTIONS",
		AllowHeaders:     "Content-Type",
		AllowCredentials: false,
		ExposeHeaders:    "Retry-After,RateLimit-Limit,RateLimit-Remaining,RateLimit-Reset,X-Request-ID",
		MaxAge:           600,
	})
}

type originSet struct {
	set     map[string]struct{}
	invalid []string
}

// corsOrigins normalizes configured URLs to the form browsers send in
// Origin: lower-case scheme://host, the port only when it is not the
// scheme's default, no path. Empty entries are skipped.
func corsOrigins(list []string) originSet {
	out := originSet{set: map[string]struct{}{}}
	for _, raw := range list {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		o, ok := normalizeOrigin(raw)
		if !ok {
			out.invalid = append(out.invalid, raw)
			continue
		}
		out.set[o] = struct{}{}
	}
	return out
}

func normalizeOrigin(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return "", false
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" && !(u.Scheme == "http" && port == "80") && !(u.Scheme == "https" && port == "443") {
		host += ":" + port
	}
	return strings.ToLower(u.Scheme) + "://" + host, true
}
