package reading_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/reading"
)

const astroQuery = "date=1990-01-01&time=06%3A30&tz=America%2FNew_York&lat=40.7128&lon=-74.006&name=Star+Gazer"

// TestDeskAstro: topic astro opens the query through astroinput: stored
// under its canonical query (house system and day kept), the job carries
// the natal chart and, with a day, that day's transits; a bad query is
// refused as a chart.
func TestDeskAstro(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	r, err := e.desk.Start(ctx, guest(), reading.Order{Query: astroQuery + "&house_system=whole-sign", Topic: reading.TopicAstro, Lang: i18n.English})
	if err != nil {
		t.Fatal(err)
	}
	if r.Topic != "astro" || !strings.Contains(r.ChartQuery, "house_system=whole_sign") {
		t.Errorf("stored %q %q", r.Topic, r.ChartQuery)
	}
	job, _, err := e.desk.ClaimReading(ctx, r, i18n.English)
	if err != nil || job == nil {
		t.Fatal(err)
	}
	if job.Request.Astro == nil || job.Request.Transits != nil || job.Request.Name != "Star Gazer" || job.Request.Chart != nil {
		t.Errorf("job request %+v", job.Request)
	}
	e.finish(t, r)

	r, err = e.desk.Start(ctx, guest(), reading.Order{Query: astroQuery + "&day=2026-12-06", Topic: reading.TopicAstro, Lang: i18n.English})
	if err != nil {
		t.Fatal(err)
	}
	job, _, err = e.desk.ClaimReading(ctx, r, i18n.English)
	if err != nil || job == nil || job.Request.Transits == nil || job.Request.Transits.Day.Format("2006-01-02") != "2026-12-06" ||
		job.Request.Transits.Day.Location().String() != "America/New_York" {
		t.Fatalf("transit job: %v %+v", err, job)
	}
	text, err := (&reading.Builtin{}).Text(job.Request)
	if err != nil || !strings.Contains(text, "Your transits for 2026-12-06") {
		t.Errorf("%v %s", err, text)
	}
	if _, err := e.desk.Start(ctx, guest(), reading.Order{Query: "date=1990-01-01&tz=Nowhere", Topic: reading.TopicAstro}); refusal(t, err) != reading.RefuseChart {
		t.Errorf("bad query: %v", err)
	}
	if _, err := e.desk.Start(ctx, guest(), reading.Order{Query: astroQuery + "&day=2026-13-01", Topic: reading.TopicAstro}); refusal(t, err) != reading.RefuseChart {
		t.Errorf("bad day: %v", err)
	}
}

// A follow-up question on a transit reading carries the chart and the
// day's transits, and the built-in reader answers from them.
func TestDeskAstroFollowUp(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	u := e.user(t, nil)
	r, err := e.desk.Start(ctx, u, reading.Order{Query: astroQuery + "&day=2026-12-06", Topic: reading.TopicAstro, Lang: i18n.English})
	if err != nil {
		t.Fatal(err)
	}
	e.finish(t, r)
	m, err := e.desk.Ask(ctx, u, r, "How is my love life?")
	if err != nil {
		t.Fatal(err)
	}
	job, _, err := e.desk.ClaimAnswer(ctx, r, m, i18n.English)
	if err != nil || job == nil {
		t.Fatalf("claim answer: %v", err)
	}
	req := job.Request
	if req.Astro == nil || req.Transits == nil || req.Question != "How is my love life?" || req.Topic != reading.TopicAstro {
		t.Fatalf("answer request: %+v", req)
	}
	text, err := (&reading.Builtin{}).Text(req)
	if err != nil || !strings.Contains(text, "Venus") || !strings.Contains(text, "7th house") || !strings.Contains(text, "Transits touching these planets around 2026-12-06") {
		t.Errorf("%v\n%s", err, text)
	}
}

// A signed-in user's astrology readings are listed on the page they were
// asked from: the query keeps the house system and the day.
func TestDeskSavedAstro(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	u := e.user(t, nil)
	q := astroQuery + "&house_system=whole-sign&day=2026-12-06"
	r, err := e.desk.Start(ctx, u, reading.Order{Query: q, Topic: reading.TopicAstro, Lang: i18n.English})
	if err != nil {
		t.Fatal(err)
	}
	e.finish(t, r)
	saved, err := e.desk.Saved(ctx, u.UserID, 0, q)
	if err != nil || len(saved) != 1 || saved[0].ID != r.ID {
		t.Fatalf("saved for %q: %v %+v", q, err, saved)
	}
	// The natal page (no day) is another page: its list is its own.
	if saved, err := e.desk.Saved(ctx, u.UserID, 0, astroQuery+"&house_system=whole_sign"); err != nil || len(saved) != 0 {
		t.Errorf("the natal page lists the transit reading: %v %d", err, len(saved))
	}
}
