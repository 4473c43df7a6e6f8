package handlers

// OWNER: readings (AI readings streamed over SSE, follow-up chat).

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/internal/chartinput"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// ReadingService writes a reading, calling emit with each piece of text;
// a non-nil error from emit (the browser left) stops it and cancels the
// upstream request. *reading.Service is one.
type ReadingService interface {
	Stream(ctx context.Context, req reading.Request, emit func(text string) error) (reading.Result, error)
}

// ReadingsDeps is what the reading handlers need.
type ReadingsDeps struct {
	Auth     *Auth
	Readings *models.Readings
	Charts   *models.Charts
	Service  ReadingService
	// Provider and Model name the configured provider, shown while a
	// reading is written ("builtin" is labelled as the built-in reader).
	Provider, Model string
	// Markdown renders a finished text as safe HTML (reading.RenderMarkdown).
	Markdown func(src string) string
	// QuotaUser and QuotaGuest cap generations per UTC day; 0 = no cap.
	QuotaUser, QuotaGuest int
	// TotalTimeout bounds one stream (the service has its own as well).
	TotalTimeout time.Duration
	// Heartbeat is the interval of the ": ping" comment that keeps idle
	// connections open and finds browsers that left.
	Heartbeat  time.Duration
	TrustProxy int
	// Base is cancelled when the server shuts down: open streams stop,
	// store what was written and end cleanly.
	Base context.Context
	Now  func() time.Time
	Log  *slog.Logger
}

// Readings serves the AI readings: POST creates the work and returns a
// fragment that connects to the event stream, GET streams it.
type Readings struct {
	site *Site
	deps ReadingsDeps
}

// NewReadings returns the reading handlers.
func NewReadings(site *Site, deps ReadingsDeps) *Readings {
	if deps.Heartbeat <= 0 {
		deps.Heartbeat = 15 * time.Second
	}
	if deps.TotalTimeout <= 0 {
		deps.TotalTimeout = reading.DefaultTotalTimeout
	}
	if deps.Base == nil {
		deps.Base = context.Background()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if deps.Markdown == nil {
		deps.Markdown = plainHTML
	}
	return &Readings{site: site, deps: deps}
}

// Limits of the follow-up chat.
const (
	maxQuestionRunes = 500
	maxFollowUps     = 10 // questions per reading
	maxChatHistory   = 8  // earlier messages sent with a question (the reading comes first)
)

// storeTimeout bounds the database write at the end of a stream; it runs
// on its own context, so a reading is stored even if the browser left or
// the server is shutting down.
const storeTimeout = 5 * time.Second

// plainHTML shows text as escaped paragraphs (used when no Markdown renderer is set).
func plainHTML(src string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(src), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(para), "\n", "<br>") + "</p>")
		}
	}
	return b.String()
}

// owner is who the request counts as: the signed-in user, or the guest's IP subject.
func (h *Readings) owner(c *fiber.Ctx) models.Owner {
	if u := CurrentUser(c); u != nil {
		return models.Owner{UserID: u.ID}
	}
	return models.Owner{GuestIP: ratelimit.SubjectIP(ratelimit.ClientIP(c, h.deps.TrustProxy))}
}

func viewerID(c *fiber.Ctx) int64 {
	if u := CurrentUser(c); u != nil {
		return u.ID
	}
	return 0
}

func (h *Readings) providerLabel(p views.Page, provider, model string) string {
	switch provider {
	case "", "builtin":
		return p.T("reading.provider.builtin")
	case "openai":
		return p.T("reading.provider.ai", "OpenAI", model)
	case "anthropic":
		return p.T("reading.provider.ai", "Anthropic", model)
	}
	return p.T("reading.provider.ai", provider, model)
}

// refuse answers with a short message fragment. htmx swaps it in (app.js
// lets the reading panel swap 4xx answers); a plain form gets the error page.
func (h *Readings) refuse(c *fiber.Ctx, status int, msg string) error {
	if !isHTMX(c) {
		return &fiber.Error{Code: status, Message: msg}
	}
	return render(c, status, views.ReadingNotice(msg, "reading-refused"))
}

