package handlers_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
	"github.com/bazi-master/bazi-master/models"
)

// A reading in Chromium: the text grows in several steps (not all at
// once) while the built-in reader writes, the finished reading replaces
// it, and Stop on a second reading stops the text and cancels it.
func TestBrowserReadingStreamsAndStops(t *testing.T) {
	app := startReadingAppPaced(t, nil, 20*time.Millisecond)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	testutil.TrackEventSources(t, ctx)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/chart?"+readingQuery+"&lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="reading-panel"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx && !!document.querySelector('[data-testid="reading-panel"]')`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="reading-start"]`)))

	textLen := `(function(){var e=document.querySelector('[data-reading-stream] [data-reading-text]');return e?e.textContent.length:-1})()`
	finished := `!!document.querySelector('[data-testid="reading-finished"]')`
	// Each step: wait until the text is longer than last seen (or the
	// reading has finished), then note its length.
	var samples []int
	for last := 0; len(samples) < 4; {
		testutil.WaitJS(t, ctx, 20*time.Second, textLen+` > `+strconv.Itoa(last)+` || `+finished)
		if testutil.EvalString(t, ctx, `String(`+finished+`)`) == "true" {
			break
		}
		n, err := strconv.Atoi(testutil.EvalString(t, ctx, `String(`+textLen+`)`))
		if err != nil {
			t.Fatal(err)
		}
		if n > last {
			samples, last = append(samples, n), n
		}
	}
	if len(samples) < 3 {
		t.Fatalf("the text grew in %d observed steps before the end (%v), want 3 or more", len(samples), samples)
	}
	// The whole reading takes some seconds at this pace.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](finished, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("the reading did not finish: %v", err)
	}
	if got := testutil.EvalString(t, ctx, `String(document.querySelectorAll('[data-testid="reading-html"] h3, [data-testid="reading-html"] h2').length > 0)`); got != "true" {
		t.Fatal("the finished reading is not rendered with headings")
	}
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="reading-provider-final"]').textContent`); got != "Built-in reader" {
		t.Fatalf("provider label %q", got)
	}
	testutil.Screenshot(t, ctx, "reading-finished")

	// Regenerate, then Stop while it streams.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="reading-regenerate"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, textLen+` > 20`)
	if n := testutil.EvalString(t, ctx, `String(`+testutil.OpenEventSources+`)`); n != "1" {
		t.Fatalf("%s EventSources open while the reading streams, want 1", n)
	}
	pid := testutil.EvalString(t, ctx, `document.querySelector('[data-reading-stream]').getAttribute('data-reading-id')`)
	// Stop at once: a full-page screenshot here takes long enough on a
	// slow machine for the reading to end before Stop is pressed.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="reading-stop"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `!document.querySelector('[data-reading-stream]') && !!document.querySelector('[data-testid="reading-stopped"]')`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.ScrollIntoView(chromedp.CSS(`[data-testid="reading-panel"]`)))
	testutil.Screenshot(t, ctx, "reading-stopped-mid-stream")
	stoppedText := `document.querySelector('[data-testid="reading-stopped-local"] [data-testid="reading-text"]').textContent.length`
	first := testutil.EvalString(t, ctx, `String(`+stoppedText+`)`)
	r := waitStatus(t, app, pid, models.ReadingCancelled)
	if n, _ := strconv.Atoi(first); n == 0 || len(r.Text) < n/2 {
		t.Fatalf("stopped at %s characters on the page, %d bytes stored", first, len(r.Text))
	}
	// It must not grow any more: it stays as it was until the page has
	// closed the stream (nothing can add to it after that), and after.
	testutil.HoldsUntil(t, 10*time.Second, func() error {
		if again := testutil.EvalString(t, ctx, `String(`+stoppedText+`)`); again != first {
			return fmt.Errorf("the text kept growing after Stop: %s → %s", first, again)
		}
		return nil
	}, func() bool { return testutil.EvalString(t, ctx, `String(`+testutil.OpenEventSources+`)`) == "0" })
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}

