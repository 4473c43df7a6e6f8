package testutil

import (
	"testing"
	"time"
)

// pollEvery is how often the polling helpers look again.
const pollEvery = 20 * time.Millisecond

// Eventually polls check until it returns nil, failing the test with the
// last error when that has not happened within the time given: for waiting
// on something that will happen, instead of sleeping for a guessed time.
func Eventually(t testing.TB, within time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(within)
	var err error
	for {
		if err = check(); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s: %v", within, err)
		}
		time.Sleep(pollEvery)
	}
}

// HoldsUntil is for "must not change any more": it polls check, failing the
// test at its first error, until end reports that the thing that could
// change it is over (a stream closed, a request finished) and check has
// then passed three more times in a row. It fails when end is not reached
// within the time given.
func HoldsUntil(t testing.TB, within time.Duration, check func() error, end func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	after := 0
	for {
		if err := check(); err != nil {
			t.Fatal(err)
		}
		if end() {
			if after++; after == 3 {
				return
			}
		} else if time.Now().After(deadline) {
			t.Fatalf("the end was not observed within %s", within)
		}
		time.Sleep(pollEvery)
	}
}
