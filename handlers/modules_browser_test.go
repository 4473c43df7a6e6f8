package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/views"
)

// menuOverflow is a JavaScript expression: what scrolls sideways with a
// menu open, or "": the page, the header, or the open menu's panel.
const menuOverflow = `(() => {
  const de = document.documentElement, out = [];
  if (de.scrollWidth > de.clientWidth) out.push('the page is ' + de.scrollWidth + 'px wide in ' + de.clientWidth + 'px');
  const header = document.querySelector('[data-testid="site-header"]');
  if (header.scrollWidth > header.clientWidth) out.push('the header is ' + header.scrollWidth + 'px wide');
  for (const panel of document.querySelectorAll('details[open] > [data-menu-panel]')) {
    if (panel.scrollWidth > panel.clientWidth + 1) out.push(panel.dataset.testid + ' scrolls sideways: ' + panel.scrollWidth + 'px in ' + panel.clientWidth + 'px');
    for (const el of panel.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > de.clientWidth + 0.5 || r.left < -0.5) out.push((el.dataset.testid || el.tagName) + ' sticks out: ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
  }
  return out.slice(0, 8).join('; ');
})()`

// The modules on a 360 px phone, in the light and the dark theme: the
// site menu opens with a tap and lists every module, the ones still to
// come as text, without anything scrolling sideways (the home page's
// module cards included) and without axe-core violations; a module in it
// and a home card's Open link navigate. Without JavaScript the menu is
// the same disclosure. From 1024 px the header's Modules menu opens with
// a click or the keyboard, and closes with Escape or a click outside.
func TestBrowserModulesMenu(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(app.URL+"/"))

	// openMenu taps the phone menu open and checks what it shows.
	openMenu := func(ctx context.Context, where string) {
		t.Helper()
		if testutil.EvalString(t, ctx, `String(`+shownJS("menu-panel")+`)`) != "false" {
			t.Errorf("%s: the menu is open before a tap", where)
		}
		testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="menu-toggle"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="menu-panel"]`)))
		if open := testutil.EvalString(t, ctx, `String(document.querySelector('[data-testid="site-menu"]').open)`); open != "true" {
			t.Errorf("%s: the menu is not open after a tap", where)
		}
		for _, m := range views.Modules {
			id := "menu-" + m.Key
			if testutil.EvalString(t, ctx, `String(`+shownJS(id)+`)`) != "true" {
				t.Errorf("%s: %s is not shown in the open menu", where, id)
			}
			tag := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="`+id+`"]').tagName`)
			if (tag == "A") != m.Available {
				t.Errorf("%s: %s is a %s (available: %v)", where, id, tag, m.Available)
			}
		}
		if p := testutil.EvalString(t, ctx, menuOverflow); p != "" {
			t.Errorf("%s at 360 px with the menu open: %s", where, p)
		}
	}

	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range uiLangs {
			where := theme + " " + lang
			testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+"/?lang="+lang), chromedp.WaitVisible(chromedp.CSS(`[data-testid="module-card-tarot"]`)))
			testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
			if got := testutil.EvalString(t, ctx, `document.documentElement.classList.contains("dark") ? "dark" : "light"`); got != theme {
				t.Fatalf("%s: %s theme", where, got)
			}
			if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
				t.Errorf("%s: the home page at 360 px:\n%s", where, p)
			}
			openMenu(ctx, where)
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				testutil.Screenshot(t, ctx, "modules-a11y-"+theme+"-"+lang)
				t.Errorf("%s: the home page with the menu open has %d serious or critical axe-core violations:\n%s", where, len(vs), testutil.AxeReport(vs))
			}
			testutil.Screenshot(t, ctx, "modules-menu-"+theme+"-"+lang)
		}
	}

	// A module in the menu navigates, and its page marks it current; so
	// does a home card's Open link.
	testutil.Step(t, ctx, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="menu-daily"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname === "/daily" && document.querySelector('[data-testid="menu-daily"]')?.getAttribute('aria-current') === 'page' && !document.querySelector('[data-testid="site-menu"]').open`)
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+"/?lang=en"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="module-open-compat"]`)))
	testutil.Step(t, ctx, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="module-open-compat"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname === "/compatibility" && !!document.querySelector('[data-testid="compat-form"]')`)

	// From 1024 px: the Modules menu in the header's row, by mouse and keyboard.
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(1024, 768), chromedp.Navigate(app.URL+"/calendar?lang=en"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="modules-toggle"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Focus(chromedp.CSS(`[data-testid="modules-toggle"]`)), chromedp.KeyEvent(kb.Enter))
	testutil.WaitJS(t, ctx, 5*time.Second, shownJS("nav-calendar"))
	if cur := testutil.EvalString(t, ctx, `[...document.querySelectorAll('[data-testid="nav-modules"] [aria-current]')].map(e => e.dataset.testid).join(',')`); cur != "nav-calendar" {
		t.Errorf("on /calendar the Modules menu marks %q current", cur)
	}
	if p := testutil.EvalString(t, ctx, menuOverflow); p != "" {
		t.Errorf("1024 px with the Modules menu open: %s", p)
	}
	testutil.Screenshot(t, ctx, "modules-menu-wide")
	testutil.Step(t, ctx, 10*time.Second, chromedp.KeyEvent(kb.Tab))
	testutil.WaitJS(t, ctx, 5*time.Second, `document.activeElement === document.querySelector('[data-testid="nav-bazi"]')`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.KeyEvent(kb.Escape))
	testutil.WaitJS(t, ctx, 5*time.Second, `!document.querySelector('[data-testid="modules-menu"]').open && document.activeElement === document.querySelector('[data-testid="modules-toggle"]')`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="modules-toggle"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="nav-compat"]`)))
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`footer p`)))
	testutil.WaitJS(t, ctx, 5*time.Second, `!document.querySelector('[data-testid="modules-menu"]').open`)

	// Without JavaScript both menus are plain disclosures that open and navigate.
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(app.URL+"/?lang=zh-Hant"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="menu-toggle"]`)))
	if hidden := testutil.EvalString(t, nojs, `String(document.querySelector('[data-theme-toggle]').hidden)`); hidden != "true" {
		t.Fatalf("the theme toggle shows without JavaScript (hidden=%s): scripts ran", hidden)
	}
	openMenu(nojs, "no JavaScript")
	testutil.Screenshot(t, nojs, "modules-menu-nojs")
	// No WaitJS in this tab: chromedp's Poll waits on page timers, which do
	// not run with scripts disabled; wait for the next page's content.
	testutil.Step(t, nojs, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="menu-calendar"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="calendar-page"]`)))
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(app.URL+"/?lang=en"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="modules-toggle"]`)))
	testutil.Step(t, nojs, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="modules-toggle"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="nav-compat"]`)))
	if soon := testutil.EvalString(t, nojs, `[...document.querySelectorAll('[data-testid="nav-modules"] li')].filter(li => !li.querySelector('a')).map(li => li.textContent.trim().replace(/\s+/g, ' ')).join('; ')`); strings.Count(soon, "Coming soon") != comingSoon() {
		t.Errorf("the Modules menu's modules still to come: %q", soon)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="nav-compat"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="compat-form"]`)))
}

// comingSoon counts the modules still to come.
func comingSoon() int {
	n := 0
	for _, m := range views.Modules {
		if !m.Available {
			n++
		}
	}
	return n
}
