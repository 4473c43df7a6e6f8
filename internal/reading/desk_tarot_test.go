package reading_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/reading"
)

// taQuery is a draw's query as a link may spell it (not canonical).
const taQuery = "question=Should+I+change+my+job%3F&cards=magician,tower.r,ace-of-cups&spread=three-card"

// TestDeskTarot: topic tarot opens the query through tarotinput: it is
// stored under its canonical query, the job carries the draw and the
// question, a draw page finds its saved readings, a follow-up carries the
// draw too, and a query that is not a draw is refused as a chart.
func TestDeskTarot(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	u := e.user(t, nil)
	r, err := e.desk.Start(ctx, u, reading.Order{Query: taQuery, Topic: reading.TopicTarot, Lang: i18n.English})
	if err != nil {
		t.Fatal(err)
	}
	const canonical = "spread=three-card&cards=magician,tower.r,ace-of-cups&question=Should+I+change+my+job%3F"
	if r.Topic != "tarot" || r.ChartQuery != canonical {
		t.Errorf("stored %q %q", r.Topic, r.ChartQuery)
	}
	job, _, err := e.desk.ClaimReading(ctx, r, i18n.English)
	if err != nil || job == nil {
		t.Fatal(err)
	}
	req := job.Request
	if !req.IsTarot() || req.Tarot == nil || len(req.Tarot.Cards) != 3 || !req.Tarot.Cards[1].Reversed ||
		req.Tarot.Question != "Should I change my job?" || req.Chart != nil {
		t.Fatalf("job request %+v", req)
	}
	text, err := (&reading.Builtin{}).Text(req)
	if err != nil || !strings.Contains(text, "Should I change my job?") || !strings.Contains(text, "the Tower") {
		t.Errorf("%v %s", err, text)
	}
	e.finish(t, r)

	saved, err := e.desk.Saved(ctx, u.UserID, 0, taQuery)
	if err != nil || len(saved) != 1 || saved[0].ID != r.ID {
		t.Errorf("saved by the draw's query: %v %d", err, len(saved))
	}
	if saved, err := e.desk.Saved(ctx, u.UserID, 0, "spread=three-card&cards=magician,tower,ace-of-cups&question=Should+I+change+my+job%3F"); err != nil || len(saved) != 0 {
		t.Errorf("another draw's readings: %v %d", err, len(saved))
	}

	m, err := e.desk.Ask(ctx, u, r, "What about the Tower?")
	if err != nil {
		t.Fatal(err)
	}
	job, _, err = e.desk.ClaimAnswer(ctx, r, m, i18n.English)
	if err != nil || job == nil {
		t.Fatalf("claim answer: %v", err)
	}
	if job.Request.Tarot == nil || job.Request.Question != "What about the Tower?" || job.Request.Topic != reading.TopicTarot {
		t.Fatalf("answer request: %+v", job.Request)
	}
	text, err = (&reading.Builtin{}).Text(job.Request)
	if err != nil || !strings.Contains(text, job.Request.Tarot.Cards[1].Card.Reversed.En) {
		t.Errorf("%v %s", err, text)
	}

	for _, q := range []string{"spread=three-card&cards=magician", "spread=three-card", "spread=single&cards=nope", "date=1990-01-01"} {
		if _, err := e.desk.Start(ctx, guest(), reading.Order{Query: q, Topic: reading.TopicTarot}); refusal(t, err) != reading.RefuseChart {
			t.Errorf("%q: %v", q, err)
		}
	}
}
