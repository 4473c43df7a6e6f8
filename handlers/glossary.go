package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/views"
)

// Glossary is GET /glossary: every chart term, explained, at the anchors
// the chart's terms link to. The Chinese beside an English name is the
// Simplified Chinese catalog's.
func (h *Pages) Glossary(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.GlossaryPage(h.site.Page(c, "glossary.title"), h.site.I18n.For(i18n.SimplifiedChinese)))
}
