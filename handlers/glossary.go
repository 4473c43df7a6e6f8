package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/views"
)

// Glossary is GET /glossary: every chart term, explained, at the anchors
// the chart's terms link to. The Chinese beside an English name is the
// Simplified Chinese catalog's; a Korean page prints the Hanja (the
// traditional catalog's) beside the Hangul.
func (h *Pages) Glossary(c *fiber.Ctx) error {
	p := h.site.Page(c, "glossary.title")
	zh := h.site.I18n.For(i18n.SimplifiedChinese)
	if p.Hanja != nil {
		zh = p.Hanja
	}
	return render(c, fiber.StatusOK, views.GlossaryPage(p, zh))
}
