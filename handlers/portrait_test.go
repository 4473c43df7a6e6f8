package handlers_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
	"github.com/bazi-master/bazi-master/models"
)

const portraitQuery = "date=1990-05-17&time=08%3A30&tz=Asia%2FShanghai&gender=female"

// startPortraitApp runs the app with the image model pointed at fake (nil:
// no image model), each test its own guest, and extra env pairs.
func startPortraitApp(t *testing.T, fake *fakeai.ImageServer, env ...string) *testutil.App {
	t.Helper()
	all := []string{"TRUST_PROXY", "1", "READING_DAILY_QUOTA_GUEST", "0", "READING_DAILY_QUOTA_USER", "0"}
	if fake != nil {
		all = append(all, "OPENAI_API_KEY", "sk-test-key", "OPENAI_BASE_URL", fake.URL+"/v1", "OPENAI_IMAGE_MODEL", "fake-image")
	} else {
		all = append(all, "AI_PROVIDER", "builtin")
	}
	return testutil.StartApp(t, testutil.WithEnv(append(all, env...)...))
}

// The built-in portrait is an SVG the same chart always gets byte for
// byte, cacheable a day, with an ETag a revalidation answers 304 to; the
// chart page shows it in its portrait card with no Paint button when no
// image model is configured.
func TestPortraitBuiltinRoute(t *testing.T) {
	app := startPortraitApp(t, nil)
	a := app.Get(t, "/chart/portrait.svg?"+portraitQuery)
	b := app.Get(t, "/chart/portrait.svg?"+portraitQuery)
	if a.StatusCode != http.StatusOK || !strings.HasPrefix(a.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("portrait: %d %s\n%s", a.StatusCode, a.Header.Get("Content-Type"), a.Body)
	}
	if a.Body != b.Body || len(a.Body) < 5000 {
		t.Fatalf("two fetches of the same chart's portrait differ (or it is tiny: %d bytes)", len(a.Body))
	}
	if cc := a.Header.Get("Cache-Control"); !strings.Contains(cc, "public") || !strings.Contains(cc, "max-age=86400") {
		t.Errorf("Cache-Control %q", cc)
	}
	etag := a.Header.Get("ETag")
	if etag == "" || etag != b.Header.Get("ETag") {
		t.Fatalf("ETags %q, %q", etag, b.Header.Get("ETag"))
	}
	if r := app.Get(t, "/chart/portrait.svg?"+portraitQuery, "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", r.StatusCode)
	}
	d := xml.NewDecoder(strings.NewReader(a.Body))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("portrait is not XML: %v", err)
		}
	}
	other := app.Get(t, "/chart/portrait.svg?date=1975-11-02&time=21%3A10&tz=Asia%2FShanghai&gender=male")
	if other.Body == a.Body {
		t.Error("two different charts got the same portrait")
	}
	if bad := app.Get(t, "/chart/portrait.svg?date=nope&tz=UTC&gender=male"); bad.StatusCode != http.StatusBadRequest {
		t.Errorf("bad input: %d, want 400", bad.StatusCode)
	}

	page := app.Get(t, "/chart?"+portraitQuery)
	doc := testutil.HTML(t, page.Body)
	card := testutil.ByTestID(doc, "portrait-card")
	if card.Length() != 1 {
		t.Fatalf("no portrait card on the chart page")
	}
	src, _ := testutil.ByTestID(card, "portrait-image").Attr("src")
	if !strings.Contains(src, "portrait") || !strings.HasPrefix(src, "/chart/portrait.svg?") {
		t.Fatalf("portrait image src %q", src)
	}
	if got := app.Get(t, src); got.Body != a.Body {
		t.Error("the page's portrait URL is not the chart's portrait")
	}
	if testutil.ByTestID(card, "portrait-explain").Find("li").Length() != 5 {
		t.Error("the card does not explain what the art is drawn from")
	}
	if testutil.ByTestID(card, "portrait-form").Length() != 0 {
		t.Error("Paint with AI offered without an image model")
	}
	zh := testutil.HTML(t, app.Get(t, "/chart?"+portraitQuery, "Accept-Language", "zh-CN").Body)
	if !strings.Contains(testutil.ByTestID(zh, "portrait-card").Text(), "灵魂画像") {
		t.Error("the card is not translated")
	}
}

