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
)

// headerRowProblems lists the header's visible controls whose vertical
// middle is more than 4 px from the brand's, or that overflow the header:
// empty when the header is one row.
const headerRowProblems = `(() => {
  const header = document.querySelector('[data-testid="site-header"]');
  const brand = header.querySelector('[data-testid="brand"]').getBoundingClientRect();
  const mid = r => (r.top + r.bottom) / 2;
  const out = [];
  const row = header.firstElementChild;
  let prev = null;
  for (const el of row.querySelectorAll('a, button, summary, [aria-current]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(el).visibility === 'hidden' || el.closest('.sr-only')) continue;
    const name = el.dataset.testid || el.textContent.trim();
    if (prev && r.left < prev.r.right - 1) out.push(name + ' overlaps ' + prev.name);
    prev = {name, r};
    if (Math.abs(mid(r) - mid(brand)) > 4) out.push((el.dataset.testid || el.textContent.trim()) + ' at ' + Math.round(r.top) + ' (brand at ' + Math.round(brand.top) + ')');
    if (r.right > row.getBoundingClientRect().right + 1) out.push((el.dataset.testid || el.textContent.trim()) + ' overflows to ' + Math.round(r.right));
  }
  if (header.scrollWidth > header.clientWidth) out.push('header scrolls sideways: ' + header.scrollWidth);
  return out.join('; ');
})()`

// lastHeaderControlTop is the top of the brand and of the last visible
// control in the header's row, "brand last".
const lastHeaderControlTop = `(() => {
  const row = document.querySelector('[data-testid="site-header"]').firstElementChild;
  const shown = [...row.querySelectorAll('a, button, summary')].filter(e => e.getBoundingClientRect().width > 0);
  const last = shown[shown.length - 1];
  return Math.round(row.querySelector('[data-testid="brand"]').getBoundingClientRect().top) + ' ' + Math.round(last.getBoundingClientRect().top);
})()`

// shownJS is true when the element with the test id is rendered, has a
// size and is not inside a closed disclosure (checkVisibility sees the
// content-visibility a closed details gives its content).
func shownJS(id string) string {
	return `(e => !!e && e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0)(document.querySelector('[data-testid="` + id + `"]'))`
}

