package reading

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	openai "github.com/sashabaranov/go-openai"
)

// Default time-outs of a Service.
const (
	DefaultFirstTokenTimeout = 15 * time.Second
	DefaultTotalTimeout      = 120 * time.Second
)

// FallbackSeparator is emitted between the text an AI provider wrote before
// failing and the built-in reading that continues it, so the built-in text
// starts a new section (a rule). A provider that wrote nothing gets no
// separator: the built-in reading is the whole text.
const FallbackSeparator = "\n\n---\n\n"

// Fallback reasons (Result.FallbackReason).
const (
	ReasonFirstTokenTimeout = "timeout_first_token" // no text within FirstTokenTimeout
	ReasonTotalTimeout      = "timeout_total"       // the whole reading took longer than TotalTimeout
	ReasonProviderError     = "provider_error"      // an error status or an error in the stream
	ReasonConnection        = "connection"          // could not connect, or the connection broke
)

// Config chooses and configures the provider.
type Config struct {
	Provider          string // "openai", "anthropic", "builtin" or "" (whichever key is set)
	OpenAIKey         string
	OpenAIModel       string
	OpenAIBaseURL     string
	AnthropicKey      string
	AnthropicModel    string
	AnthropicBaseURL  string
	FirstTokenTimeout time.Duration // default 15 s
	TotalTimeout      time.Duration // default 120 s
	HTTPClient        *http.Client  // nil: a default client (no overall timeout: streams are long)
}

// Result describes how a reading was written.
type Result struct {
	Provider string // the provider chosen ("openai", "anthropic", "builtin")
	Model    string
	// Usage is what the chosen provider reported (for an AI provider that
	// failed, what it reported before failing, often zero). The built-in
	// text of a fallback costs nothing and is not counted.
	Usage Usage
	// FellBack is set when the chosen AI provider failed and the built-in
	// reader wrote the reading, or finished it after FallbackSeparator.
	// The text carries no notice of it: the page shows one from this flag.
	FellBack       bool
	FallbackReason string // one of the Reason… constants
}

// Service streams readings through the configured provider, with
// time-outs, one retry on a connection failure and a built-in fallback.
type Service struct {
	cfg      Config
	provider Provider
	builtin  Provider
	log      *slog.Logger
	secrets  []string // redacted from logged errors

	// Observe, when set, is told how each reading through an AI provider
	// ended (for metrics): outcome is OutcomeOK, OutcomeFallback (reason is
	// one of the Reason… constants), OutcomeClientGone or OutcomeError;
	// outcome.go has the rules.
	Observe func(provider, outcome, reason string)
}

