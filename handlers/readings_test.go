package handlers_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
	"github.com/bazi-master/bazi-master/models"
)

// readingQuery is the chart every reading test reads.
const readingQuery = "date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&name=Test+Reader"

// startReadingApp runs the app with OpenAI pointed at fake (nil: the
// built-in reader), forwarded client IPs believed (so each test is its own
// guest) and extra env pairs.
func startReadingApp(t *testing.T, fake *fakeai.Server, env ...string) *testutil.App {
	t.Helper()
	return startReadingAppPaced(t, fake, 0, env...)
}

// startReadingAppPaced is startReadingApp with the built-in reader's pace.
func startReadingAppPaced(t *testing.T, fake *fakeai.Server, pace time.Duration, env ...string) *testutil.App {
	t.Helper()
	all := []string{"TRUST_PROXY", "1", "READING_DAILY_QUOTA_GUEST", "0", "READING_DAILY_QUOTA_USER", "0"}
	if fake != nil {
		all = append(all, "AI_PROVIDER", "openai", "OPENAI_API_KEY", "sk-test-key", "OPENAI_BASE_URL", fake.URL+"/v1", "OPENAI_MODEL", "fake-model")
	} else {
		all = append(all, "AI_PROVIDER", "builtin")
	}
	all = append(all, env...)
	return testutil.StartApp(t,
		testutil.WithEnv(all...),
		// A short heartbeat: a browser that left is noticed at the next write.
		testutil.WithServerOptions(server.WithReadingStreams(250*time.Millisecond, pace)),
	)
}

// postReading is the panel's htmx POST /readings from the client at ip.
func postReading(t *testing.T, b *testutil.App, ip, topic string, headers ...string) *testutil.Response {
	t.Helper()
	v := url.Values{"query": {readingQuery}, "topic": {topic}}
	return b.PostForm(t, "/readings", v, append([]string{"HX-Request", "true", "X-Forwarded-For", ip}, headers...)...)
}

func loadReading(t *testing.T, app *testutil.App, pid string) *models.Reading {
	t.Helper()
	r, err := app.Server.Readings.ByPublicID(context.Background(), pid, 0)
	if err != nil {
		// a user's reading: look it up directly
		var rr models.Reading
		if err := app.Server.DB.Gorm.Where("public_id = ?", pid).Take(&rr).Error; err != nil {
			t.Fatalf("load reading %s: %v", pid, err)
		}
		return &rr
	}
	return r
}

func waitStatus(t *testing.T, app *testutil.App, pid, status string) *models.Reading {
	t.Helper()
	var r *models.Reading
	testutil.Eventually(t, 10*time.Second, func() error {
		r = loadReading(t, app, pid)
		if r.Status != status {
			return testutil.Errorf("reading is %s, want %s", r.Status, status)
		}
		return nil
	})
	return r
}