// checkQuota refuses when the owner used the day's readings; the answer
// carries Retry-After (seconds until midnight UTC). A user's own quota,
// set by an admin, replaces the default; there 0 allows no readings,
// where a default of 0 means no limit.
func (h *Readings) checkQuota(c *fiber.Ctx, p views.Page, o models.Owner) (bool, error) {
	quota, own := h.deps.QuotaGuest, false
	if o.UserID != 0 {
		quota = h.deps.QuotaUser
		// The owner is the signed-in user: Start uses them, and a
		// follow-up is only reachable by its reading's user.
		if u := CurrentUser(c); u != nil && u.ID == o.UserID && u.ReadingQuota != nil {
			quota, own = *u.ReadingQuota, true
		}
	}
	if quota <= 0 && !own {
		return true, nil
	}
	now := h.deps.Now().UTC()
	midnight := now.Truncate(24 * time.Hour)
	n, err := h.deps.Readings.CountSince(c.UserContext(), o, midnight)
	if err != nil {
		return false, err
	}
	if n < int64(quota) {
		return true, nil
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(midnight.Add(24*time.Hour).Sub(now).Seconds())+1))
	key := "reading.error.quota_user"
	switch {
	case o.UserID == 0:
		key = "reading.error.quota_guest"
	case quota == 0:
		key = "reading.error.quota_none" // an admin set this account's quota to 0
	}
	return false, h.refuse(c, fiber.StatusTooManyRequests, p.T(key, quota))
}

