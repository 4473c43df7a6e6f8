package server

// OWNER: accounts helper. Builds the e-mail account handlers' dependencies.

import (
	"crypto/x509"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/auth/token"
	"github.com/bazi-master/bazi-master/internal/mail"
)

// accountsHandler builds the sign-up/sign-in/verify/reset handlers: mail
// through SMTP when SMTP_* is configured (with a copy of each message in the
// log outside production), only the log outside production otherwise, and
// links signed with SESSION_TOKEN_SECRET on the server's clock.
func (s *Server) accountsHandler(site *handlers.Site) *handlers.Accounts {
	return handlers.NewAccounts(site, handlers.AccountsDeps{
		Auth:           s.Auth,
		Mailer:         mail.NewSender(s.Config.SMTP, s.Config.SMTPConfigured, s.Config.Production, s.Log),
		Tokens:         token.NewSigner(s.Config.SessionTokenSecret, s.now),
		BaseURL:        s.Config.BackendBaseURL,
		OAuthProviders: s.oauthEnabled(),
		Log:            s.Log,
	})
}

// WithSMTPRootCAs makes the SMTP client trust pool instead of the system
// roots (tests: the in-process SMTP server's self-signed certificate). The
// rest of the relay settings still come from SMTP_*.
func WithSMTPRootCAs(pool *x509.CertPool) Option {
	return func(s *Server) { s.Config.SMTP.RootCAs = pool }
}