// paint posts the portrait card's form as htmx does, from ip.
func paint(t *testing.T, app *testutil.App, ip string, extra url.Values) *testutil.Response {
	t.Helper()
	v := url.Values{"query": {portraitQuery}}
	for k, vs := range extra {
		v[k] = vs
	}
	return app.PostForm(t, "/portraits", v, "HX-Request", "true", "X-Forwarded-For", ip)
}

// Painting with the image model: the fake's PNG is kept and shown (the
// request carried the prompt built from the chart), and counts against
// the reading quota; each failure (500, a timeout, malformed JSON) keeps
// the built-in portrait, says so and counts nothing.
func TestPortraitPaintWithProvider(t *testing.T) {
	png := fakeai.DefaultPNG()
	fake := fakeai.StartOpenAIImages(t, fakeai.ImageOptions{Image: png})
	app := startPortraitApp(t, fake, "READING_DAILY_QUOTA_GUEST", "1")
	ip := testutil.UniqueIP()

	page := testutil.HTML(t, app.Get(t, "/chart?"+portraitQuery, "X-Forwarded-For", ip).Body)
	if testutil.ByTestID(page, "portrait-paint").Length() != 1 {
		t.Fatal("no Paint with AI button with an image model configured")
	}
	res := paint(t, app, ip, nil)
	doc := testutil.HTML(t, res.Body)
	img := testutil.ByTestID(doc, "portrait-image")
	src, _ := img.Attr("src")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(src, "/portraits/") || !strings.HasSuffix(src, ".png") {
		t.Fatalf("painted: %d, image %q\n%s", res.StatusCode, src, res.Body)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].JSON()["model"] != "fake-image" || !strings.Contains(reqs[0].JSON()["prompt"].(string), "day master") {
		t.Fatalf("image requests %+v", reqs)
	}
	got, body := app.GetRaw(t, src)
	if got.StatusCode != http.StatusOK || got.Header.Get("Content-Type") != "image/png" || !bytes.Equal(body, png) || got.Header.Get("ETag") == "" {
		t.Fatalf("stored image: %d %s, %d bytes", got.StatusCode, got.Header.Get("Content-Type"), len(body))
	}

	// The guest's one generation today is used: a clear refusal, no call.
	res = paint(t, app, ip, nil)
	doc = testutil.HTML(t, res.Body)
	if testutil.ByTestID(doc, "portrait-refused").Length() != 1 || len(fake.Requests()) != 1 {
		t.Fatalf("over the quota: %d, %d calls\n%s", res.StatusCode, len(fake.Requests()), res.Body)
	}
	// A reading is refused too: portraits and readings share the quota.
	if r := postReading(t, app, ip, "career"); r.StatusCode != http.StatusTooManyRequests && !strings.Contains(r.Body, "reading-refused") && !strings.Contains(r.Body, "login") {
		t.Errorf("a reading after the portrait used the quota: %d\n%s", r.StatusCode, r.Body)
	}

	for name, opts := range map[string]fakeai.ImageOptions{
		"500":       {Status: http.StatusInternalServerError},
		"timeout":   {Delay: 30 * time.Second},
		"malformed": {Malformed: true},
	} {
		t.Run(name, func(t *testing.T) {
			fake := fakeai.StartOpenAIImages(t, opts)
			app := startPortraitApp(t, fake, "OPENAI_IMAGE_TIMEOUT", "300ms", "READING_DAILY_QUOTA_GUEST", "1")
			ip := testutil.UniqueIP()
			start := time.Now()
			res := paint(t, app, ip, nil)
			if took := time.Since(start); took > 10*time.Second {
				t.Fatalf("the fallback took %s", took)
			}
			doc := testutil.HTML(t, res.Body)
			src, _ := testutil.ByTestID(doc, "portrait-image").Attr("src")
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(src, "/chart/portrait.svg?") || testutil.ByTestID(doc, "portrait-notice").Length() != 1 {
				t.Fatalf("fallback: %d, image %q\n%s", res.StatusCode, src, res.Body)
			}
			testutil.Eventually(t, 5*time.Second, func() error {
				if len(fake.Requests()) == 0 {
					return testutil.Errorf("the image endpoint was never called")
				}
				return nil
			})
			// Nothing was counted: the guest's one generation is still there.
			left := testutil.HTML(t, app.Get(t, "/chart?"+portraitQuery, "X-Forwarded-For", ip).Body)
			if n := testutil.ByTestID(left, "portrait-paint").Length(); n != 1 {
				t.Fatal("no Paint button after a fallback")
			}
			owner := models.Owner{GuestIP: ratelimit.SubjectIP(ip)}
			if n, err := app.Server.Readings.CountSince(context.Background(), owner, start.Add(-time.Minute)); err != nil || n != 0 {
				t.Fatalf("%d generations counted after a failure (%v)", n, err)
			}
		})
	}
}

