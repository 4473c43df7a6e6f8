package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// A cast's reading (topic iching, the cast page's query): the built-in
// reader writes it from the cast and the question, streamed, stored under
// the canonical query, labelled I Ching and linked back to the cast's
// page; a query that is not a cast starts no reading.
func TestReadingIChingStreams(t *testing.T) {
	app := startReadingApp(t, nil)
	ip := testutil.UniqueIP()
	query := "question=Should+I+change+my+job%3F&method=coins&lines=796887"
	res := app.PostForm(t, "/readings", url.Values{"query": {query}, "topic": {"iching"}}, "HX-Request", "true", "X-Forwarded-For", ip, "Accept-Language", "en")
	path := testutil.StreamPath(t, res)
	_, text, _ := testutil.SplitReading(t, app.OpenStream(t, path, "X-Forwarded-For", ip).All(t))
	for _, want := range []string{"Should I change my job?", "Decrease", "三人行", "Grace"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reading does not mention %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Day Master") {
		t.Error("a BaZi reading was written for the cast")
	}
	pid := testutil.ReadingID(path)
	r := waitStatus(t, app, pid, models.ReadingDone)
	if r.Topic != "iching" || !strings.HasPrefix(r.ChartQuery, "lines=796887&method=coins&question=") {
		t.Errorf("stored topic %q, query %q", r.Topic, r.ChartQuery)
	}
	body := app.Get(t, "/readings/"+pid+"?lang=en", "X-Forwarded-For", ip).Body
	rp := testutil.HTML(t, body)
	found := false
	rp.Find("a").Each(func(_ int, s *goquery.Selection) {
		if h, _ := s.Attr("href"); strings.HasPrefix(h, "/iching?lines=796887") {
			found = true
		}
	})
	if !found {
		t.Error("the reading page does not link back to the cast")
	}
	if strings.Contains(body, "reading.topic.iching") || !strings.Contains(body, "I Ching") {
		t.Error("the topic label is missing")
	}
	bad := app.PostForm(t, "/readings", url.Values{"query": {"lines=123456"}, "topic": {"iching"}}, "HX-Request", "true", "X-Forwarded-For", testutil.UniqueIP())
	if strings.Contains(bad.Body, "/stream") {
		t.Errorf("a reading of a bad cast was started:\n%s", bad.Body)
	}
}