// NewService chooses the provider from cfg: cfg.Provider when set (falling
// back to the built-in reader, with a warning, when its key is missing),
// else OpenAI when its key is set, else Anthropic when its key is set, else
// builtin. builtin is the built-in reader (NewBuiltin()); log may be nil.
func NewService(cfg Config, builtin Provider, log *slog.Logger) *Service {
	if cfg.FirstTokenTimeout <= 0 {
		cfg.FirstTokenTimeout = DefaultFirstTokenTimeout
	}
	if cfg.TotalTimeout <= 0 {
		cfg.TotalTimeout = DefaultTotalTimeout
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Service{cfg: cfg, builtin: builtin, log: log}
	for _, k := range []string{cfg.OpenAIKey, cfg.AnthropicKey} {
		if len(k) >= 4 {
			s.secrets = append(s.secrets, k)
		}
	}
	openAI := func() Provider { return NewOpenAI(cfg.OpenAIKey, cfg.OpenAIModel, cfg.OpenAIBaseURL, cfg.HTTPClient) }
	anth := func() Provider {
		return NewAnthropic(cfg.AnthropicKey, cfg.AnthropicModel, cfg.AnthropicBaseURL, cfg.HTTPClient)
	}
	switch p := strings.ToLower(strings.TrimSpace(cfg.Provider)); p {
	case "openai":
		// A compatible endpoint (OPENAI_BASE_URL) may need no key.
		if cfg.OpenAIKey != "" || cfg.OpenAIBaseURL != "" {
			s.provider = openAI()
		} else {
			log.Warn("reading: AI_PROVIDER=openai but no OpenAI key is set; using the built-in reader")
		}
	case "anthropic":
		if cfg.AnthropicKey != "" {
			s.provider = anth()
		} else {
			log.Warn("reading: AI_PROVIDER=anthropic but no Anthropic key is set; using the built-in reader")
		}
	case "builtin":
	default:
		if p != "" {
			log.Warn("reading: unknown AI provider, choosing by the keys set", "provider", p)
		}
		switch {
		case cfg.OpenAIKey != "":
			s.provider = openAI()
		case cfg.AnthropicKey != "":
			s.provider = anth()
		}
	}
	if s.provider == nil {
		s.provider = builtin
	}
	return s
}

// Provider returns the chosen provider.
func (s *Service) Provider() Provider { return s.provider }

// Stream writes one reading through the chosen provider; see StreamNotify.
func (s *Service) Stream(ctx context.Context, req Request, emit func(text string) error) (Result, error) {
	return s.StreamNotify(ctx, req, emit, nil)
}

// ErrNoProvider is returned when no AI provider is configured and no
// built-in reader was given to NewService.
var ErrNoProvider = errors.New("reading: no provider configured")

// errFirstToken and errTotal are the causes of the time-out cancellations.
var (
	errFirstToken = errors.New("reading: no text from the provider within the first-token time-out")
	errTotal      = errors.New("reading: the reading exceeded the total time-out")
)

// StreamNotify writes one reading through the chosen provider, calling
// emit with each piece of text, and returns how it was written.
//
//   - The first piece must arrive within FirstTokenTimeout and the whole
//     reading within TotalTimeout.
//   - A connection failure before any text (dial error, connection refused
//     or reset, 502/503/504) is retried once; 4xx errors are not.
//   - If the AI provider fails in any way, before or after some text,
//     onFallback (if not nil) is called with the reason, then emit receives
//     FallbackSeparator (only when the provider had written some text
//     other than blanks) and the built-in reading; the Result has FellBack
//     set and the error is nil. The text states no notice of the
//     fallback: whoever shows it does, from FellBack.
//   - If emit returns an error (the client left), the upstream request is
//     cancelled at once and that error is returned, without fallback.
//   - If ctx ends (shutdown), StreamNotify returns ctx's error promptly.
func (s *Service) StreamNotify(ctx context.Context, req Request, emit func(text string) error, onFallback func(reason string)) (Result, error) {
	p := s.provider
	if p == nil {
		return Result{}, ErrNoProvider
	}
	res := Result{Provider: p.Name(), Model: p.Model()}
	if p.Name() == "builtin" {
		u, err := p.Stream(ctx, req, emit)
		res.Usage = u
		return res, err
	}

	totalCtx, cancelTotal := context.WithTimeoutCause(ctx, s.cfg.TotalTimeout, errTotal)
	defer cancelTotal()
	var outcome string
	if s.Observe != nil {
		defer func() { s.Observe(p.Name(), outcome, res.FallbackReason) }()
	}

	var (
		emitted bool
		wrote   bool // some text other than blanks went out
		emitErr error
		lastErr error
		reason  string
	)
	emitText := func(text string) error {
		if !wrote && strings.TrimSpace(text) != "" {
			wrote = true
		}
		return emit(text)
	}
	for attempt := 1; attempt <= 2; attempt++ {
		a := s.attempt(totalCtx, p, req, emitText, emitted)
		res.Usage = a.usage
		emitted = emitted || a.emitted
		if a.err == nil {
			outcome = OutcomeOK
			return res, nil
		}
		if a.emitErr != nil {
			emitErr = a.emitErr
			break
		}
		if ctx.Err() != nil {
			outcome = OutcomeError
			if errors.Is(context.Cause(ctx), errClientGone) {
				outcome = OutcomeClientGone // noticed by a write (a heartbeat) instead of emit
			}
			return res, ctx.Err()
		}
		lastErr = a.err
		switch {
		case errors.Is(a.cause, errFirstToken):
			reason = ReasonFirstTokenTimeout
		case errors.Is(context.Cause(totalCtx), errTotal):
			reason = ReasonTotalTimeout
		case isConnectionError(a.err):
			reason = ReasonConnection
		default:
			reason = ReasonProviderError
		}
		if reason == ReasonConnection && !emitted && attempt == 1 {
			s.log.Warn("reading: provider connection failed, retrying",
				"provider", p.Name(), "model", p.Model(), "error", s.redact(a.err))
			continue
		}
		break
	}
	if emitErr != nil {
		outcome = OutcomeClientGone
		s.log.Info("reading: client went away, upstream cancelled", "provider", p.Name())
		return res, emitErr
	}
	outcome = OutcomeFallback

	s.log.Warn("reading: provider failed, falling back to the built-in reader",
		"provider", p.Name(), "model", p.Model(), "reason", reason,
		"after_text", emitted, "error", s.redact(lastErr))
	res.FellBack = true
	res.FallbackReason = reason
	if s.builtin == nil {
		return res, lastErr
	}
	if onFallback != nil {
		onFallback(reason)
	}
	if wrote {
		if err := emit(FallbackSeparator); err != nil {
			return res, err
		}
	}
	_, err := s.builtin.Stream(ctx, req, emit)
	if err != nil && ctx.Err() != nil {
		return res, ctx.Err()
	}
	return res, err
}

type attemptResult struct {
	usage   Usage
	emitted bool
	err     error
	emitErr error
	cause   error // the cause of the attempt context's cancellation
}

// attempt runs the provider once under the first-token time-out.
func (s *Service) attempt(ctx context.Context, p Provider, req Request, emit func(string) error, alreadyEmitted bool) (r attemptResult) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	var (
		mu       sync.Mutex
		started  = alreadyEmitted
		timedOut bool
	)
	var timer *time.Timer
	if !started {
		timer = time.AfterFunc(s.cfg.FirstTokenTimeout, func() {
			mu.Lock()
			defer mu.Unlock()
			if !started {
				timedOut = true
				cancel(errFirstToken)
			}
		})
		defer timer.Stop()
	}
	wrapped := func(text string) error {
		if text == "" {
			return nil
		}
		mu.Lock()
		if timedOut {
			mu.Unlock()
			return errFirstToken
		}
		started = true
		mu.Unlock()
		r.emitted = true
		if err := emit(text); err != nil {
			r.emitErr = err
			cancel(err) // cancel upstream at once
			return err
		}
		return nil
	}
	r.usage, r.err = p.Stream(actx, req, wrapped)
	if r.err == nil && r.emitErr != nil {
		r.err = r.emitErr // a provider that swallowed emit's error
	}
	r.cause = context.Cause(actx)
	if r.err == nil && r.cause != nil && actx.Err() != nil {
		r.err = r.cause
	}
	return r
}

// isConnectionError reports whether err means the provider could not be
// reached or the connection broke (worth one retry before any text):
// dial errors, refused or reset connections, an EOF before a response,
// and 502/503/504 responses. Time-outs we imposed and 4xx are not.
func isConnectionError(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var status int
	var oe *openai.APIError
	var re *openai.RequestError
	var ae *anthropic.Error
	switch {
	case errors.As(err, &oe):
		status = oe.HTTPStatusCode
	case errors.As(err, &re):
		status = re.HTTPStatusCode
	case errors.As(err, &ae):
		status = ae.StatusCode
	}
	if status != 0 {
		return status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errStreamTruncated) {
		return true
	}
	var ne *net.OpError
	if errors.As(err, &ne) {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// keyLike matches strings shaped like provider API keys.
var keyLike = regexp.MustCompile(`\b(sk|sk-ant|sk-proj)-[A-Za-z0-9_\-]{8,}`)

// redact returns err's text without any configured API key.
func (s *Service) redact(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	for _, k := range s.secrets {
		msg = strings.ReplaceAll(msg, k, "[redacted]")
	}
	return keyLike.ReplaceAllString(msg, "[redacted]")
}
