// Package testwait is how a test waits for a condition that no event
// announces: a server that notices a new build only on a later request, a
// log line another process writes. It polls the condition with a generous
// deadline (Deadline), so that a machine busy with other test binaries and
// -race is slow but not a failure. Where an event exists (a channel, a
// callback, a hook such as devserver's Ready), a test waits on that
// instead; no test sleeps to let something happen.
package testwait

import (
	"testing"
	"time"
)

// Deadline is how long Until and For (and a browser tab: browsertest.Wait)
// wait before they fail the test. It is a guard against a hang, not a
// speed limit: on a 2-core machine that other test runs load 20-fold, a
// service worker took over a minute to keep a site's 440 search files.
const Deadline = 2 * time.Minute

// every is how often Until checks the condition.
const every = 20 * time.Millisecond

// Until checks cond until it is true; it fails the test when Deadline
// passes first.
func Until(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	tick := time.NewTicker(every)
	defer tick.Stop()
	deadline := time.NewTimer(Deadline)
	defer deadline.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline.C:
			tb.Fatalf("waiting for %s: not within %v", what, Deadline)
		}
	}
}

// For receives from ch; it fails the test when Deadline passes first.
func For[T any](tb testing.TB, what string, ch <-chan T) T {
	tb.Helper()
	deadline := time.NewTimer(Deadline)
	defer deadline.Stop()
	select {
	case v := <-ch:
		return v
	case <-deadline.C:
		tb.Fatalf("waiting for %s: not within %v", what, Deadline)
	}
	panic("unreachable")
}
