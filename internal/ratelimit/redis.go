package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// KeySpace is inserted between the store's prefix and the caller's key.
const KeySpace = "ratelimit:"

// allowScript counts and reads the window in one atomic step, so
// concurrent requests on any number of instances see distinct counts:
// INCR, PEXPIRE when this request opened the window (or the key somehow
// has no expiry), then PTTL. It is the one-round-trip-per-request path
// (allowDirect), kept for clients that cannot pipeline and as the
// benchmark's reference.
var allowScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
local ttl = -1
if n > 1 then ttl = redis.call('PTTL', KEYS[1]) end
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`)

// allowNSource is allowScript counting ARGV[2] requests at once: INCRBY n
// is n atomic INCRs in a row, so the requests get the counts c-n+1 … c,
// and the window was opened by them exactly when c == n. All n see the
// same PTTL (time stands still inside a script).
const allowNSource = `
local inc = tonumber(ARGV[2])
local n = redis.call('INCRBY', KEYS[1], inc)
local ttl = -1
if n > inc then ttl = redis.call('PTTL', KEYS[1]) end
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`

var allowNScript = redis.NewScript(allowNSource)

// Batching parameters: dispatchers is how many round trips can be in
// flight at once per limiter; maxBatch bounds one pipeline.
const (
	defaultDispatchers = 2
	maxBatch           = 256
	queueLen           = 1024
)

// errClosed is returned to a caller still waiting when Close stops the
// dispatchers (its request may or may not have been counted).
var errClosed = errors.New("limiter closed")

// Redis counts in Redis, shared by every instance using the same prefix.
//
// Concurrent Allow calls are auto-pipelined: a few dispatcher goroutines
// take whatever calls are queued (blocking only for the first, so a lone
// call goes out at once: one round trip, as before) and send them as one
// pipeline, one script per key and window with the number of calls
// queued for it. Each call still gets its own count, exactly as if it
// had run alone, so limits stay exact across instances. The caller waits
// for its reply or its ctx, whichever comes first (go-redis itself does
// not interrupt a read when the ctx ends).
type Redis struct {
	client redis.Scripter
	prefix string
	// Fallback, when set, decides requests while Redis fails (for example
	// a Memory limiter, so limits stay per-instance instead of vanishing).
	// Without it those requests are allowed. Either way Allow returns the
	// Redis error too.
	Fallback Limiter

	batch *batcher // nil when the client cannot pipeline
}

// pipeliner is what batching needs of the client (redis.Cmdable has it).
type pipeliner interface {
	Pipeline() redis.Pipeliner
}

// NewRedis counts under prefix+KeySpace+key on client (kv.Redis's Client()
// and Prefix()). When client can pipeline (any go-redis client does)
// concurrent calls are batched; the dispatchers start on first use and
// stop on Close, or when the limiter is garbage collected.
func NewRedis(client redis.Scripter, prefix string) *Redis {
	return newRedis(client, prefix, defaultDispatchers)
}

func newRedis(client redis.Scripter, prefix string, dispatchers int) *Redis {
	r := &Redis{client: client, prefix: prefix}
	if p, ok := client.(pipeliner); ok && dispatchers > 0 {
		r.batch = newBatcher(p, dispatchers)
		// The dispatchers reference only the batcher, so an unused
		// limiter can still be collected; then they stop.
		runtime.AddCleanup(r, func(b *batcher) { b.close(false) }, r.batch)
	}
	return r
}

// Close stops the dispatcher goroutines, waiting for a round trip in
// flight (bounded by the client's timeouts). Calls still waiting are
// decided as on a Redis error; later calls run one script each. It does
// not close the client. Close is idempotent.
func (r *Redis) Close() error {
	if r.batch != nil {
		r.batch.close(true)
	}
	return nil
}

// Allow counts one request under key.
func (r *Redis) Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	if !validRule(limit, window) {
		return openResult(limit, window), ErrInvalidRule
	}
	if r.batch == nil {
		return r.allowDirect(ctx, key, limit, window)
	}
	count, ttl, err := r.batch.do(ctx, r.prefix+KeySpace+key, window.Milliseconds())
	if err == errNotSent {
		return r.allowDirect(ctx, key, limit, window)
	}
	return r.decide(ctx, key, limit, window, count, ttl, err)
}

// allowDirect counts one request with its own script call: one round
// trip per request, no batching.
func (r *Redis) allowDirect(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	if !validRule(limit, window) {
		return openResult(limit, window), ErrInvalidRule
	}
	vals, err := allowScript.Run(ctx, r.client, []string{r.prefix + KeySpace + key}, window.Milliseconds()).Int64Slice()
	if err == nil && len(vals) != 2 {
		err = fmt.Errorf("unexpected script reply %v", vals)
	}
	if err != nil {
		return r.decide(ctx, key, limit, window, 0, 0, err)
	}
	return r.decide(ctx, key, limit, window, vals[0], vals[1], nil)
}

// decide turns a count and the window's remaining milliseconds into a
// Result or, on err, asks the Fallback (or fails open).
func (r *Redis) decide(ctx context.Context, key string, limit int, window time.Duration, count, ttlMs int64, err error) (Result, error) {
	if err == nil {
		return decide(count, limit, time.Duration(ttlMs)*time.Millisecond), nil
	}
	err = fmt.Errorf("ratelimit: redis: %w", err)
	if r.Fallback != nil {
		res, ferr := r.Fallback.Allow(ctx, key, limit, window)
		if ferr != nil {
			return openResult(limit, window), err
		}
		return res, err
	}
	return openResult(limit, window), err
}

// errNotSent tells Allow the batcher is closed and the call was never
// queued, so it may run on its own.
var errNotSent = errors.New("not sent")

// call is one queued Allow. reply is buffered, so a dispatcher never
// waits for a caller that gave up.
type call struct {
	ctx   context.Context
	key   string
	ms    int64
	reply chan reply

	group int   // index into the batch's groups (dispatcher only)
	rank  int64 // position within the group (dispatcher only)
}

type reply struct {
	count, ttl int64
	err        error
}

// callPool recycles calls whose reply was received; a call abandoned by
// its caller is left to the garbage collector, since a dispatcher may
// still write to it.
var callPool = sync.Pool{New: func() any { return &call{reply: make(chan reply, 1)} }}

type batcher struct {
	client  pipeliner
	workers int
	calls   chan *call
	done    chan struct{}
	ctx     context.Context // cancelled on close
	cancel  context.CancelFunc

	started atomic.Bool
	mu      sync.Mutex // guards starting against closing
	closed  bool
	wg      sync.WaitGroup
}

func newBatcher(client pipeliner, workers int) *batcher {
	ctx, cancel := context.WithCancel(context.Background())
	return &batcher{
		client: client, workers: workers,
		calls: make(chan *call, queueLen), done: make(chan struct{}),
		ctx: ctx, cancel: cancel,
	}
}

// start runs the dispatchers once, unless the batcher is closed.
func (b *batcher) start() {
	if b.started.Load() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.started.Load() || b.closed {
		return
	}
	b.wg.Add(b.workers)
	for range b.workers {
		go b.run()
	}
	b.started.Store(true)
}

func (b *batcher) close(wait bool) {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.done)
		b.cancel()
	}
	b.mu.Unlock()
	if wait {
		b.wg.Wait()
	}
}

// do queues one count of key (window ms) and waits for its reply, or
// for ctx to end.
func (b *batcher) do(ctx context.Context, key string, ms int64) (count, ttl int64, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	select {
	case <-b.done:
		return 0, 0, errNotSent
	default:
	}
	b.start()
	c := callPool.Get().(*call)
	c.ctx, c.key, c.ms = ctx, key, ms
	select {
	case b.calls <- c:
	case <-ctx.Done():
		c.ctx, c.key = nil, ""
		callPool.Put(c)
		return 0, 0, ctx.Err()
	case <-b.done:
		c.ctx, c.key = nil, ""
		callPool.Put(c)
		return 0, 0, errNotSent
	}
	select {
	case rep := <-c.reply:
		c.ctx, c.key = nil, ""
		callPool.Put(c)
		return rep.count, rep.ttl, rep.err
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	case <-b.done:
		return 0, 0, errClosed
	}
}

// group is the calls of one batch on the same key and window: one script
// call counting all of them.
type group struct {
	key   string
	ms    int64
	n     int64
	cmd   *redis.Cmd
	count int64
	ttl   int64
	err   error
}

type groupKey struct {
	key string
	ms  int64
}

// dispatch is one dispatcher's reusable batch state.
type dispatch struct {
	batch  []*call
	live   []*call
	groups []group
	index  map[groupKey]int
}

// run is one dispatcher: block for a call, take whatever else is queued,
// send it all in one pipeline, answer, repeat.
func (b *batcher) run() {
	defer b.wg.Done()
	d := &dispatch{
		batch: make([]*call, 0, maxBatch), live: make([]*call, 0, maxBatch),
		index: make(map[groupKey]int),
	}
	for {
		select {
		case c := <-b.calls:
			d.batch = append(d.batch, c)
		case <-b.done:
			return
		}
	drain:
		for len(d.batch) < maxBatch {
			select {
			case c := <-b.calls:
				d.batch = append(d.batch, c)
			default:
				break drain
			}
		}
		b.exec(d)
	}
}

// exec sends d.batch and answers every call in it.
func (b *batcher) exec(d *dispatch) {
	for _, c := range d.batch {
		// A caller already gone is not counted.
		if err := c.ctx.Err(); err != nil {
			c.reply <- reply{err: err}
			continue
		}
		k := groupKey{c.key, c.ms}
		g, ok := d.index[k]
		if !ok {
			g = len(d.groups)
			d.index[k] = g
			d.groups = append(d.groups, group{key: c.key, ms: c.ms})
		}
		c.group, c.rank = g, d.groups[g].n
		d.groups[g].n++
		d.live = append(d.live, c)
	}
	if len(d.live) > 0 {
		b.send(d.groups)
		for _, c := range d.live {
			g := &d.groups[c.group]
			rep := reply{err: g.err}
			if g.err == nil {
				rep.count, rep.ttl = g.count-g.n+c.rank+1, g.ttl
			}
			c.reply <- rep // c may be reused from here on
		}
	}
	clear(d.batch)
	clear(d.live)
	clear(d.groups)
	clear(d.index)
	d.batch, d.live, d.groups = d.batch[:0], d.live[:0], d.groups[:0]
}

// send runs one script per group in a pipeline (EVALSHA, then EVAL for
// the groups Redis had no cached script for, as redis.Script.Run does;
// a NOSCRIPT reply counted nothing) and stores each group's reply.
func (b *batcher) send(groups []group) {
	if len(groups) == 1 {
		if sc, ok := b.client.(redis.Scripter); ok {
			g := &groups[0]
			g.cmd = allowNScript.Run(b.ctx, sc, []string{g.key}, g.ms, g.n)
			b.store(groups)
			return
		}
	}
	pipe := b.client.Pipeline()
	for i := range groups {
		g := &groups[i]
		g.cmd = allowNScript.EvalSha(b.ctx, pipe, []string{g.key}, g.ms, g.n)
	}
	_, _ = pipe.Exec(b.ctx)
	var retry redis.Pipeliner
	for i := range groups {
		g := &groups[i]
		if redis.HasErrorPrefix(g.cmd.Err(), "NOSCRIPT") {
			if retry == nil {
				retry = b.client.Pipeline()
			}
			g.cmd = allowNScript.Eval(b.ctx, retry, []string{g.key}, g.ms, g.n)
		}
	}
	if retry != nil {
		_, _ = retry.Exec(b.ctx)
	}
	b.store(groups)
}

// store parses each group's script reply.
func (b *batcher) store(groups []group) {
	for i := range groups {
		g := &groups[i]
		vals, err := g.cmd.Int64Slice()
		if err == nil && len(vals) != 2 {
			err = fmt.Errorf("unexpected script reply %v", vals)
		}
		if err == nil {
			g.count, g.ttl = vals[0], vals[1]
		}
		g.err, g.cmd = err, nil
	}
}
