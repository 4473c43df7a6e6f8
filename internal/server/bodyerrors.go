package server

import (
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// requestRestoredKey marks a request whose line was put back.
const requestRestoredKey = "bazi-request-restored"

// keepRequestOnBodyErrors makes errors met while reading a chunked body
// (over BodyLimit, or malformed) answer in the request's own terms: fasthttp
// resets the whole request when reading its body fails, so the error
// handler would see "GET /" and give an API client an HTML page. The
// request line and Accept header of each chunked request are noted when
// its headers arrive and put back before the error is rendered. A body with
// a Content-Length over the limit is refused before it is read, with the
// request intact, and needs none of this.
func keepRequestOnBodyErrors(app *fiber.App) {
	if app.Server().HeaderReceived != nil {
		panic("keepRequestOnBodyErrors: HeaderReceived is already set")
	}
	srv := app.Server()
	var pending sync.Map // *fasthttp.RequestHeader → requestLine
	type requestLine struct{ method, uri, accept string }
	srv.HeaderReceived = func(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
		if h.ContentLength() == -1 { // chunked
			pending.Store(h, requestLine{string(h.Method()), string(h.RequestURI()), string(h.Peek(fiber.HeaderAccept))})
		} else {
			pending.Delete(h)
		}
		return fasthttp.RequestConfig{} // the server's own limits
	}
	onError := srv.ErrorHandler
	srv.ErrorHandler = func(ctx *fasthttp.RequestCtx, err error) {
		if v, ok := pending.LoadAndDelete(&ctx.Request.Header); ok {
			r := v.(requestLine)
			ctx.Request.Header.SetMethod(r.method)
			ctx.Request.Header.SetRequestURI(r.uri)
			if r.accept != "" {
				ctx.Request.Header.Set(fiber.HeaderAccept, r.accept)
			}
			ctx.SetUserValue(requestRestoredKey, true)
		}
		onError(ctx, err)
	}
}
