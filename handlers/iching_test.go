package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

func TestIChingFormShowsEveryMethod(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/iching")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := testutil.HTML(t, res.Body)
	for _, m := range []string{"coins", "yarrow", "time", "numbers", "lines"} {
		if testutil.ByTestID(doc, "method-"+m).Length() != 1 {
			t.Errorf("no %s method", m)
		}
	}
	if doc.Find(`input[name="method"][value="coins"][checked]`).Length() != 1 {
		t.Error("coins is not the default method")
	}
}

// TestIChingCastIsShownAtItsAddress: a cast is redirected to its own
// address, which draws the lines, marks the changing ones and the texts
// to read.
func TestIChingCastIsShownAtItsAddress(t *testing.T) {
	app := startAPI(t).NewSession()
	res := app.PostForm(t, "/iching", url.Values{"method": {"lines"}, "lines": {"789789"}, "question": {"Shall I <move>?"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d: %.300s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/iching?") || !strings.Contains(loc, "lines=789789") {
		t.Fatalf("redirected to %q", loc)
	}
	page := app.Get(t, loc)
	if page.StatusCode != 200 {
		t.Fatalf("cast page %d", page.StatusCode)
	}
	doc := testutil.HTML(t, page.Body)
	if got := testutil.ByTestID(doc, "iching-line").Length(); got != 6 {
		t.Fatalf("%d lines drawn", got)
	}
	if got := doc.Find(`[data-testid="iching-line"][data-changing]`).Length(); got != 2 {
		t.Errorf("%d changing lines marked, want 2", got)
	}
	if !strings.Contains(testutil.ByTestID(doc, "iching-question").Text(), "Shall I <move>?") || strings.Contains(page.Body, "<move>") {
		t.Error("the question is not shown, or not escaped")
	}
	if g := testutil.ByTestID(doc, "iching-guide"); g.AttrOr("data-rule", "") != "two" || testutil.ByTestID(g, "iching-read-text").Length() != 2 {
		t.Errorf("guide: rule %q", g.AttrOr("data-rule", ""))
	}
	// The two changing lines of 離 (3rd and top) are marked to read.
	read := doc.Find(`[data-testid="iching-primary"] [data-testid="iching-line-text"][data-read]`)
	if read.Length() != 2 || !strings.Contains(read.Eq(1).Text(), "Nine at the top") {
		t.Errorf("%d texts to read: %q", read.Length(), read.Text())
	}
	if testutil.ByTestID(doc, "iching-resulting").Length() != 1 || testutil.ByTestID(doc, "iching-nuclear").AttrOr("data-number", "") != "28" {
		t.Error("resulting or nuclear hexagram missing")
	}
	form := testutil.ByTestID(doc, "reading-form")
	if form.Find(`input[name="topic"]`).AttrOr("value", "") != "iching" || !strings.Contains(form.Find(`input[name="query"]`).AttrOr("value", ""), "lines=789789") {
		t.Error("the reading form does not carry the cast")
	}
}

func TestIChingCastsCoinsInChinese(t *testing.T) {
	app := startAPI(t).NewSession()
	res := app.PostForm(t, "/iching?lang=zh-Hans", url.Values{"method": {"coins"}, "lines": {"ignored"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", res.StatusCode)
	}
	page := app.Get(t, res.Header.Get("Location")+"&lang=zh-Hans")
	doc := testutil.HTML(t, page.Body)
	if testutil.ByTestID(doc, "iching-line").Length() != 6 || !strings.Contains(page.Body, "卦辞") {
		t.Errorf("coins cast page in Chinese: %.400s", testutil.ByTestID(doc, "iching-title").Text())
	}
}

// TestIChingRefusesBadInputByField: the form comes back with the message
// beside the field (422), and nothing is cast.
func TestIChingRefusesBadInputByField(t *testing.T) {
	app := startAPI(t).NewSession()
	for _, tc := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"method": {"lines"}, "lines": {"78978"}}, "lines"},
		{url.Values{"method": {"numbers"}, "n1": {"5"}, "n2": {"x"}, "n3": {"1"}}, "numbers"},
		{url.Values{"method": {"numbers"}, "n1": {"5"}}, "numbers"},
		{url.Values{"method": {"time"}, "tz": {"Moon/Base"}}, "tz"},
		{url.Values{"method": {"dice"}}, "method"},
		{url.Values{"question": {strings.Repeat("長", 301)}}, "question"},
	} {
		res := app.PostForm(t, "/iching", tc.form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%v: status %d", tc.form, res.StatusCode)
			continue
		}
		doc := testutil.HTML(t, res.Body)
		if testutil.ByTestID(doc, "error-"+tc.field).Length() != 1 {
			t.Errorf("%v: no message beside %s", tc.form, tc.field)
		}
	}
	// A cast's address with edited lines is refused with a page naming it.
	if res := app.Get(t, "/iching?lines=12&lang=en"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad lines in the address: %d", res.StatusCode)
	}
}

// TestIChingCastIsKeptAndShared: a signed-in user's cast is kept in their
// casts and draws with its question and summary, the cast page says so,
// and a share link shows the cast read-only (no reading panel) to anyone.
func TestIChingCastIsKeptAndShared(t *testing.T) {
	app := startAPI(t)
	_, user := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("iching"), Verified: true})
	res := user.PostForm(t, "/iching", url.Values{"method": {"lines"}, "lines": {"777779"}, "question": {"Open a shop?"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", res.StatusCode)
	}
	page := testutil.HTML(t, user.Get(t, res.Header.Get("Location")).Body)
	if testutil.ByTestID(page, "iching-kept").Length() != 1 {
		t.Error("the cast page does not say the cast was kept")
	}
	list := testutil.HTML(t, user.Get(t, "/history/divinations?q=shop").Body)
	row := testutil.ByTestID(list, "divination-row")
	if row.Length() != 1 || !strings.Contains(testutil.ByTestID(row, "divination-summary").Text(), "1 乾 → 43 夬") {
		t.Fatalf("kept casts: %d rows, summary %q", row.Length(), testutil.ByTestID(row, "divination-summary").Text())
	}
	share := user.PostForm(t, testutil.ByTestID(row, "divination-share-form").AttrOr("action", ""), url.Values{})
	if share.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", share.StatusCode)
	}
	list = testutil.HTML(t, user.Get(t, "/history/divinations").Body)
	link := testutil.ByTestID(list, "divination-share-url").AttrOr("value", "")
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/shared/") {
		t.Fatalf("share link %q", link)
	}
	shared := app.NewSession().Get(t, u.Path)
	doc := testutil.HTML(t, shared.Body)
	if shared.StatusCode != 200 || testutil.ByTestID(doc, "shared-notice").Length() != 1 || testutil.ByTestID(doc, "reading-panel").Length() != 0 ||
		!strings.Contains(testutil.ByTestID(doc, "iching-question").Text(), "Open a shop?") || doc.Find(`meta[name="robots"][content*="noindex"]`).Length() == 0 {
		t.Errorf("shared cast: status %d", shared.StatusCode)
	}
	// A guest's cast is kept for the retention period but listed nowhere;
	// the guest is not told it was kept.
	guest := app.NewSession()
	res = guest.PostForm(t, "/iching", url.Values{"method": {"lines"}, "lines": {"888888"}})
	if res.StatusCode != http.StatusSeeOther || strings.Contains(res.Header.Get("Location"), "kept=1") {
		t.Errorf("guest cast: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}
