package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/views"
)

// Pages serves the content pages that need nothing but the site frame.
type Pages struct{ site *Site }

// NewPages returns the content page handlers.
func NewPages(site *Site) *Pages { return &Pages{site: site} }

// Home is GET /.
func (h *Pages) Home(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.Home(h.site.Page(c, ""), BirthDefaults(CurrentUser(c))))
}
