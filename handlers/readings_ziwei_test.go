package handlers_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
	"github.com/bazi-master/bazi-master/models"
)

// The board page's reading: the built-in reader writes a Zi Wei reading
// from the board (命宫 午 紫微, the four 化), streamed into the page, kept
// under the board's query and linked back to the board.
func TestZiweiReadingStreamsFromTheBoard(t *testing.T) {
	app := startReadingApp(t, nil)
	page := testutil.HTML(t, app.Get(t, "/ziwei?"+boardQuery+"&year=2027&lang=zh-Hans").Body)
	form := testutil.ByTestID(page, "reading-form")
	query, _ := form.Find(`input[name="query"]`).Attr("value")
	topic, _ := form.Find(`input[name="topic"]`).Attr("value")
	if topic != "ziwei" || !strings.Contains(query, "year=2027") {
		t.Fatalf("reading form: topic %q, query %q", topic, query)
	}
	ip := testutil.UniqueIP()
	res := app.PostForm(t, "/readings", url.Values{"query": {query}, "topic": {topic}}, "HX-Request", "true", "X-Forwarded-For", ip, "Accept-Language", "zh-Hans")
	path := testutil.StreamPath(t, res)
	_, text, done := testutil.SplitReading(t, app.OpenStream(t, path, "X-Forwarded-For", ip).All(t))
	for _, want := range []string{"紫微", "命宫", "化禄", "太阳"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reading does not mention %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "日主") {
		t.Error("a BaZi reading was written for the board")
	}
	if testutil.ByTestID(testutil.HTML(t, done.Data), "chat-form").Length() != 1 {
		t.Error("no follow-up form under the finished Zi Wei reading")
	}
	pid := testutil.ReadingID(path)
	r := waitStatus(t, app, pid, models.ReadingDone)
	if r.Topic != "ziwei" || !strings.Contains(r.ChartQuery, "year=2027") {
		t.Errorf("stored topic %q, query %q", r.Topic, r.ChartQuery)
	}
	// The reading's page leads back to the board.
	rp := testutil.HTML(t, app.Get(t, "/readings/"+pid, "X-Forwarded-For", ip).Body)
	found := false
	rp.Find("a").Each(func(_ int, s *goquery.Selection) {
		if h, _ := s.Attr("href"); strings.HasPrefix(h, "/ziwei?") {
			found = true
		}
	})
	if !found {
		t.Error("the reading page does not link back to the board")
	}
	// A birth without a time is refused: a board needs the hour.
	bad := app.PostForm(t, "/readings", url.Values{"query": {"date=2000-08-16&tz=Asia%2FShanghai&gender=female"}, "topic": {"ziwei"}}, "HX-Request", "true", "X-Forwarded-For", testutil.UniqueIP())
	if strings.Contains(bad.Body, "/stream") {
		t.Errorf("a reading of a board without a birth time was started:\n%s", bad.Body)
	}
}

// Through a model, the prompt carries the board's facts, and a saved
// chart's board keeps its reading with the chart.
func TestZiweiReadingPromptAndSavedChart(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"## 命宫\n\n", "紫微坐命。"}})
	app := startReadingApp(t, fake)
	_, alice := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("zwreader")})
	id := saveChart(t, alice, nil)
	board := testutil.HTML(t, alice.Get(t, "/charts/"+strconv.FormatInt(id, 10)+"/ziwei").Body)
	form := testutil.ByTestID(board, "reading-form")
	v := url.Values{}
	form.Find("input").Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		val, _ := s.Attr("value")
		v.Set(n, val)
	})
	res := alice.PostForm(t, "/readings", v, "HX-Request", "true")
	path := testutil.StreamPath(t, res)
	testutil.SplitReading(t, alice.OpenStream(t, path).All(t))
	r := waitStatus(t, app, testutil.ReadingID(path), models.ReadingDone)
	if r.ChartID == nil || *r.ChartID != id || r.Topic != "ziwei" {
		t.Errorf("reading kept with chart %v, topic %q", r.ChartID, r.Topic)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d provider requests", len(reqs))
	}
	var body struct {
		Messages []struct{ Role, Content string } `json:"messages"`
	}
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	sys := body.Messages[0].Content
	for _, want := range []string{"紫微斗数", "命宫", "五行局", "化禄"} {
		if !strings.Contains(sys, want) {
			t.Errorf("the prompt lacks %q", want)
		}
	}
	if strings.Contains(sys, "Grandma Wen") {
		t.Error("the user's name is in the system prompt")
	}
	// A follow-up question is answered from the same board.
	pid := testutil.ReadingID(path)
	ask := alice.PostForm(t, "/readings/"+pid+"/messages", url.Values{"question": {"What about my career?"}}, "HX-Request", "true")
	testutil.SplitReading(t, alice.OpenStream(t, testutil.StreamPath(t, ask)).All(t))
	reqs = fake.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d provider requests after the question", len(reqs))
	}
	if err := json.Unmarshal(reqs[1].Body, &body); err != nil {
		t.Fatal(err)
	}
	if sys := body.Messages[0].Content; !strings.Contains(sys, "紫微斗数") || !strings.Contains(sys, "官禄") {
		t.Error("the follow-up's prompt does not carry the board")
	}
	if last := body.Messages[len(body.Messages)-1].Content; !strings.Contains(last, "What about my career?") {
		t.Errorf("the question is not the last message: %q", last)
	}
}
