package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/places"
)

// PlacesAPI is GET /api/v1/places?q=…&limit=…: the gazetteer as JSON.
func PlacesAPI(c *fiber.Ctx) error {
	q := strings.TrimSpace(c.Query("q"))
	if q == "" {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: "required", Field: "q", Message: "Type part of a place name in q."})
	}
	if len(q) > 200 {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: "too_long", Field: "q", Message: "The query is longer than 200 characters."})
	}
	limit := 10
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > places.MaxLimit {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: "out_of_range", Field: "limit", Message: "limit must be a whole number from 1 to " + strconv.Itoa(places.MaxLimit) + "."})
		}
		limit = n
	}
	found := places.Search(q, limit)
	out := make([]placeJSON, len(found))
	for i, p := range found {
		out[i] = placeJSON{p, p.AdminZhHans, p.AdminZhHant, p.Prefecture, p.PrefectureZhHans, p.PrefectureZhHant,
			p.CountryNameZhHans, p.CountryNameZhHant, p.Approx}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.JSON(out)
}

// placeJSON is a place as GET /api/v1/places shows it: Place's own keys (the
// ones saved charts embed) and the names a caller needs to write where the
// place is in Chinese. The prefecture keys are set for counties only.
type placeJSON struct {
	places.Place
	AdminZhHans       string `json:"admin_zh_hans"`
	AdminZhHant       string `json:"admin_zh_hant"`
	Prefecture        string `json:"prefecture"`
	PrefectureZhHans  string `json:"prefecture_zh_hans"`
	PrefectureZhHant  string `json:"prefecture_zh_hant"`
	CountryNameZhHans string `json:"country_name_zh_hans"`
	CountryNameZhHant string `json:"country_name_zh_hant"`
	// Approximate: the county's own seat is in no source, so these are its
	// prefecture's coordinates.
	Approximate bool `json:"approximate,omitempty"`
}
