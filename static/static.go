// Package static embeds what the browser downloads: the built CSS, the
// vendored htmx files, the app's small script and images.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"strings"
)

//go:embed css js img
var files embed.FS

// FS is the embedded file tree, served under /static/.
func FS() fs.FS { return files }

// Assets turns a file name into a URL that changes when the file does, so
// browsers may cache every asset for a year.
type Assets struct {
	urls map[string]string
}

// NewAssets hashes every embedded file once at start-up.
func NewAssets() *Assets {
	a := &Assets{urls: map[string]string{}}
	_ = fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.urls[path] = "/static/" + path + "?v=" + hex.EncodeToString(sum[:6])
		return nil
	})
	return a
}

// URL returns the cache-busting URL of an embedded file such as
// "css/app.css". An unknown name yields a plain path, which a test catches.
func (a *Assets) URL(name string) string {
	if u, ok := a.urls[strings.TrimPrefix(name, "/")]; ok {
		return u
	}
	return "/static/" + strings.TrimPrefix(name, "/")
}
