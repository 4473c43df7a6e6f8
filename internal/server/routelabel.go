package server

import (
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// routeResolver names the route a request is for from its method and
// URI alone, with fiber's own matching over a copy of the app's route
// table (its handlers only note their pattern). It serves requests that
// ended before reaching their route: refused by a middleware mounted with
// Use, or by the HTTP server before routing.
type routeResolver struct {
	handler fasthttp.RequestHandler
	ctxs    sync.Pool // *fasthttp.RequestCtx
}

// routePatternKey is the user value the copy's handlers set.
const routePatternKey = "bazi-route-pattern"

// newRouteResolver copies app's routes (not its Use middleware); call it
// once every route is registered. The copy matches as app does (same
// case sensitivity and trailing-slash rules).
func newRouteResolver(app *fiber.App) *routeResolver {
	cfg := app.Config()
	shadow := fiber.New(fiber.Config{
		DisableStartupMessage: true,
		CaseSensitive:         cfg.CaseSensitive,
		StrictRouting:         cfg.StrictRouting,
		UnescapePath:          cfg.UnescapePath,
		RequestMethods:        cfg.RequestMethods,
	})
	for _, r := range app.GetRoutes(true) {
		pattern := r.Path
		shadow.Add(r.Method, r.Path, func(c *fiber.Ctx) error {
			c.Context().SetUserValue(routePatternKey, pattern)
			return nil
		})
	}
	// Nothing matched: no 404 page to build.
	shadow.Use(func(*fiber.Ctx) error { return nil })
	return &routeResolver{
		handler: shadow.Handler(),
		ctxs:    sync.Pool{New: func() any { return new(fasthttp.RequestCtx) }},
	}
}

// resolve returns the pattern of the route c's method and URI match, or
// "unmatched".
func (r *routeResolver) resolve(c *fiber.Ctx) string {
	fctx := r.ctxs.Get().(*fasthttp.RequestCtx)
	defer func() {
		fctx.ResetUserValues()
		fctx.Request.Reset()
		fctx.Response.Reset()
		r.ctxs.Put(fctx)
	}()
	fctx.Request.Header.SetMethodBytes(c.Request().Header.Method())
	fctx.Request.SetRequestURIBytes(c.Request().RequestURI())
	r.handler(fctx)
	if p, ok := fctx.UserValue(routePatternKey).(string); ok {
		return p
	}
	return "unmatched"
}
