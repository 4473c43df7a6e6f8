package handlers

// OWNER: OAuth helper (#5 Google and WeChat through goth). Stub.

import "github.com/gofiber/fiber/v2"

// OAuthDeps is what provider sign-in needs.
type OAuthDeps struct {
	Auth *Auth
}

// OAuth serves /auth/{provider}, its callback, and unlinking.
type OAuth struct {
	site *Site
	deps OAuthDeps
}

// NewOAuth returns the provider sign-in handlers.
func NewOAuth(site *Site, deps OAuthDeps) *OAuth { return &OAuth{site: site, deps: deps} }

func (h *OAuth) Begin(c *fiber.Ctx) error    { return fiber.ErrNotFound }
func (h *OAuth) Callback(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (h *OAuth) Unlink(c *fiber.Ctx) error   { return fiber.ErrNotFound }