// A reading streams from the AI provider into the page: the pieces arrive
// in order, rendered from Markdown and escaped (no "##" or "**" shown),
// while the provider is still writing, and the page ends up showing what
// the final event shows; the row is done with the token counts.
// Connecting again gets the stored reading, not a second generation.
func TestReadingStreamsEndToEnd(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{
		Pieces: []string{"## Your chart\n\n", "Hello <b>", "bold</b>, ", "**world**", "."},
		Delay:  80 * time.Millisecond,
	})
	app := startReadingApp(t, fake)
	ip := testutil.UniqueIP()
	res := postReading(t, app, ip, "career")
	doc := testutil.HTML(t, res.Body)
	if testutil.ByTestID(doc, "reading").Length() != 1 || !strings.Contains(res.Body, `sse-close="done"`) || !strings.Contains(res.Body, `hx-ext="sse"`) {
		t.Fatalf("fragment is not a closing SSE connection:\n%s", res.Body)
	}
	if p := testutil.ByTestID(doc, "reading-provider").Text(); !strings.Contains(p, "OpenAI") || !strings.Contains(p, "fake-model") {
		t.Errorf("provider label %q", p)
	}
	path := testutil.StreamPath(t, res)
	pid := testutil.ReadingID(path)
	if len(pid) < 22 {
		t.Fatalf("public id %q is too short to be unguessable", pid)
	}

	s := app.OpenStream(t, path)
	if ct := s.Response.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	evs := s.All(t)
	chunks, text, done := testutil.SplitReading(t, evs)
	const source = "## Your chart\n\nHello <b>bold</b>, **world**."
	if want := "Your chart\nHello <b>bold</b>, world."; text != want {
		t.Fatalf("streamed text %q, want %q", text, want)
	}
	if shown, want := testutil.ShownHTML(chunks), reading.RenderMarkdown(source); shown != want {
		t.Fatalf("the streamed chunks show\n%s\nwant the rendered reading\n%s", shown, want)
	}
	if len(chunks) < 4 {
		t.Fatalf("%d chunks, want the pieces one by one", len(chunks))
	}
	for _, c := range chunks {
		if strings.Contains(c.Data, "<b>") {
			t.Fatalf("chunk carries raw HTML: %q", c.Data)
		}
	}
	if gap := done.At.Sub(chunks[0].At); gap < 200*time.Millisecond {
		t.Fatalf("first chunk arrived only %s before the end: the stream is buffered", gap)
	}
	fin := testutil.HTML(t, done.Data)
	if fin.Find(`[data-testid="reading-html"] h2, [data-testid="reading-html"] h3`).Length() != 1 || fin.Find(`[data-testid="reading-html"] strong`).Length() != 1 {
		t.Fatalf("done event is not the rendered reading:\n%s", done.Data)
	}
	if fin.Find(`[data-testid="reading-html"] b`).Length() != 0 {
		t.Fatalf("raw HTML from the model reached the page:\n%s", done.Data)
	}
	if testutil.ByTestID(fin, "reading-fallback").Length() != 0 {
		t.Fatal("a fallback note without a fallback")
	}

	r := waitStatus(t, app, pid, models.ReadingDone)
	if r.Text != source || r.Provider != "openai" || r.Model != "fake-model" || r.FellBack || r.PromptTokens != 42 || r.CompletionTokens != 7 || r.FinishedAt == nil || r.StartedAt == nil {
		t.Fatalf("stored reading: %+v", r)
	}
	if r.UserID != nil || r.GuestIP == "" || r.Topic != "career" || r.Lang != "en" {
		t.Fatalf("stored reading owner/topic: %+v", r)
	}
	if n := fake.Connections(); n != 1 {
		t.Fatalf("the provider was asked %d times", n)
	}
	body := string(fake.Requests()[0].Body)
	if !strings.Contains(body, `"stream":true`) || !strings.Contains(body, "fake-model") {
		t.Fatalf("provider request: %s", body)
	}

	// EventSource reconnects: the stored reading in one event, then close.
	again := app.OpenStream(t, path).All(t)
	if len(again) != 1 || again[0].Name != "done" || !strings.Contains(again[0].Data, "Your chart</h") {
		t.Fatalf("reconnect after done: %+v", again)
	}
	if n := fake.Connections(); n != 1 {
		t.Fatalf("a reconnect generated the reading again (%d provider calls)", n)
	}

	// The reading's own page shows it, for the guest holding its id.
	page := app.Get(t, "/readings/"+pid)
	if page.StatusCode != http.StatusOK || testutil.HTML(t, page.Body).Find(`[data-testid="reading-html"] strong`).Length() != 1 {
		t.Fatalf("GET /readings/%s: %d\n%s", pid, page.StatusCode, page.Body)
	}
	if app.Get(t, "/readings/AAAAAAAAAAAAAAAAAAAAAA").StatusCode != http.StatusNotFound {
		t.Fatal("an unknown reading id is not a 404")
	}
}

