package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	fiberlog "github.com/gofiber/fiber/v2/log"
	"github.com/redis/go-redis/v9"
)

// SetDefault makes l the process's logger for every library that logs on
// its own, so each line the process writes is one JSON object:
//
//   - the standard log package (and what logs through it, such as goose's
//     default logger) and slog's default, via slog.SetDefault;
//   - go-redis, which otherwise prints plain text to stderr (for example
//     "connection pool: failed to dial" during a Redis outage), as
//     component "redis" at warn;
//   - fiber's log package (fiber's own complaints), as component "fiber".
//
// GORM is opened with its logger discarded and pgx logs nothing unless a
// tracer is set, so neither prints. The settings are process-wide: call
// SetDefault once the final logger is built (main), not per server.
func SetDefault(l *slog.Logger) {
	slog.SetDefault(l)
	redis.SetLogger(redisLogger{l.With("component", "redis")})
	fiberlog.SetLogger(&fiberLogger{log: l.With("component", "fiber"), ctx: context.Background()})
}

// redisLogger is go-redis's Logging interface over slog.
type redisLogger struct{ log *slog.Logger }

func (r redisLogger) Printf(ctx context.Context, format string, v ...any) {
	if ctx == nil {
		ctx = context.Background()
	}
	msg := strings.TrimSpace(strings.TrimPrefix(fmt.Sprintf(format, v...), "redis: "))
	r.log.Log(ctx, slog.LevelWarn, msg)
}

// fiberLogger is fiber's AllLogger over slog. Fatal exits and Panic
// panics after logging, as fiber's default logger does; SetOutput is
// ignored (the output is the app's log).
type fiberLogger struct {
	log   *slog.Logger
	ctx   context.Context
	level fiberlog.Level
}

var _ fiberlog.AllLogger = (*fiberLogger)(nil)

func slogLevel(lv fiberlog.Level) slog.Level {
	switch lv {
	case fiberlog.LevelTrace, fiberlog.LevelDebug:
		return slog.LevelDebug
	case fiberlog.LevelInfo:
		return slog.LevelInfo
	case fiberlog.LevelWarn:
		return slog.LevelWarn
	default:
		return slog.LevelError
	}
}

func (f *fiberLogger) emit(lv fiberlog.Level, msg string, attrs ...any) {
	if lv < f.level {
		return
	}
	f.log.Log(f.ctx, slogLevel(lv), msg, attrs...)
	switch lv {
	case fiberlog.LevelFatal:
		os.Exit(1)
	case fiberlog.LevelPanic:
		panic(msg)
	}
}

func (f *fiberLogger) print(lv fiberlog.Level, v []any) { f.emit(lv, fmt.Sprint(v...)) }
func (f *fiberLogger) printf(lv fiberlog.Level, format string, v []any) {
	f.emit(lv, fmt.Sprintf(format, v...))
}

func (f *fiberLogger) Trace(v ...any) { f.print(fiberlog.LevelTrace, v) }
func (f *fiberLogger) Debug(v ...any) { f.print(fiberlog.LevelDebug, v) }
func (f *fiberLogger) Info(v ...any)  { f.print(fiberlog.LevelInfo, v) }
func (f *fiberLogger) Warn(v ...any)  { f.print(fiberlog.LevelWarn, v) }
func (f *fiberLogger) Error(v ...any) { f.print(fiberlog.LevelError, v) }
func (f *fiberLogger) Fatal(v ...any) { f.print(fiberlog.LevelFatal, v) }
func (f *fiberLogger) Panic(v ...any) { f.print(fiberlog.LevelPanic, v) }

func (f *fiberLogger) Tracef(format string, v ...any) { f.printf(fiberlog.LevelTrace, format, v) }
func (f *fiberLogger) Debugf(format string, v ...any) { f.printf(fiberlog.LevelDebug, format, v) }
func (f *fiberLogger) Infof(format string, v ...any)  { f.printf(fiberlog.LevelInfo, format, v) }
func (f *fiberLogger) Warnf(format string, v ...any)  { f.printf(fiberlog.LevelWarn, format, v) }
func (f *fiberLogger) Errorf(format string, v ...any) { f.printf(fiberlog.LevelError, format, v) }
func (f *fiberLogger) Fatalf(format string, v ...any) { f.printf(fiberlog.LevelFatal, format, v) }
func (f *fiberLogger) Panicf(format string, v ...any) { f.printf(fiberlog.LevelPanic, format, v) }

func (f *fiberLogger) Tracew(msg string, kv ...any) { f.emit(fiberlog.LevelTrace, msg, kv...) }
func (f *fiberLogger) Debugw(msg string, kv ...any) { f.emit(fiberlog.LevelDebug, msg, kv...) }
func (f *fiberLogger) Infow(msg string, kv ...any)  { f.emit(fiberlog.LevelInfo, msg, kv...) }
func (f *fiberLogger) Warnw(msg string, kv ...any)  { f.emit(fiberlog.LevelWarn, msg, kv...) }
func (f *fiberLogger) Errorw(msg string, kv ...any) { f.emit(fiberlog.LevelError, msg, kv...) }
func (f *fiberLogger) Fatalw(msg string, kv ...any) { f.emit(fiberlog.LevelFatal, msg, kv...) }
func (f *fiberLogger) Panicw(msg string, kv ...any) { f.emit(fiberlog.LevelPanic, msg, kv...) }

func (f *fiberLogger) SetLevel(lv fiberlog.Level) { f.level = lv }
func (f *fiberLogger) SetOutput(io.Writer)        {}

func (f *fiberLogger) WithContext(ctx context.Context) fiberlog.CommonLogger {
	c := *f
	c.ctx = ctx
	return &c
}
