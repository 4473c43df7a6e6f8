package testutil

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ChromiumPath finds Debian's Chromium (or CHROMIUM_PATH).
func ChromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}

// Browser returns a chromedp context for a new tab in headless Chromium; the
// tab closes when the test ends. Actions derive their own time-outs from it.
func Browser(t testing.TB) context.Context {
	t.Helper()
	path, err := ChromiumPath()
	if err != nil {
		Unavailable(t, "Chromium is not installed (apt-get install -y chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// Start the browser now, without a time-out (one would kill the browser).
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		if CI() {
			t.Fatalf("start Chromium: %v", err)
		}
		t.Skipf("start Chromium: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return ctx
}

// Console collects what the page writes to its console, so a test can
// assert that nothing went wrong (CSP violations and script errors show up
// here as "error" entries).
type Console struct {
	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

// WatchConsole starts collecting console messages of the tab in ctx.
func WatchConsole(ctx context.Context) *Console {
	c := &Console{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.messages = append(c.messages, m)
			c.mu.Unlock()
		}
	}()
	return c
}

// Problems returns the errors, warnings and exceptions seen so far.
func (c *Console) Problems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.messages {
		switch string(m.Type) {
		case "error", "warning", "assert":
			out = append(out, string(m.Type)+": "+m.String())
		default:
			if m.IsException() {
				out = append(out, "exception: "+m.String())
			}
		}
	}
	return out
}

// Sync waits until the console has collected every message the page wrote
// before the call: it writes a marker to the page's console and waits for
// it (messages arrive in order), so a check of Problems that follows sees
// all that happened so far.
func (c *Console) Sync(t testing.TB, ctx context.Context) {
	t.Helper()
	mark := "testutil-console-sync-" + randomHex(6)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("console.debug("+strconv.Quote(mark)+"), true")); err != nil {
		t.Fatalf("console sync: %v", err)
	}
	Eventually(t, 10*time.Second, func() error {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i := len(c.messages) - 1; i >= 0; i-- {
			if strings.Contains(c.messages[i].Text, mark) {
				return nil
			}
		}
		return Errorf("the console marker %s has not arrived", mark)
	})
}

// WaitJS polls the JavaScript expression in the page until it is true,
// failing the test when it is not within the time given. A click that
// navigates destroys the page's script context mid-poll; such errors are
// retried until the deadline.
func WaitJS(t testing.TB, ctx context.Context, within time.Duration, expr string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", expr, err)
		}
		time.Sleep(pollEvery)
	}
}

// WaitEval is WaitJS for a tab with scripts disabled: chromedp's Poll
// waits on the page's own timers, which never fire there (the test would
// hang instead of failing), so the expression is evaluated from Go every
// pollEvery until it is true.
func WaitEval(t testing.TB, ctx context.Context, within time.Duration, expr string) {
	t.Helper()
	deadline := time.Now().Add(within)
	var last error
	for {
		callCtx, cancel := context.WithTimeout(ctx, max(time.Until(deadline), pollEvery))
		ok, err := chromedp.Run(callCtx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v (last error: %v)", expr, ok, last)
		}
		time.Sleep(pollEvery)
	}
}

// EvalString evaluates a JavaScript expression that gives a string.
func EvalString(t testing.TB, ctx context.Context, expr string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// PageSettled is a JavaScript expression that is true when the document and
// its images and fonts have loaded and htmx has no request, swap or settle
// under way: what a page does by itself after it is shown is done. A
// lazy image below the screen (the chart's portrait on a phone) is not
// loaded until it is scrolled to, so it does not count.
const PageSettled = `document.readyState === 'complete'` +
	` && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')` +
	` && Array.from(document.images).every(i => i.complete || (i.loading === 'lazy' && i.getBoundingClientRect().top > innerHeight))` +
	` && (!document.fonts || document.fonts.status === 'loaded')`

// OpenEventSources is a JavaScript expression: how many EventSources the
// page holds open (connecting or connected), once TrackEventSources runs.
const OpenEventSources = `(window.__testutilOpenEventSources || 0)`

// trackEventSources replaces EventSource with a subclass that counts the
// instances not yet closed (by close(), or by the browser giving up).
const trackEventSources = `(() => {
  const ES = window.EventSource;
  if (!ES || ES.__testutilTracked) return;
  let open = 0;
  class Tracked extends ES {
    constructor(...args) {
      super(...args);
      this.__testutilOpen = true;
      open++;
      this.addEventListener('error', () => { if (this.readyState === ES.CLOSED) this.__testutilDone(); });
    }
    __testutilDone() { if (this.__testutilOpen) { this.__testutilOpen = false; open--; } }
    close() { super.close(); this.__testutilDone(); }
  }
  Tracked.__testutilTracked = true;
  Object.defineProperty(window, '__testutilOpenEventSources', { get: () => open });
  window.EventSource = Tracked;
})();`

// TrackEventSources makes every document the tab loads from now on count
// its open EventSources (see OpenEventSources), so that a test can wait for
// a stream's end instead of sleeping. Call it before navigating.
func TrackEventSources(t testing.TB, ctx context.Context) {
	t.Helper()
	err := chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: trackEventSources})
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatalf("track EventSources: %v", err)
	}
}

// Screenshot saves a PNG under test-artifacts/ (git-ignored) at the module
// root, so people can look at what the tests saw.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 means PNG
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join(ModuleRoot(), "test-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Step runs chromedp steps with a time-out so a stuck page fails the test
// instead of hanging it.
func Step(t testing.TB, ctx context.Context, within time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// ModuleRoot is the directory holding go.mod, found upwards from the test's
// working directory (the package's own directory).
func ModuleRoot() string {
	dir, _ := os.Getwd()
	for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
	}
	return dir
}
