package handlers

// OWNER: readings (AI readings streamed over SSE, follow-up chat). The
// work (checks, quota, claiming, the stream runner, what is stored) is
// internal/reading's; this file decodes, calls and renders.

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// ReadingsDeps is what the reading handlers need.
type ReadingsDeps struct {
	Readings *models.Readings // the readings and messages shown
	Desk     *reading.Desk
	Runner   *reading.Runner
	// Markdown renders a finished text as safe HTML (default reading.RenderMarkdown).
	Markdown   func(src string) string
	TrustProxy int
}

// Readings serves the AI readings: POST creates the work and returns a
// fragment that connects to the event stream, GET streams it.
type Readings struct {
	site *Site
	deps ReadingsDeps
}

// NewReadings returns the reading handlers.
func NewReadings(site *Site, deps ReadingsDeps) *Readings {
	if deps.Markdown == nil {
		deps.Markdown = reading.RenderMarkdown
	}
	return &Readings{site: site, deps: deps}
}

// visitor is who the request counts as: the signed-in user, or the guest's IP subject.
func (h *Readings) visitor(c *fiber.Ctx) reading.Visitor {
	if u := CurrentUser(c); u != nil {
		return reading.Visitor{UserID: u.ID, OwnQuota: u.ReadingQuota}
	}
	return reading.Visitor{GuestIP: ratelimit.SubjectIP(ratelimit.ClientIP(c, h.deps.TrustProxy))}
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

// refusals are the status and message of each reading.Refusal; the
// message takes the refusal's Limit.
var refusals = map[string]struct {
	status int
	key    string
}{
	reading.RefuseTopic:             {fiber.StatusUnprocessableEntity, "reading.error.topic"},
	reading.RefusePartnerMissing:    {fiber.StatusUnprocessableEntity, "reading.error.partner_missing"},
	reading.RefusePartnerUnexpected: {fiber.StatusUnprocessableEntity, "reading.error.partner_unexpected"},
	reading.RefusePartner:           {fiber.StatusUnprocessableEntity, "reading.error.partner"},
	reading.RefuseChart:             {fiber.StatusUnprocessableEntity, "reading.error.chart"},
	reading.RefuseBusy:              {fiber.StatusTooManyRequests, "reading.error.busy"},
	reading.RefuseQuotaGuest:        {fiber.StatusTooManyRequests, "reading.error.quota_guest"},
	reading.RefuseQuotaUser:         {fiber.StatusTooManyRequests, "reading.error.quota_user"},
	reading.RefuseQuotaNone:         {fiber.StatusTooManyRequests, "reading.error.quota_none"},
	reading.RefuseQuestionEmpty:     {fiber.StatusUnprocessableEntity, "reading.chat.error.empty"},
	reading.RefuseQuestionLong:      {fiber.StatusUnprocessableEntity, "reading.chat.error.long"},
	reading.RefuseNotDone:           {fiber.StatusConflict, "reading.chat.error.not_done"},
	reading.RefuseTooManyQuestions:  {fiber.StatusTooManyRequests, "reading.chat.error.too_many"},
}

// refusalSlot is the selector of views.ReadingRefusalSlot.
const refusalSlot = "#reading-refusal"

// refused answers a refusal with a short message fragment (a quota's with
// Retry-After and the time it resets; a guest's with a Sign-in button
// that comes back to page); any other error is returned. htmx swaps the
// fragment in (app.js lets the reading panel swap 4xx answers): into slot
// when one is named, instead of the request's target; a plain form gets
// the error page.
func (h *Readings) refused(c *fiber.Ctx, p views.Page, err error, slot, page string) error {
	var r *reading.Refusal
	if !errors.As(err, &r) {
		return err
	}
	if r.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(r.RetryAfterSeconds()))
	}
	m := refusals[r.Reason]
	at, zone := resetClock(r)
	msg := p.T(m.key, r.Limit, at, zone)
	if !isHTMX(c) {
		return &fiber.Error{Code: m.status, Message: msg}
	}
	if slot != "" {
		c.Set("HX-Retarget", slot)
		c.Set("HX-Reswap", "innerHTML")
	}
	if r.Reason == reading.RefuseQuotaGuest {
		return render(c, m.status, views.ReadingQuotaRefusal(p, msg, "/login?next="+url.QueryEscape(page)))
	}
	return render(c, m.status, views.ReadingNotice(msg, "reading-refused"))
}