// A signed-in user's portrait of a saved chart is kept with it and shown on
// /charts/{id}; its image is the owner's alone (another user gets 404).
func TestPortraitSavedChartOwnerScoped(t *testing.T) {
	fake := fakeai.StartOpenAIImages(t, fakeai.ImageOptions{})
	app := startPortraitApp(t, fake)
	_, alice := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("alice"), Name: "Alice"})
	_, bob := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("bob"), Name: "Bob"})
	id := saveChart(t, alice, nil)
	res := alice.PostForm(t, "/portraits", url.Values{"query": {savedQuery}, "chart_id": {strconv.FormatInt(id, 10)}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/charts/"+strconv.FormatInt(id, 10)) {
		t.Fatalf("paint on a saved chart: %d → %q\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	// The prompt holds chart facts only: not the chart's name or place.
	for _, r := range fake.Requests() {
		prompt, _ := r.JSON()["prompt"].(string)
		if prompt == "" || strings.Contains(prompt, "Grandma") || strings.Contains(prompt, "Hangzhou") {
			t.Fatalf("prompt carries user text (or is empty): %q", prompt)
		}
	}
	doc := testutil.HTML(t, alice.Get(t, "/charts/"+strconv.FormatInt(id, 10)).Body)
	src, _ := testutil.ByTestID(doc, "portrait-image").Attr("src")
	if !strings.HasPrefix(src, "/portraits/") {
		t.Fatalf("the saved chart shows %q, not its painted portrait", src)
	}
	if r := alice.Get(t, src); r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Cache-Control"), "private") {
		t.Fatalf("owner's image: %d %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	if r := bob.Get(t, src); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another user's portrait: %d, want 404", r.StatusCode)
	}
	if r := app.NewSession().Get(t, src); r.StatusCode != http.StatusNotFound {
		t.Fatalf("a guest fetched a user's portrait: %d, want 404", r.StatusCode)
	}
	if r := bob.Get(t, "/portraits/not-a-real-id.png"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown id: %d", r.StatusCode)
	}
	// "Download my data" lists the portrait (by its URL) for Alice only.
	var export struct {
		Portraits []struct {
			ImageURL string `json:"image_url"`
			ChartID  *int64 `json:"chart_id"`
		} `json:"portraits"`
	}
	alice.Get(t, "/profile/export").JSON(t, &export)
	if len(export.Portraits) != 1 || export.Portraits[0].ImageURL != src || export.Portraits[0].ChartID == nil || *export.Portraits[0].ChartID != id {
		t.Fatalf("alice's export lists %+v", export.Portraits)
	}
	bob.Get(t, "/profile/export").JSON(t, &export)
	if len(export.Portraits) != 0 {
		t.Fatalf("bob's export lists alice's portrait: %+v", export.Portraits)
	}
}

// The admin AI page counts painted portraits today and over 30 days by
// provider and model, with their spend at the configured price.
func TestPortraitAdminCounts(t *testing.T) {
	fake := fakeai.StartOpenAIImages(t, fakeai.ImageOptions{})
	a := startAdminApp(t, testutil.WithEnv("TRUST_PROXY", "1", "READING_DAILY_QUOTA_GUEST", "0",
		"OPENAI_API_KEY", "sk-test-key", "OPENAI_BASE_URL", fake.URL+"/v1", "OPENAI_IMAGE_MODEL", "fake-image", "OPENAI_IMAGE_PRICE_USD", "0.25"))
	for i := 0; i < 2; i++ {
		if r := paint(t, a.App, testutil.UniqueIP(), nil); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "/portraits/") {
			t.Fatalf("paint %d: %d\n%s", i, r.StatusCode, r.Body)
		}
	}
	// Without JavaScript the form post answers the whole chart page.
	plain := a.PostForm(t, "/portraits", url.Values{"query": {portraitQuery}}, "X-Forwarded-For", testutil.UniqueIP())
	pdoc := testutil.HTML(t, plain.Body)
	src, _ := testutil.ByTestID(pdoc, "portrait-image").Attr("src")
	if plain.StatusCode != http.StatusOK || testutil.ByTestID(pdoc, "chart").Length() != 1 || !strings.HasPrefix(src, "/portraits/") {
		t.Fatalf("plain form post: %d, image %q", plain.StatusCode, src)
	}
	doc := testutil.HTML(t, a.admin(t).Get(t, "/admin/ai").Body)
	row := testutil.ByTestID(doc, "image-usage").Find(`tr[data-provider="openai"]`)
	if row.Length() != 1 {
		t.Fatalf("no openai row in the image usage:\n%s", testutil.ByTestID(doc, "admin-images").Text())
	}
	cells := row.Find("td").Map(func(_ int, s *goquery.Selection) string { return strings.TrimSpace(s.Text()) })
	if strings.Join(cells, "|") != "openai|fake-image|3|3|$0.75" {
		t.Errorf("image usage row %q", cells)
	}
	if !strings.Contains(testutil.ByTestID(doc, "admin-images").Text(), "$0.25") {
		t.Error("the configured per-image price is not shown")
	}
}

