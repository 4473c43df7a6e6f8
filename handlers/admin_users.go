package handlers

// OWNER: admin helper 2 (#8 users, audit log). Stub.

import "github.com/gofiber/fiber/v2"

// AdminUsersDeps is what user management and the audit log need.
type AdminUsersDeps struct {
	Auth *Auth
}

// AdminUsers manages accounts and shows the audit log.
type AdminUsers struct {
	site *Site
	deps AdminUsersDeps
}

// NewAdminUsers returns the user-management handlers.
func NewAdminUsers(site *Site, deps AdminUsersDeps) *AdminUsers {
	return &AdminUsers{site: site, deps: deps}
}

func (h *AdminUsers) List(c *fiber.Ctx) error           { return fiber.ErrNotFound }
func (h *AdminUsers) Show(c *fiber.Ctx) error           { return fiber.ErrNotFound }
func (h *AdminUsers) Disable(c *fiber.Ctx) error        { return fiber.ErrNotFound }
func (h *AdminUsers) Enable(c *fiber.Ctx) error         { return fiber.ErrNotFound }
func (h *AdminUsers) RevokeSessions(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (h *AdminUsers) SetQuota(c *fiber.Ctx) error       { return fiber.ErrNotFound }
func (h *AdminUsers) Audit(c *fiber.Ctx) error          { return fiber.ErrNotFound }