// The AI provider fails after some text: the user sees the provider's
// text, one rule, the built-in reading and the fallback note once (the
// page's, not in the text); the row records the fallback.
func TestReadingProviderErrorFallsBack(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{
		Pieces: []string{"Hello", " there", " never sent"}, Fail: true, FailAfter: 2, FailMode: fakeai.FailEvent,
	})
	app := startReadingApp(t, fake)
	path := testutil.StreamPath(t, postReading(t, app, testutil.UniqueIP(), "overall"))
	chunks, text, done := testutil.SplitReading(t, app.OpenStream(t, path).All(t))
	if !strings.HasPrefix(text, "Hello there") || strings.Contains(text, "never sent") || len(text) < 500 {
		t.Fatalf("streamed text after the failure: %.300q", text)
	}
	const note = "The AI provider failed; this is the built-in reading."
	assertFallbackShown(t, done.Data, note, 1)
	pid := testutil.ReadingID(path)
	r := waitStatus(t, app, pid, models.ReadingDone)
	if shown := testutil.ShownHTML(chunks); !r.FellBack || reading.RenderMarkdown(r.Text) != shown {
		t.Fatalf("stored: fell_back=%v, text %d bytes (streamed %d)", r.FellBack, len(r.Text), len(shown))
	}
	// The rule comes after the provider's text, before the built-in text.
	page := app.Get(t, "/readings/"+pid).Body
	assertFallbackShown(t, page, note, 1)
	body := testutil.ByTestID(testutil.HTML(t, page), "reading-html")
	if first := body.Children().First(); !first.Is("p") || first.Text() != "Hello there" || !first.Next().Is("hr") {
		t.Fatalf("the reading does not open with the provider's text and a rule:\n%.600s", page)
	}
}

// assertFallbackShown checks a finished reading's HTML: the fallback note
// shown once, in the page's box, and the given number of rules.
func assertFallbackShown(t *testing.T, page, note string, rules int) {
	t.Helper()
	d := testutil.HTML(t, page)
	if got := testutil.ByTestID(d, "reading-fallback").Text(); got != note {
		t.Errorf("fallback note %q, want %q", got, note)
	}
	if n := strings.Count(page, note); n != 1 {
		t.Errorf("the fallback note is shown %d times", n)
	}
	if n := testutil.ByTestID(d, "reading-html").Find("hr").Length(); n != rules {
		t.Errorf("%d rules in the reading, want %d:\n%.600s", n, rules, page)
	}
}

// A provider that does not start writing within AI_FIRST_TOKEN_TIMEOUT is
// replaced by the built-in reader: its reading opens with text, no rule,
// and the note is shown once.
func TestReadingSlowFirstTokenFallsBack(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{FirstDelay: 5 * time.Second})
	app := startReadingApp(t, fake, "AI_FIRST_TOKEN_TIMEOUT", "300ms")
	path := testutil.StreamPath(t, postReading(t, app, testutil.UniqueIP(), "overall", "Accept-Language", "zh-CN"))
	start := time.Now()
	_, text, done := testutil.SplitReading(t, app.OpenStream(t, path).All(t))
	if time.Since(start) > 4*time.Second {
		t.Fatalf("the stream waited %s for a slow provider", time.Since(start))
	}
	const note = "AI 服务出错；以下是内置解读。"
	assertFallbackShown(t, done.Data, note, 0)
	if len(text) < 200 {
		t.Fatalf("built-in text too short: %q", text)
	}
	pid := testutil.ReadingID(path)
	if r := waitStatus(t, app, pid, models.ReadingDone); !r.FellBack || r.Lang != "zh-Hans" || strings.HasPrefix(strings.TrimSpace(r.Text), "---") {
		t.Fatalf("stored: %+v", r)
	}
	assertFallbackShown(t, app.Get(t, "/readings/"+pid, "Accept-Language", "zh-CN").Body, note, 0)
}

// The browser goes away mid-reading: the provider's request is cancelled,
// the row keeps the partial text as cancelled, and the metric counts it
// as client_gone.
func TestReadingClientDisconnectCancelsUpstream(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"First words."}, HoldOpen: true})
	app := startReadingApp(t, fake)
	path := testutil.StreamPath(t, postReading(t, app, testutil.UniqueIP(), "wealth"))
	s := app.OpenStream(t, path)
	ev, ok := s.Next(t)
	if !ok || ev.Name != "chunk" || ev.Data != "<p>First words.</p>\n" {
		t.Fatalf("first event %+v", ev)
	}
	s.Close()
	if !fake.WaitCancelled(10 * time.Second) {
		t.Fatal("the provider never saw the request cancelled")
	}
	r := waitStatus(t, app, testutil.ReadingID(path), models.ReadingCancelled)
	if r.Text != "First words." || r.FinishedAt == nil {
		t.Fatalf("cancelled reading: %+v", r)
	}
	// Operators see it as client_gone in the readings metric.
	want := `bazi_ai_readings_total{outcome="client_gone",provider="openai",reason=""} 1`
	testutil.Eventually(t, 5*time.Second, func() error {
		if !strings.Contains(app.Get(t, "/metrics").Body, want) {
			return testutil.Errorf("/metrics lacks %s", want)
		}
		return nil
	})
}

