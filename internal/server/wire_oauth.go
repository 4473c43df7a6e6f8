package server

// Builds the Google and WeChat sign-in handler from the configuration. The
// goth providers are made per server and called directly (never goth's
// global registry or gothic), so several servers in one process, as in the
// tests, each keep their own; the OAuth state lives in the shared store.

import (
	"net/http"
	"strconv"
	"time"

	"github.com/markbates/goth"
	"github.com/markbates/goth/providers/google"
	"github.com/markbates/goth/providers/wechat"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/auth/oauth"
)

// oauthSettings are test overrides plus the handler, built once per server.
type oauthSettings struct {
	httpClient                             *http.Client
	wechatAuth, wechatToken, wechatProfile string
	handler                                *handlers.OAuth
}

// WithOAuthHTTPClient makes the Google provider use client (tests point its
// transport at a fake identity server; Google's endpoints are constants).
func WithOAuthHTTPClient(client *http.Client) Option {
	return func(s *Server) { s.oauthOpts.httpClient = client }
}

// WithWeChatURLs points the WeChat provider at other endpoints (a fake
// identity server in tests). Empty values keep WeChat's own.
func WithWeChatURLs(auth, token, profile string) Option {
	return func(s *Server) {
		s.oauthOpts.wechatAuth, s.oauthOpts.wechatToken, s.oauthOpts.wechatProfile = auth, token, profile
	}
}

// oauthHandler returns the provider sign-in handler, building it on first use.
func (s *Server) oauthHandler(site *handlers.Site) *handlers.OAuth {
	if s.oauthOpts.handler == nil {
		s.oauthOpts.handler = handlers.NewOAuth(site, handlers.OAuthDeps{
			Auth:       s.Auth,
			Identities: s.Identities,
			Providers:  s.oauthProviders(),
			States:     oauth.NewStates(s.Store, s.now),
			Log:        s.Log,
			Secure:     s.Config.Production,
			Timeout:    15 * time.Second,
			Secrets:    []string{s.Config.GoogleClientSecret, s.Config.WeChatSecret},
			Now:        s.now,
		})
	}
	return s.oauthOpts.handler
}

// oauthEnabled lists the configured providers ("google", "wechat") in
// button order, for the login and sign-up pages.
func (s *Server) oauthEnabled() []string {
	var out []string
	ps := s.oauthProviders()
	for _, name := range oauth.Known {
		if ps[name] != nil {
			out = append(out, name)
		}
	}
	return out
}

// oauthProviders builds a provider for each one whose id and secret are set.
func (s *Server) oauthProviders() map[string]goth.Provider {
	cfg := s.Config
	out := map[string]goth.Provider{}
	if cfg.GoogleClientID != "" && cfg.GoogleClientSecret != "" {
		g := google.New(cfg.GoogleClientID, cfg.GoogleClientSecret, s.oauthCallbackURL(cfg.GoogleRedirectURI, oauth.Google), "email", "profile")
		g.SetAccessType("online") // the app never calls Google later: no refresh token
		g.SetPrompt("select_account")
		g.HTTPClient = s.oauthOpts.httpClient
		if g.HTTPClient == nil {
			g.HTTPClient = &http.Client{Timeout: 10 * time.Second}
		}
		out[oauth.Google] = g
	}
	if cfg.WeChatAppID != "" && cfg.WeChatSecret != "" {
		w := wechat.New(cfg.WeChatAppID, cfg.WeChatSecret, s.oauthCallbackURL(cfg.WeChatRedirectURI, oauth.WeChat), wechat.WECHAT_LANG_CN)
		if s.oauthOpts.wechatAuth != "" {
			w.AuthURL = s.oauthOpts.wechatAuth
		}
		if s.oauthOpts.wechatToken != "" {
			w.TokenURL = s.oauthOpts.wechatToken
		}
		if s.oauthOpts.wechatProfile != "" {
			w.ProfileURL = s.oauthOpts.wechatProfile
		}
		out[oauth.WeChat] = w
	}
	return out
}

// oauthCallbackURL is the configured redirect URI, else
// BACKEND_BASE_URL/auth/{provider}/callback, else the local server's.
func (s *Server) oauthCallbackURL(configured, provider string) string {
	if configured != "" {
		return configured
	}
	base := s.Config.BackendBaseURL
	if base == "" {
		base = s.Config.FrontendURL
	}
	if base == "" {
		base = "http://localhost:" + strconv.Itoa(s.Config.Port)
	}
	return base + "/auth/" + provider + "/callback"
}
