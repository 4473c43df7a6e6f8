package reading

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

// Builtin is the reader that needs no API key: it writes a reading from the
// computed chart with phrase tables in Go (builtin_en.go, builtin_zhhans.go,
// builtin_zhhant.go), one phrase per fact with fmt-style slots. The same
// chart, topic, language and Request.Now always give the same text: nothing
// random, no map iteration, no clock. The text is Markdown of the subset the
// page renders (## headings, "- " lists, **bold**, *emphasis*, paragraphs)
// and opens with a line saying the built-in reader wrote it.
//
// It streams the text the way a model would: English a word (with the space
// after it) at a time, Chinese two to four characters at a time.
type Builtin struct {
	// Pace, when positive, is slept before each piece so a person sees the
	// text grow. Zero (the default, and what tests use) never sleeps.
	Pace time.Duration
}

// NewBuiltin returns the built-in reader with no pacing. The HTTP layer may
// use &Builtin{Pace: 15 * time.Millisecond} instead.
func NewBuiltin() Provider { return &Builtin{} }

// Name returns "builtin".
func (*Builtin) Name() string { return "builtin" }

// Model returns "builtin-v1".
func (*Builtin) Model() string { return "builtin-v1" }

// ErrNoChart is returned for a request without the chart its reading
// needs: a computed Request.Board for a Zi Wei Dou Shu reading
// (Request.IsZiwei), Request.IChing for an I Ching reading, Request.Tarot for a Tarot reading, Request.Astro for an astrology reading
// (Request.IsAstro), Request.Chart for any other.
var ErrNoChart = errors.New("reading: request has no chart")

// Text returns the whole text Stream would send for req: the reading for
// req.Topic (the pair's compatibility reading when req.Partner is set, the
// Zi Wei Dou Shu reading of req.Board when req.IsZiwei), or the follow-up
// answer when req.Question is set.
func (*Builtin) Text(req Request) (string, error) {
	if req.IsTarot() {
		return tarotBuiltinText(req)
	}
	if req.IsIChing() {
		return ichingBuiltinText(req)
	}
	if req.IsOverview() {
		return overviewBuiltinText(req)
	}
	if req.IsAstro() {
		if !astroChartOK(req.Astro) {
			return "", ErrNoChart
		}
		req.Lang = builtinLang(req)
		w := newBuiltinWriter(req)
		switch {
		case strings.TrimSpace(req.Question) != "":
			w.astroFollowUp(&req, req.Question)
		case req.Transits != nil:
			w.astroTransitReading(req.Astro, req.Transits)
		default:
			w.astroReading(req.Astro, req.Name)
		}
		return w.String(), nil
	}
	zw := req.IsZiwei()
	if (zw && !ziweiBoardOK(req.Board)) || (!zw && req.Chart == nil) {
		return "", ErrNoChart
	}
	req.Lang = builtinLang(req)
	w := newBuiltinWriter(req)
	switch {
	case zw && strings.TrimSpace(req.Question) != "":
		w.ziweiFollowUp(&req, req.Question)
	case zw:
		w.ziweiReading(req.Board, req.Horoscope)
	case strings.TrimSpace(req.Question) != "" && req.Partner != nil:
		w.followUpPair(req.Question, req.Chart, req.Partner, req.Name, req.PartnerName)
	case strings.TrimSpace(req.Question) != "":
		w.followUp(req.Question)
	case req.Partner != nil:
		w.compatibility(req.Chart, req.Partner, req.Name, req.PartnerName)
	default:
		w.reading(req.Topic)
	}
	return w.String(), nil
}

// Stream writes the text of Text in pieces. It stops as soon as emit
// returns an error (returning that error) or ctx is done (returning
// ctx.Err()). Usage is estimated (see EstimateTokens): CompletionTokens for
// the text actually emitted, PromptTokens for the question and the history
// it read.
func (b *Builtin) Stream(ctx context.Context, req Request, emit func(text string) error) (Usage, error) {
	var u Usage
	if err := ctx.Err(); err != nil {
		return u, err
	}
	text, err := b.Text(req)
	if err != nil {
		return u, err
	}
	if req.Question != "" {
		n := EstimateTokens(req.Question)
		for _, m := range req.History {
			n += EstimateTokens(m.Content)
		}
		u.PromptTokens = n
	}
	lang := builtinLang(req)
	zh := lang.CJK()
	var timer *time.Timer
	if b.Pace > 0 {
		timer = time.NewTimer(b.Pace)
		defer timer.Stop()
	}
	sent := 0
	for rest, i := text, 0; rest != ""; i++ {
		piece := builtinPiece(rest, zh, i)
		rest = rest[len(piece):]
		if timer != nil {
			if i > 0 {
				timer.Reset(b.Pace)
			}
			select {
			case <-ctx.Done():
				u.CompletionTokens = EstimateTokens(text[:sent])
				return u, ctx.Err()
			case <-timer.C:
			}
		} else if err := ctx.Err(); err != nil {
			u.CompletionTokens = EstimateTokens(text[:sent])
			return u, err
		}
		if err := emit(piece); err != nil {
			u.CompletionTokens = EstimateTokens(text[:sent])
			return u, err
		}
		sent += len(piece)
	}
	u.CompletionTokens = EstimateTokens(text)
	return u, nil
}

// builtinLang is the language the built-in reader writes req in: the
// page's, except that a follow-up question plainly written in another of
// the reader's languages is answered in that language.
func builtinLang(req Request) i18n.Lang {
	if strings.TrimSpace(req.Question) != "" {
		return questionLang(req.Question, req.Lang)
	}
	return req.Lang
}

// EstimateTokens estimates a token count the way the built-in reader
// reports it: one token per Han character (CJK ideographs and CJK
// punctuation), plus one per four other runes, rounded up. For English
// that is runes/4; for Chinese about one token per character.
func EstimateTokens(s string) int {
	han, other := 0, 0
	for _, r := range s {
		if builtinHanLike(r) {
			han++
		} else {
			other++
		}
	}
	return han + (other+3)/4
}

func builtinHanLike(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// builtinZhSizes is the cycle of piece lengths, in runes, for Chinese text.
var builtinZhSizes = [...]int{3, 2, 4, 2, 3, 4, 2, 3}

// builtinPiece returns the next piece of s: an English word with the
// whitespace after it, or 2–4 Chinese characters (a run of Latin letters or
// digits inside Chinese text is kept whole). A newline ends a piece.
func builtinPiece(s string, zh bool, i int) string {
	if !zh {
		j := 0
		for j < len(s) && s[j] != ' ' && s[j] != '\n' {
			_, n := utf8.DecodeRuneInString(s[j:])
			j += n
		}
		for j < len(s) && (s[j] == ' ' || s[j] == '\n') {
			nl := s[j] == '\n'
			j++
			if nl && (j >= len(s) || s[j] != '\n') {
				break
			}
		}
		if j == 0 {
			_, j = utf8.DecodeRuneInString(s)
		}
		return s[:j]
	}
	want := builtinZhSizes[i%len(builtinZhSizes)]
	j, count := 0, 0
	for j < len(s) && count < want {
		r, n := utf8.DecodeRuneInString(s[j:])
		if r == '\n' {
			j += n
			for j < len(s) && s[j] == '\n' {
				j++
			}
			return s[:j]
		}
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if r2 >= utf8.RuneSelf || !(unicode.IsLetter(r2) || unicode.IsDigit(r2)) {
					break
				}
				j += n2
			}
			count++
			continue
		}
		j += n
		count++
	}
	return s[:j]
}

var builtinCatalog = sync.OnceValue(i18n.MustLoad)
