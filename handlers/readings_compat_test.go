package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// partnerQuery is person B's chart in the compatibility reading tests.
const partnerQuery = "date=1990-05-17&time=14%3A30&tz=Asia%2FShanghai&gender=female&name=Partner+Two"

// postReadingForm posts v to /readings as htmx from the client at ip.
func postReadingForm(t *testing.T, b *testutil.App, ip string, v url.Values) *testutil.Response {
	t.Helper()
	return b.PostForm(t, "/readings", v, "HX-Request", "true", "X-Forwarded-For", ip)
}

// The compatibility page offers a reading of the pair; its form starts a
// compatibility reading that the built-in reader (no keys) streams to the
// done event, naming both day masters, and the row keeps the partner.
func TestCompatibilityReadingStreams(t *testing.T) {
	app := startReadingApp(t, nil)
	page := app.Get(t, "/compatibility?"+url.Values{"a": {readingQuery}, "b": {partnerQuery}}.Encode())
	if page.StatusCode != http.StatusOK {
		t.Fatalf("compatibility page: %d", page.StatusCode)
	}
	form := testutil.ByTestID(testutil.HTML(t, page.Body), "compat-reading-form")
	if form.Length() != 1 {
		t.Fatalf("no compatibility reading form:\n%s", page.Body)
	}
	if hx, _ := form.Attr("hx-post"); hx != "/readings" {
		t.Errorf("hx-post = %q", hx)
	}
	v := url.Values{}
	for _, name := range []string{"query", "partner", "topic"} {
		val, ok := form.Find(`input[name="` + name + `"]`).Attr("value")
		if !ok {
			t.Fatalf("form lacks %s", name)
		}
		v.Set(name, val)
	}
	if v.Get("topic") != "compatibility" || v.Get("partner") != partnerQuery {
		t.Fatalf("form fields %v", v)
	}
	ip := testutil.UniqueIP()
	res := postReadingForm(t, app, ip, v)
	stream := testutil.StreamPath(t, res)
	evs := app.OpenStream(t, stream, "X-Forwarded-For", ip).All(t)
	_, text, done := testutil.SplitReading(t, evs)
	for _, want := range []string{"Test Reader", "Partner Two", "Day masters", "Luck (大运) together"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reading lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(done.Data, "reading-finished") {
		t.Errorf("done event: %s", done.Data)
	}
	r := waitStatus(t, app, testutil.ReadingID(stream), models.ReadingDone)
	if r.Topic != "compatibility" || r.PartnerQuery == "" || r.Provider != "builtin" {
		t.Errorf("stored reading: topic %q partner %q provider %q", r.Topic, r.PartnerQuery, r.Provider)
	}
	// Both day masters are named: the built-in reader bolds them.
	for _, q := range []string{readingQuery, partnerQuery} {
		vals, _ := url.ParseQuery(q)
		in, err := bazi.Request{Date: vals.Get("date"), Time: vals.Get("time"), TZ: vals.Get("tz"), Gender: vals.Get("gender")}.Parse()
		if err != nil {
			t.Fatal(err)
		}
		c, err := bazi.Compute(in, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(r.Text, "**"+c.DayMaster.Char+"**") {
			t.Errorf("the reading does not name day master %s", c.DayMaster.Char)
		}
	}
}

// A compatibility reading without a partner is refused with the field's
// message; a partner on another topic, or an invalid partner, is refused too.
func TestCompatibilityReadingNeedsPartner(t *testing.T) {
	app := startReadingApp(t, nil)
	for _, tc := range []struct {
		name string
		v    url.Values
		want string
	}{
		{"missing", url.Values{"query": {readingQuery}, "topic": {"compatibility"}}, "needs the second person"},
		{"invalid", url.Values{"query": {readingQuery}, "topic": {"compatibility"}, "partner": {"date=nope"}}, "birth data is not valid"},
		{"unexpected", url.Values{"query": {readingQuery}, "topic": {"career"}, "partner": {partnerQuery}}, "only a compatibility reading"},
	} {
		res := postReadingForm(t, app, testutil.UniqueIP(), tc.v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tc.name, res.StatusCode)
		}
		if !strings.Contains(res.Body, "Partner:") || !strings.Contains(res.Body, tc.want) || !strings.Contains(res.Body, "reading-refused") {
			t.Errorf("%s: body %s", tc.name, res.Body)
		}
	}
}
