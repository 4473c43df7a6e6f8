package handlers

import (
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/tarotinput"
)

// TarotAPI serves GET /api/v1/tarot/cards and POST /api/v1/tarot/draw.
type TarotAPI struct{}

// NewTarotAPI returns the Tarot API.
func NewTarotAPI() *TarotAPI { return &TarotAPI{} }

// apiLang is the language of an API answer: ?lang= first, then
// Accept-Language, else English (the API runs before the language
// middleware and sets no cookie).
func apiLang(c *fiber.Ctx) string {
	return string(i18n.Negotiate(c.Query("lang"), c.Get(fiber.HeaderAcceptLanguage)))
}

// Cards is GET /api/v1/tarot/cards: the 78 cards in deck order.
func (h *TarotAPI) Cards(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"cards": tarotinput.CardsDocument(apiLang(c))})
}

// Draw is POST /api/v1/tarot/draw: {"spread", "question", "reversals"}
// (spread defaults to three-card, reversals to true) shuffled with
// crypto/rand. Refused input is a 400 naming the field, as the chart API.
func (h *TarotAPI) Draw(c *fiber.Ctx) error {
	req, ferr := tarotinput.DecodeJSON(c.Body())
	if ferr != nil {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: ferr.Code, Message: ferr.Message, Field: ferr.Field})
	}
	d, err := req.Shuffle(rand.Reader)
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: fe.Code, Message: fe.Message, Field: fe.Field})
		}
		return fmt.Errorf("shuffle tarot: %w", err)
	}
	return c.JSON(d.Document(apiLang(c)))
}
