package testutil

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Throttle is a device and network profile for a tab.
type Throttle struct {
	CPUSlowdown   float64 // 4 means four times slower than this machine
	LatencyMS     float64 // added to every request (round-trip time)
	DownloadBps   float64 // bytes per second
	UploadBps     float64 // bytes per second
	Width, Height int64   // CSS pixels, emulated as a phone (touch, mobile)
	Scale         float64 // device pixel ratio
}

// SlowPhone is the profile of the performance target: a mid-range
// phone (4× CPU slowdown, 360×740 at 2×) on a slow mobile link (1.6 Mbps
// both ways, 150 ms RTT).
var SlowPhone = Throttle{
	CPUSlowdown: 4, LatencyMS: 150,
	DownloadBps: 1.6e6 / 8, UploadBps: 1.6e6 / 8,
	Width: 360, Height: 740, Scale: 2,
}

// Emulate applies the profile to the tab in ctx, for the rest of the test,
// with the cache off so that every load is a first visit.
func (p Throttle) Emulate(t testing.TB, ctx context.Context) {
	t.Helper()
	Step(t, ctx, 10*time.Second,
		chromedp.EmulateViewport(p.Width, p.Height, chromedp.EmulateMobile, chromedp.EmulateScale(p.Scale)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: p.CPUSlowdown}); err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				return err
			}
			// An empty URL pattern applies to every request.
			_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{
					Latency: p.LatencyMS, DownloadThroughput: p.DownloadBps, UploadThroughput: p.UploadBps,
				}},
			})
			return err
		}),
	)
}

// Vitals are what the browser itself measured of a page load.
type Vitals struct {
	LCP        float64 `json:"lcp"`        // largest contentful paint, ms after navigation start
	LCPElement string  `json:"lcpElement"` // what the largest paint was, for a failure message
	CLS        float64 `json:"cls"`        // layout shifts without recent input, summed
	Document   float64 `json:"document"`   // the document's last byte, ms
	FCP        float64 `json:"fcp"`        // first contentful paint, ms
	Load       float64 `json:"load"`       // the load event's end, ms
}

// watchVitals runs in every new document before its own scripts: it keeps
// the largest contentful paint and the sum of layout shifts as the browser
// reports them (buffered: entries from before the observers count too).
const watchVitals = `(() => {
  const v = window.__testutilVitals = {lcp: 0, lcpElement: '', cls: 0, observers: []};
  const take = (type, each) => {
    try {
      const o = new PerformanceObserver(list => list.getEntries().forEach(each));
      o.observe({type, buffered: true});
      v.observers.push({o, each});
    } catch (e) { /* the type is not supported */ }
  };
  take('largest-contentful-paint', e => {
    v.lcp = e.renderTime || e.loadTime || e.startTime;
    const el = e.element;
    v.lcpElement = el ? el.tagName.toLowerCase() + (el.dataset && el.dataset.testid ? '[data-testid=' + el.dataset.testid + ']' : '') + ' ' + (el.textContent || '').trim().slice(0, 40) : e.url;
  });
  take('layout-shift', e => { if (!e.hadRecentInput) v.cls += e.value; });
})();`

// readVitals takes the records not yet delivered to the observers, then
// reports.
const readVitals = `(() => {
  const v = window.__testutilVitals;
  v.observers.forEach(({o, each}) => o.takeRecords().forEach(each));
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {lcp: v.lcp, lcpElement: v.lcpElement, cls: v.cls, document: nav ? nav.responseEnd : 0, fcp: fcp ? fcp.startTime : 0, load: nav ? nav.loadEventEnd : 0};
})()`

// WatchVitals makes every document the tab loads from now on record its
// largest contentful paint and layout shifts. Call it before navigating.
func WatchVitals(t testing.TB, ctx context.Context) {
	t.Helper()
	err := chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchVitals})
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatalf("watch vitals: %v", err)
	}
}

// ReadVitals waits until the page has settled and painted its largest
// content, then returns what the browser measured.
func ReadVitals(t testing.TB, ctx context.Context, within time.Duration) Vitals {
	t.Helper()
	WaitJS(t, ctx, within, PageSettled+` && window.__testutilVitals.lcp > 0 && performance.getEntriesByType('navigation')[0].loadEventEnd > 0`)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](readVitals))
	if err != nil {
		t.Fatalf("read vitals: %v", err)
	}
	var v Vitals
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("read vitals: %v", err)
	}
	return v
}
