package server

// Builds the admin dashboard handlers; each owner extends its Deps here.

import "github.com/bazi-master/bazi-master/handlers"

func (s *Server) adminHandler(site *handlers.Site) *handlers.Admin {
	return handlers.NewAdmin(site, handlers.AdminDeps{Auth: s.Auth})
}

func (s *Server) adminUsersHandler(site *handlers.Site) *handlers.AdminUsers {
	return handlers.NewAdminUsers(site, handlers.AdminUsersDeps{Auth: s.Auth})
}
