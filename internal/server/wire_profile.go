package server

// OWNER: profile helper. Builds the profile handlers' dependencies.

import "github.com/bazi-master/bazi-master/handlers"

func (s *Server) profileHandler(site *handlers.Site) *handlers.Profile {
	return handlers.NewProfile(site, handlers.ProfileDeps{
		Auth:       s.Auth,
		Identities: s.Identities,
		// The OAuth handler knows which providers are configured and when
		// unlinking would leave no way to sign in.
		ProviderLinks: s.oauthHandler(site).Links,
		SecureCookies: s.Config.Production,
		ExportSources: []handlers.ExportSource{handlers.ChartsExportSource(s.Charts), handlers.ReadingsExportSource(s.Readings), handlers.DivinationsExportSource(s.Divinations), handlers.PortraitsExportSource(s.Portraits)},
	})
}
