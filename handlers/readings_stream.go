package handlers

// OWNER: readings. The event streams of readings and follow-up answers:
// the first connection has internal/reading's runner write the text; a
// reconnect gets what is stored, as the one final event.

import (
	"bufio"
	"bytes"
	"context"
	"html"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

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
	job, r, err := h.deps.Desk.ClaimReading(c.UserContext(), r, p.Lang)
	switch {
	case err != nil:
		return notFound(err)
	case job != nil:
		rd := *r
		return h.stream(c, p, job, "reading-open-"+r.PublicID, func(o models.ReadingOutcome) templ.Component {
			reading.ApplyOutcome(&rd, o)
			return views.ReadingFinished(p, h.finishedView(p, &rd, nil))
		})
	case !r.Finished():
		return sendDone(c, p, views.ReadingNotice(p.T("reading.in_progress"), "reading-in-progress"))
	}
	msgs, err := h.deps.Readings.Messages(c.UserContext(), r.ID)
	if err != nil {
		return err
	}
	return sendDone(c, p, views.ReadingFinished(p, h.finishedView(p, r, msgs)))
}

// MessageStream is GET /readings/{pid}/messages/{mid}/stream: the answer
// to a follow-up question, streamed as Stream streams a reading.
func (h *Readings) MessageStream(c *fiber.Ctx) error {
	r, err := h.load(c)
	if err != nil {
		return err
	}
	mid, err := strconv.ParseInt(c.Params("mid"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	m, err := h.deps.Desk.Answer(c.UserContext(), r, mid)
	if err != nil {
		return notFound(err)
	}
	p := h.streamPage(c, r.Lang)
	setEventStreamHeaders(c)
	job, m, err := h.deps.Desk.ClaimAnswer(c.UserContext(), r, m, p.Lang)
	switch {
	case err != nil:
		return err
	case job != nil:
		return h.stream(c, p, job, answerOpenID(m.ID), func(o models.ReadingOutcome) templ.Component {
			return views.ChatAnswer(p, h.deps.Markdown(o.Text), o.Status, o.FellBack)
		})
	case !models.IsFinishedStatus(m.Status):
		return sendDone(c, p, views.ReadingNotice(p.T("reading.in_progress"), "reading-in-progress"))
	}
	return sendDone(c, p, views.ChatAnswer(p, h.deps.Markdown(m.Content), m.Status, false))
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
	p := views.Page{Lang: lang, T: h.site.I18n.For(lang), Terms: h.site.I18n.Terms(lang), CSRFToken: strings.Clone(tok)}
	if lang == i18n.Korean {
		p.Hanja = h.site.I18n.For(i18n.TraditionalChinese)
	}
	return p
}

// stream has the runner write the job: its pieces as rendered Markdown
// (chunkHTML, into the element openID), then done's HTML. p and done must
// hold nothing of c (see streamBody).
func (h *Readings) stream(c *fiber.Ctx, p views.Page, job *reading.Job, openID string, done func(models.ReadingOutcome) templ.Component) error {
	render := reading.Render{
		Piece: chunkHTML(openID),
		Done:  func(o models.ReadingOutcome) []byte { return eventHTML(p, done(o)) },
	}
	return streamBody(c, func(w *bufio.Writer) { h.deps.Runner.Run(w, job, render) })
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

// streamBody answers 200 with a body that write produces after the
// handler returned. fiber recycles c by then: write must use nothing of
// it, only copies.
func streamBody(c *fiber.Ctx, write func(w *bufio.Writer)) error {
	c.Status(fiber.StatusOK)
	c.Context().SetBodyStreamWriter(write)
	return nil
}

// sendDone answers with only the final event: comp's HTML, which the
// fragment swaps in, closing the EventSource on it.
func sendDone(c *fiber.Ctx, p views.Page, comp templ.Component) error {
	return c.Send(reading.AppendEvent(nil, "done", eventHTML(p, comp)))
}

// eventHTML renders comp for an event; a failure shows the error title.
func eventHTML(p views.Page, comp templ.Component) []byte {
	var body bytes.Buffer
	if err := comp.Render(context.Background(), &body); err != nil {
		return []byte(html.EscapeString(p.T("error.500.title")))
	}
	return body.Bytes()
}

// chunkHTML renders a "chunk" event for the stream whose open block is
// the element openID: the HTML of the blocks just completed, inserted out
// of band before that element, then the open block's HTML, which replaces
// its content. Both come from reading.MarkdownStream: escaped, sanitised.
func chunkHTML(openID string) func(dst []byte, closed, open string) []byte {
	return func(dst []byte, closed, open string) []byte {
		if closed != "" {
			dst = append(dst, `<div hx-swap-oob="beforebegin:#`...)
			dst = append(dst, openID...)
			dst = append(dst, `">`...)
			dst = append(dst, closed...)
			dst = append(dst, "</div>"...)
		}
		return append(dst, open...)
	}
}

// answerOpenID is the id of the open block of a follow-up answer's stream.
func answerOpenID(mid int64) string { return "answer-open-" + strconv.FormatInt(mid, 10) }
