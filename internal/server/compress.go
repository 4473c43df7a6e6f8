package server

import (
	"bytes"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// minCompress is the smallest body worth compressing: below it the gzip
// header and trailer eat most of the saving.
const minCompress = 1024

// gzipBufs recycles compression output; the response keeps the buffer and
// hands back the one it held (SwapBody), so nothing is copied.
var gzipBufs = sync.Pool{New: func() any { return new([]byte) }}

// compressResponses gzips dynamic responses at the fastest level.
//
// Pages and JSON are built per request, so compression cost is paid on
// every one: gzip level 1 takes about 80 µs for a 60 KB chart page and
// gives 12.9 KB, where level 6 takes 180 µs for 11.1 KB and brotli's
// default takes 770 µs for 10.6 KB. We therefore answer gzip even when the
// browser also offers br or zstd. Static assets are compressed once, at
// their best level, by staticAssets; event streams are never buffered.
func compressResponses() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := c.Next(); err != nil {
			return err
		}
		resp := c.Response()
		if resp.IsBodyStream() || len(resp.Header.Peek(fiber.HeaderContentEncoding)) > 0 ||
			!compressible(resp.Header.ContentType()) {
			return nil
		}
		addVary(resp)
		body := resp.Body()
		if len(body) < minCompress || !acceptsGzip(c.Request().Header.Peek(fiber.HeaderAcceptEncoding)) {
			return nil
		}
		bp := gzipBufs.Get().(*[]byte)
		*bp = fasthttp.AppendGzipBytesLevel((*bp)[:0], body, fasthttp.CompressBestSpeed)
		*bp = resp.SwapBody(*bp)
		gzipBufs.Put(bp)
		resp.Header.Set(fiber.HeaderContentEncoding, "gzip")
		return nil
	}
}

// compressible reports whether a content type is text that gzip shrinks.
func compressible(ct []byte) bool {
	for _, p := range [...]string{"text/", "application/json", "application/javascript", "image/svg+xml", "application/xml", "application/manifest+json"} {
		if len(ct) >= len(p) && string(ct[:len(p)]) == p {
			return true
		}
	}
	return false
}

// addVary tells caches that the body depends on Accept-Encoding.
func addVary(resp *fasthttp.Response) {
	v := resp.Header.Peek(fiber.HeaderVary)
	if len(v) == 0 {
		resp.Header.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
		return
	}
	if !bytes.Contains(bytes.ToLower(v), []byte("accept-encoding")) {
		resp.Header.Set(fiber.HeaderVary, string(v)+", "+fiber.HeaderAcceptEncoding)
	}
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) listed without
// q=0.
func acceptsGzip(h []byte) bool {
	for len(h) > 0 {
		var item []byte
		if i := bytes.IndexByte(h, ','); i >= 0 {
			item, h = h[:i], h[i+1:]
		} else {
			item, h = h, nil
		}
		name, params, _ := bytes.Cut(item, []byte(";"))
		name = bytes.TrimSpace(name)
		if !bytes.EqualFold(name, []byte("gzip")) && !bytes.Equal(name, []byte("*")) {
			continue
		}
		return !zeroQ(params)
	}
	return false
}

// zeroQ reports whether parameters carry q=0 (q=0, q=0.0, q=0.000).
func zeroQ(params []byte) bool {
	for _, p := range bytes.Split(params, []byte(";")) {
		k, v, ok := bytes.Cut(bytes.TrimSpace(p), []byte("="))
		if !ok || !bytes.EqualFold(bytes.TrimSpace(k), []byte("q")) {
			continue
		}
		v = bytes.TrimSpace(v)
		if len(v) == 0 || v[0] != '0' {
			return false
		}
		return len(bytes.Trim(v[1:], ".0")) == 0
	}
	return false
}
