package reading

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// DefaultOpenAIImageModel is the image model used when none is configured.
const DefaultOpenAIImageModel = openai.CreateImageModelGptImage1

// ImagePainter paints one image from a prompt through OpenAI's image API
// (or a compatible endpoint).
type ImagePainter struct {
	client *openai.Client
	model  string
}

// NewOpenAIImages returns a painter on the OpenAI image API at baseURL
// ("" for OpenAI's own). hc may be nil.
func NewOpenAIImages(apiKey, model, baseURL string, hc *http.Client) *ImagePainter {
	cfg := openai.DefaultConfig(apiKey)
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	if hc != nil {
		cfg.HTTPClient = hc
	}
	if model == "" {
		model = DefaultOpenAIImageModel
	}
	return &ImagePainter{client: openai.NewClientWithConfig(cfg), model: model}
}

// Model is the image model's name.
func (p *ImagePainter) Model() string { return p.model }

// errNoImage is an answer without image data.
var errNoImage = errors.New("image API answered without an image")

// Paint asks for one square image and returns its bytes and media type.
// The GPT image models always answer in base64; the DALL·E ones are asked
// to (their default is a URL).
func (p *ImagePainter) Paint(ctx context.Context, prompt string) ([]byte, string, error) {
	req := openai.ImageRequest{Prompt: prompt, Model: p.model, N: 1, Size: openai.CreateImageSize1024x1024}
	if strings.HasPrefix(p.model, "dall-e") {
		req.ResponseFormat = openai.CreateImageResponseFormatB64JSON
	}
	res, err := p.client.CreateImage(ctx, req)
	if err != nil {
		return nil, "", fmt.Errorf("create image: %w", err)
	}
	if len(res.Data) == 0 || res.Data[0].B64JSON == "" {
		return nil, "", errNoImage
	}
	img, err := base64.StdEncoding.DecodeString(res.Data[0].B64JSON)
	if err != nil {
		return nil, "", fmt.Errorf("decode image: %w", err)
	}
	mime := http.DetectContentType(img)
	switch mime {
	case "image/png", "image/jpeg", "image/webp":
		return img, mime, nil
	}
	return nil, "", fmt.Errorf("image API answered %s, not an image", mime)
}
