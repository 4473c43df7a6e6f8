package handlers

// OWNER: profile helper (#5 profile, export, delete; admin placeholder). Stub.

import "github.com/gofiber/fiber/v2"

// ProfileDeps is what the profile pages need.
type ProfileDeps struct {
	Auth *Auth
}

// Profile serves the signed-in user's own pages.
type Profile struct {
	site *Site
	deps ProfileDeps
}

// NewProfile returns the profile handlers.
func NewProfile(site *Site, deps ProfileDeps) *Profile { return &Profile{site: site, deps: deps} }

func (h *Profile) Show(c *fiber.Ctx) error           { return fiber.ErrNotImplemented }
func (h *Profile) Update(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (h *Profile) ChangePassword(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
func (h *Profile) Export(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (h *Profile) Delete(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (h *Profile) Admin(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
