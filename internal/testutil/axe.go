package testutil

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, copied from node_modules by `make vendor-js` and
// checked by scripts/check-generated.sh. It lives here, in a test-only
// package, so the app never serves it.
//
//go:embed axe/axe.min.js
var axeSource string

// AxeViolation is one axe-core rule the page breaks, with the elements
// that break it.
type AxeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []AxeNode `json:"nodes"`
}

// AxeNode is one element breaking a rule: its CSS path and axe's summary
// of what to fix (for contrast, the colours and the ratio found).
type AxeNode struct {
	Target  []string `json:"target"`
	Summary string   `json:"failureSummary"`
}

// axeRun runs axe-core over the whole page, returning the serious and
// critical violations only.
const axeRun = `(async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.map(String), failureSummary: n.failureSummary || ''}))}));
})()`

// Axe runs axe-core on the page the tab shows and returns its serious and
// critical violations (empty when there are none). Wait for the page to
// settle first (PageSettled): axe reads colours as they are painted.
func Axe(t testing.TB, ctx context.Context) []AxeViolation {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	// Injected as a global script, once per document.
	loaded, err := chromedp.Run(actx, chromedp.Evaluate[bool]("!!window.axe"))
	if err == nil && !loaded {
		loaded, err = chromedp.Run(actx, chromedp.Evaluate[bool](axeSource+"\n;!!window.axe"))
	}
	if err != nil || !loaded {
		t.Fatalf("inject axe-core: loaded %v, %v", loaded, err)
	}
	v, err := chromedp.Run(actx, chromedp.Evaluate[[]AxeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	return v
}

// AxeReport formats violations one rule a paragraph, each element on its
// own line, for a test's failure message.
func AxeReport(vs []AxeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%s (%s, %d elements): %s\n", v.ID, v.Impact, len(v.Nodes), v.Help)
		for _, n := range v.Nodes {
			summary := strings.Join(strings.Fields(n.Summary), " ")
			fmt.Fprintf(&b, "    %s: %s\n", strings.Join(n.Target, " "), summary)
		}
	}
	return b.String()
}
