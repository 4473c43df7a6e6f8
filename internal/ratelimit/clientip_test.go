package ratelimit_test

import (
	"net"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
)

func TestClientIP(t *testing.T) {
	app := fiber.New()
	tests := []struct {
		name string
		peer string
		xff  []string // header lines
		hops int
		want string
	}{
		{"no proxy, no header", "203.0.113.7", nil, 0, "203.0.113.7"},
		{"no proxy: spoofed header ignored", "203.0.113.7", []string{"1.2.3.4"}, 0, "203.0.113.7"},
		{"no proxy: spoofed list ignored", "203.0.113.7", []string{"1.2.3.4, 5.6.7.8"}, 0, "203.0.113.7"},
		{"negative hops is none", "203.0.113.7", []string{"1.2.3.4"}, -1, "203.0.113.7"},
		{"one proxy: right-most entry", "10.0.0.2", []string{"1.2.3.4"}, 1, "1.2.3.4"},
		{"one proxy: client's own entries ignored", "10.0.0.2", []string{"6.6.6.6, 7.7.7.7,  198.51.100.9"}, 1, "198.51.100.9"},
		{"two proxies", "10.0.0.2", []string{"6.6.6.6, 198.51.100.9, 10.0.0.1"}, 2, "198.51.100.9"},
		{"several header lines are one list", "10.0.0.2", []string{"6.6.6.6", "198.51.100.9"}, 1, "198.51.100.9"},
		{"several header lines, two hops", "10.0.0.2", []string{"6.6.6.6, 198.51.100.9", "10.0.0.1"}, 2, "198.51.100.9"},
		{"fewer entries than hops: peer", "10.0.0.2", []string{"198.51.100.9"}, 2, "10.0.0.2"},
		{"proxy but no header: peer", "10.0.0.2", nil, 1, "10.0.0.2"},
		{"malformed entry: peer", "10.0.0.2", []string{"not-an-ip"}, 1, "10.0.0.2"},
		{"empty entry: peer", "10.0.0.2", []string{"1.2.3.4, "}, 1, "10.0.0.2"},
		{"hostname: peer", "10.0.0.2", []string{"evil.example"}, 1, "10.0.0.2"},
		{"unknown: peer", "10.0.0.2", []string{"unknown"}, 1, "10.0.0.2"},
		{"overlong entry: peer", "10.0.0.2", []string{"1.2.3.4" + string(make([]byte, 100))}, 1, "10.0.0.2"},
		{"entry with port", "10.0.0.2", []string{"198.51.100.9:4711"}, 1, "198.51.100.9"},
		{"ipv6", "10.0.0.2", []string{"2001:db8::1"}, 1, "2001:db8::1"},
		{"bracketed ipv6 with port", "10.0.0.2", []string{"[2001:db8::1]:443"}, 1, "2001:db8::1"},
		{"bracketed ipv6", "10.0.0.2", []string{"[2001:db8::1]"}, 1, "2001:db8::1"},
		{"ipv4-mapped ipv6", "10.0.0.2", []string{"::ffff:198.51.100.9"}, 1, "198.51.100.9"},
		{"ipv6 peer", "2001:db8::5", []string{"1.2.3.4"}, 0, "2001:db8::5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req fasthttp.Request
			for _, v := range tt.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			var fctx fasthttp.RequestCtx
			fctx.Init(&req, &net.TCPAddr{IP: net.ParseIP(tt.peer), Port: 5555}, nil)
			c := app.AcquireCtx(&fctx)
			defer app.ReleaseCtx(c)
			if got := ratelimit.ClientIP(c, tt.hops); got != tt.want {
				t.Fatalf("ClientIP(hops=%d, XFF=%q, peer %s) = %q, want %q", tt.hops, tt.xff, tt.peer, got, tt.want)
			}
		})
	}
}

func TestSubjectIP(t *testing.T) {
	for in, want := range map[string]string{
		"198.51.100.9":         "198.51.100.9",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2::9":      "2001:db8:1:2::/64",
		"::ffff:198.51.100.9":  "198.51.100.9",
		"junk":                 "junk",
	} {
		if got := ratelimit.SubjectIP(in); got != want {
			t.Errorf("SubjectIP(%q) = %q, want %q", in, got, want)
		}
	}
}