// A reading streams into the page already rendered: mid-stream the page
// shows a heading and bold text, never "##" or "**"; a progress indicator
// a person notices (bold, coloured, turning) is shown while it writes;
// and when the stream ends the text does not move.
func TestBrowserReadingRendersAsItStreams(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{
		Pieces: []string{"## 命盘总览\n\n", "**壬", "**水日主，", "生于寅月。\n\n", "第二段", "落。"},
		Delay:  600 * time.Millisecond,
	})
	app := startReadingApp(t, fake)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/chart?"+readingQuery+"&lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="reading-panel"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="reading-start"]`)))

	const live = `document.querySelector('[data-reading-stream] [data-reading-text]')`
	// The open block's bold text, before its closing "**" arrived.
	testutil.WaitJS(t, ctx, 10*time.Second, `!!`+live+` && `+live+`.innerText.includes('壬')`)
	shown := testutil.EvalString(t, ctx, live+`.innerText`)
	if strings.Contains(shown, "#") || strings.Contains(shown, "*") {
		t.Fatalf("mid-stream the page shows Markdown syntax: %q", shown)
	}
	if got := testutil.EvalString(t, ctx, `String(!!`+live+`.querySelector('h3') && !!`+live+`.querySelector('strong'))`); got != "true" {
		t.Fatalf("mid-stream the heading and bold text are not rendered: %s", testutil.EvalString(t, ctx, live+`.innerHTML`))
	}
	indicator := testutil.EvalString(t, ctx, `(function(){var w=document.querySelector('[data-testid="reading-writing"]');var s=getComputedStyle(w);`+
		`var sp=w.querySelector('[data-testid="reading-spinner"]');var a=sp?getComputedStyle(sp).animationName:'none';`+
		`return [w.getAttribute('role'), s.fontWeight, s.color, a, w.getBoundingClientRect().height>0].join('|')})()`)
	parts := strings.Split(indicator, "|")
	if parts[0] != "status" || parts[1] < "600" || parts[2] == "rgb(120, 113, 108)" || parts[3] == "none" || parts[4] != "true" {
		t.Fatalf("the writing indicator is faint or still (role|weight|colour|animation|visible): %s", indicator)
	}

	// The second block is complete: note where it sits, then let the
	// reading end; the finished reading keeps it there. (The screenshot
	// comes after: on a loaded machine it can take longer than the last
	// piece, and the live block is gone once the reading ends.)
	testutil.WaitJS(t, ctx, 10*time.Second, live+` && `+live+`.innerText.includes('第二段')`)
	const block = `(function(r){var p=[].find.call(r.querySelectorAll('p'),function(p){return p.textContent.indexOf('壬')>=0});var b=p.getBoundingClientRect();return b.left+','+(b.top+window.scrollY)+','+b.width})`
	before := testutil.EvalString(t, ctx, block+`(`+live+`)`)
	testutil.Screenshot(t, ctx, "reading-rendered-streaming")
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="reading-html"]')`)
	if after := testutil.EvalString(t, ctx, block+`(document.querySelector('[data-testid="reading-html"]'))`); after != before {
		t.Fatalf("the text moved when the reading ended: %s → %s", before, after)
	}
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}

// A second Start never destroys a live reading: while one streams, Start
// is disabled; a Start that reaches the server anyway (another tab, a
// script) is refused beside the reading, which keeps streaming with its
// Stop button; after Stop, Start works again.
func TestBrowserSecondStartKeepsLiveReading(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"Live words."}, HoldOpen: true})
	app := startReadingApp(t, fake)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/chart?"+readingQuery+"&lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="reading-panel"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="reading-start"]`)))
	const live = `document.querySelector('[data-reading-stream] [data-reading-text]')`
	testutil.WaitJS(t, ctx, 10*time.Second, `!!`+live+` && `+live+`.innerText.includes('Live words.')`)
	testutil.WaitJS(t, ctx, 5*time.Second, `document.querySelector('[data-testid="reading-start"]').disabled`)

	// Submit the form anyway, as a second tab would.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="reading-form"]').requestSubmit()`))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="reading-refusal-slot"] [data-testid="reading-refused"]')`)
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="reading-refused"]').textContent`); !strings.Contains(got, "already being written") {
		t.Fatalf("refusal %q", got)
	}
	if got := testutil.EvalString(t, ctx, `String(!!`+live+` && `+live+`.innerText.includes('Live words.') && !!document.querySelector('[data-reading-stream] [data-testid="reading-stop"]'))`); got != "true" {
		t.Fatal("the refused second Start replaced the live reading")
	}
	if fake.Connections() != 1 {
		t.Fatalf("the provider was called %d times", fake.Connections())
	}
	testutil.Screenshot(t, ctx, "reading-second-start-refused")

	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="reading-stop"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `!document.querySelector('[data-testid="reading-start"]').disabled`)
	for _, p := range console.Problems() {
		if !strings.Contains(p, "status of 429") { // the refused second Start
			t.Fatalf("console problem: %s", p)
		}
	}
}

