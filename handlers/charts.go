package handlers

// OWNER: saved-charts helper (#6 save, saved chart page, edit, trash, share). Stub.

import "github.com/gofiber/fiber/v2"

// SavedChartsDeps is what the saved-chart pages need.
type SavedChartsDeps struct {
	Auth *Auth
}

// SavedCharts saves charts and serves one saved chart and its shared page.
type SavedCharts struct {
	site *Site
	deps SavedChartsDeps
}

// NewSavedCharts returns the saved-chart handlers.
func NewSavedCharts(site *Site, deps SavedChartsDeps) *SavedCharts {
	return &SavedCharts{site: site, deps: deps}
}

func (h *SavedCharts) SavePage(c *fiber.Ctx) error    { return fiber.ErrNotFound }
func (h *SavedCharts) Save(c *fiber.Ctx) error        { return fiber.ErrNotFound }
func (h *SavedCharts) Show(c *fiber.Ctx) error        { return fiber.ErrNotFound }
func (h *SavedCharts) Update(c *fiber.Ctx) error      { return fiber.ErrNotFound }
func (h *SavedCharts) Favourite(c *fiber.Ctx) error   { return fiber.ErrNotFound }
func (h *SavedCharts) Trash(c *fiber.Ctx) error       { return fiber.ErrNotFound }
func (h *SavedCharts) Restore(c *fiber.Ctx) error     { return fiber.ErrNotFound }
func (h *SavedCharts) Destroy(c *fiber.Ctx) error     { return fiber.ErrNotFound }
func (h *SavedCharts) Share(c *fiber.Ctx) error       { return fiber.ErrNotFound }
func (h *SavedCharts) RevokeShare(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (h *SavedCharts) Shared(c *fiber.Ctx) error      { return fiber.ErrNotFound }