// The event stream goes through the app's middleware (compression,
// logging) unbuffered: with Accept-Encoding: gzip the first piece arrives
// while the provider still holds the rest back.
func TestReadingStreamIsNotBufferedByCompression(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"Early piece."}, HoldOpen: true})
	app := startReadingApp(t, fake)
	// Compression is on for pages (so the check below means something).
	req, _ := http.NewRequest(http.MethodGet, app.URL+"/chart?"+readingQuery, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	page, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("pages are not compressed (Content-Encoding %q): the test proves nothing", page.Header.Get("Content-Encoding"))
	}

	path := testutil.StreamPath(t, postReading(t, app, testutil.UniqueIP(), "health"))
	s := app.OpenStream(t, path, "Accept-Encoding", "gzip")
	got := make(chan testutil.Event, 1)
	go func() {
		ev, _ := s.Next(t)
		got <- ev
	}()
	select {
	case ev := <-got:
		if ev.Name != "chunk" || ev.Data != "<p>Early piece.</p>\n" {
			t.Fatalf("first event %+v (Content-Encoding %q)", ev, s.Response.Header.Get("Content-Encoding"))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the first piece did not arrive while the provider held the rest: the stream is buffered")
	}
	s.Close()
	waitStatus(t, app, testutil.ReadingID(path), models.ReadingCancelled)
	// The request log line is written and carries the route.
	testutil.Eventually(t, 5*time.Second, func() error {
		if !strings.Contains(app.Logs.String(), `"route":"/readings/:pid/stream"`) {
			return testutil.Errorf("no log line for the stream route")
		}
		return nil
	})
}

// Daily quota and one reading at a time, refused with 429 and a message
// in the page's language.
func TestReadingQuotaAndConcurrency(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"Held."}, HoldOpen: true})
	app := startReadingApp(t, fake, "READING_DAILY_QUOTA_GUEST", "2")
	ip := testutil.UniqueIP()

	// Concurrency: a second start while the first is pending, then while it streams.
	first := testutil.StreamPath(t, postReading(t, app, ip, "overall"))
	busy := postReading(t, app, ip, "career", "Accept-Language", "zh-TW")
	if busy.StatusCode != http.StatusTooManyRequests || testutil.ByTestID(testutil.HTML(t, busy.Body), "reading-refused").Text() != "已有一個解讀正在撰寫。請等待完成或停止後再試。" {
		t.Fatalf("second start while one is pending: %d\n%s", busy.StatusCode, busy.Body)
	}
	s := app.OpenStream(t, first)
	if ev, ok := s.Next(t); !ok || ev.Name != "chunk" {
		t.Fatalf("first reading did not stream: %+v", ev)
	}
	if res := postReading(t, app, ip, "career"); res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "already being written") {
		t.Fatalf("second start while one streams: %d\n%s", res.StatusCode, res.Body)
	}
	// A second window connecting to the same stream is told it is in progress.
	other := app.OpenStream(t, first).All(t)
	if len(other) != 1 || other[0].Name != "done" || !strings.Contains(other[0].Data, "reading-in-progress") {
		t.Fatalf("second connection to a streaming reading: %+v", other)
	}
	if fake.Connections() != 1 {
		t.Fatalf("provider called %d times", fake.Connections())
	}
	// Another guest is not blocked.
	otherGuest := testutil.StreamPath(t, postReading(t, app, testutil.UniqueIP(), "overall"))
	s.Close()
	waitStatus(t, app, testutil.ReadingID(first), models.ReadingCancelled)

	// Quota: readings that never completed do not count. Two were
	// stopped; a third is allowed, and after a second stopped one a fourth.
	second := testutil.StreamPath(t, postReading(t, app, ip, "career"))
	if second == otherGuest {
		t.Fatal("same reading twice")
	}
	s2 := app.OpenStream(t, second)
	s2.Next(t)
	s2.Close()
	waitStatus(t, app, testutil.ReadingID(second), models.ReadingCancelled)
	res := postReading(t, app, ip, "wealth")
	if res.StatusCode != http.StatusOK || testutil.StreamPath(t, res) == "" {
		t.Fatalf("a start after two stopped readings (quota 2): %d\n%s", res.StatusCode, res.Body)
	}
}

