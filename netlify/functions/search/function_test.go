package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"tietopankki/internal/testbin"
	"tietopankki/internal/testcontent"
	"tietopankki/server"
)

// repoRoot is the module root, three folders up.
func repoRoot(t testing.TB) string {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

var (
	builtOnce sync.Once
	builtDir  string
	builtErr  error
)

// sampleSite builds the tests' knowledge bank (testcontent.Fixture) with
// the real command, once per test binary, and returns the output folder.
func sampleSite(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tietopankki-fn-")
		if err != nil {
			builtErr = err
			return
		}
		builtDir = filepath.Join(dir, "public")
		content := filepath.Join(dir, "content")
		if builtErr = testcontent.CopyFixture(content); builtErr != nil {
			return
		}
		bin := filepath.Join(dir, "tietopankki")
		if builtErr = testbin.Build(bin); builtErr != nil {
			return
		}
		out, err := exec.Command(bin, "build", "--content", content, "--out", builtDir).CombinedOutput()
		if err != nil {
			builtErr = err
			t.Logf("%s", out)
		}
	})
	if builtErr != nil {
		t.Fatalf("building the sample site: %v", builtErr)
	}
	return builtDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(filepath.Dir(builtDir))
	}
	os.Exit(code)
}

func newFunction(t *testing.T) *Function {
	t.Helper()
	site := sampleSite(t)
	start := time.Now()
	fn, err := New(os.DirFS(site), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("cold start (copy the index, open it, read the shell): %v", time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() { fn.Close() })
	return fn
}

func get(path string, query map[string]string) events.APIGatewayProxyRequest {
	return events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: path, QueryStringParameters: query,
		Headers: map[string]string{"accept": "*/*"}}
}

func invoke(t *testing.T, fn *Function, ev events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
	t.Helper()
	res, err := fn.Handle(context.Background(), ev)
	if err != nil {
		t.Fatalf("%s: %v", ev.Path, err)
	}
	return res
}

// checkSecurityHeaders: Netlify's [[headers]] do not reach functions, so
// the function must send them itself.
func checkSecurityHeaders(t *testing.T, res events.APIGatewayProxyResponse) {
	t.Helper()
	for k, v := range server.SecurityHeaders() {
		if res.Headers[k] != v[0] {
			t.Errorf("status %d: header %s = %q, want %q", res.StatusCode, k, res.Headers[k], v[0])
		}
	}
}

type apiResult struct {
	Total   int `json:"total"`
	Results []struct {
		ID      string `json:"id"`
		URL     string `json:"url"`
		Snippet string `json:"snippet"`
	} `json:"results"`
}

func TestNetlifyFunctionAPI(t *testing.T) {
	fn := newFunction(t)
	for _, path := range []string{"/api/search", FunctionPath, FunctionPath + "/", FunctionPath + "/api/search"} {
		res := invoke(t, fn, get(path, map[string]string{"q": "teams kokous"}))
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", path, res.StatusCode, res.Body)
		}
		if ct := res.Headers["Content-Type"]; !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		checkSecurityHeaders(t, res)
		var r apiResult
		if err := json.Unmarshal([]byte(res.Body), &r); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, res.Body)
		}
		found := false
		for i, h := range r.Results {
			if i < 3 && h.ID == "teams/liity-kokoukseen" {
				found = true
				if h.URL != "/tools/teams/liity-kokoukseen/" {
					t.Errorf("url %q", h.URL)
				}
			}
		}
		if !found {
			t.Errorf("%s: teams/liity-kokoukseen not in the top 3: %s", path, res.Body)
		}
	}

	// Netlify may pass the query as multi-value parameters only.
	ev := get("/api/search", nil)
	ev.MultiValueQueryStringParameters = map[string][]string{"q": {"oirearvio"}, "limit": {"2"}}
	res := invoke(t, fn, ev)
	var r apiResult
	json.Unmarshal([]byte(res.Body), &r)
	if res.StatusCode != 200 || len(r.Results) == 0 || len(r.Results) > 2 {
		t.Errorf("multi-value query: status %d, %d results", res.StatusCode, len(r.Results))
	}
}

func TestNetlifyFunctionPage(t *testing.T) {
	fn := newFunction(t)
	for _, path := range []string{"/search/", "/search", FunctionPath + "/search/"} {
		res := invoke(t, fn, get(path, map[string]string{"q": "oirearvio"}))
		if res.StatusCode != 200 || !strings.HasPrefix(res.Headers["Content-Type"], "text/html") {
			t.Fatalf("%s: status %d, %s", path, res.StatusCode, res.Headers["Content-Type"])
		}
		checkSecurityHeaders(t, res)
		if !strings.Contains(res.Body, `href="/tools/omaolo/lue-oirearvio/"`) {
			t.Errorf("%s: the results page does not link to the oirearvio card", path)
		}
		if !strings.Contains(res.Body, "<mark>") {
			t.Errorf("%s: no highlighted snippet", path)
		}
		checkNoInline(t, path, res.Body)
	}
}

