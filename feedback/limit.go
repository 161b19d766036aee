package feedback

import (
	"sync"
	"time"
)

// maxClients bounds the addresses a Limiter remembers.
const maxClients = 10000

// Limiter allows each key (a client address) n events per window, held in
// memory only: a restart forgets it, and nothing of it is ever stored.
type Limiter struct {
	n      int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	clients map[string]*window
}

type window struct {
	start time.Time
	count int
}

// NewLimiter allows n events per window for each key; now is the clock.
func NewLimiter(n int, per time.Duration, now func() time.Time) *Limiter {
	return &Limiter{n: n, window: per, now: now, clients: map[string]*window{}}
}

// Allow counts one event of key and reports whether it is within the
// limit. When maxClients keys are remembered and none has expired, new
// keys are refused: a flood from many addresses cannot grow the memory.
func (l *Limiter) Allow(key string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.clients[key]
	if w == nil || now.Sub(w.start) >= l.window {
		if w == nil && len(l.clients) >= maxClients {
			for k, old := range l.clients {
				if now.Sub(old.start) >= l.window {
					delete(l.clients, k)
				}
			}
			if len(l.clients) >= maxClients {
				return false
			}
		}
		w = &window{start: now}
		l.clients[key] = w
	}
	if w.count >= l.n {
		return false
	}
	w.count++
	return true
}
