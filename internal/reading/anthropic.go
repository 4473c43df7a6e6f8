package reading

import (
	"context"
	"net/http"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
)

// DefaultAnthropicModel is used when no model is configured.
const DefaultAnthropicModel = anthropic.ModelClaudeHaiku4_5

type anthropicProvider struct {
	client anthropic.Client
	model  string
}

// NewAnthropic returns a provider for the Anthropic Messages API. baseURL
// ("" for the default) and hc (nil for the default) are for tests and
// proxies. The SDK's own retries and environment defaults are off: the
// Service does the retrying, and only the given key and URL are used.
func NewAnthropic(apiKey, model, baseURL string, hc *http.Client) Provider {
	opts := []option.RequestOption{
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(apiKey),
		option.WithMaxRetries(0),
	}
	if baseURL != "" {
		opts = append(opts, option.WithBaseURL(baseURL))
	}
	if hc != nil {
		opts = append(opts, option.WithHTTPClient(hc))
	}
	if model == "" {
		model = DefaultAnthropicModel
	}
	return &anthropicProvider{client: anthropic.NewClient(opts...), model: model}
}

func (p *anthropicProvider) Name() string  { return "anthropic" }
func (p *anthropicProvider) Model() string { return p.model }

func (p *anthropicProvider) Stream(ctx context.Context, req Request, emit func(string) error) (Usage, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	system, msgs := BuildPrompt(req)
	params := anthropic.MessageNewParams{
		Model:     p.model,
		MaxTokens: MaxOutputTokens,
		System:    []anthropic.TextBlockParam{{Text: system}},
		Messages:  make([]anthropic.MessageParam, 0, len(msgs)),
	}
	for _, m := range msgs {
		if m.Role == "assistant" {
			params.Messages = append(params.Messages, anthropic.NewAssistantMessage(anthropic.NewTextBlock(m.Content)))
		} else {
			params.Messages = append(params.Messages, anthropic.NewUserMessage(anthropic.NewTextBlock(m.Content)))
		}
	}

	var u Usage
	stream := p.client.Messages.NewStreaming(ctx, params)
	defer stream.Close()
	stopped := false
	for stream.Next() {
		ev := stream.Current()
		switch ev.Type {
		case "message_start":
			u.PromptTokens = int(ev.Message.Usage.InputTokens + ev.Message.Usage.CacheReadInputTokens + ev.Message.Usage.CacheCreationInputTokens)
			u.CompletionTokens = int(ev.Message.Usage.OutputTokens)
		case "content_block_delta":
			if ev.Delta.Type == "text_delta" && ev.Delta.Text != "" {
				if err := emit(ev.Delta.Text); err != nil {
					cancel()
					return u, err
				}
			}
		case "message_delta":
			// Cumulative counts; input is only present on some servers.
			if in := ev.Usage.InputTokens + ev.Usage.CacheReadInputTokens + ev.Usage.CacheCreationInputTokens; in > 0 {
				u.PromptTokens = int(in)
			}
			if ev.Usage.OutputTokens > 0 {
				u.CompletionTokens = int(ev.Usage.OutputTokens)
			}
		case "message_stop":
			stopped = true
		}
	}
	if err := stream.Err(); err != nil {
		return u, err
	}
	if !stopped {
		return u, errStreamTruncated
	}
	return u, nil
}
