package reading_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/reading"
)

// icQuery is a cast's query as a link may spell it (not canonical).
const icQuery = "question=Should+I+change+my+job%3F&method=coins&lines=796887"

// TestDeskIChing: topic iching opens the query through ichinginput: it is
// stored under its canonical query, the job carries the cast and the
// question, a cast page finds its saved readings, a follow-up carries the
// cast too, and a query that is not a cast is refused as a chart.
func TestDeskIChing(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	u := e.user(t, nil)
	r, err := e.desk.Start(ctx, u, reading.Order{Query: icQuery, Topic: reading.TopicIChing, Lang: i18n.English})
	if err != nil {
		t.Fatal(err)
	}
	if r.Topic != "iching" || !strings.HasPrefix(r.ChartQuery, "lines=796887&method=coins&question=") {
		t.Errorf("stored %q %q", r.Topic, r.ChartQuery)
	}
	job, _, err := e.desk.ClaimReading(ctx, r, i18n.English)
	if err != nil || job == nil {
		t.Fatal(err)
	}
	req := job.Request
	if !req.IsIChing() || req.IChing == nil || req.IChing.Cast.String() != "796887" || req.IChing.Request.Question != "Should I change my job?" || req.Chart != nil {
		t.Fatalf("job request %+v", req)
	}
	text, err := (&reading.Builtin{}).Text(req)
	if err != nil || !strings.Contains(text, "Should I change my job?") || !strings.Contains(text, "Decrease") {
		t.Errorf("%v %s", err, text)
	}
	e.finish(t, r)

	saved, err := e.desk.Saved(ctx, u.UserID, 0, icQuery)
	if err != nil || len(saved) != 1 || saved[0].ID != r.ID {
		t.Errorf("saved by the cast's query: %v %d", err, len(saved))
	}
	if saved, err := e.desk.Saved(ctx, u.UserID, 0, "lines=796888&method=coins&question=Should+I+change+my+job%3F"); err != nil || len(saved) != 0 {
		t.Errorf("another cast's readings: %v %d", err, len(saved))
	}

	m, err := e.desk.Ask(ctx, u, r, "What about line 3?")
	if err != nil {
		t.Fatal(err)
	}
	job, _, err = e.desk.ClaimAnswer(ctx, r, m, i18n.English)
	if err != nil || job == nil {
		t.Fatalf("claim answer: %v", err)
	}
	if job.Request.IChing == nil || job.Request.Question != "What about line 3?" || job.Request.Topic != reading.TopicIChing {
		t.Fatalf("answer request: %+v", job.Request)
	}
	text, err = (&reading.Builtin{}).Text(job.Request)
	if err != nil || !strings.Contains(text, "Six in the third place") {
		t.Errorf("%v %s", err, text)
	}

	for _, q := range []string{"lines=123456", "method=coins", "lines=796887&method=numbers&numbers=1,2,3", "date=1990-01-01"} {
		if _, err := e.desk.Start(ctx, guest(), reading.Order{Query: q, Topic: reading.TopicIChing}); refusal(t, err) != reading.RefuseChart {
			t.Errorf("%q: %v", q, err)
		}
	}
}
