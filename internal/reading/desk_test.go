package reading_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

func TestMain(m *testing.M) { testutil.Main(m) }

const (
	chartQuery   = "date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&name=Test+Reader"
	partnerQuery = "date=1990-05-17&time=14%3A30&tz=Asia%2FShanghai&gender=female&name=Partner+Two"
)

// deskEnv is a desk on this package's PostgreSQL database.
type deskEnv struct {
	db       *database.DB
	readings *models.Readings
	charts   *models.Charts
	desk     *reading.Desk
}

func newDesk(t *testing.T, quotaUser, quotaGuest int) *deskEnv {
	t.Helper()
	db, err := database.Open(context.Background(), config.Config{DatabaseURL: testutil.PostgresURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateUp(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	e := &deskEnv{db: db, readings: models.NewReadings(db.Gorm), charts: models.NewCharts(db.Gorm)}
	e.desk = reading.NewDesk(reading.DeskConfig{
		Readings: e.readings, Charts: e.charts, Provider: "openai", Model: "gpt-test",
		QuotaUser: quotaUser, QuotaGuest: quotaGuest,
	})
	return e
}

var seq atomic.Int64

// user creates a user and returns them as a visitor.
func (e *deskEnv) user(t *testing.T, ownQuota *int) reading.Visitor {
	t.Helper()
	email := "reader-" + strconv.FormatInt(time.Now().UnixNano(), 36) + strconv.FormatInt(seq.Add(1), 10) + "@example.com"
	u := &models.User{Email: &email}
	if err := models.NewUsers(e.db.Gorm).Create(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return reading.Visitor{UserID: u.ID, OwnQuota: ownQuota}
}

// guest is a visitor no other test shares.
func guest() reading.Visitor {
	return reading.Visitor{GuestIP: "10.77." + strconv.FormatInt(seq.Add(1), 10) + ".0"}
}

func (e *deskEnv) savedChart(t *testing.T, userID int64) int64 {
	t.Helper()
	c := &models.SavedChart{UserID: userID, Name: "Saved", Input: `{"date":"1988-02-15"}`, BirthDate: "1988-02-15",
		BirthYear: 1988, Gender: "male", Pillars: "x"}
	if err := e.charts.Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func refusal(t *testing.T, err error) string {
	t.Helper()
	var r *reading.Refusal
	if err == nil {
		return ""
	}
	if !errors.As(err, &r) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	return r.Reason
}

// finish stores a reading as written, so its owner may start another.
func (e *deskEnv) finish(t *testing.T, r *models.Reading) {
	t.Helper()
	if err := e.readings.Finish(context.Background(), r.ID, models.ReadingOutcome{Status: models.ReadingDone, Text: "## Reading\n\nText."}); err != nil {
		t.Fatal(err)
	}
	r.Status, r.Text = models.ReadingDone, "## Reading\n\nText."
}

// An order is checked topic first, then the partner, then the chart; a
// good one is stored pending with its canonical queries, the configured
// provider and the owner.
func TestDeskStartChecksOrders(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		o    reading.Order
		want string
	}{
		{"unknown topic", reading.Order{Query: "nonsense", Topic: "love"}, reading.RefuseTopic},
		{"partner missing", reading.Order{Query: "nonsense", Topic: reading.TopicCompatibility, Partner: "  "}, reading.RefusePartnerMissing},
		{"partner unexpected", reading.Order{Query: chartQuery, Topic: reading.TopicCareer, Partner: partnerQuery}, reading.RefusePartnerUnexpected},
		{"partner invalid", reading.Order{Query: chartQuery, Topic: reading.TopicCompatibility, Partner: "date=nope"}, reading.RefusePartner},
		{"partner link without a query", reading.Order{Query: chartQuery, Topic: reading.TopicCompatibility, Partner: "https://example.com/chart?"}, reading.RefusePartner},
		{"chart invalid", reading.Order{Query: "date=1988-13-40", Topic: reading.TopicCareer}, reading.RefuseChart},
	} {
		if got := func() string { _, err := e.desk.Start(ctx, guest(), tc.o); return refusal(t, err) }(); got != tc.want {
			t.Errorf("%s: refused %q, want %q", tc.name, got, tc.want)
		}
	}

	// A compatibility reading from a chart link, by a guest.
	v := guest()
	r, err := e.desk.Start(ctx, v, reading.Order{Query: chartQuery, Topic: reading.TopicCompatibility,
		Partner: " https://example.com/chart?" + partnerQuery + "#top ", Lang: i18n.TraditionalChinese, ChartID: 99})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != models.ReadingPending || r.GuestIP != v.GuestIP || r.UserID != nil || r.ChartID != nil ||
		r.Provider != "openai" || r.Model != "gpt-test" || r.Lang != "zh-Hant" || r.Topic != "compatibility" || len(r.PublicID) < 22 {
		t.Errorf("stored %+v", r)
	}
	if !strings.Contains(r.ChartQuery, "date=1988-02-15") || !strings.Contains(r.PartnerQuery, "date=1990-05-17") || strings.Contains(r.PartnerQuery, "#") {
		t.Errorf("queries %q / %q", r.ChartQuery, r.PartnerQuery)
	}
	// One at a time per owner.
	if _, err := e.desk.Start(ctx, v, reading.Order{Query: chartQuery, Topic: reading.TopicCareer}); refusal(t, err) != reading.RefuseBusy {
		t.Errorf("second reading while one is pending: %v", err)
	}
}

// A user's reading is kept with their own saved chart; another user's
// chart id is ignored, not revealed.
func TestDeskStartKeepsOwnChart(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	alice, bob := e.user(t, nil), e.user(t, nil)
	own, others := e.savedChart(t, alice.UserID), e.savedChart(t, bob.UserID)
	r, err := e.desk.Start(ctx, alice, reading.Order{Query: chartQuery, Topic: reading.TopicYear, ChartID: own})
	if err != nil {
		t.Fatal(err)
	}
	if r.UserID == nil || *r.UserID != alice.UserID || r.GuestIP != "" || r.ChartID == nil || *r.ChartID != own {
		t.Errorf("stored %+v", r)
	}
	e.finish(t, r)
	r, err = e.desk.Start(ctx, alice, reading.Order{Query: chartQuery, Topic: reading.TopicYear, ChartID: others})
	if err != nil {
		t.Fatal(err)
	}
	if r.ChartID != nil {
		t.Errorf("linked to another user's chart: %+v", r)
	}
	e.finish(t, r)
	saved, err := e.desk.Saved(ctx, alice.UserID, own, "")
	if err != nil || len(saved) != 1 {
		t.Errorf("saved under the chart: %v %d", err, len(saved))
	}
	// The same chart by its query, in a non-canonical spelling.
	saved, err = e.desk.Saved(ctx, alice.UserID, 0, "name=Test+Reader&gender=male&tz=Asia%2FShanghai&time=23%3A30&date=1988-02-15")
	if err != nil || len(saved) != 2 {
		t.Errorf("saved for the query: %v %d", err, len(saved))
	}
	if saved, err := e.desk.Saved(ctx, alice.UserID, 0, "%%%"); err != nil || saved != nil {
		t.Errorf("saved for no chart: %v %v", err, saved)
	}
}

// Readings and answers written to the end count against the owner's
// daily quota; a user's own quota replaces the default.
func TestDeskQuota(t *testing.T) {
	e := newDesk(t, 2, 1)
	ctx := context.Background()
	order := reading.Order{Query: chartQuery, Topic: reading.TopicOverall}

	g := guest()
	r, err := e.desk.Start(ctx, g, order)
	if err != nil {
		t.Fatal(err)
	}
	e.finish(t, r)
	_, err = e.desk.Start(ctx, g, order)
	var ref *reading.Refusal
	if !errors.As(err, &ref) || ref.Reason != reading.RefuseQuotaGuest || ref.Limit != 1 || ref.RetryAfter <= 0 || ref.RetryAfter > 24*time.Hour {
		t.Fatalf("guest over the quota: %v %+v", err, ref)
	}
	// An answer about a guest's reading counts for the guest, whoever asks.
	if _, err := e.desk.Ask(ctx, e.user(t, nil), r, "Why?"); refusal(t, err) != reading.RefuseQuotaGuest {
		t.Errorf("question over the guest's quota: %v", err)
	}

	u := e.user(t, nil)
	r, err = e.desk.Start(ctx, u, order)
	if err != nil {
		t.Fatal(err)
	}
	e.finish(t, r)
	a, err := e.desk.Ask(ctx, u, r, "And then?")
	if err != nil {
		t.Fatalf("second generation of two: %v", err)
	}
	if err := e.readings.FinishMessage(ctx, a.ID, models.ReadingOutcome{Status: models.ReadingDone, Text: "Then."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.desk.Start(ctx, u, order); refusal(t, err) != reading.RefuseQuotaUser {
		t.Errorf("user over the quota: %v", err)
	}

	rich := e.user(t, intp(5))
	for i := 0; i < 3; i++ {
		r, err := e.desk.Start(ctx, rich, order)
		if err != nil {
			t.Fatalf("reading %d with an own quota of 5: %v", i+1, err)
		}
		e.finish(t, r)
	}
	if _, err := e.desk.Start(ctx, e.user(t, intp(0)), order); refusal(t, err) != reading.RefuseQuotaNone {
		t.Errorf("own quota of 0: %v", err)
	}
}

func intp(n int) *int { return &n }

// A question is checked (empty, too long, reading not done, too many),
// then stored with its pending answer; one answer at a time.
func TestDeskAsk(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	u := e.user(t, nil)
	r, err := e.desk.Start(ctx, u, reading.Order{Query: chartQuery, Topic: reading.TopicCareer})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.desk.Ask(ctx, u, r, "Too early?"); refusal(t, err) != reading.RefuseNotDone {
		t.Errorf("question about a pending reading: %v", err)
	}
	e.finish(t, r)
	for q, want := range map[string]string{
		"   ":                                reading.RefuseQuestionEmpty,
		strings.Repeat("问", 501):             reading.RefuseQuestionLong,
		" " + strings.Repeat("问", 500) + " ": "",
	} {
		m, err := e.desk.Ask(ctx, u, r, q)
		if got := refusal(t, err); got != want {
			t.Errorf("question of %d bytes: refused %q, want %q", len(q), got, want)
		}
		if m != nil && (m.Role != "assistant" || m.Status != models.ReadingPending) {
			t.Errorf("answer %+v", m)
		}
	}
	if _, err := e.desk.Ask(ctx, u, r, "Another, while the answer is pending"); refusal(t, err) != reading.RefuseBusy {
		t.Errorf("second question while an answer is pending: %v", err)
	}
	if !reading.CanAsk(r, nil) {
		t.Error("a finished reading takes questions")
	}
	msgs := make([]models.ReadingMessage, reading.MaxFollowUps)
	for i := range msgs {
		msgs[i].Role = "user"
	}
	if reading.CanAsk(r, msgs) || reading.Questions(msgs) != reading.MaxFollowUps {
		t.Error("a reading with MaxFollowUps questions takes another")
	}
}

// The first stream to claim a pending reading gets the job, with the
// charts recomputed from the stored queries; a second gets the reading as
// stored. The runner stores the outcome through the job.
func TestDeskClaimAndRun(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	r, err := e.desk.Start(ctx, guest(), reading.Order{Query: chartQuery, Topic: reading.TopicCompatibility, Partner: partnerQuery, Lang: i18n.English})
	if err != nil {
		t.Fatal(err)
	}
	job, same, err := e.desk.ClaimReading(ctx, r, i18n.SimplifiedChinese)
	if err != nil || job == nil || same != r {
		t.Fatalf("first claim: %v %v", err, job)
	}
	req := job.Request
	if req.Chart == nil || req.Partner == nil || req.Name != "Test Reader" || req.PartnerName != "Partner Two" ||
		req.Topic != reading.TopicCompatibility || req.Lang != i18n.SimplifiedChinese || req.Question != "" {
		t.Errorf("job request: %+v", req)
	}
	again, now, err := e.desk.ClaimReading(ctx, r, i18n.English)
	if err != nil || again != nil || now.Status != models.ReadingStreaming {
		t.Fatalf("second claim: %v job=%v status=%s", err, again, now.Status)
	}

	svc := streamer(func(ctx context.Context, req reading.Request, emit func(string) error) (reading.Result, error) {
		return reading.Result{Provider: "anthropic", Model: "claude", Usage: reading.Usage{PromptTokens: 8, CompletionTokens: 2}}, emit("Stored text.")
	})
	var w flushBuffer
	reading.NewRunner(svc, reading.RunnerConfig{}).Run(&w, job, reading.Render{
		Piece: func(dst []byte, closed, open string) []byte { return append(append(dst, closed...), open...) },
		Done:  func(o models.ReadingOutcome) []byte { return []byte(o.Status) },
	})
	if !strings.HasSuffix(w.String(), "event: done\ndata: done\n\n") {
		t.Errorf("sent %q", w.String())
	}
	stored, err := e.readings.ByPublicID(ctx, r.PublicID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != models.ReadingDone || stored.Text != "Stored text." || stored.Provider != "anthropic" || stored.Model != "claude" ||
		stored.PromptTokens != 8 || stored.CompletionTokens != 2 || stored.FinishedAt == nil {
		t.Errorf("stored %+v", stored)
	}
	if job, now, err := e.desk.ClaimReading(ctx, stored, i18n.English); err != nil || job != nil || now != stored {
		t.Errorf("claiming a finished reading: %v %v", err, job)
	}
}

// An answer's job carries the question, and as history the reading first,
// then the earlier questions and finished answers, the most recent
// (capped); the answer is stored through the job.
func TestDeskClaimAnswer(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	u := e.user(t, nil)
	r, err := e.desk.Start(ctx, u, reading.Order{Query: chartQuery, Topic: reading.TopicWealth})
	if err != nil {
		t.Fatal(err)
	}
	e.finish(t, r)
	var last *models.ReadingMessage
	for i := 1; i <= 6; i++ {
		m, err := e.desk.Ask(ctx, u, r, "Question "+strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		last = m
		if i == 6 {
			break
		}
		o := models.ReadingOutcome{Status: models.ReadingDone, Text: "Answer " + strconv.Itoa(i)}
		if i == 2 {
			o.Status = models.ReadingFailed // left out of the history
		}
		if err := e.readings.FinishMessage(ctx, m.ID, o); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.desk.Answer(ctx, r, last.ID-1); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("a question as an answer: %v", err)
	}
	m, err := e.desk.Answer(ctx, r, last.ID)
	if err != nil {
		t.Fatal(err)
	}
	job, _, err := e.desk.ClaimAnswer(ctx, r, m, i18n.English)
	if err != nil || job == nil {
		t.Fatalf("claim answer: %v", err)
	}
	req := job.Request
	if req.Question != "Question 6" || req.Chart == nil || req.Topic != reading.TopicWealth {
		t.Errorf("answer request: %+v", req)
	}
	var hist []string
	for _, h := range req.History {
		hist = append(hist, h.Role+":"+h.Content)
	}
	want := "assistant:## Reading\n\nText.|assistant:Answer 1|user:Question 2|user:Question 3|assistant:Answer 3|user:Question 4|assistant:Answer 4|user:Question 5|assistant:Answer 5"
	if got := strings.Join(hist, "|"); got != want {
		t.Errorf("history:\n%s\nwant:\n%s", got, want)
	}
	if again, now, err := e.desk.ClaimAnswer(ctx, r, m, i18n.English); err != nil || again != nil || now.Status != models.ReadingStreaming {
		t.Errorf("second claim: %v %v", err, again)
	}
	svc := streamer(func(ctx context.Context, req reading.Request, emit func(string) error) (reading.Result, error) {
		return reading.Result{Provider: "builtin", Usage: reading.Usage{CompletionTokens: 3}}, emit("Answer 6")
	})
	var w flushBuffer
	reading.NewRunner(svc, reading.RunnerConfig{}).Run(&w, job, reading.Render{
		Piece: func(dst []byte, closed, open string) []byte { return append(append(dst, closed...), open...) },
		Done:  func(o models.ReadingOutcome) []byte { return []byte(o.Text) },
	})
	stored, err := e.readings.Message(ctx, r.ID, m.ID)
	if err != nil || stored.Status != models.ReadingDone || stored.Content != "Answer 6" || stored.CompletionTokens != 3 {
		t.Errorf("stored answer: %v %+v", err, stored)
	}
}

// The export holds every reading of the user with its messages, and an
// empty list (not null) for a user without readings.
func TestExport(t *testing.T) {
	e := newDesk(t, 0, 0)
	ctx := context.Background()
	u := e.user(t, nil)
	if out, err := reading.Export(ctx, e.readings, u.UserID); err != nil || out == nil || len(out) != 0 {
		t.Fatalf("export of no readings: %v %#v", err, out)
	}
	r, err := e.desk.Start(ctx, u, reading.Order{Query: chartQuery, Topic: reading.TopicHealth})
	if err != nil {
		t.Fatal(err)
	}
	e.finish(t, r)
	if _, err := e.desk.Ask(ctx, u, r, "How?"); err != nil {
		t.Fatal(err)
	}
	out, err := reading.Export(ctx, e.readings, u.UserID)
	if err != nil || len(out) != 1 {
		t.Fatalf("export: %v %d", err, len(out))
	}
	x := out[0]
	if x.ID != r.PublicID || x.Chart != "/chart?"+r.ChartQuery || x.Status != models.ReadingDone || len(x.Messages) != 2 || x.Messages[0].Content != "How?" {
		t.Errorf("exported %+v", x)
	}
}

type streamer func(ctx context.Context, req reading.Request, emit func(string) error) (reading.Result, error)

func (f streamer) Stream(ctx context.Context, req reading.Request, emit func(string) error) (reading.Result, error) {
	return f(ctx, req, emit)
}

// flushBuffer is a response body that always takes what is written.
type flushBuffer struct{ bytes.Buffer }

func (*flushBuffer) Flush() error { return nil }
