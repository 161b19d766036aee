package server

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Auth decides who may read the site.
type Auth interface {
	// Authenticate returns the user a request comes from, or ok false.
	Authenticate(r *http.Request) (user string, ok bool)
	// Deny answers a request that Authenticate refused.
	Deny(w http.ResponseWriter, r *http.Request)
}

// BasicAuth is HTTP Basic authentication against an htpasswd file whose
// lines are "user:bcrypt-hash" ("htpasswd -B -C 12 FILE USER" writes them;
// blank lines and lines starting with # are skipped). The file is read once,
// by LoadBasicAuth: restart the server to apply changes. Only use it over
// HTTPS (behind a TLS-terminating proxy), since Basic auth sends the
// password with every request.
//
// bcrypt is slow on purpose (tens of milliseconds a check), so a successful
// check is remembered for CredentialTTL, keyed by a SHA-256 of the
// credentials: only the first request of a session pays for it.
type BasicAuth struct {
	Realm string
	users map[string][]byte

	mu   sync.Mutex
	good map[[32]byte]time.Time // verified credentials -> expiry
}

// CredentialTTL is how long BasicAuth remembers a verified password.
const CredentialTTL = 10 * time.Minute

// maxRemembered bounds BasicAuth's memory of verified credentials.
const maxRemembered = 4096

// LoadBasicAuth reads an htpasswd file with bcrypt hashes.
func LoadBasicAuth(file string) (*BasicAuth, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	a := &BasicAuth{Realm: "Tietopankki", users: map[string][]byte{}, good: map[[32]byte]time.Time{}}
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
		if _, err := bcrypt.Cost([]byte(hash)); err != nil {
			return nil, fmt.Errorf("%s:%d: user %s: not a bcrypt hash (make the file with htpasswd -B): %v", file, n, user, err)
		}
		a.users[user] = []byte(hash)
	}
	if len(a.users) == 0 {
		return nil, fmt.Errorf("%s: no users", file)
	}
	return a, nil
}

// dummyHash is checked for unknown users so that they take as long as
// known ones.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("x"), bcrypt.DefaultCost)
	return h
})

// Authenticate checks the request's Basic credentials.
func (a *BasicAuth) Authenticate(r *http.Request) (string, bool) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return "", false
	}
	key := sha256.Sum256([]byte(user + "\x00" + pass))
	now := time.Now()
	a.mu.Lock()
	exp, seen := a.good[key]
	a.mu.Unlock()
	if seen && now.Before(exp) {
		return user, true
	}
	hash, known := a.users[user]
	if !known {
		bcrypt.CompareHashAndPassword(dummyHash(), []byte(pass))
		return "", false
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(pass)) != nil {
		return "", false
	}
	a.mu.Lock()
	if len(a.good) >= maxRemembered {
		clear(a.good)
	}
	a.good[key] = now.Add(CredentialTTL)
	a.mu.Unlock()
	return user, true
}

// Deny asks for credentials.
func (a *BasicAuth) Deny(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", `Basic realm="`+a.Realm+`", charset="UTF-8"`)
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "Kirjaudu sisään / Sign in", http.StatusUnauthorized)
}

// TrustedHeader trusts the user name that an authenticating reverse proxy
// (oauth2-proxy, Apache mod_auth_openidc or mod_auth_mellon, nginx
// auth_request) puts in this request header, e.g. "X-Remote-User". The
// proxy must set or remove the header on every request, and the server
// must be reachable only through the proxy (listen on 127.0.0.1 or a
// firewalled address): anyone who can reach it directly can send the
// header themselves.
type TrustedHeader string

// Authenticate returns the header's value.
func (h TrustedHeader) Authenticate(r *http.Request) (string, bool) {
	u := strings.TrimSpace(r.Header.Get(string(h)))
	return u, u != ""
}

// Deny answers 403: the proxy in front should never let such a request by.
func (h TrustedHeader) Deny(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "Forbidden: no user from the authenticating proxy", http.StatusForbidden)
}
