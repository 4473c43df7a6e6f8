package server

// The background dependency check: every dependencyCheckEvery the
// database and Redis are pinged (with /ready's time-out) and
// bazi_dependency_up{dependency} and bazi_ready are set, so a failing
// dependency shows in /metrics (and alerts fire) without anything polling
// /ready. State changes are logged once, not every round.

import (
	"context"
	"sync"
	"time"

	"github.com/bazi-master/bazi-master/handlers"
)

// readyTimeout bounds each dependency ping, on /ready and in the check.
const readyTimeout = 2 * time.Second

// DefaultDependencyCheckEvery is the background check's interval.
const DefaultDependencyCheckEvery = 15 * time.Second

// WithDependencyCheckEvery sets how often the background dependency check
// runs (default 15 s); tests shorten it.
func WithDependencyCheckEvery(d time.Duration) Option {
	return func(s *Server) { s.dependencyCheckEvery = d }
}

// dependencies are what /ready and the background check ping.
func (s *Server) dependencies() []handlers.Dependency {
	deps := []handlers.Dependency{{Name: "database", Ping: s.DB.Ping}}
	if s.Redis != nil {
		deps = append(deps, handlers.Dependency{Name: "redis", Ping: s.Redis.Ping})
	}
	return deps
}

// checkDependencies runs until ctx ends: one round at once, then one per
// interval.
func (s *Server) checkDependencies(ctx context.Context) {
	every := s.dependencyCheckEvery
	if every <= 0 {
		every = DefaultDependencyCheckEvery
	}
	deps := s.dependencies()
	last := make(map[string]bool, len(deps))
	for _, d := range deps {
		last[d.Name] = true
	}
	_, failed := s.startup.snapshot() // Connect logged these already
	for _, name := range failed {
		last[name] = false
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.checkOnce(ctx, deps, last)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// checkOnce pings every dependency in parallel and records the outcome.
func (s *Server) checkOnce(ctx context.Context, deps []handlers.Dependency, last map[string]bool) {
	errs := make([]error, len(deps))
	var wg sync.WaitGroup
	for i, d := range deps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, readyTimeout)
			defer cancel()
			errs[i] = d.Ping(cctx)
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return // shutting down: the pings were cut short, not failed
	}
	ready := true
	for i, d := range deps {
		up := errs[i] == nil
		s.Metrics.SetDependencyUp(d.Name, up)
		ready = ready && up
		switch {
		case !up && last[d.Name]:
			s.Log.Warn("dependency down", "dependency", d.Name, "error", errs[i])
		case up && !last[d.Name]:
			s.Log.Info("dependency up again", "dependency", d.Name)
		}
		last[d.Name] = up
	}
	s.Metrics.SetReady(ready)
}
