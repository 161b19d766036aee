package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Auth decides who may read the site.
type Auth interface {
	// Check returns the user a request comes from, or answers the request
	// itself (401, 403, 429, 503) and returns ok false.
	Check(w http.ResponseWriter, r *http.Request) (user string, ok bool)
}

// BasicAuth is HTTP Basic authentication against an htpasswd file whose
// lines are "user:bcrypt-hash" ("htpasswd -B -C 12 FILE USER" writes them;
// blank lines and lines starting with # are skipped). The file is read once,
// by LoadBasicAuth: restart the server to apply changes. Only use it over
// HTTPS (behind a TLS-terminating proxy), since Basic auth sends the
// password with every request.
//
// bcrypt is slow on purpose (tens of milliseconds a check at cost 10, four
// times that at 12), so:
//   - a successful check is remembered for CredentialTTL, keyed by a
//     SHA-256 of the credentials: only the first request of a session pays
//     for it;
//   - an unknown user is checked against a hash of the same cost as the
//     file's (the highest there), so that the time of an answer does not
//     tell whether a user exists;
//   - failed checks are limited per client address (the proxy's
//     X-Forwarded-For when the connection comes from this machine): a
//     bucket of FailBurst attempts that refills one every FailEvery; an
//     empty bucket gets 429 with Retry-After, without a check;
//   - one check at a time per client address (the parallel first requests
//     of a page share it), and at most GOMAXPROCS checks at once; more
//     wait up to QueueWait and then get 503, so that guessing passwords
//     cannot take the CPU from the pages or other users' sign-ins.
type BasicAuth struct {
	Realm string
	users map[string][]byte
	dummy func() []byte // a hash of the file's cost, for unknown users

	mu   sync.Mutex
	good map[[32]byte]time.Time // verified credentials -> expiry

	fails   *limiter
	turns   turns         // one check at a time per client address
	checks  chan struct{} // bcrypt checks running
	wait    time.Duration // QueueWait; tests shorten it
	compare func(hash, password []byte) error
}

// CredentialTTL is how long BasicAuth remembers a verified password.
const CredentialTTL = 10 * time.Minute

// maxRemembered bounds BasicAuth's memory of verified credentials.
const maxRemembered = 4096

// Limits of failed sign-ins per client address.
const (
	// FailBurst is how many failed checks an address may make in a row.
	FailBurst = 10
	// FailEvery is how often an address gets one more attempt back.
	FailEvery = 6 * time.Second
	// maxAddresses bounds the addresses whose failures are remembered.
	maxAddresses = 10000
)

// LoadBasicAuth reads an htpasswd file with bcrypt hashes.
func LoadBasicAuth(file string) (*BasicAuth, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	a := &BasicAuth{Realm: "Tietopankki", users: map[string][]byte{}, good: map[[32]byte]time.Time{},
		fails:   &limiter{burst: FailBurst, every: FailEvery, max: maxAddresses, now: time.Now, m: map[string]*bucket{}},
		turns:   turns{m: map[string]*turn{}},
		checks:  make(chan struct{}, runtime.GOMAXPROCS(0)),
		wait:    QueueWait,
		compare: bcrypt.CompareHashAndPassword}
	cost := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		user, hash, ok := strings.Cut(line, ":")
		if !ok || user == "" {
			return nil, fmt.Errorf("%s:%d: want user:hash", file, n)
		}
		c, err := bcrypt.Cost([]byte(hash))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: user %s: not a bcrypt hash (make the file with htpasswd -B): %v", file, n, user, err)
		}
		cost = max(cost, c)
		a.users[user] = []byte(hash)
	}
	if len(a.users) == 0 {
		return nil, fmt.Errorf("%s: no users", file)
	}
	a.dummy = sync.OnceValue(func() []byte {
		h, _ := bcrypt.GenerateFromPassword([]byte("unknown user"), cost)
		return h
	})
	return a, nil
}

// Check checks the request's Basic credentials.
func (a *BasicAuth) Check(w http.ResponseWriter, r *http.Request) (string, bool) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		a.deny(w)
		return "", false
	}
	key := sha256.Sum256([]byte(user + "\x00" + pass))
	if a.remembered(key) {
		return user, true
	}
	addr := clientAddr(r)
	if a.limited(w, addr) {
		return "", false
	}
	// One check at a time per address: a guesser's connections wait for
	// each other and leave the other places to everyone else, and the
	// parallel first requests of a user's page share one check.
	release, ok := a.turns.take(r.Context(), addr, a.wait)
	if !ok {
		busy(w, "too many sign-ins at once")
		return "", false
	}
	defer release()
	if a.remembered(key) {
		return user, true
	}
	if a.limited(w, addr) {
		return "", false
	}
	if !take(r.Context(), a.checks, a.wait) {
		busy(w, "too many sign-ins at once")
		return "", false
	}
	hash, known := a.users[user]
	if !known {
		hash = a.dummy()
	}
	err := a.compare(hash, []byte(pass))
	<-a.checks
	if !known || err != nil {
		a.fails.take(addr)
		a.deny(w)
		return "", false
	}
	a.mu.Lock()
	if len(a.good) >= maxRemembered {
		clear(a.good)
	}
	a.good[key] = a.fails.now().Add(CredentialTTL)
	a.mu.Unlock()
	return user, true
}

