package ratelimit

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// ClientIP is the address to attribute a request to, trusting exactly
// trustedHops reverse proxies (config TRUST_PROXY).
//
// With trustedHops 0 it is the TCP peer and X-Forwarded-For is ignored:
// anyone can send that header. With n > 0 it is the n-th X-Forwarded-For
// entry from the right, the address the outermost trusted proxy saw
// (each proxy appends its peer, so entries left of that one are whatever
// the client claimed). When the header has fewer entries, or that entry
// is not an IP address (an optional port is tolerated), the TCP peer is
// used. Several X-Forwarded-For header lines are read as one list, in order.
//
// IPv4-mapped IPv6 addresses are reported as IPv4; zones are dropped.
func ClientIP(c *fiber.Ctx, trustedHops int) string {
	peer := peerIP(c)
	if trustedHops <= 0 {
		return peer
	}
	var entries []string
	for _, line := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		entries = append(entries, strings.Split(string(line), ",")...)
	}
	if len(entries) < trustedHops {
		return peer
	}
	if ip, ok := parseIP(entries[len(entries)-trustedHops]); ok {
		return ip
	}
	return peer
}

func peerIP(c *fiber.Ctx) string {
	if addr, ok := netip.AddrFromSlice(c.Context().RemoteIP()); ok {
		return addr.Unmap().WithZone("").String()
	}
	return "0.0.0.0"
}

// parseIP accepts "1.2.3.4", "2001:db8::1", "1.2.3.4:80", "[2001:db8::1]:80".
func parseIP(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return "", false
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			// "[2001:db8::1]" without a port.
			if h, ok := strings.CutPrefix(s, "["); ok {
				if h, ok = strings.CutSuffix(h, "]"); ok {
					return parseIP(h)
				}
			}
			return "", false
		}
		addr = ap.Addr()
	}
	return addr.Unmap().WithZone("").String(), true
}

// SubjectIP is ip as a rate-limit subject: IPv4 addresses as they are,
// IPv6 addresses by their /64, since one client usually holds a whole /64.
func SubjectIP(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, err := addr.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