// Start is POST /readings: the chart's canonical query ("query"), a
// topic and, on a saved chart's page, its id. The compatibility topic
// also takes person B's chart query ("partner", required there and
// refused on any other topic). It checks the daily quota and
// that nothing else is being written for this user (or guest IP), stores a
// pending reading and answers with the fragment that connects to its stream.
func (h *Readings) Start(c *fiber.Ctx) error {
	p := h.site.Page(c, "")
	topic := reading.Topic(c.FormValue("topic"))
	compat := topic == reading.TopicCompatibility
	if !compat && !validTopic(topic) {
		return h.refuse(c, fiber.StatusUnprocessableEntity, p.T("reading.error.topic"))
	}
	// A compatibility reading needs the partner's chart query; any other
	// topic refuses one.
	partnerRaw := strings.TrimSpace(c.FormValue("partner"))
	partnerQuery := ""
	switch {
	case compat && partnerRaw == "":
		return h.refuse(c, fiber.StatusUnprocessableEntity, p.T("reading.error.partner_missing"))
	case !compat && partnerRaw != "":
		return h.refuse(c, fiber.StatusUnprocessableEntity, p.T("reading.error.partner_unexpected"))
	case compat:
		q, ok := h.validQuery(compatQuery(partnerRaw))
		if !ok {
			return h.refuse(c, fiber.StatusUnprocessableEntity, p.T("reading.error.partner"))
		}
		partnerQuery = q
	}
	query, ok := h.validQuery(c.FormValue("query"))
	if !ok {
		return h.refuse(c, fiber.StatusUnprocessableEntity, p.T("reading.error.chart"))
	}
	o := h.owner(c)
	r := &models.Reading{
		ChartQuery: query, PartnerQuery: partnerQuery, Topic: string(topic), Lang: string(p.Lang),
		Provider: h.deps.Provider, Model: h.deps.Model,
	}
	if o.UserID != 0 {
		uid := o.UserID
		r.UserID = &uid
		if id, err := strconv.ParseInt(c.FormValue("chart_id"), 10, 64); err == nil && id > 0 {
			// Only the user's own chart; another id is ignored, not revealed.
			if _, err := h.deps.Charts.Get(c.UserContext(), uid, id); err == nil {
				r.ChartID = &id
			}
		}
	} else {
		r.GuestIP = o.GuestIP
	}
	if ok, err := h.checkQuota(c, p, o); !ok {
		return err
	}
	if err := h.deps.Readings.Start(c.UserContext(), r); errors.Is(err, models.ErrBusy) {
		return h.refuse(c, fiber.StatusTooManyRequests, p.T("reading.error.busy"))
	} else if err != nil {
		return err
	}
	if !isHTMX(c) {
		return c.Redirect("/readings/"+r.PublicID, fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.ReadingStream(p, h.streamView(p, r)))
}

// validQuery returns the canonical form of a chart query whose chart can
// be computed.
func (h *Readings) validQuery(query string) (string, bool) {
	chart, err := chartinput.Open(query, h.deps.Now())
	if err != nil {
		return "", false
	}
	return chart.Query(), true
}

func validTopic(t reading.Topic) bool {
	for _, x := range reading.Topics {
		if x == t {
			return true
		}
	}
	return false
}

func (h *Readings) streamView(p views.Page, r *models.Reading) views.ReadingStreamView {
	return views.ReadingStreamView{
		PublicID:      r.PublicID,
		StreamURL:     "/readings/" + r.PublicID + "/stream",
		ProviderLabel: h.providerLabel(p, r.Provider, r.Model),
		Topic:         r.Topic,
	}
}

// load is the reading named by :pid as the viewer may see it; anything
// else is a 404.
func (h *Readings) load(c *fiber.Ctx) (*models.Reading, error) {
	r, err := h.deps.Readings.ByPublicID(c.UserContext(), c.Params("pid"), viewerID(c))
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return r, err
}

// Show is GET /readings/{pid}: the reading with its follow-up chat (a
// pending one connects to its stream).
func (h *Readings) Show(c *fiber.Ctx) error {
	r, err := h.load(c)
	if err != nil {
		return err
	}
	p := h.site.Page(c, "reading.page.title")
	p.NoIndex = true
	msgs, err := h.deps.Readings.Messages(c.UserContext(), r.ID)
	if err != nil {
		return err
	}
	v := views.ReadingPageView{
		ChartURL: "/chart?" + r.ChartQuery,
		Guest:    r.UserID == nil,
	}
	if r.Finished() {
		fv := h.finishedView(p, r, msgs)
		v.Finished = &fv
	} else {
		sv := h.streamView(p, r)
		v.Stream = &sv
	}
	return render(c, fiber.StatusOK, views.ReadingPage(p, v))
}

func (h *Readings) finishedView(p views.Page, r *models.Reading, msgs []models.ReadingMessage) views.ReadingFinishedView {
	v := views.ReadingFinishedView{
		PublicID:      r.PublicID,
		HTML:          h.deps.Markdown(r.Text),
		Status:        r.Status,
		FellBack:      r.FellBack,
		ProviderLabel: h.providerLabel(p, r.Provider, r.Model),
		Query:         r.ChartQuery,
		Partner:       r.PartnerQuery,
		Topic:         r.Topic,
		Tokens:        r.PromptTokens + r.CompletionTokens,
		CanAsk:        r.Status == models.ReadingDone,
	}
	if r.ChartID != nil {
		v.ChartID = *r.ChartID
	}
	questions := 0
	for _, m := range msgs {
		if m.Role == "user" {
			questions++
			v.Messages = append(v.Messages, views.ChatMessage{Role: "user", Text: m.Content})
			continue
		}
		text := m.Content
		if text == "" && !models.IsFinishedStatus(m.Status) {
			text = p.T("reading.chat.pending")
		}
		v.Messages = append(v.Messages, views.ChatMessage{Role: "assistant", HTML: h.deps.Markdown(text)})
	}
	if questions >= maxFollowUps {
		v.CanAsk = false
	}
	return v
}

// List is GET /readings?chart_id=…&query=…: the signed-in user's finished
// readings of one chart (htmx fragment under the chart). Guests keep none.
func (h *Readings) List(c *fiber.Ctx) error {
	p := h.site.Page(c, "")
	u := CurrentUser(c)
	if u == nil {
		return render(c, fiber.StatusOK, views.ReadingNotice(p.T("reading.guest_note"), "reading-guest-note"))
	}
	chartID, _ := strconv.ParseInt(c.Query("chart_id"), 10, 64)
	query := ""
	if q := c.Query("query"); q != "" {
		if req, name, err := chartinput.ParseQuery(q); err == nil {
			query = req.Query(name)
		}
	}
	if chartID <= 0 && query == "" {
		return render(c, fiber.StatusOK, views.SavedReadings(p, nil))
	}
	rs, err := h.deps.Readings.ForChart(c.UserContext(), u.ID, max(chartID, 0), query, 20)
	if err != nil {
		return err
	}
	items := make([]views.SavedReadingItem, 0, len(rs))
	for _, r := range rs {
		items = append(items, views.SavedReadingItem{
			URL: "/readings/" + r.PublicID, Topic: r.Topic, Status: r.Status,
			Date: r.CreatedAt.UTC().Format("2006-01-02 15:04"), Excerpt: excerpt(r.Text, 140),
		})
	}
	return render(c, fiber.StatusOK, views.SavedReadings(p, items))
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(strings.NewReplacer("#", "", "*", "", "_", "", "---", "").Replace(s)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// Ask is POST /readings/{pid}/messages: a follow-up question about a
// finished reading. It answers with the question and the answer's stream.
func (h *Readings) Ask(c *fiber.Ctx) error {
	r, err := h.load(c)
	if err != nil {
		return err
	}
	p := h.site.Page(c, "")
	q := strings.TrimSpace(c.FormValue("question"))
	switch {
	case q == "":
		return h.refuse(c, fiber.StatusUnprocessableEntity, p.T("reading.chat.error.empty"))
	case utf8.RuneCountInString(q) > maxQuestionRunes:
		return h.refuse(c, fiber.StatusUnprocessableEntity, p.T("reading.chat.error.long", maxQuestionRunes))
	case r.Status != models.ReadingDone:
		return h.refuse(c, fiber.StatusConflict, p.T("reading.chat.error.not_done"))
	}
	msgs, err := h.deps.Readings.Messages(c.UserContext(), r.ID)
	if err != nil {
		return err
	}
	n := 0
	for _, m := range msgs {
		if m.Role == "user" {
			n++
		}
	}
	if n >= maxFollowUps {
		return h.refuse(c, fiber.StatusTooManyRequests, p.T("reading.chat.error.too_many", maxFollowUps))
	}
	// Answers count for the reading's owner: its user, or its guest IP.
	o := models.Owner{GuestIP: r.GuestIP}
	if r.UserID != nil {
		o = models.Owner{UserID: *r.UserID}
	}
	if ok, err := h.checkQuota(c, p, o); !ok {
		return err
	}
	if busy, err := h.deps.Readings.InProgress(c.UserContext(), o); err != nil {
		return err
	} else if busy {
		return h.refuse(c, fiber.StatusTooManyRequests, p.T("reading.error.busy"))
	}
	answer, err := h.deps.Readings.Ask(c.UserContext(), r.ID, q)
	if errors.Is(err, models.ErrBusy) {
		return h.refuse(c, fiber.StatusTooManyRequests, p.T("reading.error.busy"))
	} else if err != nil {
		return err
	}
	if !isHTMX(c) {
		return c.Redirect("/readings/"+r.PublicID, fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.ChatTurn(p, q, "/readings/"+r.PublicID+"/messages/"+strconv.FormatInt(answer.ID, 10)+"/stream"))
}

// streamJob is one generation to stream: everything copied out of the
// request, because the stream writer runs after the handler returned and
// fiber has recycled its context.
type streamJob struct {
	req    reading.Request
	page   views.Page
	finish func(ctx context.Context, o models.ReadingOutcome) error
	// done renders the final event's HTML from what was stored.
	done func(o models.ReadingOutcome) templ.Component
}

// Stream is GET /readings/{pid}/stream, the event stream of a reading.
// The first connection claims the pending reading and writes it; a
// reconnect (EventSource retries on its own) gets the stored reading, or a
// short "still being written" note, and the close event, so a reading is
// never generated twice.
func (h *Readings) Stream(c *fiber.Ctx) error {
	r, err := h.load(c)
	if err != nil {
		return err
	}
	p := h.streamPage(c, r.Lang)
	setEventStreamHeaders(c)
	if r.Status == models.ReadingPending {
		won, err := h.deps.Readings.Claim(c.UserContext(), r.ID)
		if err != nil {
			return err
		}
		if won {
			return h.startStream(c, h.readingJob(p, r))
		}
		if r, err = h.load(c); err != nil {
			return err
		}
	}
	if !r.Finished() {
		return c.SendString(doneEvent(p, views.ReadingNotice(p.T("reading.in_progress"), "reading-in-progress")))
	}
	msgs, err := h.deps.Readings.Messages(c.UserContext(), r.ID)
	if err != nil {
		return err
	}
	return c.SendString(doneEvent(p, views.ReadingFinished(p, h.finishedView(p, r, msgs))))
}

// MessageStream is GET /readings/{pid}/messages/{mid}/stream: the answer
// to a follow-up question, with the chart, the reading and the earlier
// messages as context.
func (h *Readings) MessageStream(c *fiber.Ctx) error {
	r, err := h.load(c)
	if err != nil {
		return err
	}
	mid, err := strconv.ParseInt(c.Params("mid"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	m, err := h.deps.Readings.Message(c.UserContext(), r.ID, mid)
	if errors.Is(err, models.ErrNotFound) || (err == nil && m.Role != "assistant") {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	p := h.streamPage(c, r.Lang)
	setEventStreamHeaders(c)
	if m.Status == models.ReadingPending {
		won, err := h.deps.Readings.ClaimMessage(c.UserContext(), m.ID)
		if err != nil {
			return err
		}
		if won {
			job, err := h.answerJob(c.UserContext(), p, r, m)
			if err != nil {
				return err
			}
			return h.startStream(c, job)
		}
		if m, err = h.deps.Readings.Message(c.UserContext(), r.ID, mid); err != nil {
			return err
		}
	}
	if !models.IsFinishedStatus(m.Status) {
		return c.SendString(doneEvent(p, views.ReadingNotice(p.T("reading.in_progress"), "reading-in-progress")))
	}
	return c.SendString(doneEvent(p, views.ChatAnswer(p, h.deps.Markdown(m.Content), m.Status)))
}

// streamPage is the page frame the stream's fragments are rendered with:
// only values that outlive the request (fiber reuses its strings). The
// reading is written in the language it was started in.
func (h *Readings) streamPage(c *fiber.Ctx, stored string) views.Page {
	lang := Lang(c)
	if l, ok := i18n.Parse(stored); ok {
		lang = l
	}
	tok, _ := c.Locals(LocalCSRF).(string)
	return views.Page{
		Lang:      lang,
		T:         h.site.I18n.For(lang),
		Terms:     h.site.I18n.Terms(lang),
		CSRFToken: strings.Clone(tok),
	}
}

func setEventStreamHeaders(c *fiber.Ctx) {
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache, no-store")
	c.Set("X-Accel-Buffering", "no") // nginx: do not buffer
}

// Uncompressed keeps the compression middleware off an event stream: every
// event is flushed on its own, which defeats compression, and a gzip
// writer per open stream costs hundreds of kilobytes. (fasthttp would
// compress a body stream through a pipe, unbuffered, but for nothing.)
func Uncompressed(c *fiber.Ctx) error {
	c.Request().Header.Del(fiber.HeaderAcceptEncoding)
	return c.Next()
}

// readingJob builds the stream of a reading claimed by this request.
func (h *Readings) readingJob(p views.Page, r *models.Reading) streamJob {
	rd := *r
	req := h.chartRequest(rd.ChartQuery, reading.Topic(rd.Topic), p.Lang)
	h.addPartner(&req, rd.PartnerQuery)
	return streamJob{
		req:  req,
		page: p,
		finish: func(ctx context.Context, o models.ReadingOutcome) error {
			return h.deps.Readings.Finish(ctx, rd.ID, o)
		},
		done: func(o models.ReadingOutcome) templ.Component {
			rd.Status, rd.Text, rd.FellBack = o.Status, o.Text, o.FellBack
			rd.PromptTokens, rd.CompletionTokens = o.PromptTokens, o.CompletionTokens
			if o.Provider != "" {
				rd.Provider, rd.Model = o.Provider, o.Model
			}
			return views.ReadingFinished(p, h.finishedView(p, &rd, nil))
		},
	}
}

// answerJob builds the stream of a follow-up answer: the chart, the
// reading and the earlier messages (capped) as context.
func (h *Readings) answerJob(ctx context.Context, p views.Page, r *models.Reading, m *models.ReadingMessage) (streamJob, error) {
	msgs, err := h.deps.Readings.Messages(ctx, r.ID)
	if err != nil {
		return streamJob{}, err
	}
	req := h.chartRequest(r.ChartQuery, reading.Topic(r.Topic), p.Lang)
	h.addPartner(&req, r.PartnerQuery)
	var earlier []reading.Message
	for _, x := range msgs {
		if x.ID >= m.ID {
			break
		}
		if x.Role == "assistant" && x.Status != models.ReadingDone {
			continue
		}
		earlier = append(earlier, reading.Message{Role: x.Role, Content: x.Content})
	}
	// The last earlier message is the question this answer is for.
	if n := len(earlier); n > 0 && earlier[n-1].Role == "user" {
		req.Question = earlier[n-1].Content
		earlier = earlier[:n-1]
	}
	if len(earlier) > maxChatHistory {
		earlier = earlier[len(earlier)-maxChatHistory:]
	}
	req.History = append([]reading.Message{{Role: "assistant", Content: r.Text}}, earlier...)
	id := m.ID
	return streamJob{
		req:  req,
		page: p,
		finish: func(ctx context.Context, o models.ReadingOutcome) error {
			return h.deps.Readings.FinishMessage(ctx, id, o)
		},
		done: func(o models.ReadingOutcome) templ.Component {
			return views.ChatAnswer(p, h.deps.Markdown(o.Text), o.Status)
		},
	}, nil
}

// chartRequest recomputes the chart of a stored canonical query.
func (h *Readings) chartRequest(query string, topic reading.Topic, lang i18n.Lang) reading.Request {
	now := h.deps.Now()
	req := reading.Request{Topic: topic, Lang: lang, Now: now}
	if chart, err := chartinput.Open(query, now); err == nil {
		req.Chart, req.Name = chart.Chart, chart.Name
	}
	return req
}

// addPartner recomputes the partner's chart of a compatibility reading
// (a stored canonical query; "" for a single-chart reading).
func (h *Readings) addPartner(req *reading.Request, query string) {
	if query == "" {
		return
	}
	p := h.chartRequest(query, req.Topic, req.Lang)
	req.Partner, req.PartnerName = p.Chart, p.Name
}

// startStream hands the response to a stream writer. Nothing of c may be
// used inside it.
func (h *Readings) startStream(c *fiber.Ctx, job streamJob) error {
	c.Status(fiber.StatusOK)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) { h.runStream(w, job) })
	return nil
}

// errClientGone is what emit returns once a write to the browser failed.
var errClientGone = errors.New("the browser closed the stream")

// runStream writes one generation as server-sent events. The service runs
// in its own goroutine and hands each piece over a channel to this single
// writer, which interleaves them with heartbeats. A failed flush means the
// browser left: emit then returns an error, which makes the service cancel
// the upstream request, and the text so far is stored as cancelled. The
// outcome is stored before the final event is sent, so a reading is kept
// even when the browser left after the last piece.
func (h *Readings) runStream(w *bufio.Writer, job streamJob) {
	ctx, cancel := context.WithTimeout(context.Background(), h.deps.TotalTimeout+time.Minute)
	defer cancel()
	stopOnShutdown := context.AfterFunc(h.deps.Base, cancel)
	defer stopOnShutdown()

	pieces := make(chan string)
	gone := make(chan struct{})
	type end struct {
		res reading.Result
		err error
	}
	ended := make(chan end, 1)
	go func() {
		var res reading.Result
		var err error
		defer func() {
			if r := recover(); r != nil {
				h.deps.Log.Error("reading panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("reading panicked: %v", r)
			}
			ended <- end{res, err}
		}()
		res, err = h.deps.Service.Stream(ctx, job.req, func(s string) error {
			select {
			case <-gone:
				return errClientGone
			default:
			}
			select {
			case pieces <- s:
				return nil
			case <-gone:
				return errClientGone
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()

	var text strings.Builder
	clientGone := false
	write := func(b []byte) {
		if clientGone {
			return
		}
		if _, err := w.Write(b); err == nil {
			err = w.Flush()
			if err == nil {
				return
			}
		}
		clientGone = true
		close(gone)
		cancel()
	}
	// A first comment opens the stream at once (headers and all), before
	// the provider's first words.
	write([]byte(": stream\n\n"))
	tick := time.NewTicker(h.deps.Heartbeat)
	defer tick.Stop()
	var buf []byte
	var result end
loop:
	for {
		select {
		case s := <-pieces:
			text.WriteString(s)
			buf = appendEvent(buf[:0], "chunk", html.EscapeString(s))
			write(buf)
		case <-tick.C:
			write([]byte(": ping\n\n"))
		case result = <-ended:
			break loop
		}
	}

	o := models.ReadingOutcome{
		Status: models.ReadingDone, Text: text.String(),
		Provider: result.res.Provider, Model: result.res.Model, FellBack: result.res.FellBack,
		PromptTokens: result.res.Usage.PromptTokens, CompletionTokens: result.res.Usage.CompletionTokens,
	}
	switch {
	case result.err == nil:
	case clientGone || errors.Is(result.err, errClientGone):
		o.Status, o.Error = models.ReadingCancelled, "the browser left"
	case h.deps.Base.Err() != nil:
		o.Status, o.Error = models.ReadingCancelled, "the server shut down"
	default:
		o.Status, o.Error = models.ReadingFailed, result.err.Error()
		h.deps.Log.Warn("reading failed", "error", result.err)
	}
	sctx, scancel := context.WithTimeout(context.Background(), storeTimeout)
	defer scancel()
	if err := job.finish(sctx, o); err != nil {
		h.deps.Log.Error("store reading", "error", err)
	}
	if !clientGone {
		write([]byte(doneEvent(job.page, job.done(o))))
	}
}

// appendEvent appends one server-sent event: one data line per line of
// data (a CR would end a line too, so it is folded into LF).
func appendEvent(b []byte, event, data string) []byte {
	b = append(b, "event: "...)
	b = append(b, event...)
	b = append(b, '\n')
	data = strings.ReplaceAll(strings.ReplaceAll(data, "\r\n", "\n"), "\r", "\n")
	for {
		line, rest, more := strings.Cut(data, "\n")
		b = append(b, "data: "...)
		b = append(b, line...)
		b = append(b, '\n')
		if !more {
			break
		}
		data = rest
	}
	return append(b, '\n')
}

// doneEvent is the final event: the finished HTML, which replaces the
// streamed plain text; the fragment closes the EventSource on it.
func doneEvent(p views.Page, comp templ.Component) string {
	var body bytes.Buffer
	ctx := context.Background()
	if err := comp.Render(ctx, &body); err != nil {
		body.Reset()
		body.WriteString(html.EscapeString(p.T("error.500.title")))
	}
	return string(appendEvent(nil, "done", body.String()))
}

// ReadingsExportSource fills "readings" in "download my data": every
// reading of the user with its follow-up messages, oldest first.
func ReadingsExportSource(readings *models.Readings) ExportSource {
	type messageExport struct {
		Role             string     `json:"role"`
		Content          string     `json:"content"`
		Status           string     `json:"status"`
		PromptTokens     int        `json:"prompt_tokens"`
		CompletionTokens int        `json:"completion_tokens"`
		CreatedAt        time.Time  `json:"created_at"`
		FinishedAt       *time.Time `json:"finished_at,omitempty"`
	}
	type readingExport struct {
		ID               string          `json:"id"`
		ChartID          *int64          `json:"chart_id,omitempty"`
		Chart            string          `json:"chart"`
		Topic            string          `json:"topic"`
		Lang             string          `json:"lang"`
		Provider         string          `json:"provider"`
		Model            string          `json:"model"`
		Status           string          `json:"status"`
		Text             string          `json:"text"`
		FellBack         bool            `json:"fell_back"`
		PromptTokens     int             `json:"prompt_tokens"`
		CompletionTokens int             `json:"completion_tokens"`
		CreatedAt        time.Time       `json:"created_at"`
		FinishedAt       *time.Time      `json:"finished_at,omitempty"`
		Messages         []messageExport `json:"messages"`
	}
	return ExportSource{Key: "readings", Load: func(ctx context.Context, userID int64) (any, error) {
		rs, msgs, err := readings.ForUser(ctx, userID)
		if err != nil {
			return nil, err
		}
		out := make([]readingExport, 0, len(rs))
		for _, r := range rs {
			e := readingExport{
				ID: r.PublicID, ChartID: r.ChartID, Chart: "/chart?" + r.ChartQuery, Topic: r.Topic, Lang: r.Lang,
				Provider: r.Provider, Model: r.Model, Status: r.Status, Text: r.Text, FellBack: r.FellBack,
				PromptTokens: r.PromptTokens, CompletionTokens: r.CompletionTokens, CreatedAt: r.CreatedAt, FinishedAt: r.FinishedAt,
				Messages: []messageExport{},
			}
			for _, m := range msgs[r.ID] {
				e.Messages = append(e.Messages, messageExport{m.Role, m.Content, m.Status, m.PromptTokens, m.CompletionTokens, m.CreatedAt, m.FinishedAt})
			}
			out = append(out, e)
		}
		return out, nil
	}}
}
