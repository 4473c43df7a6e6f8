package server

// OWNER: OAuth helper. Builds the provider sign-in handlers' dependencies.

import "github.com/bazi-master/bazi-master/handlers"

func (s *Server) oauthHandler(site *handlers.Site) *handlers.OAuth {
	return handlers.NewOAuth(site, handlers.OAuthDeps{Auth: s.Auth})
}
