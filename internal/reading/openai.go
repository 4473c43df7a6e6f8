package reading

import (
	"context"
	"errors"
	"io"
	"net/http"

	openai "github.com/sashabaranov/go-openai"
)

// DefaultOpenAIModel is used when no model is configured.
const DefaultOpenAIModel = openai.GPT4oMini

// MaxOutputTokens caps what one reading may cost.
const MaxOutputTokens = 2000

// errStreamTruncated is returned when a stream ends without its end marker.
var errStreamTruncated = errors.New("reading: provider stream ended early")

type openAIProvider struct {
	client *openai.Client
	model  string
}

// NewOpenAI returns a provider for the OpenAI chat completions API (or a
// compatible endpoint at baseURL, e.g. "https://host/v1"). hc may be nil.
func NewOpenAI(apiKey, model, baseURL string, hc *http.Client) Provider {
	cfg := openai.DefaultConfig(apiKey)
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	if hc != nil {
		cfg.HTTPClient = hc
	}
	if model == "" {
		model = DefaultOpenAIModel
	}
	return &openAIProvider{client: openai.NewClientWithConfig(cfg), model: model}
}

func (p *openAIProvider) Name() string  { return "openai" }
func (p *openAIProvider) Model() string { return p.model }

func (p *openAIProvider) Stream(ctx context.Context, req Request, emit func(string) error) (Usage, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // an early return (emit error) cancels the HTTP request

	system, msgs := BuildPrompt(req)
	creq := openai.ChatCompletionRequest{
		Model:               p.model,
		Messages:            make([]openai.ChatCompletionMessage, 0, len(msgs)+1),
		Stream:              true,
		StreamOptions:       &openai.StreamOptions{IncludeUsage: true},
		MaxCompletionTokens: MaxOutputTokens,
	}
	creq.Messages = append(creq.Messages, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleSystem, Content: system})
	for _, m := range msgs {
		role := openai.ChatMessageRoleUser
		if m.Role == "assistant" {
			role = openai.ChatMessageRoleAssistant
		}
		creq.Messages = append(creq.Messages, openai.ChatCompletionMessage{Role: role, Content: m.Content})
	}

	var u Usage
	stream, err := p.client.CreateChatCompletionStream(ctx, creq)
	if err != nil {
		return u, err
	}
	defer stream.Close()
	finished := false
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if !finished {
				return u, errStreamTruncated
			}
			return u, nil
		}
		if err != nil {
			return u, err
		}
		if chunk.Usage != nil {
			u.PromptTokens = chunk.Usage.PromptTokens
			u.CompletionTokens = chunk.Usage.CompletionTokens
		}
		for _, ch := range chunk.Choices {
			if ch.Delta.Content != "" {
				if err := emit(ch.Delta.Content); err != nil {
					cancel()
					return u, err
				}
			}
			if ch.FinishReason != "" {
				finished = true
			}
		}
	}
}
