package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The casts-and-draws list on a phone: at 360 px, light and dark, in the
// three languages, nothing scrolls sideways (long questions and a share
// link included) and the page passes axe.
func TestBrowserDivinationsPhone(t *testing.T) {
	f := newDivFixture(t)
	f.keep(t, f.alice, models.KindIChing, "lines=789678&question="+strings.Repeat("x", 120), strings.Repeat("Averyveryverylongwordwithoutspaces", 4)+" 问"+strings.Repeat("问", 80))
	f.keep(t, f.alice, models.KindTarot, "spread=celtic-cross&cards=1,2,3,4,5,6,7,8,9,10", "Love this year")
	id := f.idOf(t, f.aliceID, "spread=celtic-cross&cards=1,2,3,4,5,6,7,8,9,10")
	if _, err := f.app.Server.Divinations.Share(context.Background(), f.aliceID, id); err != nil {
		t.Fatal(err)
	}
	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(f.app.SignInURL(f.aliceID, "/history/divinations")))
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range uiLangs {
			where := theme + " " + lang
			testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(f.app.URL+"/history/divinations?lang="+lang),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="divination-rows"]`)))
			testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
			if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
				t.Errorf("%s: the list at 360 px:\n%s", where, p)
			}
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				testutil.Screenshot(t, ctx, "divinations-a11y-"+theme+"-"+lang)
				t.Errorf("%s: %d serious or critical axe-core violations:\n%s", where, len(vs), testutil.AxeReport(vs))
			}
			testutil.Screenshot(t, ctx, "divinations-phone-"+theme+"-"+lang)
		}
	}
}