// Without JavaScript a reading still arrives: Start posts the form, the
// server writes the reading, and the reading page reloads itself until it
// shows the finished, rendered reading.
func TestBrowserReadingWithoutJavaScript(t *testing.T) {
	app := startReadingAppPaced(t, nil, 10*time.Millisecond)
	ctx := testutil.Browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/chart?"+readingQuery+"&lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="reading-start"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="reading-start"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="reading-page"]`)),
	)
	sawWriting := false
	testutil.Eventually(t, 60*time.Second, func() error {
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="reading-writing-server"]') ? 'writing' : document.querySelector('[data-testid="reading-html"] h3') ? 'done' : 'other'`))
		if err != nil {
			return err // the page is reloading
		}
		sawWriting = sawWriting || state == "writing"
		if state != "done" {
			return testutil.Errorf("the reading page shows %s", state)
		}
		return nil
	})
	if !sawWriting {
		t.Error("the reading page never said the reading was being written")
	}
	testutil.Screenshot(t, ctx, "reading-without-javascript")
	pid := strings.TrimPrefix(testutil.EvalString(t, ctx, `location.pathname`), "/readings/")
	if r := loadReading(t, app, pid); r.Status != models.ReadingDone || r.Text == "" {
		t.Fatalf("stored reading: %+v", r)
	}
}

// A finished reading reads well: its headings stand above the text in
// size and weight ("#"/"##" above "###"), and English lines stop at about
// 75 characters on a wide screen.
func TestBrowserReadingTypography(t *testing.T) {
	long := strings.Repeat("The day master is supported by the season and the hidden stems. ", 8)
	fake := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"## Overview\n\n", "### Detail\n\n", long}})
	app := startReadingApp(t, fake)
	path := testutil.StreamPath(t, postReading(t, app, testutil.UniqueIP(), "overall"))
	testutil.SplitReading(t, app.OpenStream(t, path).All(t))
	pid := testutil.ReadingID(path)
	waitStatus(t, app, pid, models.ReadingDone)

	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/readings/"+pid+"?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="reading-html"] h3`)),
	)
	got := testutil.EvalString(t, ctx, `(function(){var r=document.querySelector('[data-testid="reading-html"]');`+
		`function f(sel){var s=getComputedStyle(r.querySelector(sel));return parseFloat(s.fontSize)+'/'+s.fontWeight}`+
		`var z=document.createElement('span');z.textContent='0'.repeat(100);r.querySelector('p').appendChild(z);var ch=z.getBoundingClientRect().width/100;z.remove();`+
		`return [f('h3'),f('h4'),f('p'),(r.querySelector('p').getBoundingClientRect().width/ch).toFixed(0)].join(' ')})()`)
	var h3, h4, p [2]float64
	var measure float64
	if _, err := fmt.Sscanf(got, "%f/%f %f/%f %f/%f %f", &h3[0], &h3[1], &h4[0], &h4[1], &p[0], &p[1], &measure); err != nil {
		t.Fatalf("parse %q: %v", got, err)
	}
	if !(h3[0] > h4[0] && h4[0] > p[0] && h3[1] >= 700 && h4[1] >= 600) {
		t.Errorf("headings without hierarchy (size/weight of h3 h4 p): %s", got)
	}
	if measure > 80 || measure < 50 {
		t.Errorf("the text runs %.0f characters wide, want about 75", measure)
	}
	testutil.Screenshot(t, ctx, "reading-typography")
}

// A refused follow-up question (here: over the guest's quota) keeps what
// was typed, with the reason beside it.
func TestBrowserRefusedQuestionKeepsText(t *testing.T) {
	app := startReadingApp(t, nil, "READING_DAILY_QUOTA_GUEST", "1")
	ip := testutil.UniqueIP()
	path := testutil.StreamPath(t, postReading(t, app, ip, "overall"))
	testutil.SplitReading(t, app.OpenStream(t, path).All(t))
	pid := testutil.ReadingID(path)
	waitStatus(t, app, pid, models.ReadingDone)

	ctx := testutil.Browser(t)
	// The browser is the guest who read it (the app believes X-Forwarded-For).
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"X-Forwarded-For": ip}}); err != nil {
		t.Fatal(err)
	}
	const question = "Which years suit a change of job?"
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/readings/"+pid+"?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="chat-question"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	testutil.Step(t, ctx, 10*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="chat-question"]`), question),
		chromedp.Click(chromedp.CSS(`[data-testid="chat-ask"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="reading-refused"]')`)
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="chat-question"]').value`); got != question {
		t.Fatalf("after the refusal the question box holds %q, want the question typed", got)
	}
}
