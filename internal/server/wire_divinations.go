package server

// Builds the casts-and-draws handlers (kept I Ching casts and Tarot draws:
// history, share links, and the hook the module pages call).

import (
	"github.com/bazi-master/bazi-master/handlers"
)

// WithDivinationRenderer sets the read-only page a share link of kind
// shows (tests pass a fake; the module pages are set in routes.go).
func WithDivinationRenderer(kind string, render handlers.DivinationRenderer) Option {
	return func(s *Server) {
		if s.divinationRender == nil {
			s.divinationRender = map[string]handlers.DivinationRenderer{}
		}
		s.divinationRender[kind] = render
	}
}

// divinationsHandler builds the casts-and-draws handlers once. The I Ching
// and Tarot pages get their Keep hook from its Keeper, and their read-only
// page is set with SetRenderer (routes.go).
func (s *Server) divinationsHandler(site *handlers.Site) *handlers.Divinations {
	if s.divinations != nil {
		return s.divinations
	}
	render := map[string]handlers.DivinationRenderer{}
	for kind, r := range s.divinationRender {
		render[kind] = r
	}
	s.divinations = handlers.NewDivinations(site, handlers.DivinationsDeps{
		Store:      s.Divinations,
		TrustProxy: s.Config.TrustProxy,
		BaseURL:    s.Config.FrontendURL,
		Render:     render,
	})
	return s.divinations
}

// renderDivination sets kind's share page on the casts-and-draws handler:
// the module page's read-only view, unless a test set its own
// (WithDivinationRenderer).
func (s *Server) renderDivination(kept *handlers.Divinations, kind string, page handlers.DivinationRenderer) {
	if _, overridden := s.divinationRender[kind]; overridden {
		return
	}
	kept.SetRenderer(kind, page)
}
