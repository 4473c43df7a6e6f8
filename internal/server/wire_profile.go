package server

// OWNER: profile helper. Builds the profile handlers' dependencies.

import "github.com/bazi-master/bazi-master/handlers"

func (s *Server) profileHandler(site *handlers.Site) *handlers.Profile {
	return handlers.NewProfile(site, handlers.ProfileDeps{Auth: s.Auth})
}
