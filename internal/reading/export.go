package reading

import (
	"context"
	"time"

	"github.com/bazi-master/bazi-master/models"
)

// ExportedReading is one reading in "download my data", with its
// follow-up messages.
type ExportedReading struct {
	ID               string            `json:"id"`
	ChartID          *int64            `json:"chart_id,omitempty"`
	Chart            string            `json:"chart"`
	Topic            string            `json:"topic"`
	Lang             string            `json:"lang"`
	Provider         string            `json:"provider"`
	Model            string            `json:"model"`
	Status           string            `json:"status"`
	Text             string            `json:"text"`
	FellBack         bool              `json:"fell_back"`
	PromptTokens     int               `json:"prompt_tokens"`
	CompletionTokens int               `json:"completion_tokens"`
	CreatedAt        time.Time         `json:"created_at"`
	FinishedAt       *time.Time        `json:"finished_at,omitempty"`
	Messages         []ExportedMessage `json:"messages"`
}

// ExportedMessage is one turn of a reading's follow-up chat in the export.
type ExportedMessage struct {
	Role             string     `json:"role"`
	Content          string     `json:"content"`
	Status           string     `json:"status"`
	PromptTokens     int        `json:"prompt_tokens"`
	CompletionTokens int        `json:"completion_tokens"`
	CreatedAt        time.Time  `json:"created_at"`
	FinishedAt       *time.Time `json:"finished_at,omitempty"`
}

// Export is every reading of a user with its follow-up messages, oldest
// first, never nil.
func Export(ctx context.Context, readings *models.Readings, userID int64) ([]ExportedReading, error) {
	rs, msgs, err := readings.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]ExportedReading, 0, len(rs))
	for _, r := range rs {
		e := ExportedReading{
			ID: r.PublicID, ChartID: r.ChartID, Chart: PageURL(Topic(r.Topic), r.ChartQuery), Topic: r.Topic, Lang: r.Lang,
			Provider: r.Provider, Model: r.Model, Status: r.Status, Text: r.Text, FellBack: r.FellBack,
			PromptTokens: r.PromptTokens, CompletionTokens: r.CompletionTokens, CreatedAt: r.CreatedAt, FinishedAt: r.FinishedAt,
			Messages: []ExportedMessage{},
		}
		for _, m := range msgs[r.ID] {
			e.Messages = append(e.Messages, ExportedMessage{m.Role, m.Content, m.Status, m.PromptTokens, m.CompletionTokens, m.CreatedAt, m.FinishedAt})
		}
		out = append(out, e)
	}
	return out, nil
}