// A second Paint while the first is still with the image model is refused
// at once and calls nothing, so a double submit cannot pay for two images
// or slip past the quota; once the first is done, painting works again.
func TestPortraitPaintOneAtATime(t *testing.T) {
	arrived, hold := make(chan struct{}, 8), make(chan struct{})
	fake := fakeai.StartOpenAIImages(t, fakeai.ImageOptions{Arrived: arrived, Hold: hold})
	app := startPortraitApp(t, fake, "READING_DAILY_QUOTA_GUEST", "5")
	ip := testutil.UniqueIP()

	first := make(chan *testutil.Response, 1)
	go func() { first <- paint(t, app, ip, nil) }()
	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		t.Fatal("the first painting never reached the image model")
	}

	res := paint(t, app, ip, nil)
	doc := testutil.HTML(t, res.Body)
	if testutil.ByTestID(doc, "portrait-refused").Length() != 1 || !strings.Contains(res.Body, "already being painted") {
		t.Fatalf("a second painting in flight was not refused: %d\n%s", res.StatusCode, res.Body)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Fatalf("the image model was called %d times", n)
	}
	close(hold)
	if r := <-first; testutil.ByTestID(testutil.HTML(t, r.Body), "portrait-image").Length() != 1 {
		t.Fatalf("the first painting: %d\n%s", r.StatusCode, r.Body)
	}
	if r := paint(t, app, ip, nil); testutil.ByTestID(testutil.HTML(t, r.Body), "portrait-image").Length() != 1 {
		t.Fatalf("painting after the first finished: %d\n%s", r.StatusCode, r.Body)
	}
}
