package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// markFirstTextIn is a JavaScript expression: it marks (data-font-probe)
// the element of <main> whose own text first matches the pattern, and
// says whether it found one.
func markFirstTextIn(pattern string) string {
	return `(() => {
  const re = new RegExp(` + "`" + pattern + "`" + `);
  const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (re.test(n.textContent) && n.parentElement.getClientRects().length) {
      n.parentElement.setAttribute('data-font-probe', '');
      return 'found';
    }
  }
  return '';
})()`
}

// platformFonts are the families Chromium drew the text of the element
// sel with.
func platformFonts(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	if _, err := chromedp.Call(ctx, dom.Enable, dom.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, css.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	depth := int64(0)
	doc, err := chromedp.Call(ctx, dom.GetDocument, dom.GetDocumentParams{Depth: &depth})
	if err != nil {
		t.Fatal(err)
	}
	node, err := chromedp.Call(ctx, dom.QuerySelector, dom.QuerySelectorParams{NodeID: doc.Root.NodeID, Selector: sel})
	if err != nil || node.NodeID == 0 {
		t.Fatalf("%s: %v", sel, err)
	}
	fonts, err := chromedp.Call(ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: node.NodeID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fonts.Fonts {
		out = append(out, f.FamilyName)
	}
	return out
}

// The Japanese and Korean chart pages, and the other pages a reader of
// them opens first, fit a 360 px phone in both themes without scrolling
// sideways; kana are drawn with a Japanese font and Hangul with a Korean
// one (not the Chinese face the default list starts with, whose Han
// characters take Chinese forms). Screenshots go to test-artifacts/.
func TestBrowserJapaneseAndKoreanAtPhoneWidth(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(360, 740))

	pages := map[string][]string{
		"ja": {
			"/chart?date=1990-05-17&time=14%3A30&tz=Asia%2FTokyo&gender=female&place=Tokyo&lang=ja",
			"/?lang=ja", "/daily?lang=ja", "/calendar?lang=ja", "/glossary?lang=ja",
		},
		"ko": {
			"/chart?date=1958-07-01&time=11%3A30&tz=Asia%2FSeoul&gender=male&place=Seoul&lang=ko",
			"/?lang=ko", "/daily?lang=ko", "/calendar?lang=ko", "/glossary?lang=ko",
		},
	}
	script := map[string]string{"ja": `[\u3040-\u30ff]`, "ko": `[\uac00-\ud7a3]`}
	face := map[string]string{"ja": "CJK JP", "ko": "CJK KR"}
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+"/"))
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range []string{"ja", "ko"} {
			for i, path := range pages[lang] {
				testutil.Step(t, ctx, 30*time.Second, chromedp.Navigate(app.URL+path), chromedp.WaitReady(chromedp.CSS(`main`)))
				testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
				if got := testutil.EvalString(t, ctx, `document.documentElement.lang`); got != lang {
					t.Fatalf("%s: <html lang=%q>", path, got)
				}
				if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
					t.Errorf("%s (%s) at 360 px:\n%s", path, theme, p)
				}
				testutil.Screenshot(t, ctx, "phone-"+theme+"-"+lang+"-"+shotName(path))
				if i != 0 || theme != "light" {
					continue
				}
				// The chart: its script drawn by the language's own font.
				if testutil.EvalString(t, ctx, markFirstTextIn(script[lang])) == "" {
					t.Fatalf("%s: no %s text on the chart page", path, lang)
				}
				fonts := platformFonts(t, ctx, "[data-font-probe]")
				if !strings.Contains(strings.Join(fonts, ","), face[lang]) {
					t.Errorf("%s: %s text drawn with %v, want Noto Sans %s", path, lang, fonts, face[lang])
				}
			}
		}
	}
}
