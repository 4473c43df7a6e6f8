package server

// OWNER: daily guidance helper. Builds the daily guidance handlers.

import "github.com/bazi-master/bazi-master/handlers"

func (s *Server) dailyHandler(site *handlers.Site) *handlers.Daily {
	return handlers.NewDaily(site, handlers.DailyDeps{Charts: s.Charts, Users: s.Users, Now: s.now})
}
