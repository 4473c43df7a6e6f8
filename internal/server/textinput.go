package server

import (
	"bytes"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/textguard"
)

// refuseBadText answers 400, naming the field, to any request whose query,
// form, JSON body or cookies hold a NUL byte or bytes that are not UTF-8.
// PostgreSQL refuses both in text, so without this one check every handler
// that stores or searches text would turn such input into a 500.
func refuseBadText(c *fiber.Ctx) error {
	if field, bad := textguard.ArgsField(c.Context().QueryArgs()); bad {
		return &handlers.BadTextError{Field: field}
	}
	ct := c.Request().Header.ContentType()
	switch {
	case bytes.HasPrefix(ct, []byte(fiber.MIMEApplicationForm)):
		if field, bad := textguard.ArgsField(c.Context().PostArgs()); bad {
			return &handlers.BadTextError{Field: field}
		}
	case bytes.HasPrefix(ct, []byte(fiber.MIMEMultipartForm)):
		// Text parts only; an uploaded file is its reader's to check.
		// The parsed form is kept on the request for the handler.
		if form, err := c.MultipartForm(); err == nil {
			for k, vs := range form.Value {
				for _, v := range vs {
					if !textguard.Valid(k) || !textguard.Valid(v) {
						return &handlers.BadTextError{Field: k}
					}
				}
			}
		}
	case bytes.Contains(ct, []byte("json")):
		if field, bad := textguard.JSONField(c.Body()); bad {
			return &handlers.BadTextError{Field: field}
		}
	}
	var cookie string
	c.Request().Header.VisitAllCookie(func(k, v []byte) {
		if cookie == "" && (!textguard.Valid(k) || !textguard.Valid(v)) {
			cookie = string(bytes.ToValidUTF8(k, nil))
		}
	})
	if cookie != "" {
		return &handlers.BadTextError{Field: cookie}
	}
	return c.Next()
}