// remembered reports whether credentials were verified less than
// CredentialTTL ago.
func (a *BasicAuth) remembered(key [32]byte) bool {
	a.mu.Lock()
	exp, seen := a.good[key]
	a.mu.Unlock()
	return seen && a.fails.now().Before(exp)
}

// limited answers 429 when addr has no attempt left, and reports whether
// it did.
func (a *BasicAuth) limited(w http.ResponseWriter, addr string) bool {
	wait := a.fails.wait(addr)
	if wait <= 0 {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+0.999)))
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "Liian monta yritystä: odota hetki. / Too many attempts: wait a moment.", http.StatusTooManyRequests)
	return true
}

// turns gives each key one turn at a time. A key is kept while requests
// wait for it or hold it, so memory is bounded by the requests running.
type turns struct {
	mu sync.Mutex
	m  map[string]*turn
}

type turn struct {
	place chan struct{} // one place
	users int           // requests waiting or holding it
}

// take waits up to wait for key's turn; release ends it.
func (t *turns) take(ctx context.Context, key string, wait time.Duration) (release func(), ok bool) {
	t.mu.Lock()
	tn := t.m[key]
	if tn == nil {
		tn = &turn{place: make(chan struct{}, 1)}
		t.m[key] = tn
	}
	tn.users++
	t.mu.Unlock()
	leave := func() {
		t.mu.Lock()
		if tn.users--; tn.users == 0 {
			delete(t.m, key)
		}
		t.mu.Unlock()
	}
	if !take(ctx, tn.place, wait) {
		leave()
		return nil, false
	}
	return func() { <-tn.place; leave() }, true
}

// deny asks for credentials.
func (a *BasicAuth) deny(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Basic realm="`+a.Realm+`", charset="UTF-8"`)
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "Kirjaudu sisään / Sign in", http.StatusUnauthorized)
}

// limiter is a token bucket per key: burst tokens, one more every every.
// A bucket that has filled up again is forgotten; at most max are kept
// (a new key first sweeps out the full ones, then an arbitrary one).
type limiter struct {
	burst int
	every time.Duration
	max   int
	now   func() time.Time

	mu sync.Mutex
	m  map[string]*bucket
}

// bucket is one key's tokens as of when.
type bucket struct {
	tokens float64
	when   time.Time
}

// refill brings b up to now; it reports whether b is full.
func (l *limiter) refill(b *bucket, now time.Time) bool {
	b.tokens = min(float64(l.burst), b.tokens+float64(now.Sub(b.when))/float64(l.every))
	b.when = now
	return b.tokens >= float64(l.burst)
}

// wait returns how long key must wait for a token (0: it has one).
func (l *limiter) wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.m[key]
	if b == nil {
		return 0
	}
	now := l.now()
	if l.refill(b, now) {
		delete(l.m, key)
		return 0
	}
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(l.every))
}

// take takes a token of key's.
func (l *limiter) take(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.m[key]
	if b == nil {
		if len(l.m) >= l.max {
			for k, o := range l.m {
				if l.refill(o, now) {
					delete(l.m, k)
				}
			}
		}
		for k := range l.m {
			if len(l.m) < l.max {
				break
			}
			delete(l.m, k)
		}
		b = &bucket{tokens: float64(l.burst), when: now}
		l.m[key] = b
	}
	l.refill(b, now)
	b.tokens = max(b.tokens-1, 0)
}

// TrustedHeader trusts the user name that an authenticating reverse proxy
// (oauth2-proxy, Apache mod_auth_openidc or mod_auth_mellon, nginx
// auth_request) puts in this request header, e.g. "X-Remote-User". The
// proxy must set or remove the header on every request, and the server
// must be reachable only through the proxy (listen on 127.0.0.1 or a
// firewalled address): anyone who can reach it directly can send the
// header themselves.
type TrustedHeader string

// Check returns the header's value, or answers 403 without it: the proxy
// in front should never let such a request by.
func (h TrustedHeader) Check(w http.ResponseWriter, r *http.Request) (string, bool) {
	u := strings.TrimSpace(r.Header.Get(string(h)))
	if u == "" {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "Forbidden: no user from the authenticating proxy", http.StatusForbidden)
		return "", false
	}
	return u, true
}
