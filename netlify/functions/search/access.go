package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Access checks the sign-in token of Netlify's role-based access control
// in the function itself: redirect rules with Role conditions guard
// /api/search and /search/, but not the function's own URL
// (/.netlify/functions/search), which anyone can call.
type Access struct {
	secret []byte
	roles  []string // any one is enough; empty: any valid token
	now    func() time.Time
}

// AccessFromEnv reads TIETOPANKKI_JWT_SECRET and TIETOPANKKI_JWT_ROLES:
// no secret, no check (nil).
func AccessFromEnv(getenv func(string) string) (*Access, error) {
	secret := getenv("TIETOPANKKI_JWT_SECRET")
	if secret == "" {
		return nil, nil
	}
	if len(secret) < 32 {
		return nil, errors.New("TIETOPANKKI_JWT_SECRET is shorter than 32 characters")
	}
	a := &Access{secret: []byte(secret), now: time.Now}
	for r := range strings.SplitSeq(getenv("TIETOPANKKI_JWT_ROLES"), ",") {
		if r = strings.TrimSpace(r); r != "" {
			a.roles = append(a.roles, r)
		}
	}
	return a, nil
}

// Check returns 0 when the request carries a valid token with an allowed
// role, else the status (401 or 403) and message to answer.
func (a *Access) Check(r *http.Request) (int, string) {
	tok := ""
	if c, err := r.Cookie("nf_jwt"); err == nil {
		tok = c.Value
	} else if h, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		tok = strings.TrimSpace(h)
	}
	if tok == "" {
		return http.StatusUnauthorized, "sign in first"
	}
	claims, err := a.verify(tok)
	if err != nil {
		return http.StatusUnauthorized, "sign in again: " + err.Error()
	}
	if len(a.roles) == 0 {
		return 0, ""
	}
	for _, role := range claims.AppMetadata.Authorization.Roles {
		if slices.Contains(a.roles, role) {
			return 0, ""
		}
	}
	return http.StatusForbidden, "your account has no role that may use search"
}

// claims are the parts of a Netlify role-based-access JWT that matter.
type claims struct {
	Exp         *float64 `json:"exp"`
	Nbf         *float64 `json:"nbf"`
	AppMetadata struct {
		Authorization struct {
			Roles []string `json:"roles"`
		} `json:"authorization"`
	} `json:"app_metadata"`
}

// verify checks an HS256 JWT's signature, expiry and not-before time.
func (a *Access) verify(tok string) (*claims, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, errors.New("malformed token")
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, errors.New("malformed token")
	}
	var hdr struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(hb, &hdr) != nil || hdr.Alg != "HS256" {
		return nil, errors.New("token is not signed with HS256")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, errors.New("malformed token")
	}
	mac := hmac.New(sha256.New, a.secret)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return nil, errors.New("bad signature")
	}
	pb, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errors.New("malformed token")
	}
	var c claims
	if err := json.Unmarshal(pb, &c); err != nil {
		return nil, errors.New("malformed token")
	}
	now := float64(a.now().Unix())
	if c.Exp == nil || now >= *c.Exp {
		return nil, errors.New("token expired")
	}
	if c.Nbf != nil && now < *c.Nbf {
		return nil, errors.New("token not valid yet")
	}
	return &c, nil
}
