package handlers

// OWNER: admin helper 1 (#8 overview, AI, system). Stub.

import (
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/views"
)

// AdminDeps is what the admin dashboard pages need.
type AdminDeps struct {
	Auth *Auth
}

// Admin serves the dashboard's overview, AI and system pages.
type Admin struct {
	site *Site
	deps AdminDeps
}

// NewAdmin returns the admin dashboard handlers.
func NewAdmin(site *Site, deps AdminDeps) *Admin { return &Admin{site: site, deps: deps} }

func (h *Admin) Overview(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.AdminHome(h.site.Page(c, "admin.title")))
}
func (h *Admin) AI(c *fiber.Ctx) error           { return fiber.ErrNotFound }
func (h *Admin) TestProvider(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (h *Admin) System(c *fiber.Ctx) error       { return fiber.ErrNotFound }
