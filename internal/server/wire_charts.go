package server

// Builds the saved-chart handlers. Each handler's owner extends its Deps here.

import (
	"context"

	"gorm.io/gorm"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/models"
)

func (s *Server) historyHandler(site *handlers.Site) *handlers.History {
	return handlers.NewHistory(site, handlers.HistoryDeps{Auth: s.Auth, Charts: s.Charts})
}

func (s *Server) savedChartsHandler(site *handlers.Site) *handlers.SavedCharts {
	form := handlers.NewChartForm(site)
	chart := handlers.NewChartPage(site, form, s.now)
	chart.ReadingLeft = s.readingLeft
	chart.PortraitPanel = s.portraitPanel
	board := handlers.NewZiweiPage(site, form, s.now)
	board.ReadingLeft = s.readingLeft
	natal := handlers.NewAstroPage(site, form, s.now)
	natal.ReadingLeft = s.readingLeft
	return handlers.NewSavedCharts(site, handlers.SavedChartsDeps{
		Auth:    s.Auth,
		Charts:  s.Charts,
		Chart:   chart,
		Ziwei:   board,
		Astro:   natal,
		BaseURL: s.Config.FrontendURL,
	})
}

func (s *Server) transferHandler(site *handlers.Site) *handlers.Transfer {
	return handlers.NewTransfer(site, handlers.TransferDeps{
		Auth:        s.Auth,
		Charts:      s.Charts,
		Divinations: s.Divinations,
		// An import's charts and casts are written in one transaction: all or none.
		InTx: func(ctx context.Context, fn func(*models.Charts, *models.Divinations) error) error {
			return s.DB.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				return fn(models.NewCharts(tx), models.NewDivinations(tx))
			})
		},
	})
}
