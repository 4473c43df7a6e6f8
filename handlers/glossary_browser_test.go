package handlers_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Terms on a touch phone: tapping a ten god in the grid opens its
// explanation inside the screen, its glossary link leads to the entry,
// the strength gauge names its bands, a failed 得令 reads 失令 and is not
// struck through, and an expandable row shows a chevron and tells
// assistive technology whether it is open.
func TestBrowserTermsOnTouchPhone(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	chartURL := app.URL + "/chart?date=1990-06-15&time=08%3A00&tz=Asia%2FShanghai&gender=male&lang="

	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(chartURL+"en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="pillars"]`)),
	)
	yearGod := `document.querySelector('[data-testid="row-ten-god"] td details.term')`
	if testutil.EvalString(t, ctx, `String(`+yearGod+`.querySelector('.term-pop').checkVisibility())`) != "false" {
		t.Fatal("a term's explanation shows before it is tapped")
	}
	testutil.Step(t, ctx, 10*time.Second, chromedp.Tap(chromedp.CSS(`[data-testid="row-ten-god"] td details.term > summary`)))
	testutil.WaitJS(t, ctx, 5*time.Second, yearGod+`.open`)
	pop := yearGod + `.querySelector('.term-pop')`
	box := `(r => [r.left >= 0, r.right <= innerWidth, r.top >= 0, r.bottom <= innerHeight, r.height > 20].join())(` + pop + `.getBoundingClientRect())`
	if got := testutil.EvalString(t, ctx, box+` + "," + `+pop+`.checkVisibility()`); got != "true,true,true,true,true,true" {
		t.Fatalf("the open explanation is not inside the 390 px screen: %s", got)
	}
	if got := testutil.EvalString(t, ctx, pop+`.innerText`); len(got) < 40 {
		t.Fatalf("the explanation reads %q", got)
	}
	testutil.Screenshot(t, ctx, "terms-phone-tapped")

	// A second term closes the first (one explanation at a time). The open
	// sheet covers the bottom of the screen: bring the next term above it
	// first, as a reader scrolls.
	testutil.EvalString(t, ctx, `document.querySelector('[data-testid="row-stage"] td details.term > summary').scrollIntoView({block: "center"}), ""`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Tap(chromedp.CSS(`[data-testid="row-stage"] td details.term > summary`)))
	testutil.WaitJS(t, ctx, 5*time.Second, `document.querySelector('[data-testid="row-stage"] td details.term').open && !`+yearGod+`.open`)

	// Strength: five bands in words; 得令 failed, written as such.
	if got := testutil.EvalString(t, ctx, `[...document.querySelectorAll('[data-testid="strength-band"]')].map(e => e.textContent).join("|")`); got != "Very weak|Weak|Balanced|Strong|Very strong" {
		t.Errorf("strength bands read %q", got)
	}
	flags := `document.querySelector('[data-testid="strength"] ul')`
	if got := testutil.EvalString(t, ctx, flags+`.querySelector('[data-flag="flag-in_season"] summary').textContent.trim()`); got != "Not in season (失令)" {
		t.Errorf("得令 reads %q", got)
	}
	if got := testutil.EvalString(t, ctx, `[...`+flags+`.querySelectorAll('*')].filter(e => getComputedStyle(e).textDecorationLine.includes('line-through') || /^(S|DEL|STRIKE)$/.test(e.tagName)).length + ""`); got != "0" {
		t.Errorf("%s struck-through flags", got)
	}

	// An expandable row: a chevron, and its state in the accessibility tree.
	row := `document.querySelector('[data-testid="relation"] details, [data-testid="star"] details')`
	if got := testutil.EvalString(t, ctx, `getComputedStyle(`+row+`.querySelector('summary'), '::before').borderRightStyle`); got != "solid" {
		t.Errorf("an expandable row has no chevron (::before border %q)", got)
	}
	rowName := testutil.EvalString(t, ctx, row+`.querySelector('summary span').textContent`)
	if expanded(t, ctx, rowName) {
		t.Fatal("a closed row is reported expanded")
	}
	testutil.Step(t, ctx, 10*time.Second, chromedp.Tap(chromedp.CSS(`[data-testid="relation"] details > summary, [data-testid="star"] details > summary`)))
	testutil.WaitJS(t, ctx, 5*time.Second, row+`.open`)
	if !expanded(t, ctx, rowName) {
		t.Error("an open row is not reported expanded")
	}

	// The glossary link in a term's explanation leads to its entry.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Tap(chromedp.CSS(`[data-testid="row-ten-god"] td details.term > summary`)))
	testutil.WaitJS(t, ctx, 5*time.Second, yearGod+`.open`)
	href := testutil.EvalString(t, ctx, pop+`.querySelector('a').getAttribute('href')`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Tap(chromedp.CSS(`[data-testid="row-ten-god"] td details[open] .term-pop a`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname + location.hash === `+jsString(href))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector(':target[data-testid="glossary-term"]')`)
	if got := testutil.EvalString(t, ctx, `document.querySelector(':target').innerText`); len(got) < 40 {
		t.Errorf("the glossary entry reads %q", got)
	}
	if w := testutil.EvalString(t, ctx, `String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("the glossary is %s px wide on a 390 px phone", w)
	}
	testutil.Screenshot(t, ctx, "glossary-phone")

	// In Chinese the failed flag reads 失令.
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(chartURL+"zh-Hans"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="strength"]`)))
	if got := testutil.EvalString(t, ctx, flags+`.querySelector('[data-flag="flag-in_season"] summary').textContent.trim()`); got != "失令" {
		t.Errorf("得令 reads %q in Chinese", got)
	}
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}

// expanded reports whether the disclosure whose summary shows name is
// expanded in Chromium's accessibility tree.
func expanded(t *testing.T, ctx context.Context, name string) bool {
	t.Helper()
	var nodes []*accessibility.Node
	err := chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		res, err := cdp.Call(ctx, tg, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		nodes = res.Nodes
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatalf("accessibility tree: %v", err)
	}
	for _, n := range nodes {
		var role, label string
		if n.Role == nil || n.Name == nil || json.Unmarshal(n.Role.Value, &role) != nil || json.Unmarshal(n.Name.Value, &label) != nil {
			continue
		}
		if !strings.HasPrefix(role, "DisclosureTriangle") || !strings.Contains(label, name) {
			continue
		}
		for _, p := range n.Properties {
			if p.Name == accessibility.PropertyNameExpanded {
				return string(p.Value.Value) == "true"
			}
		}
		t.Fatalf("the disclosure %s has no expanded state", label)
	}
	t.Fatalf("no disclosure named %q in the accessibility tree", name)
	return false
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