// The guest quota counts readings written to the end. The reading panel
// shows what is left of it; over it, the message (in the page's language)
// says when it resets on the chart's clock (Asia/Shanghai: 08:00, midnight
// UTC) and offers to sign in, coming back to the chart; with Retry-After.
func TestReadingGuestQuotaRefusal(t *testing.T) {
	app := startReadingApp(t, nil, "READING_DAILY_QUOTA_GUEST", "2")
	ip := testutil.UniqueIP()
	left := func(lang string) string {
		t.Helper()
		d := testutil.HTML(t, app.Get(t, "/chart?"+readingQuery+"&lang="+lang, "X-Forwarded-For", ip).Body)
		return strings.TrimSpace(testutil.ByTestID(d, "reading-remaining").Text())
	}
	read := func(topic string) {
		t.Helper()
		path := testutil.StreamPath(t, postReading(t, app, ip, topic))
		testutil.SplitReading(t, app.OpenStream(t, path).All(t))
		waitStatus(t, app, testutil.ReadingID(path), models.ReadingDone)
	}
	if en, zh := left("en"), left("zh-Hans"); en != "2 of 2 free readings left today" || zh != "今日还可免费解读 2 次" {
		t.Fatalf("before any reading: %q / %q", en, zh)
	}
	read("overall")
	if en, zh := left("en"), left("zh-Hans"); en != "1 of 2 free readings left today" || zh != "今日还可免费解读 1 次" {
		t.Fatalf("after one reading: %q / %q", en, zh)
	}
	read("career")
	if got := left("zh-Hant"); got != "今日還可免費解讀 0 次" {
		t.Fatalf("after two readings: %q", got)
	}

	signIn := "/login?next=" + url.QueryEscape("/chart?"+readingQuery)
	for _, tc := range []struct{ lang, msg string }{
		{"en", "Guests can have 2 readings a day. Sign in for more, or come back when the quota resets at 08:00 (UTC+08:00)."},
		{"zh-Hans", "访客每天可解读 2 次。登录可获得更多次数；访客次数将于 08:00（UTC+08:00）重置。"},
	} {
		left(tc.lang) // the chart page, in that language (which the browser keeps)
		res := postReading(t, app, ip, "wealth")
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("%s: over the quota: %d\n%s", tc.lang, res.StatusCode, res.Body)
		}
		d := testutil.HTML(t, res.Body)
		if msg := testutil.ByTestID(d, "reading-refused").Text(); msg != tc.msg {
			t.Errorf("%s: quota message %q, want %q", tc.lang, msg, tc.msg)
		}
		if href, _ := testutil.ByTestID(d, "reading-sign-in").Attr("href"); href != signIn {
			t.Errorf("%s: Sign-in links to %q, want %q", tc.lang, href, signIn)
		}
		if ra, _ := strconv.Atoi(res.Header.Get("Retry-After")); ra < 1 || ra > 86400 {
			t.Fatalf("Retry-After %q", res.Header.Get("Retry-After"))
		}
	}
	// The sign-in page keeps the chart as where to go next.
	login := testutil.HTML(t, app.Get(t, signIn).Body)
	if next, _ := login.Find(`input[name="next"]`).Attr("value"); next != "/chart?"+readingQuery {
		t.Fatalf("the sign-in page goes on to %q", next)
	}
}

