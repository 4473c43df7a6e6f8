package handlers

// OWNER: transfer helper (#6 export JSON/CSV, import JSON). Stub.

import "github.com/gofiber/fiber/v2"

// TransferDeps is what export and import need.
type TransferDeps struct {
	Auth *Auth
}

// Transfer exports and imports saved charts.
type Transfer struct {
	site *Site
	deps TransferDeps
}

// NewTransfer returns the export/import handlers.
func NewTransfer(site *Site, deps TransferDeps) *Transfer { return &Transfer{site: site, deps: deps} }

func (h *Transfer) ExportJSON(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (h *Transfer) ExportCSV(c *fiber.Ctx) error  { return fiber.ErrNotFound }
func (h *Transfer) ImportPage(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (h *Transfer) Import(c *fiber.Ctx) error     { return fiber.ErrNotFound }
