package handlers_test

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// updateGolden rewrites the share card's golden image from what the app
// serves now: go test ./handlers/ -run TestBrowserShareCardGolden -update
var updateGolden = flag.Bool("update", false, "rewrite the share card golden image")

const shareGoldenPath = "testdata/share-chart-card.png"

// TestBrowserShareCardGolden opens the chart's share image in Chromium,
// as a messenger's preview would show it, and compares both the
// screenshot and the PNG the app served with the committed golden image.
// Anti-aliasing may differ a little between runs and rasterizers: the
// mean difference per channel must stay under 2%.
func TestBrowserShareCardGolden(t *testing.T) {
	app := testutil.StartApp(t)
	path := "/chart/card.png?" + shareChartQuery + "&lang=zh-Hans"
	res, served := app.GetRaw(t, path)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d", path, res.StatusCode)
	}
	if *updateGolden {
		if err := os.WriteFile(shareGoldenPath, served, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", shareGoldenPath)
	}
	golden := decodePNG(t, mustRead(t, shareGoldenPath), shareGoldenPath)
	if d := meanDiff(decodePNG(t, served, "served card"), golden); d > 0.02 {
		t.Errorf("the served card differs from %s by %.2f%% per channel (regenerate with -update if intended)", shareGoldenPath, 100*d)
	}

	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(1200, 630),
		chromedp.Navigate(app.URL+path),
		chromedp.WaitVisible(chromedp.CSS(`img`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelector("img").complete && document.querySelector("img").naturalWidth === 1200`)
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	testutil.Screenshot(t, ctx, "share-chart-card")
	seen := decodePNG(t, shot, "screenshot")
	if b := seen.Bounds(); b.Dx() != 1200 || b.Dy() != 630 {
		t.Fatalf("screenshot is %v, want 1200×630", b)
	}
	if d := meanDiff(seen, golden); d > 0.02 {
		_ = os.WriteFile(filepath.Join(testutil.ModuleRoot(), "test-artifacts", "share-chart-card-seen.png"), shot, 0o644)
		t.Errorf("Chromium shows the card %.2f%% per channel away from %s", 100*d, shareGoldenPath)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	return b
}

func decodePNG(t *testing.T, b []byte, what string) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", what, err)
	}
	return img
}

// meanDiff is the mean absolute difference per colour channel of two
// images (0 to 1); images of different sizes differ by 1.
func meanDiff(a, b image.Image) float64 {
	ab, bb := a.Bounds(), b.Bounds()
	if ab.Dx() != bb.Dx() || ab.Dy() != bb.Dy() {
		return 1
	}
	var sum float64
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			sum += channelDiff(r1, r2) + channelDiff(g1, g2) + channelDiff(b1, b2)
		}
	}
	return sum / float64(3*ab.Dx()*ab.Dy()) / 0xffff
}

func channelDiff(a, b uint32) float64 {
	if a > b {
		return float64(a - b)
	}
	return float64(b - a)
}