// A user's reading is theirs: a guest or another user holding its id gets
// a 404; the owner sees it and finds it listed under the chart.
func TestReadingIsOwnerScoped(t *testing.T) {
	app := startReadingApp(t, nil)
	owner, alice := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("reader")})
	_, bob := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("reader")})
	path := testutil.StreamPath(t, postReading(t, alice, testutil.UniqueIP(), "overall"))
	pid := testutil.ReadingID(path)
	if len(bob.OpenStream(t, path).All(t)) != 0 {
		t.Fatal("another user could open the stream")
	}
	_, _, done := testutil.SplitReading(t, alice.OpenStream(t, path).All(t))
	if !strings.Contains(done.Data, "reading-html") {
		t.Fatalf("owner's stream: %.500s", done.Data)
	}
	r := waitStatus(t, app, pid, models.ReadingDone)
	if r.UserID == nil || *r.UserID != owner.ID || r.GuestIP != "" {
		t.Fatalf("owner not stored: %+v", r)
	}
	guest := app.NewSession()
	for _, b := range []*testutil.App{guest, bob} {
		for _, p := range []string{"/readings/" + pid, path} {
			if res := b.Get(t, p); res.StatusCode != http.StatusNotFound {
				t.Fatalf("GET %s by a stranger: %d", p, res.StatusCode)
			}
		}
		if res := b.PostForm(t, "/readings/"+pid+"/messages", url.Values{"question": {"Why?"}}); res.StatusCode != http.StatusNotFound {
			t.Fatalf("a stranger asked about the reading: %d", res.StatusCode)
		}
	}
	if res := alice.Get(t, "/readings/"+pid); res.StatusCode != http.StatusOK {
		t.Fatalf("owner's page: %d", res.StatusCode)
	}
	list := alice.Get(t, "/readings?query="+url.QueryEscape(readingQuery))
	if n := testutil.ByTestID(testutil.HTML(t, list.Body), "saved-reading").Length(); n != 1 {
		t.Fatalf("owner's saved readings: %d\n%s", n, list.Body)
	}
	if n := testutil.ByTestID(testutil.HTML(t, bob.Get(t, "/readings?query="+url.QueryEscape(readingQuery)).Body), "saved-reading").Length(); n != 0 {
		t.Fatalf("another user sees %d of the readings", n)
	}
	// The export carries it.
	exp := alice.Get(t, "/profile/export")
	var doc struct {
		Readings []struct {
			ID, Text, Status string
		} `json:"readings"`
	}
	if err := json.Unmarshal([]byte(exp.Body), &doc); err != nil || len(doc.Readings) != 1 || doc.Readings[0].ID != pid || doc.Readings[0].Text != r.Text {
		t.Fatalf("export readings: %v %+v", err, doc.Readings)
	}
}

// A follow-up question streams the same way, with the chart, the reading
// and the earlier messages as context.
func TestReadingFollowUpQuestion(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"Answer ", "text."}})
	app := startReadingApp(t, fake)
	_, alice := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("reader")})
	path := testutil.StreamPath(t, postReading(t, alice, testutil.UniqueIP(), "career"))
	_, reading, done := testutil.SplitReading(t, alice.OpenStream(t, path).All(t))
	if testutil.ByTestID(testutil.HTML(t, done.Data), "chat-form").Length() != 1 {
		t.Fatalf("no follow-up form under the finished reading:\n%s", done.Data)
	}
	pid := testutil.ReadingID(path)
	waitStatus(t, app, pid, models.ReadingDone)

	ask := func(q string) string {
		res := alice.PostForm(t, "/readings/"+pid+"/messages", url.Values{"question": {q}}, "HX-Request", "true")
		if !strings.Contains(res.Body, html.EscapeString(q)) {
			t.Fatalf("the question is not echoed:\n%s", res.Body)
		}
		return testutil.StreamPath(t, res)
	}
	first := ask("Which years suit a change of job?")
	_, answer, fin := testutil.SplitReading(t, alice.OpenStream(t, first).All(t))
	if answer != "Answer text." || !strings.Contains(fin.Data, "chat-answer-html") {
		t.Fatalf("answer %q / %s", answer, fin.Data)
	}
	second := ask("And what about <2030>?")
	testutil.SplitReading(t, alice.OpenStream(t, second).All(t))

	reqs := fake.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d provider requests, want 3", len(reqs))
	}
	var body struct {
		Messages []struct{ Role, Content string } `json:"messages"`
	}
	if err := json.Unmarshal(reqs[2].Body, &body); err != nil {
		t.Fatal(err)
	}
	// system (chart facts), the opening request, the reading, then the
	// first question and answer, then the new question.
	var roles []string
	var contents strings.Builder
	for _, m := range body.Messages {
		roles = append(roles, m.Role)
		contents.WriteString(m.Content + "\n")
	}
	if got := strings.Join(roles, ","); got != "system,user,assistant,user,assistant,user" {
		t.Fatalf("follow-up conversation roles %s", got)
	}
	if body.Messages[2].Content != reading {
		t.Errorf("the reading is not in the follow-up's history: %q", body.Messages[2].Content)
	}
	for _, want := range []string{"Which years suit a change of job?", "Answer text.", "And what about <2030>?", "day_master: 辛"} {
		if !strings.Contains(contents.String(), want) {
			t.Errorf("the follow-up request lacks %q", want)
		}
	}
	msgs, err := app.Server.Readings.Messages(context.Background(), loadReading(t, app, pid).ID)
	if err != nil || len(msgs) != 4 || msgs[1].Status != models.ReadingDone || msgs[1].Content != "Answer text." || msgs[1].CompletionTokens != 7 {
		t.Fatalf("stored messages: %v %+v", err, msgs)
	}
	// Too long a question.
	v := url.Values{"question": {strings.Repeat("问", 501)}}
	if res := alice.PostForm(t, "/readings/"+pid+"/messages", v, "HX-Request", "true"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "500") {
		t.Fatalf("a 501-character question: %d %s", res.StatusCode, res.Body)
	}
}

