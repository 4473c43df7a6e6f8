package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The transits page's reading: the built-in reader writes a transit
// reading from the day's aspects (Uranus square the natal Moon, exact on
// 12 December), streamed, stored under the query with its day and linked
// back to the transits page.
func TestAstroTransitReadingStreams(t *testing.T) {
	app := startReadingApp(t, nil)
	page := testutil.HTML(t, app.Get(t, "/astrology/transits?"+natalQuery+"&day=2026-12-06&lang=en").Body)
	form := testutil.ByTestID(page, "reading-form")
	query, _ := form.Find(`input[name="query"]`).Attr("value")
	topic, _ := form.Find(`input[name="topic"]`).Attr("value")
	if topic != "astro" || !strings.Contains(query, "day=2026-12-06") {
		t.Fatalf("reading form: topic %q, query %q", topic, query)
	}
	ip := testutil.UniqueIP()
	res := app.PostForm(t, "/readings", url.Values{"query": {query}, "topic": {topic}}, "HX-Request", "true", "X-Forwarded-For", ip, "Accept-Language", "en")
	path := testutil.StreamPath(t, res)
	_, text, _ := testutil.SplitReading(t, app.OpenStream(t, path, "X-Forwarded-For", ip).All(t))
	for _, want := range []string{"transits", "Uranus", "Moon", "2026-12-12"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reading does not mention %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Day Master") {
		t.Error("a BaZi reading was written for the chart")
	}
	pid := testutil.ReadingID(path)
	r := waitStatus(t, app, pid, models.ReadingDone)
	if r.Topic != "astro" || !strings.Contains(r.ChartQuery, "day=2026-12-06") {
		t.Errorf("stored topic %q, query %q", r.Topic, r.ChartQuery)
	}
	rp := testutil.HTML(t, app.Get(t, "/readings/"+pid, "X-Forwarded-For", ip).Body)
	found := false
	rp.Find("a").Each(func(_ int, s *goquery.Selection) {
		if h, _ := s.Attr("href"); strings.HasPrefix(h, "/astrology/transits?") {
			found = true
		}
	})
	if !found {
		t.Error("the reading page does not link back to the transits")
	}
}

// The natal page's reading (astro-page's panel, topic astro without a
// day) is a natal reading naming the big three, in Chinese too.
func TestAstroNatalReadingStreams(t *testing.T) {
	app := startReadingApp(t, nil)
	ip := testutil.UniqueIP()
	res := app.PostForm(t, "/readings", url.Values{"query": {natalQuery}, "topic": {"astro"}}, "HX-Request", "true", "X-Forwarded-For", ip, "Accept-Language", "zh-Hans")
	path := testutil.StreamPath(t, res)
	_, text, _ := testutil.SplitReading(t, app.OpenStream(t, path, "X-Forwarded-For", ip).All(t))
	for _, want := range []string{"摩羯座", "双鱼座", "射手座", "三巨头"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reading does not mention %s:\n%s", want, text)
		}
	}
	waitStatus(t, app, testutil.ReadingID(path), models.ReadingDone)
	bad := app.PostForm(t, "/readings", url.Values{"query": {"date=1990-01-01&tz=Nowhere"}, "topic": {"astro"}}, "HX-Request", "true", "X-Forwarded-For", testutil.UniqueIP())
	if strings.Contains(bad.Body, "/stream") {
		t.Errorf("a reading of a bad query was started:\n%s", bad.Body)
	}
}
