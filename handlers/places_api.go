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
	if found == nil {
		found = []places.Place{}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.JSON(found)
}