// Shutdown (SIGTERM) during a stream: the stream ends with its final event
// and the reading is stored, before the database closes.
func TestReadingStreamEndsOnShutdown(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"Before shutdown."}, HoldOpen: true})
	app := startReadingApp(t, fake)
	path := testutil.StreamPath(t, postReading(t, app, testutil.UniqueIP(), "overall"))
	s := app.OpenStream(t, path)
	if ev, ok := s.Next(t); !ok || ev.Data != "<p>Before shutdown.</p>\n" {
		t.Fatalf("first event %+v", ev)
	}
	stopped := make(chan error, 1)
	go func() { stopped <- app.Server.Shutdown(10 * time.Second) }()
	evs := s.All(t)
	if len(evs) != 1 || evs[0].Name != "done" || !strings.Contains(evs[0].Data, "reading-stopped") {
		t.Fatalf("events after shutdown began: %+v", evs)
	}
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("shutdown did not finish")
	}
	db, err := database.Open(context.Background(), config.Config{DatabaseURL: testutil.PostgresURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var r models.Reading
	if err := db.Gorm.Where("public_id = ?", testutil.ReadingID(path)).Take(&r).Error; err != nil {
		t.Fatal(err)
	}
	if r.Status != models.ReadingCancelled || r.Text != "Before shutdown." || r.FinishedAt == nil {
		t.Fatalf("reading after shutdown: %+v", r)
	}
}

// The chart page offers the reading panel in three languages; guests are
// told their readings are not kept.
func TestReadingPanelOnChartPage(t *testing.T) {
	app := startReadingApp(t, nil)
	for lang, start := range map[string]string{"en": "Start reading", "zh-Hans": "开始解读", "zh-Hant": "開始解讀"} {
		d := testutil.HTML(t, app.Get(t, "/chart?"+readingQuery+"&lang="+lang).Body)
		if got := strings.TrimSpace(testutil.ByTestID(d, "reading-start").Text()); got != start {
			t.Errorf("%s: start button %q", lang, got)
		}
		if n := testutil.ByTestID(d, "reading-topic").Find("option").Length(); n != 6 {
			t.Errorf("%s: %d topics", lang, n)
		}
		if testutil.ByTestID(d, "reading-guest-note").Length() != 1 {
			t.Errorf("%s: no guest note", lang)
		}
	}
}

// Anthropic (ANTHROPIC_BASE_URL pointed at the fake) writes a signed-in
// user's reading; the user's daily quota then refuses the next one.
func TestReadingThroughAnthropicAndUserQuota(t *testing.T) {
	fake := fakeai.StartAnthropic(t, fakeai.Options{Pieces: []string{"Claude ", "says hello."}})
	app := startReadingApp(t, nil, "AI_PROVIDER", "anthropic", "ANTHROPIC_API_KEY", "sk-ant-test",
		"ANTHROPIC_BASE_URL", fake.URL, "ANTHROPIC_MODEL", "claude-fake", "READING_DAILY_QUOTA_USER", "1")
	_, alice := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("reader")})
	left := func() string {
		t.Helper()
		d := testutil.HTML(t, alice.Get(t, "/chart?"+readingQuery).Body)
		return strings.TrimSpace(testutil.ByTestID(d, "reading-remaining").Text())
	}
	if got := left(); got != "1 of 1 readings left today" {
		t.Fatalf("the user's own count before a reading: %q", got)
	}
	res := postReading(t, alice, testutil.UniqueIP(), "relationships")
	if p := testutil.ByTestID(testutil.HTML(t, res.Body), "reading-provider").Text(); !strings.Contains(p, "Anthropic · claude-fake") {
		t.Fatalf("provider label %q", p)
	}
	path := testutil.StreamPath(t, res)
	_, text, _ := testutil.SplitReading(t, alice.OpenStream(t, path).All(t))
	if text != "Claude says hello." {
		t.Fatalf("streamed %q", text)
	}
	r := waitStatus(t, app, testutil.ReadingID(path), models.ReadingDone)
	if r.Provider != "anthropic" || r.Model != "claude-fake" || r.FellBack || r.PromptTokens == 0 || r.CompletionTokens == 0 {
		t.Fatalf("stored: %+v", r)
	}
	if got := left(); got != "0 of 1 readings left today" {
		t.Fatalf("the user's own count after a reading: %q", got)
	}
	// Another IP does not help a signed-in user past their quota; no
	// Sign-in button for someone signed in.
	over := postReading(t, alice, testutil.UniqueIP(), "overall")
	od := testutil.HTML(t, over.Body)
	if over.StatusCode != http.StatusTooManyRequests || !strings.Contains(testutil.ByTestID(od, "reading-refused").Text(), "used today's 1 readings") ||
		!strings.Contains(over.Body, "resets at 08:00 (UTC+08:00)") || testutil.ByTestID(od, "reading-sign-in").Length() != 0 {
		t.Fatalf("over the user quota: %d\n%s", over.StatusCode, over.Body)
	}
}