// The site header: one row on a 1280 px screen, signed out and signed in
// with a long display name, in the three languages, its Modules menu
// opening with a click; on a 360 px phone a
// Menu that opens with one tap and holds every destination, with and
// without JavaScript, without scrolling sideways.
func TestBrowserSiteHeader(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("header"), Verified: true, Name: "Alexandra Konstantinopoulou-Whitfield"})

	guest := []string{"menu-home", "menu-daily", "menu-calendar", "menu-compat", "menu-glossary", "menu-login", "menu-signup"}
	member := []string{"menu-home", "menu-daily", "menu-calendar", "menu-compat", "menu-glossary", "menu-history", "menu-profile", "menu-logout"}

	// wide checks one desktop page: one row, every link in it, no menu.
	wide := func(ctx context.Context, who, path string, ids []string) {
		t.Helper()
		testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+path), chromedp.WaitVisible(chromedp.CSS(`[data-testid="brand"]`)))
		testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
		if p := testutil.EvalString(t, ctx, headerRowProblems); p != "" {
			testutil.Screenshot(t, ctx, "header-wide-"+who)
			t.Errorf("%s %s at 1280 px, the header is not one row: %s", who, path, p)
		}
		if tops := strings.Fields(testutil.EvalString(t, ctx, lastHeaderControlTop)); len(tops) != 2 || absDiff(mustAtoi(t, tops[0]), mustAtoi(t, tops[1])) > 6 {
			t.Errorf("%s %s: brand and last control tops %v", who, path, tops)
		}
		if testutil.EvalString(t, ctx, `String(`+shownJS("site-menu")+`)`) != "false" {
			t.Errorf("%s %s: the phone menu shows at 1280 px", who, path)
		}
		for _, id := range ids {
			if testutil.EvalString(t, ctx, `String(`+shownJS(id)+`)`) != "true" {
				t.Errorf("%s %s: %s is not shown in the header at 1280 px", who, path, id)
			}
		}
		// The modules are in the row's Modules menu, one click away.
		if testutil.EvalString(t, ctx, `String(`+shownJS("nav-compat")+`)`) != "false" {
			t.Errorf("%s %s: the Modules menu is open before a click", who, path)
		}
		testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="modules-toggle"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="modules-panel"]`)))
		for _, id := range []string{"nav-bazi", "nav-compat", "nav-daily", "nav-calendar"} {
			if testutil.EvalString(t, ctx, `String(`+shownJS(id)+`)`) != "true" {
				t.Errorf("%s %s: %s is not in the open Modules menu at 1280 px", who, path, id)
			}
		}
		if w := testutil.EvalString(t, ctx, `String(document.documentElement.scrollWidth)`); mustAtoi(t, w) > 1280 {
			t.Errorf("%s %s: the page is %s px wide at 1280 px with the Modules menu open", who, path, w)
		}
		testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="modules-toggle"]`)))
		testutil.WaitJS(t, ctx, 5*time.Second, `!document.querySelector('[data-testid="modules-menu"]').open`)
	}
	// phone opens the menu with one tap and checks it lists ids and that
	// nothing scrolls sideways.
	phone := func(ctx context.Context, who, path string, ids []string) {
		t.Helper()
		testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+path), chromedp.WaitVisible(chromedp.CSS(`[data-testid="menu-toggle"]`)))
		for _, id := range []string{"modules-toggle", "nav-compat", "account-nav"} {
			if testutil.EvalString(t, ctx, `String(`+shownJS(id)+`)`) != "false" {
				t.Errorf("%s %s: %s is in the 360 px header row", who, path, id)
			}
		}
		if testutil.EvalString(t, ctx, `String(`+shownJS("menu-panel")+`)`) != "false" {
			t.Errorf("%s %s: the menu is open before a tap", who, path)
		}
		testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="menu-toggle"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="menu-panel"]`)))
		if open := testutil.EvalString(t, ctx, `String(document.querySelector('[data-testid="site-menu"]').open)`); open != "true" {
			t.Errorf("%s %s: the menu is not open after a tap", who, path)
		}
		for _, id := range append(ids, "menu-lang") {
			if testutil.EvalString(t, ctx, `String(`+shownJS(id)+`)`) != "true" {
				t.Errorf("%s %s: %s is not in the open menu", who, path, id)
			}
		}
		if w := testutil.EvalString(t, ctx, `String(document.documentElement.scrollWidth)`); mustAtoi(t, w) > 360 {
			t.Errorf("%s %s: the page is %s px wide at 360 px with the menu open", who, path, w)
		}
		testutil.Screenshot(t, ctx, "header-menu-"+who)
	}

	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(1280, 900))
	for _, lang := range []string{"en", "zh-Hans", "zh-Hant", "ja", "ko"} {
		wide(ctx, "guest", "/?lang="+lang, []string{"brand", "modules-toggle", "nav-glossary", "nav-login", "nav-signup", "lang-switcher"})
	}
	// The language menu: closed, it is the current language's short name;
	// open, every language in its own script; Escape closes it.
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+"/?lang=ko"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="lang-toggle"]`)))
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="lang-toggle"] [aria-hidden]').textContent`); got != "한" {
		t.Errorf("the closed language menu shows %q, want 한", got)
	}
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="lang-toggle"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="lang-switcher"] a[hreflang="ja"]`)))
	if got := testutil.EvalString(t, ctx, `Array.from(document.querySelectorAll('[data-testid="lang-switcher"] li')).map(li => li.textContent.trim()).join(" ")`); got != "English 简体中文 繁體中文 日本語 한국어" {
		t.Errorf("the language menu lists %q", got)
	}
	testutil.Screenshot(t, ctx, "header-lang-menu")
	testutil.Step(t, ctx, 10*time.Second, chromedp.KeyEvent(kb.Escape))
	testutil.WaitJS(t, ctx, 5*time.Second, `!document.querySelector('[data-testid="lang-switcher"]').open`)
	testutil.Screenshot(t, ctx, "header-wide-guest")
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.SignInURL(u.ID, "/?lang=en")))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="nav-user"]')`)
	for _, lang := range []string{"en", "zh-Hans", "zh-Hant", "ja", "ko"} {
		wide(ctx, "member", "/history?lang="+lang, []string{"modules-toggle", "nav-history", "nav-user", "nav-logout"})
	}
	testutil.Screenshot(t, ctx, "header-wide-member")
	// The row starts at 1024 px (lg), where the languages are short.
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(1024, 768))
	for _, lang := range []string{"en", "zh-Hant"} {
		wide(ctx, "member", "/?lang="+lang, []string{"modules-toggle", "nav-history", "nav-user", "nav-logout"})
	}

	// A phone, signed in: the menu holds the account's pages and signs out.
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(360, 740))
	phone(ctx, "member", "/?lang=en", member)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="menu-logout"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="menu-toggle"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!document.querySelector('[data-testid="menu-logout"]')`)
	// Signed out: every destination; following one closes the menu.
	phone(ctx, "guest", "/?lang=zh-Hans", guest)
	// With JavaScript, Escape closes it and leaves focus on its button.
	testutil.Step(t, ctx, 10*time.Second, chromedp.KeyEvent(kb.Escape))
	testutil.WaitJS(t, ctx, 5*time.Second, `!document.querySelector('[data-testid="site-menu"]').open && document.activeElement === document.querySelector('[data-testid="menu-toggle"]')`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="menu-toggle"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="menu-compat"]`)))
	testutil.Step(t, ctx, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="menu-compat"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname === "/compatibility" && !!document.querySelector('[data-testid="compat-form"]') && !document.querySelector('[data-testid="site-menu"]').open`)

	// Without JavaScript the menu is the same plain disclosure.
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 10*time.Second, chromedp.EmulateViewport(360, 740))
	phone(nojs, "nojs", "/daily?lang=zh-Hant", guest)
	if hidden := testutil.EvalString(t, nojs, `String(document.querySelector('[data-theme-toggle]').hidden)`); hidden != "true" {
		t.Errorf("the theme toggle shows without JavaScript (hidden=%s): scripts ran", hidden)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="menu-calendar"]`)))
	testutil.WaitJS(t, nojs, 10*time.Second, `location.pathname === "/calendar"`)
	testutil.Step(t, nojs, 10*time.Second, chromedp.EmulateViewport(1280, 900))
	wide(nojs, "nojs", "/?lang=en", []string{"modules-toggle", "nav-login", "nav-signup"})
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}
