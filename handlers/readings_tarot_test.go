package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// A draw's reading (topic tarot, the draw page's query): the built-in
// reader writes it from the draw and the question, streamed, stored under
// the canonical query, labelled Tarot and linked back to the draw's page;
// a query that is not a draw starts no reading.
func TestReadingTarotStreams(t *testing.T) {
	app := startReadingApp(t, nil)
	ip := testutil.UniqueIP()
	query := "question=Should+I+change+my+job%3F&cards=magician,tower.r,ace-of-cups&spread=three-card"
	res := app.PostForm(t, "/readings", url.Values{"query": {query}, "topic": {"tarot"}}, "HX-Request", "true", "X-Forwarded-For", ip, "Accept-Language", "en")
	path := testutil.StreamPath(t, res)
	_, text, _ := testutil.SplitReading(t, app.OpenStream(t, path, "X-Forwarded-For", ip).All(t))
	for _, want := range []string{"Should I change my job?", "Three-card spread", "the Magician", "the Tower", "reversed", "Ace of Cups"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reading does not mention %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Day Master") {
		t.Error("a BaZi reading was written for the draw")
	}
	pid := testutil.ReadingID(path)
	r := waitStatus(t, app, pid, models.ReadingDone)
	const canonical = "spread=three-card&cards=magician,tower.r,ace-of-cups&question=Should+I+change+my+job%3F"
	if r.Topic != "tarot" || r.ChartQuery != canonical {
		t.Errorf("stored topic %q, query %q", r.Topic, r.ChartQuery)
	}
	body := app.Get(t, "/readings/"+pid+"?lang=en", "X-Forwarded-For", ip).Body
	rp := testutil.HTML(t, body)
	found := false
	rp.Find("a").Each(func(_ int, s *goquery.Selection) {
		if h, _ := s.Attr("href"); h == "/tarot?"+canonical {
			found = true
		}
	})
	if !found {
		t.Error("the reading page does not link back to the draw")
	}
	if strings.Contains(body, "reading.topic.tarot") || !strings.Contains(body, "Tarot") {
		t.Error("the topic label is missing")
	}
	bad := app.PostForm(t, "/readings", url.Values{"query": {"spread=three-card&cards=fool"}, "topic": {"tarot"}}, "HX-Request", "true", "X-Forwarded-For", testutil.UniqueIP())
	if strings.Contains(bad.Body, "/stream") {
		t.Errorf("a reading of a bad draw was started:\n%s", bad.Body)
	}
}

// Signed in, a draw's reading is listed under the draw's query as a link
// spells it, and a follow-up naming a card is answered from that card.
func TestReadingTarotSavedAndFollowUp(t *testing.T) {
	app := startReadingApp(t, nil)
	_, alice := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("tarot")})
	query := "cards=fool,ace-of-cups.r,tower&spread=three-card&question=Why%3F"
	res := alice.PostForm(t, "/readings", url.Values{"query": {query}, "topic": {"tarot"}}, "HX-Request", "true", "Accept-Language", "en")
	path := testutil.StreamPath(t, res)
	testutil.SplitReading(t, alice.OpenStream(t, path).All(t))
	pid := testutil.ReadingID(path)
	waitStatus(t, app, pid, models.ReadingDone)

	list := alice.Get(t, "/readings?query="+url.QueryEscape(query))
	if n := testutil.ByTestID(testutil.HTML(t, list.Body), "saved-reading").Length(); n != 1 {
		t.Fatalf("saved readings of the draw: %d\n%s", n, list.Body)
	}

	ask := alice.PostForm(t, "/readings/"+pid+"/messages", url.Values{"question": {"What about the Ace of Cups?"}}, "HX-Request", "true")
	_, answer, _ := testutil.SplitReading(t, alice.OpenStream(t, testutil.StreamPath(t, ask)).All(t))
	if !strings.Contains(answer, "Ace of Cups") || !strings.Contains(answer, "reversed") || strings.Contains(answer, "[[") {
		t.Errorf("the answer is not about the Ace of Cups:\n%s", answer)
	}
}
