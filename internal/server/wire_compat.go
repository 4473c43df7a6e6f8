package server

// OWNER: compatibility. Builds the compatibility page's dependencies.

import "github.com/bazi-master/bazi-master/handlers"

func (s *Server) compatHandler(site *handlers.Site) *handlers.Compat {
	return handlers.NewCompat(site, handlers.CompatDeps{Charts: s.Charts, Now: s.now})
}
