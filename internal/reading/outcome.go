package reading

import (
	"errors"

	"github.com/bazi-master/bazi-master/models"
)

// How a generation ended, in one place. Two records are kept of it:
//
//   - the stored status of the reading or answer (Outcome):
//     done when the text was written to the end, by the AI provider or,
//     after a fallback, by the built-in reader; cancelled when the browser
//     left or the server shut down (the text written so far is kept);
//     failed on any other error (the cause is kept, truncated);
//   - the label of bazi_ai_readings_total{provider,outcome,reason}, only
//     for readings through an AI provider (Service.Observe): ok,
//     fallback (reason is one of the Reason… constants), client_gone
//     (the browser left; the upstream request was cancelled) or error
//     (the stream's context ended: shutdown or the runner's time-out).
//
// A fallback is stored as done with FellBack set and counted as fallback.

// Outcomes of a reading, as Service.Observe reports them (the metric's
// outcome label).
const (
	OutcomeOK         = "ok"
	OutcomeFallback   = "fallback"
	OutcomeClientGone = "client_gone"
	OutcomeError      = "error"
)

// Errors stored with a cancelled generation.
const (
	cancelledClientGone = "the browser left"
	cancelledShutdown   = "the server shut down"
)

// errClientGone is what emit returns once a write to the browser failed.
var errClientGone = errors.New("the browser closed the stream")

// ending is how a stream ended, as the runner saw it.
type ending struct {
	text       string // everything emitted, as sent to the browser
	res        Result
	err        error // from Streamer.Stream
	clientGone bool  // a write or flush to the browser failed
	shutdown   bool  // the server began shutting down
}

// outcome is what is stored for an ending.
func (e ending) outcome() models.ReadingOutcome {
	o := models.ReadingOutcome{
		Status: models.ReadingDone, Text: e.text,
		Provider: e.res.Provider, Model: e.res.Model, FellBack: e.res.FellBack,
		PromptTokens: e.res.Usage.PromptTokens, CompletionTokens: e.res.Usage.CompletionTokens,
	}
	switch {
	case e.err == nil:
	case e.clientGone || errors.Is(e.err, errClientGone):
		o.Status, o.Error = models.ReadingCancelled, cancelledClientGone
	case e.shutdown:
		o.Status, o.Error = models.ReadingCancelled, cancelledShutdown
	default:
		o.Status, o.Error = models.ReadingFailed, e.err.Error()
	}
	return o
}

// ApplyOutcome sets on r what Finish stores of o, so a page rendered
// right after a stream shows the reading as a later visit will.
func ApplyOutcome(r *models.Reading, o models.ReadingOutcome) {
	r.Status, r.Text, r.FellBack, r.Error = o.Status, o.Text, o.FellBack, o.Error
	r.PromptTokens, r.CompletionTokens = o.PromptTokens, o.CompletionTokens
	if o.Provider != "" {
		r.Provider, r.Model = o.Provider, o.Model
	}
}
