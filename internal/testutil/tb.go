package testutil

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// Fails runs f with a testing.TB that records a failure instead of failing
// t, and reports whether f failed: for tests of test helpers. Fatal stops f
// as it would stop a test.
func Fails(t testing.TB, f func(tb testing.TB)) bool {
	t.Helper()
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.failed.Load()
}

// recorder is a testing.TB whose failures are recorded, not reported.
type recorder struct {
	testing.TB
	failed atomic.Bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fail()                 { r.failed.Store(true) }
func (r *recorder) Failed() bool          { return r.failed.Load() }
func (r *recorder) Error(...any)          { r.Fail() }
func (r *recorder) Errorf(string, ...any) { r.Fail() }
func (r *recorder) FailNow()              { r.Fail(); runtime.Goexit() }
func (r *recorder) Fatal(...any)          { r.FailNow() }
func (r *recorder) Fatalf(string, ...any) { r.FailNow() }