// checkNoInline fails on what the CSP (no 'unsafe-inline') would block.
func checkNoInline(t *testing.T, name, page string) {
	t.Helper()
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)<script(\s[^>]*)?>\s*[^<\s]`), // a script with content
		regexp.MustCompile(`(?i)<style[\s>]`),
		regexp.MustCompile(`(?i)\sstyle\s*=`),
		regexp.MustCompile(`(?i)\son[a-z]+\s*=`),
		regexp.MustCompile(`(?i)<script[^>]*\ssrc\s*=\s*["']?(https?:)?//`),
	} {
		if m := re.FindString(page); m != "" {
			t.Errorf("%s: %q breaks the CSP", name, m)
		}
	}
}

func TestNetlifyFunctionErrors(t *testing.T) {
	fn := newFunction(t)
	long := strings.Repeat("kokous ", 200)
	for _, tc := range []struct {
		name   string
		ev     events.APIGatewayProxyRequest
		status int
		json   bool
	}{
		{"bad limit", get("/api/search", map[string]string{"q": "teams", "limit": "abc"}), 400, true},
		{"zero limit", get("/api/search", map[string]string{"q": "teams", "limit": "0"}), 400, true},
		{"too long", get("/api/search", map[string]string{"q": long}), 400, true},
		{"page too long", get("/search/", map[string]string{"q": long}), 400, false},
		{"unknown tool", get("/api/search", map[string]string{"q": "teams", "tool": "<x>"}), 400, true},
		{"query string too long", get("/api/search", map[string]string{"q": "a", "x": strings.Repeat("y", MaxQueryBytes)}), 414, true},
		{"other path", get("/wp-login.php", nil), 404, true},
		{"body", events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/api/search", Body: "x"}, 400, true},
		{"HEAD body", events.APIGatewayProxyRequest{HTTPMethod: "HEAD", Path: "/api/search", Body: "x"}, 400, true},
		{"Content-Length", events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/api/search", QueryStringParameters: map[string]string{"q": "teams"},
			Headers: map[string]string{"content-length": "1000"}}, 400, true},
		{"Transfer-Encoding", events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/api/search", QueryStringParameters: map[string]string{"q": "teams"},
			MultiValueHeaders: map[string][]string{"Transfer-Encoding": {"chunked"}}}, 400, true},
		{"Content-Length 0", events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/api/search", QueryStringParameters: map[string]string{"q": "teams"},
			Headers: map[string]string{"Content-Length": "0"}}, 200, false},
		{"post", events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: "/api/search"}, 405, true},
	} {
		res := invoke(t, fn, tc.ev)
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d: %.200s", tc.name, res.StatusCode, tc.status, res.Body)
			continue
		}
		checkSecurityHeaders(t, res)
		if tc.json {
			var e struct{ Error string }
			if err := json.Unmarshal([]byte(res.Body), &e); err != nil || e.Error == "" {
				t.Errorf("%s: want a JSON error, got %.200q", tc.name, res.Body)
			}
		}
	}
}

func TestNetlifyFunctionWithoutIndex(t *testing.T) {
	_, err := New(fstest.MapFS{"README.md": {Data: []byte("placeholder")}}, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "netlify/build.sh") {
		t.Fatalf("want an error that names netlify/build.sh, got %v", err)
	}
	res := unavailable("search is not available: " + err.Error())
	if res.StatusCode != 503 || res.Headers["Content-Security-Policy"] == "" {
		t.Errorf("unavailable: %d %v", res.StatusCode, res.Headers)
	}
}

// TestNetlifyFunctionEmbedded checks what go:embed put in this binary:
// the placeholder on a fresh clone, the index after netlify/build.sh.
func TestNetlifyFunctionEmbedded(t *testing.T) {
	site, err := fs.Sub(bundle, "site")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(site, "README.md"); err != nil {
		t.Errorf("the placeholder site/README.md is not embedded: %v", err)
	}
	if _, err := fs.Stat(site, "_search/index/meta.json"); err != nil {
		t.Skip("no index embedded (netlify/build.sh has not run here); the placeholder is enough to compile")
	}
	fn, err := New(site, t.TempDir())
	if err != nil {
		t.Fatalf("the embedded index does not open: %v", err)
	}
	defer fn.Close()
	res := invoke(t, fn, get("/api/search", map[string]string{"q": "teams"}))
	if res.StatusCode != 200 {
		t.Errorf("embedded index: status %d", res.StatusCode)
	}
}

