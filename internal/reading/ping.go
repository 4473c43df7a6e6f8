package reading

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	openai "github.com/sashabaranov/go-openai"

	"github.com/bazi-master/bazi-master/bazi"
)

// PingPrompt is the tiny prompt a provider test sends.
const PingPrompt = "Reply with the single word: OK"

// pingMaxTokens caps a test's answer: it costs a few tokens at most.
const pingMaxTokens = 16

// PingResult is the outcome of a provider test.
type PingResult struct {
	Provider string
	Model    string
	Latency  time.Duration // until the answer was complete, or the failure
	Sample   string        // the first characters of the answer
	Usage    Usage
	Err      error
	// Code names the failure for the audit trail: "http_401", "timeout",
	// "connection", "error"; "" on success.
	Code string
}

// pinger is a provider that can send a tiny prompt instead of a reading.
type pinger interface {
	ping(ctx context.Context, emit func(string) error) (Usage, error)
}

// Ping sends a tiny prompt through p and reports how long the answer took,
// its first characters, or the error. Providers without a network call
// (the built-in reader) write a reading of a fixed chart instead. The
// error is as the provider reported it: redact it before showing it.
func Ping(ctx context.Context, p Provider) PingResult {
	res := PingResult{Provider: p.Name(), Model: p.Model()}
	var sample strings.Builder
	emit := func(s string) error {
		if sample.Len() < 200 {
			sample.WriteString(s)
		}
		return nil
	}
	start := time.Now()
	var err error
	if pp, ok := p.(pinger); ok {
		res.Usage, err = pp.ping(ctx, emit)
	} else {
		res.Usage, err = pingReading(ctx, p, emit)
	}
	res.Latency = time.Since(start)
	res.Sample = shorten(strings.TrimSpace(sample.String()), 80)
	if err != nil {
		res.Err, res.Code = err, pingCode(ctx, err)
	}
	return res
}

// Ping tests the service's chosen provider, with any configured key
// removed from the error.
func (s *Service) Ping(ctx context.Context) PingResult {
	return s.PingProvider(ctx, s.provider)
}

// PingProvider tests p, with the service's keys removed from the error.
func (s *Service) PingProvider(ctx context.Context, p Provider) PingResult {
	r := Ping(ctx, p)
	if r.Err != nil {
		r.Err = errors.New(s.redact(r.Err))
	}
	return r
}

func pingReading(ctx context.Context, p Provider, emit func(string) error) (Usage, error) {
	return p.Stream(ctx, Request{Chart: pingChart(), Topic: TopicOverall, Now: time.Now()}, emit)
}

func (p *openAIProvider) ping(ctx context.Context, emit func(string) error) (Usage, error) {
	creq := openai.ChatCompletionRequest{
		Model:               p.model,
		Messages:            []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: PingPrompt}},
		Stream:              true,
		StreamOptions:       &openai.StreamOptions{IncludeUsage: true},
		MaxCompletionTokens: pingMaxTokens,
	}
	var u Usage
	stream, err := p.client.CreateChatCompletionStream(ctx, creq)
	if err != nil {
		return u, err
	}
	defer stream.Close()
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return u, nil
		}
		if err != nil {
			return u, err
		}
		if chunk.Usage != nil {
			u = Usage{PromptTokens: chunk.Usage.PromptTokens, CompletionTokens: chunk.Usage.CompletionTokens}
		}
		for _, ch := range chunk.Choices {
			_ = emit(ch.Delta.Content)
		}
	}
}

func (p *anthropicProvider) ping(ctx context.Context, emit func(string) error) (Usage, error) {
	params := anthropic.MessageNewParams{
		Model:     p.model,
		MaxTokens: pingMaxTokens,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(PingPrompt))},
	}
	var u Usage
	stream := p.client.Messages.NewStreaming(ctx, params)
	defer stream.Close()
	for stream.Next() {
		ev := stream.Current()
		switch ev.Type {
		case "message_start":
			u.PromptTokens = int(ev.Message.Usage.InputTokens)
		case "content_block_delta":
			_ = emit(ev.Delta.Text)
		case "message_delta":
			u.CompletionTokens = int(ev.Usage.OutputTokens)
		}
	}
	return u, stream.Err()
}

// pingCode names err for the audit trail, without its text.
func pingCode(ctx context.Context, err error) string {
	var oe *openai.APIError
	var re *openai.RequestError
	var ae *anthropic.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), ctx.Err() != nil:
		return "timeout"
	case errors.As(err, &oe) && oe.HTTPStatusCode != 0:
		return fmt.Sprintf("http_%d", oe.HTTPStatusCode)
	case errors.As(err, &re) && re.HTTPStatusCode != 0:
		return fmt.Sprintf("http_%d", re.HTTPStatusCode)
	case errors.As(err, &ae) && ae.StatusCode != 0:
		return fmt.Sprintf("http_%d", ae.StatusCode)
	case isConnectionError(err):
		return "connection"
	}
	return "error"
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// pingChart is a fixed chart for testing the built-in reader.
func pingChart() *bazi.Chart {
	in, err := bazi.Request{Date: "1990-05-15", Time: "10:30", TZ: "Asia/Shanghai", Gender: "female"}.Parse()
	if err != nil {
		return nil
	}
	c, err := bazi.Compute(in, time.Now())
	if err != nil {
		return nil
	}
	return c
}
