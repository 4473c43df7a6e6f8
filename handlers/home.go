package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/views"
)

// Pages serves the content pages that need nothing but the site frame.
type Pages struct {
	site *Site
	// today, when set, is the home page's "today" card for a signed-in
	// reader (nil for guests).
	today func(*fiber.Ctx, views.Page) *views.TodayWidget
}

// SetToday gives the home page its "today" card (see Daily.Today).
func (h *Pages) SetToday(f func(*fiber.Ctx, views.Page) *views.TodayWidget) { h.today = f }

// NewPages returns the content page handlers.
func NewPages(site *Site) *Pages { return &Pages{site: site} }

// Home is GET /.
func (h *Pages) Home(c *fiber.Ctx) error {
	p := h.site.Page(c, "")
	var today *views.TodayWidget
	if h.today != nil {
		today = h.today(c, p)
	}
	return render(c, fiber.StatusOK, views.Home(p, BirthDefaults(CurrentUser(c)), today))
}
