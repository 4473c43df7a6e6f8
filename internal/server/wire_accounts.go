package server

// OWNER: accounts helper. Builds the e-mail account handlers' dependencies.

import "github.com/bazi-master/bazi-master/handlers"

func (s *Server) accountsHandler(site *handlers.Site) *handlers.Accounts {
	return handlers.NewAccounts(site, handlers.AccountsDeps{Auth: s.Auth})
}
