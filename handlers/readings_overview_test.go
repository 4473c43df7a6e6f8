package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The overview page's reading: the built-in reader writes a synthesis of
// the three systems, streamed, stored under the chart's query with topic
// overview and linked back to the overview page.
func TestOverviewReadingStreams(t *testing.T) {
	app := startReadingApp(t, nil)
	page := testutil.HTML(t, app.Get(t, "/overview?"+overviewQuery+"&lang=en").Body)
	form := testutil.ByTestID(page, "reading-form")
	query, _ := form.Find(`input[name="query"]`).Attr("value")
	topic, _ := form.Find(`input[name="topic"]`).Attr("value")
	ip := testutil.UniqueIP()
	res := app.PostForm(t, "/readings", url.Values{"query": {query}, "topic": {topic}}, "HX-Request", "true", "X-Forwarded-For", ip, "Accept-Language", "en")
	path := testutil.StreamPath(t, res)
	_, text, _ := testutil.SplitReading(t, app.OpenStream(t, path, "X-Forwarded-For", ip).All(t))
	for _, want := range []string{"BaZi", "Zi Wei Dou Shu", "Western astrology", "Capricorn", "Life Palace", "Rule:", "agree"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reading does not mention %s:\n%s", want, text)
		}
	}
	pid := testutil.ReadingID(path)
	r := waitStatus(t, app, pid, models.ReadingDone)
	if r.Topic != "overview" || !strings.Contains(r.ChartQuery, "gender=female") {
		t.Errorf("stored topic %q, query %q", r.Topic, r.ChartQuery)
	}
	rp := testutil.HTML(t, app.Get(t, "/readings/"+pid, "X-Forwarded-For", ip).Body)
	found := false
	rp.Find("a").Each(func(_ int, s *goquery.Selection) {
		if h, _ := s.Attr("href"); strings.HasPrefix(h, "/overview?") {
			found = true
		}
	})
	if !found {
		t.Error("the reading page does not link back to the overview")
	}
}
