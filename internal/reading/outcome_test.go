package reading

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/bazi-master/bazi-master/models"
)

// What is stored for each way a stream can end.
func TestOutcomeRules(t *testing.T) {
	res := Result{Provider: "openai", Model: "m", Usage: Usage{PromptTokens: 10, CompletionTokens: 5}}
	fell := res
	fell.FellBack, fell.FallbackReason = true, ReasonFirstTokenTimeout
	for _, tc := range []struct {
		name      string
		e         ending
		status    string
		err       string
		fellBack  bool
		completed int
	}{
		{"written to the end", ending{res: res}, models.ReadingDone, "", false, 5},
		{"finished by the built-in reader", ending{res: fell}, models.ReadingDone, "", true, 5},
		{"browser left (a write failed)", ending{res: res, err: context.Canceled, clientGone: true}, models.ReadingCancelled, cancelledClientGone, false, 5},
		{"browser left (emit refused)", ending{res: res, err: fmt.Errorf("stream: %w", errClientGone)}, models.ReadingCancelled, cancelledClientGone, false, 5},
		{"browser left during shutdown", ending{res: res, err: context.Canceled, clientGone: true, shutdown: true}, models.ReadingCancelled, cancelledClientGone, false, 5},
		{"server shut down", ending{res: res, err: context.Canceled, shutdown: true}, models.ReadingCancelled, cancelledShutdown, false, 5},
		{"provider and fallback failed", ending{res: fell, err: errors.New("no built-in reader")}, models.ReadingFailed, "no built-in reader", true, 5},
		{"shutdown after the end", ending{res: res, shutdown: true}, models.ReadingDone, "", false, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.e.text = "text so far"
			o := tc.e.outcome()
			want := models.ReadingOutcome{Status: tc.status, Text: "text so far", Provider: "openai", Model: "m",
				FellBack: tc.fellBack, Error: tc.err, PromptTokens: 10, CompletionTokens: tc.completed}
			if o != want {
				t.Errorf("outcome %+v, want %+v", o, want)
			}
		})
	}
}

// ApplyOutcome shows a reading as Finish stores it; a result without a
// provider keeps the one the reading started with.
func TestApplyOutcome(t *testing.T) {
	r := models.Reading{Status: models.ReadingStreaming, Provider: "openai", Model: "gpt"}
	ApplyOutcome(&r, models.ReadingOutcome{Status: models.ReadingCancelled, Text: "t", Error: "e", FellBack: true, PromptTokens: 1, CompletionTokens: 2})
	if r.Status != models.ReadingCancelled || r.Text != "t" || r.Error != "e" || !r.FellBack || r.PromptTokens != 1 || r.CompletionTokens != 2 || r.Provider != "openai" || r.Model != "gpt" {
		t.Errorf("applied: %+v", r)
	}
	ApplyOutcome(&r, models.ReadingOutcome{Status: models.ReadingDone, Provider: "anthropic", Model: "claude"})
	if r.Provider != "anthropic" || r.Model != "claude" || r.Status != models.ReadingDone {
		t.Errorf("applied: %+v", r)
	}
}
