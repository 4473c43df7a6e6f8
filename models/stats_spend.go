package models

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// ModelTokens is what one provider's model read and wrote: readings and
// their follow-up answers, today and over a longer period. Input is
// prompt tokens, Output completion tokens (providers price them apart).
type ModelTokens struct {
	Provider, Model           string
	Readings                  int64 // readings in the period (answers are not counted)
	TodayInput, TodayOutput   int64
	PeriodInput, PeriodOutput int64
}

// TokensByModel sums the tokens of readings and follow-up answers created
// at or after since, per provider and model, and the part of them created
// at or after today. An answer is counted under its reading's provider and
// model, as ReadingsByProvider does. Rows are sorted by provider, then
// model; a reading that has not started (no provider) is left out.
func (s *Stats) TokensByModel(ctx context.Context, today, since time.Time) ([]ModelTokens, error) {
	const sums = "COALESCE(SUM(CASE WHEN %[1]screated_at >= ? THEN %[1]sprompt_tokens ELSE 0 END), 0) AS today_input, " +
		"COALESCE(SUM(CASE WHEN %[1]screated_at >= ? THEN %[1]scompletion_tokens ELSE 0 END), 0) AS today_output, " +
		"COALESCE(SUM(%[1]sprompt_tokens), 0) AS period_input, COALESCE(SUM(%[1]scompletion_tokens), 0) AS period_output"
	var readings []ModelTokens
	err := s.db.WithContext(ctx).Model(&Reading{}).
		Select("provider, model, COUNT(*) AS readings, "+fmt.Sprintf(sums, ""), today.UTC(), today.UTC()).
		Where("provider <> '' AND created_at >= ?", since.UTC()).Group("provider, model").Scan(&readings).Error
	if err != nil {
		return nil, fmt.Errorf("sum reading tokens by model: %w", err)
	}
	var answers []ModelTokens
	err = s.db.WithContext(ctx).Table("reading_messages AS m").
		Select("r.provider AS provider, r.model AS model, "+fmt.Sprintf(sums, "m."), today.UTC(), today.UTC()).
		Joins("JOIN readings AS r ON r.id = m.reading_id").
		Where("r.provider <> '' AND m.created_at >= ?", since.UTC()).Group("r.provider, r.model").Scan(&answers).Error
	if err != nil {
		return nil, fmt.Errorf("sum answer tokens by model: %w", err)
	}
	type key struct{ provider, model string }
	rows := map[key]*ModelTokens{}
	for _, list := range [][]ModelTokens{readings, answers} {
		for _, r := range list {
			k := key{r.Provider, r.Model}
			if rows[k] == nil {
				rows[k] = &ModelTokens{Provider: r.Provider, Model: r.Model}
			}
			t := rows[k]
			t.Readings += r.Readings
			t.TodayInput, t.TodayOutput = t.TodayInput+r.TodayInput, t.TodayOutput+r.TodayOutput
			t.PeriodInput, t.PeriodOutput = t.PeriodInput+r.PeriodInput, t.PeriodOutput+r.PeriodOutput
		}
	}
	out := make([]ModelTokens, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Provider != out[j].Provider {
			return out[i].Provider < out[j].Provider
		}
		return out[i].Model < out[j].Model
	})
	return out, nil
}
