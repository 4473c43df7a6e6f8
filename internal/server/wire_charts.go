package server

// Builds the saved-chart handlers. Each handler's owner extends its Deps here.

import "github.com/bazi-master/bazi-master/handlers"

func (s *Server) historyHandler(site *handlers.Site) *handlers.History {
	return handlers.NewHistory(site, handlers.HistoryDeps{Auth: s.Auth})
}

func (s *Server) savedChartsHandler(site *handlers.Site) *handlers.SavedCharts {
	return handlers.NewSavedCharts(site, handlers.SavedChartsDeps{Auth: s.Auth})
}

func (s *Server) transferHandler(site *handlers.Site) *handlers.Transfer {
	return handlers.NewTransfer(site, handlers.TransferDeps{Auth: s.Auth})
}
