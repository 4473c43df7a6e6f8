package handlers

// OWNER: history helper (#6 history list, search, filters, bulk actions). Stub.

import "github.com/gofiber/fiber/v2"

// HistoryDeps is what the history pages need.
type HistoryDeps struct {
	Auth *Auth
}

// History lists the signed-in user's charts and acts on many at once.
type History struct {
	site *Site
	deps HistoryDeps
}

// NewHistory returns the history handlers.
func NewHistory(site *Site, deps HistoryDeps) *History { return &History{site: site, deps: deps} }

func (h *History) List(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (h *History) Bulk(c *fiber.Ctx) error { return fiber.ErrNotFound }
