package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// staticFile is one embedded asset, held in memory with its compressed
// form, made once at start-up.
type staticFile struct {
	contentType string
	etag        string
	raw, gz     []byte // gz is nil when compression does not pay
}

// staticAssets serves the embedded assets under /static/. Their URLs carry
// a content hash (static.Assets), so a year of caching is safe; they are
// gzipped once at the best level instead of on every request.
// The files are embedded in the binary, so a failure to read them is a
// build defect, not a runtime condition: it panics at start-up.
func staticAssets(files fs.FS) fiber.Handler {
	assets := map[string]*staticFile{}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		f := &staticFile{raw: raw, contentType: mime.TypeByExtension(path.Ext(name))}
		if f.contentType == "" {
			f.contentType = fiber.MIMEOctetStream
		}
		sum := sha256.Sum256(raw)
		f.etag = `"` + hex.EncodeToString(sum[:8]) + `"`
		if compressible([]byte(f.contentType)) && len(raw) >= minCompress {
			var b bytes.Buffer
			w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			_, _ = w.Write(raw)
			if err := w.Close(); err != nil {
				return err
			}
			if b.Len() < len(raw) {
				f.gz = b.Bytes()
			}
		}
		assets[name] = f
		return nil
	})
	if err != nil {
		panic("static assets: " + err.Error())
	}
	return func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return c.Next()
		}
		f, ok := assets[strings.TrimPrefix(c.Path(), "/static/")]
		if !ok {
			return c.Next()
		}
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		c.Set(fiber.HeaderETag, f.etag)
		c.Set(fiber.HeaderContentType, f.contentType)
		if f.gz != nil {
			c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
		}
		if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" && strings.Contains(inm, f.etag) {
			return c.SendStatus(fiber.StatusNotModified)
		}
		if f.gz != nil && acceptsGzip(c.Request().Header.Peek(fiber.HeaderAcceptEncoding)) {
			c.Set(fiber.HeaderContentEncoding, "gzip")
			return c.Send(f.gz)
		}
		return c.Send(f.raw)
	}
}