// resetClock is when a quota refusal's quota resets, on the clock of the
// chart being read (UTC when unknown): the time ("08:00") and the zone's
// offset then ("UTC+08:00"). The reader's own zone is unknown to the
// server without JavaScript; a chart's is usually where its reader lives.
func resetClock(r *reading.Refusal) (at, zone string) {
	loc := r.Zone
	if loc == nil {
		loc = time.UTC
	}
	t := r.ResetsAt.In(loc)
	_, off := t.Zone()
	return t.Format("15:04"), views.UTCOffset(off / 60)
}

// Allowance is what is left of the visitor's daily readings, for the
// chart page's reading panel; nil when there is no cap, or an admin
// allows none (the refusal says so), or it cannot be counted.
func (h *Readings) Allowance(c *fiber.Ctx) *views.ReadingAllowance {
	v := h.visitor(c)
	a, err := h.deps.Desk.Allowance(c.UserContext(), v)
	if err != nil || !a.Capped || a.Limit == 0 {
		return nil
	}
	return &views.ReadingAllowance{Left: a.Left, Limit: a.Limit, Guest: v.UserID == 0}
}

// Start is POST /readings: the chart's canonical query ("query"), a topic
// and, on a saved chart's page, its id; the compatibility topic also takes
// person B's chart query ("partner"). It answers with the fragment that
// connects to the new reading's stream, or says why there is none.
func (h *Readings) Start(c *fiber.Ctx) error {
	p := h.site.Page(c, "")
	chartID, _ := strconv.ParseInt(c.FormValue("chart_id"), 10, 64)
	r, err := h.deps.Desk.Start(c.UserContext(), h.visitor(c), reading.Order{
		Query: c.FormValue("query"), Topic: reading.Topic(c.FormValue("topic")),
		Partner: c.FormValue("partner"), ChartID: chartID, Lang: p.Lang,
	})
	if err != nil {
		// Never in place of the reading shown, which may still be streaming.
		back := "/chart?" + c.FormValue("query")
		if reading.Topic(c.FormValue("topic")) == reading.TopicZiwei {
			back = "/ziwei?" + c.FormValue("query")
		}
		if reading.Topic(c.FormValue("topic")) == reading.TopicAstro {
			back = astroReadingURL(c.FormValue("query"))
		}
		if reading.Topic(c.FormValue("topic")) == reading.TopicIChing {
			back = "/iching?" + c.FormValue("query")
		}
		if reading.Topic(c.FormValue("topic")) == reading.TopicOverview {
			back = "/overview?" + c.FormValue("query")
		}
		return h.refused(c, p, err, refusalSlot, back)
	}
	if !isHTMX(c) {
		// Without JavaScript no stream will connect: the server writes the
		// reading, and its page reloads until it is stored.
		job, _, err := h.deps.Desk.ClaimReading(c.UserContext(), r, p.Lang)
		if err != nil {
			return err
		}
		if job != nil {
			h.deps.Runner.Detached(job)
		}
		return c.Redirect("/readings/"+r.PublicID, fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, templ.Join(views.ReadingStream(p, h.streamView(p, r)), views.ReadingRefusalSlot("", true)))
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
	var viewer int64
	if u := CurrentUser(c); u != nil {
		viewer = u.ID
	}
	r, err := h.deps.Readings.ByPublicID(c.UserContext(), c.Params("pid"), viewer)
	return r, notFound(err)
}

// notFound turns models.ErrNotFound into a 404.
func notFound(err error) error {
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

// refreshSeconds is the Refresh header of a reading page whose reading or
// answer is still being written.
const refreshSeconds = "3"

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
	v := views.ReadingPageView{ChartURL: "/chart?" + r.ChartQuery, Guest: r.UserID == nil}
	if reading.Topic(r.Topic) == reading.TopicZiwei {
		v.ChartURL = "/ziwei?" + r.ChartQuery
	}
	if reading.Topic(r.Topic) == reading.TopicAstro {
		v.ChartURL = astroReadingURL(r.ChartQuery)
	}
	if reading.Topic(r.Topic) == reading.TopicIChing {
		v.ChartURL = "/iching?" + r.ChartQuery
	}
	if reading.Topic(r.Topic) == reading.TopicOverview {
		v.ChartURL = "/overview?" + r.ChartQuery
	}
	switch {
	case r.Finished():
		fv := h.finishedView(p, r, msgs)
		v.Finished = &fv
		for _, m := range msgs {
			if !models.IsFinishedStatus(m.Status) {
				c.Set("Refresh", refreshSeconds) // an answer being written
			}
		}
	case r.Status == models.ReadingPending:
		sv := h.streamView(p, r)
		v.Stream = &sv
	default:
		// Being written with no stream this page could follow (on the
		// server for a page without JavaScript, or in another window):
		// reload until it is stored.
		c.Set("Refresh", refreshSeconds)
		sv := h.streamView(p, r)
		v.Writing = &sv
	}
	return render(c, fiber.StatusOK, views.ReadingPage(p, v))
}

func (h *Readings) finishedView(p views.Page, r *models.Reading, msgs []models.ReadingMessage) views.ReadingFinishedView {
	v := views.ReadingFinishedView{
		PublicID: r.PublicID, Topic: r.Topic, Query: r.ChartQuery, Partner: r.PartnerQuery,
		HTML: h.deps.Markdown(r.Text), Status: r.Status, FellBack: r.FellBack,
		Tokens: r.PromptTokens + r.CompletionTokens, CanAsk: reading.CanAsk(r, msgs),
		ProviderLabel: h.providerLabel(p, r.Provider, r.Model),
	}
	if r.ChartID != nil {
		v.ChartID = *r.ChartID
	}
	for _, m := range msgs {
		if m.Role == "user" {
			v.Messages = append(v.Messages, views.ChatMessage{Role: "user", Text: m.Content})
			continue
		}
		text := m.Content
		if text == "" && !models.IsFinishedStatus(m.Status) {
			text = p.T("reading.chat.pending")
		}
		v.Messages = append(v.Messages, views.ChatMessage{Role: "assistant", HTML: h.deps.Markdown(text)})
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
	rs, err := h.deps.Desk.Saved(c.UserContext(), u.ID, chartID, c.Query("query"))
	if err != nil {
		return err
	}
	var items []views.SavedReadingItem
	for _, r := range rs {
		items = append(items, views.SavedReadingItem{
			URL: "/readings/" + r.PublicID, Topic: r.Topic, Status: r.Status,
			Date: r.CreatedAt.UTC().Format("2006-01-02 15:04"), Excerpt: reading.Excerpt(r.Text, 140),
		})
	}
	return render(c, fiber.StatusOK, views.SavedReadings(p, items))
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
	answer, err := h.deps.Desk.Ask(c.UserContext(), h.visitor(c), r, q)
	if err != nil {
		return h.refused(c, p, err, "", "/readings/"+r.PublicID)
	}
	if !isHTMX(c) {
		job, _, err := h.deps.Desk.ClaimAnswer(c.UserContext(), r, answer, p.Lang)
		if err != nil {
			return err
		}
		if job != nil {
			h.deps.Runner.Detached(job) // as Start does without JavaScript
		}
		return c.Redirect("/readings/"+r.PublicID, fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.ChatTurn(p, q, "/readings/"+r.PublicID+"/messages/"+strconv.FormatInt(answer.ID, 10)+"/stream", answerOpenID(answer.ID)))
}

// ReadingsExportSource fills "readings" in "download my data": every
// reading of the user with its follow-up messages, oldest first.
func ReadingsExportSource(readings *models.Readings) ExportSource {
	return ExportSource{Key: "readings", Load: func(ctx context.Context, userID int64) (any, error) {
		return reading.Export(ctx, readings, userID)
	}}
}