// token signs claims with HS256.
func token(secret string, claims map[string]any, alg string) string {
	enc := base64.RawURLEncoding
	h, _ := json.Marshal(map[string]string{"alg": alg, "typ": "JWT"})
	p, _ := json.Marshal(claims)
	signing := enc.EncodeToString(h) + "." + enc.EncodeToString(p)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func TestNetlifyFunctionAccess(t *testing.T) {
	fn := newFunction(t)
	secret := strings.Repeat("s3cr3t-", 6)
	env := map[string]string{"TIETOPANKKI_JWT_SECRET": secret, "TIETOPANKKI_JWT_ROLES": "henkilosto, mentori"}
	access, err := AccessFromEnv(func(k string) string { return env[k] })
	if err != nil || access == nil {
		t.Fatalf("AccessFromEnv: %v %v", access, err)
	}
	now := time.Now()
	access.now = func() time.Time { return now }
	fn.Access = access
	defer func() { fn.Access = nil }()

	roles := func(r ...string) map[string]any {
		return map[string]any{"authorization": map[string]any{"roles": r}}
	}
	exp := float64(now.Add(time.Hour).Unix())
	good := token(secret, map[string]any{"exp": exp, "app_metadata": roles("henkilosto")}, "HS256")
	for _, tc := range []struct {
		name   string
		cookie string
		bearer string
		status int
	}{
		{"no token", "", "", 401},
		{"cookie", good, "", 200},
		{"bearer", "", good, 200},
		{"other role", token(secret, map[string]any{"exp": exp, "app_metadata": roles("vierailija")}, "HS256"), "", 403},
		{"no roles", token(secret, map[string]any{"exp": exp}, "HS256"), "", 403},
		{"expired", token(secret, map[string]any{"exp": float64(now.Add(-time.Minute).Unix()), "app_metadata": roles("henkilosto")}, "HS256"), "", 401},
		{"no expiry", token(secret, map[string]any{"app_metadata": roles("henkilosto")}, "HS256"), "", 401},
		{"not yet", token(secret, map[string]any{"exp": exp, "nbf": exp - 60, "app_metadata": roles("henkilosto")}, "HS256"), "", 401},
		{"wrong secret", token(secret+"x", map[string]any{"exp": exp, "app_metadata": roles("henkilosto")}, "HS256"), "", 401},
		{"alg none", strings.Join(strings.Split(token(secret, map[string]any{"exp": exp, "app_metadata": roles("henkilosto")}, "none"), ".")[:2], ".") + ".", "", 401},
		{"garbage", "a.b.c", "", 401},
	} {
		ev := get("/api/search", map[string]string{"q": "teams"})
		if tc.cookie != "" {
			ev.Headers["cookie"] = "other=1; nf_jwt=" + tc.cookie
		}
		if tc.bearer != "" {
			ev.Headers["authorization"] = "Bearer " + tc.bearer
		}
		res := invoke(t, fn, ev)
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, res.StatusCode, tc.status, res.Body)
		}
		checkSecurityHeaders(t, res)
	}

	if a, err := AccessFromEnv(func(string) string { return "" }); a != nil || err != nil {
		t.Errorf("no secret: want no check, got %v %v", a, err)
	}
	if _, err := AccessFromEnv(func(k string) string { return map[string]string{"TIETOPANKKI_JWT_SECRET": "short"}[k] }); err == nil {
		t.Error("a short secret was accepted")
	}
}

// TestNetlifyFunctionConcurrent invokes the function from 16 goroutines at
// once and compares each answer with the answer the same request got when
// invoked alone.
func TestNetlifyFunctionConcurrent(t *testing.T) {
	fn := newFunction(t)
	queries := []string{"teams kokous", "oirearvio", "tiedosto katosi", "etavastaanotto"}
	want := map[string]events.APIGatewayProxyResponse{}
	for _, q := range queries {
		want[q] = invoke(t, fn, get("/api/search", map[string]string{"q": q}))
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			q := queries[i%len(queries)]
			res, err := fn.Handle(context.Background(), get("/api/search", map[string]string{"q": q}))
			if err != nil || res.StatusCode != http.StatusOK {
				t.Errorf("%s: %v %d", q, err, res.StatusCode)
				return
			}
			if res.Body != want[q].Body || !maps.Equal(res.Headers, want[q].Headers) {
				t.Errorf("%s invoked concurrently:\n got %d %v %s\nwant %d %v %s (invoked alone)", q, res.StatusCode, res.Headers, res.Body, want[q].StatusCode, want[q].Headers, want[q].Body)
			}
		})
	}
	wg.Wait()
}
