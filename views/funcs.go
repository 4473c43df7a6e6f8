package views

import "strconv"

func statusText(status int) string { return strconv.Itoa(status) }

// csrfHeaders is the hx-headers value that makes every htmx request carry
// the CSRF token; the token is base64url, so it needs no JSON escaping.
func csrfHeaders(token string) string {
	if token == "" {
		return ""
	}
	return `{"X-CSRF-Token":"` + token + `"}`
}
