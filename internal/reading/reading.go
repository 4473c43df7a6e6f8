// Package reading writes interpretations of a chart: through OpenAI or
// Anthropic when configured, else (and whenever they fail) through the
// built-in reader, always streamed in pieces as the text is written.
//
// Service calls the providers. Desk takes readings and follow-up
// questions (checks, the daily Quota, one at a time) and hands the first
// stream that claims one a Job; Runner writes a Job as server-sent events
// and stores how it ended (outcome.go). Rendering is the caller's: it
// passes a Render, so this package needs no HTTP or views.
package reading

import (
	"context"
	"net/url"
	"time"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/ichinginput"
	"github.com/bazi-master/bazi-master/internal/synthesis"
	"github.com/bazi-master/bazi-master/internal/tarotinput"
	"github.com/bazi-master/bazi-master/ziwei"
)

// Topic is what a reading is about.
type Topic string

const (
	TopicOverall       Topic = "overall"
	TopicCareer        Topic = "career"
	TopicRelationships Topic = "relationships"
	TopicWealth        Topic = "wealth"
	TopicHealth        Topic = "health"
	TopicYear          Topic = "year" // the current year

	// TopicCompatibility is a reading of a pair (Request.Partner set). It
	// is not in Topics, which lists the single-chart topics.
	TopicCompatibility Topic = "compatibility"

	// TopicZiwei is a Zi Wei Dou Shu (紫微斗数) reading of Request.Board,
	// with Request.Horoscope for the current or selected year. Like
	// TopicCompatibility it is not in Topics.
	TopicZiwei Topic = "ziwei"

	// TopicAstro is a Western astrology reading of Request.Astro, the natal
	// chart; with Request.Transits set (the page's query carries a day) it
	// is a reading of that day's transits to the chart instead. Like
	// TopicZiwei it is not in Topics.
	TopicAstro Topic = "astro"

	// TopicIChing is an I Ching (易经) reading of Request.IChing, a cast
	// and the question asked of it. Like TopicZiwei it is not in Topics.
	TopicIChing Topic = "iching"

	// TopicTarot is a Tarot reading of Request.Tarot, a draw and the
	// question asked of it. Like TopicZiwei it is not in Topics.
	TopicTarot Topic = "tarot"
	// TopicOverview is a synthesis reading of one birth in every system:
	// Request.Chart, Request.Board (nil without a birth time) and
	// Request.Astro, with Request.Points comparing them. Like TopicZiwei it
	// is not in Topics.
	TopicOverview Topic = "overview"
)

// Topics lists the topics in the order the page offers them.
var Topics = []Topic{TopicOverall, TopicCareer, TopicRelationships, TopicWealth, TopicHealth, TopicYear}

// Message is one turn of a follow-up conversation.
type Message struct {
	Role    string // "user" or "assistant"
	Content string
}

// Request is one reading, or one follow-up answer when Question is set.
type Request struct {
	Chart    *bazi.Chart
	Topic    Topic
	Lang     i18n.Lang
	Name     string    // the person's name, if the chart has one
	History  []Message // earlier turns (the reading first), already capped
	Question string    // the user's follow-up question; "" for the reading itself
	Now      time.Time // decides "the current year"

	// Partner, when set, makes this a compatibility reading of Chart
	// (person A) and Partner (person B).
	Partner     *bazi.Chart
	PartnerName string // person B's name, if the chart has one

	// Board, when set, makes this a Zi Wei Dou Shu reading (TopicZiwei)
	// of the board (ziwei.Compute); Chart is then not needed. Horoscope is
	// the board's overlay for the current or selected Gregorian year
	// (Board.Horoscope), or nil: the reading then has no year section, and
	// a follow-up about "this year" reads Now's year (a named year, such
	// as "2028" or "next year", is computed from the board).
	Board     *ziwei.Board
	Horoscope *ziwei.Horoscope

	// Astro, when set, makes this a Western astrology reading (TopicAstro)
	// of the natal chart (astro.Compute); Chart is then not needed.
	// Transits, when set, makes it a reading of one day's transits to
	// Astro (astro.Transits) rather than of the natal chart.
	Astro    *astro.Chart
	Transits *astro.TransitReport

	// IChing, when set, makes this an I Ching reading (TopicIChing) of the
	// cast (ichinginput.Open); the question asked of it is
	// IChing.Request.Question. Chart is then not needed.
	IChing *ichinginput.Result

	// Tarot, when set, makes this a Tarot reading (TopicTarot) of the draw
	// (tarotinput.ParseQuery); the question asked of it is
	// Tarot.Question. Chart is then not needed.
	Tarot *tarotinput.Draw

	// Points, with TopicOverview, are where the three systems agree and
	// differ (synthesis.Compare of Chart, Board and Astro).
	Points []synthesis.Point
}

// IsTarot reports whether req is a Tarot reading: its topic is
// TopicTarot or it carries a draw.
func (req Request) IsTarot() bool { return req.Topic == TopicTarot || req.Tarot != nil }

// IsOverview reports whether req is a synthesis reading of every system.
func (req Request) IsOverview() bool { return req.Topic == TopicOverview }

// IsIChing reports whether req is an I Ching reading: its topic is
// TopicIChing or it carries a cast.
func (req Request) IsIChing() bool { return req.Topic == TopicIChing || req.IChing != nil }

// IsAstro reports whether req is a Western astrology reading: its topic
// is TopicAstro or it carries an astrology chart.
func (req Request) IsAstro() bool { return req.Topic == TopicAstro || req.Astro != nil }

// IsZiwei reports whether req is a Zi Wei Dou Shu reading: its topic is
// TopicZiwei or it carries a board.
func (req Request) IsZiwei() bool { return req.Topic == TopicZiwei || req.Board != nil }

// Usage is the token count a provider reports (estimated for the built-in reader).
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}

// Provider writes a reading, calling emit with each piece of text as it
// arrives. A non-nil error from emit (the browser left) must stop it and
// cancel any upstream request.
type Provider interface {
	Name() string  // "openai", "anthropic", "builtin"
	Model() string // the model, or "builtin-v1"
	Stream(ctx context.Context, req Request, emit func(text string) error) (Usage, error)
}

// PageURL is the page a reading's query belongs to, for its links back:
// the module's page for a module topic (the transits page for an
// astrology query naming a day), else the chart.
func PageURL(topic Topic, query string) string {
	switch topic {
	case TopicZiwei:
		return "/ziwei?" + query
	case TopicAstro:
		if v, err := url.ParseQuery(query); err == nil && v.Get("day") != "" {
			return "/astrology/transits?" + query
		}
		return "/astrology?" + query
	case TopicIChing:
		return "/iching?" + query
	case TopicTarot:
		return "/tarot?" + query
	case TopicOverview:
		return "/overview?" + query
	}
	return "/chart?" + query
}
