//go:build race

package browser

// raceEnabled is true under -race, which slows the Go server (and so the
// search requests) several times: the latency target is then only reported.
const raceEnabled = true