// On a saved chart's page the reading is kept with that chart and listed
// under it; the chart's id must be the user's own.
func TestReadingKeptWithSavedChart(t *testing.T) {
	app := startReadingApp(t, nil)
	_, alice := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("reader")})
	_, bob := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("reader")})
	id := saveChart(t, alice, nil)
	bobsChart := saveChart(t, bob, nil)
	page := testutil.HTML(t, alice.Get(t, "/charts/"+strconv.FormatInt(id, 10)).Body)
	form := testutil.ByTestID(page, "reading-form")
	if v, _ := form.Find(`input[name="chart_id"]`).Attr("value"); v != strconv.FormatInt(id, 10) {
		t.Fatalf("the saved chart's reading form has chart_id %q", v)
	}
	query, _ := form.Find(`input[name="query"]`).Attr("value")
	listURL, _ := testutil.ByTestID(page, "reading-saved").Attr("hx-get")

	start := func(b *testutil.App, chartID int64) string {
		v := url.Values{"query": {query}, "topic": {"year"}, "chart_id": {strconv.FormatInt(chartID, 10)}}
		path := testutil.StreamPath(t, b.PostForm(t, "/readings", v, "HX-Request", "true"))
		testutil.SplitReading(t, b.OpenStream(t, path).All(t))
		return testutil.ReadingID(path)
	}
	pid := start(alice, id)
	if r := waitStatus(t, app, pid, models.ReadingDone); r.ChartID == nil || *r.ChartID != id {
		t.Fatalf("reading not kept with chart %d: %+v", id, r)
	}
	// Another user's chart id is ignored, not linked.
	if r := waitStatus(t, app, start(alice, bobsChart), models.ReadingDone); r.ChartID != nil {
		t.Fatalf("linked to another user's chart: %+v", r)
	}
	list := testutil.HTML(t, alice.Get(t, listURL).Body)
	if n := testutil.ByTestID(list, "saved-reading").Length(); n != 2 {
		t.Fatalf("%d saved readings listed under the chart, want 2 (same chart query)", n)
	}
	if href, _ := testutil.ByTestID(list, "saved-reading").Last().Find("a").Attr("href"); href != "/readings/"+pid {
		t.Fatalf("oldest listed reading links to %q", href)
	}
}
