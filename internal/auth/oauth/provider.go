package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/markbates/goth"
	"golang.org/x/oauth2"

	"github.com/bazi-master/bazi-master/models"
)

// Provider names, as in the routes (/auth/google) and the identities table.
const (
	Google = "google"
	WeChat = "wechat"
)

// Known lists every provider the app supports, in the order buttons show them.
var Known = []string{Google, WeChat}

// IsKnown reports whether name is a supported provider (configured or not).
func IsKnown(name string) bool {
	for _, k := range Known {
		if k == name {
			return true
		}
	}
	return false
}

// Profile is a provider's answer reduced to what the app uses.
type Profile struct {
	Provider string
	// ID is the key a new identity is stored under.
	ID string
	// LookupIDs are the keys an existing identity may be stored under, best
	// first (WeChat: the UnionID, then the OpenID).
	LookupIDs []string
	// Email is set only when the provider vouches for it (Google's
	// verified_email); "" otherwise. WeChat's synthetic address is never used.
	Email     string
	Name      string
	AvatarURL string
}

// maxNameRunes caps a display name taken from a provider.
const maxNameRunes = 64

// ProfileFrom normalises goth's user for provider.
//
// Google accounts are keyed by Google's stable user id ("sub"); the e-mail
// is kept only when verified_email is true.
//
// WeChat accounts are keyed by the UnionID when WeChat sends one (the app is
// bound to a WeChat Open Platform account): it is the same for one person
// across every app of that platform account (website QR login, official
// account, mini program), where the OpenID differs per app. Without a
// UnionID the OpenID is the key. Look-ups try the UnionID and then the
// OpenID, so an identity stored by OpenID before the app was bound is still
// found. goth's "<openid>@wechat.com" address is synthetic and never used.
func ProfileFrom(provider string, u goth.User) (Profile, error) {
	p := Profile{Provider: provider, Name: cleanName(firstNonEmpty(u.Name, u.NickName, strings.TrimSpace(u.FirstName+" "+u.LastName))), AvatarURL: cleanURL(u.AvatarURL)}
	switch provider {
	case Google:
		p.ID = strings.TrimSpace(u.UserID)
		p.LookupIDs = []string{p.ID}
		if verified(u.RawData) {
			p.Email = models.NormalizeEmail(u.Email)
		}
	case WeChat:
		openID := strings.TrimSpace(u.UserID)
		unionID := ""
		if v, ok := u.RawData["Unionid"].(string); ok {
			unionID = strings.TrimSpace(v)
		}
		p.ID = firstNonEmpty(unionID, openID)
		for _, id := range []string{unionID, openID} {
			if id != "" {
				p.LookupIDs = append(p.LookupIDs, id)
			}
		}
	default:
		return Profile{}, fmt.Errorf("unknown provider %q", provider)
	}
	if p.ID == "" {
		return Profile{}, fmt.Errorf("%s returned no user id", provider)
	}
	return p, nil
}

// verified reads Google's flag: "verified_email" (v2 userinfo) or
// "email_verified" (OpenID Connect), as a boolean or the string "true".
func verified(raw map[string]any) bool {
	for _, k := range []string{"verified_email", "email_verified"} {
		switch v := raw[k].(type) {
		case bool:
			if v {
				return true
			}
		case string:
			if v == "true" {
				return true
			}
		}
	}
	return false
}

func cleanName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxNameRunes {
		s = string([]rune(s)[:maxNameRunes])
	}
	return s
}

// cleanURL keeps only http(s) avatar URLs.
func cleanURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s) > 2048 {
		return ""
	}
	return u.String()
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// ErrTimeout is returned when the provider takes too long.
var ErrTimeout = errors.New("provider did not answer in time")

// StepError says which step of the round trip failed.
type StepError struct {
	Step string // "session", "token" or "profile"
	Err  error
}

func (e *StepError) Error() string { return e.Step + ": " + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// Exchange trades the callback's code for a token and fetches the user's
// profile, giving up when ctx ends. goth's calls take no context (WeChat's
// even use http.DefaultClient), so they run in their own goroutine; a call
// that outlives ctx finishes in the background and is discarded.
func Exchange(ctx context.Context, p goth.Provider, params url.Values) (goth.User, error) {
	type result struct {
		user goth.User
		err  error
	}
	done := make(chan result, 1)
	go func() {
		sess, err := p.UnmarshalSession("{}")
		if err != nil {
			done <- result{err: &StepError{Step: "session", Err: err}}
			return
		}
		if _, err := sess.Authorize(p, params); err != nil {
			done <- result{err: &StepError{Step: "token", Err: err}}
			return
		}
		u, err := p.FetchUser(sess)
		if err != nil {
			done <- result{err: &StepError{Step: "profile", Err: err}}
			return
		}
		done <- result{user: u}
	}()
	select {
	case r := <-done:
		return r.user, r.err
	case <-ctx.Done():
		return goth.User{}, ErrTimeout
	}
}

// SafeError describes err for the log without secrets: URLs (which carry the
// client secret, the code or the access token in WeChat's and Google's
// requests) are reduced to their host, token-endpoint answers to their
// status and error code, and any of the given secrets still present are
// masked.
func SafeError(err error, secrets ...string) string {
	if err == nil {
		return ""
	}
	step := ""
	var se *StepError
	if errors.As(err, &se) {
		step = se.Step + ": "
	}
	var msg string
	var re *oauth2.RetrieveError
	var ue *url.Error
	switch {
	case errors.As(err, &re):
		msg = "token endpoint answered"
		if re.Response != nil {
			msg += fmt.Sprintf(" %d", re.Response.StatusCode)
		}
		if re.ErrorCode != "" {
			msg += " " + re.ErrorCode
		}
	case errors.As(err, &ue):
		host := ""
		if u, perr := url.Parse(ue.URL); perr == nil {
			host = u.Host
		}
		msg = fmt.Sprintf("%s %s: %v", ue.Op, host, ue.Err)
	default:
		msg = err.Error()
	}
	msg = step + strings.TrimPrefix(msg, step)
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return msg
}
