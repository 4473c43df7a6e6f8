package handlers

// OWNER: accounts helper (#5 e-mail sign-up/sign-in/verify/reset). Stub.

import "github.com/gofiber/fiber/v2"

// AccountsDeps is what the e-mail account pages need.
type AccountsDeps struct {
	Auth *Auth
}

// Accounts serves sign-up, sign-in, sign-out, e-mail verification and password reset.
type Accounts struct {
	site *Site
	deps AccountsDeps
}

// NewAccounts returns the account handlers.
func NewAccounts(site *Site, deps AccountsDeps) *Accounts { return &Accounts{site: site, deps: deps} }

func (h *Accounts) SignUpPage(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (h *Accounts) SignUp(c *fiber.Ctx) error             { return fiber.ErrNotImplemented }
func (h *Accounts) LoginPage(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
func (h *Accounts) Login(c *fiber.Ctx) error              { return fiber.ErrNotImplemented }
func (h *Accounts) Logout(c *fiber.Ctx) error             { return fiber.ErrNotImplemented }
func (h *Accounts) LogoutAll(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
func (h *Accounts) Verify(c *fiber.Ctx) error             { return fiber.ErrNotImplemented }
func (h *Accounts) ResendVerification(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
func (h *Accounts) ResetPage(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
func (h *Accounts) ResetRequest(c *fiber.Ctx) error       { return fiber.ErrNotImplemented }
func (h *Accounts) ResetConfirm(c *fiber.Ctx) error       { return fiber.ErrNotImplemented }
