package server_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Pages reach a browser gzipped whatever else it offers, decode to the
// page it would get uncompressed, and say they vary by Accept-Encoding.
func TestPagesAreGzipped(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithRoutes(func(r fiber.Router) {
		r.Get("/test/tiny", func(c *fiber.Ctx) error { return c.SendString("tiny") })
		r.Get("/test/binary", func(c *fiber.Ctx) error {
			c.Set(fiber.HeaderContentType, "image/png")
			return c.Send(make([]byte, 4096))
		})
	}))
	page := "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male"
	plainRes, plain := app.GetRaw(t, page)
	if plainRes.StatusCode != 200 || plainRes.Header.Get("Content-Encoding") != "" || !strings.Contains(string(plain), "</html>") {
		t.Fatalf("uncompressed page: %d %q", plainRes.StatusCode, plainRes.Header.Get("Content-Encoding"))
	}
	for _, ae := range []string{"gzip", "gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8", "*"} {
		res, body := app.GetRaw(t, page, "Accept-Encoding", ae)
		if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q, Vary %q", ae, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		// The pages differ only in their per-request CSRF token and nonce.
		if len(unzipped) < len(plain)-200 || len(unzipped) > len(plain)+200 || !strings.Contains(string(unzipped), "</html>") {
			t.Fatalf("Accept-Encoding %q: unzipped %d bytes, plain page %d", ae, len(unzipped), len(plain))
		}
		if len(body) > len(plain)/3 {
			t.Errorf("Accept-Encoding %q: %d bytes compressed of %d", ae, len(body), len(plain))
		}
	}
	// Refused or unoffered gzip, tiny bodies and binary types stay as they are.
	for _, tc := range []struct{ path, ae string }{
		{"/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male", "gzip;q=0, br"},
		{"/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male", "identity"},
		{"/test/tiny", "gzip"},
		{"/test/binary", "gzip"},
	} {
		res, _ := app.GetRaw(t, tc.path, "Accept-Encoding", tc.ae)
		if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s with %q: %d, Content-Encoding %q", tc.path, tc.ae, res.StatusCode, res.Header.Get("Content-Encoding"))
		}
	}
}

// Unknown asset paths get the site's 404; HEAD answers headers only.
func TestStaticMissesAndHead(t *testing.T) {
	app := testutil.StartApp(t)
	if res := app.Get(t, "/static/css/nope.css"); res.StatusCode != http.StatusNotFound {
		t.Errorf("missing asset: %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodHead, app.URL+"/static/js/htmx.min.js", nil)
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") || res.ContentLength < 10000 {
		t.Errorf("HEAD htmx: %d %q length %d", res.StatusCode, res.Header.Get("Content-Type"), res.ContentLength)
	}
}
