// Package netlify holds the Netlify build script and functions; its test
// checks netlify.toml against what the build really produces.
package netlify

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"tietopankki/generator"
	"tietopankki/internal/htmlscan"
	"tietopankki/internal/testbin"
	"tietopankki/internal/testcontent"
	"tietopankki/search"
	"tietopankki/server"
)

// headerRule is one [[headers]] rule of netlify.toml.
type headerRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// netlifyConfig is the part of netlify.toml the site uses.
type netlifyConfig struct {
	Build struct {
		Command     string            `toml:"command"`
		Publish     string            `toml:"publish"`
		Functions   string            `toml:"functions"`
		Environment map[string]string `toml:"environment"`
	} `toml:"build"`
	Context map[string]struct {
		Command     string            `toml:"command"`
		Environment map[string]string `toml:"environment"`
	} `toml:"context"`
	Redirects []struct {
		From       string              `toml:"from"`
		To         string              `toml:"to"`
		Status     int                 `toml:"status"`
		Force      bool                `toml:"force"`
		Conditions map[string][]string `toml:"conditions"`
	} `toml:"redirects"`
	Headers []headerRule `toml:"headers"`
}

func repoRoot(t *testing.T) string {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func readConfig(t *testing.T, root string) netlifyConfig {
	t.Helper()
	var c netlifyConfig
	md, err := toml.DecodeFile(filepath.Join(root, "netlify.toml"), &c)
	if err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Errorf("netlify.toml has keys this test does not know (check them, then add them here): %v", und)
	}
	return c
}

// TestNetlifyConfig checks netlify.toml on its own: versions, contexts,
// routes and the header rules against server.SecurityHeaders.
func TestNetlifyConfig(t *testing.T) {
	root := repoRoot(t)
	c := readConfig(t, root)
	if c.Build.Command != "bash netlify/build.sh" || c.Build.Publish != "public" {
		t.Errorf("build: command %q publish %q", c.Build.Command, c.Build.Publish)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+\.\d+)$`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("go.mod has no go x.y.z line")
	}
	if got := c.Build.Environment["GO_VERSION"]; got != string(m[1]) {
		t.Errorf("GO_VERSION = %q, want go.mod's full version %q (a version without the patch may fall back to an old Go)", got, m[1])
	}
	for _, ctx := range []string{"production", "deploy-preview", "branch-deploy"} {
		if cc, ok := c.Context[ctx]; !ok || cc.Command != c.Build.Command {
			t.Errorf("context %s: command %q, want the build command", ctx, cc.Command)
		}
	}

	// Routes: the search function answers both routes, even over the
	// static search/index.html; _search/ is never public.
	want := map[string]bool{"/api/search": false, "/search/": false, "/_search/*": false}
	for _, r := range c.Redirects {
		switch {
		case r.From == "/_search/*":
			want[r.From] = true
			if r.Status != 404 || !r.Force {
				t.Errorf("%s: status %d force %v, want 404 forced", r.From, r.Status, r.Force)
			}
		case strings.HasPrefix(r.To, "/.netlify/functions/"):
			want[r.From] = true
			if r.To != "/.netlify/functions/search" || r.Status != 200 || !r.Force {
				t.Errorf("%s -> %s: status %d force %v, want the search function, 200, forced", r.From, r.To, r.Status, r.Force)
			}
		}
	}
	for from, ok := range want {
		if !ok {
			t.Errorf("no redirect rule from %s", from)
		}
	}

	// Headers: "/*" is server.SecurityHeaders(), exactly; Cache-Control
	// only on the fingerprinted assets.
	var all, assets map[string]string
	allAt := -1
	byType := map[string]bool{} // extensions with a rule of their own
	for i, h := range c.Headers {
		switch {
		case h.For == "/*":
			all, allAt = h.Values, i
		case extensionRule.MatchString(h.For):
			// Files copied from content/, by type: their policy only, and
			// after "/*", so that they win where the later rule wins.
			byType[strings.TrimPrefix(h.For, "/*")] = true
			want := server.FileCSP("x" + strings.TrimPrefix(h.For, "/*"))
			if h.Values["Content-Security-Policy"] != want || len(h.Values) != 1 {
				t.Errorf("%q: %v, want only Content-Security-Policy: %s", h.For, h.Values, want)
			}
			if allAt < 0 {
				t.Errorf(`%q comes before "/*": Netlify may let "/*" win`, h.For)
			}
		case h.For == "/"+server.ImmutablePrefix+"*":
			assets = h.Values
		case exportFolderRule.MatchString(h.For):
			// A folder of the static search export: hashed names only.
			if h.Values["Cache-Control"] != server.CacheImmutable || len(h.Values) != 1 {
				t.Errorf("%q: %v, want only Cache-Control: %s", h.For, h.Values, server.CacheImmutable)
			}
			if !server.Fingerprinted(strings.TrimPrefix(strings.TrimSuffix(h.For, "*"), "/") + "x.json") {
				t.Errorf("%q is immutable on Netlify but not in server.Fingerprinted", h.For)
			}
		default:
			t.Errorf("header rule for %q: unexpected, add it to this test", h.For)
		}
	}
	sec := server.SecurityHeaders()
	got := http.Header{}
	for k, v := range all {
		got.Set(k, v)
	}
	for k, v := range sec {
		if got.Get(k) != v[0] {
			t.Errorf(`netlify.toml "/*" %s = %q, want server.SecurityHeaders' %q`, k, got.Get(k), v[0])
		}
	}
	for k := range got {
		if _, ok := sec[k]; !ok {
			t.Errorf(`netlify.toml "/*" sets %s, which server.SecurityHeaders does not: add it there (one definition for every server)`, k)
		}
	}
	if assets["Cache-Control"] != server.CacheImmutable || len(assets) != 1 {
		t.Errorf(`"/assets/*": %v, want only Cache-Control: %s`, assets, server.CacheImmutable)
	}
	// Every type the build publishes (its allow-list, in one place) has its rule.
	for ext := range generator.AttachmentTypes() {
		if !byType[ext] {
			t.Errorf(`netlify.toml has no [[headers]] rule for "/*%s", which the build publishes (generator.AttachmentTypes)`, ext)
		}
	}
}

// TestNetlifyBuild runs netlify.toml's build command in a copy of the
// repository (its content/ a copy of the live one with a card added and one
// taken out: testcontent.Sample, so nothing here leans on the mentors'
// exact files), then checks the publish folder, the function's embedded
// index (by compiling the function as Netlify does and running its
// embedded-index test) and that every page keeps to the CSP.
func TestNetlifyBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site and the function: not in -short")
	}
	root := repoRoot(t)
	c := readConfig(t, root)
	work := t.TempDir()
	if err := copyRepo(root, work); err != nil {
		t.Fatal(err)
	}
	if err := testcontent.CopySample(filepath.Join(work, "content")); err != nil {
		t.Fatal(err)
	}
	card := addAttachments(t, filepath.Join(work, "content"))
	start := time.Now()
	run(t, work, nil, "bash", "-c", c.Build.Command)
	t.Logf("build command: %v", time.Since(start).Round(time.Millisecond))

	public := filepath.Join(work, c.Build.Publish)
	for _, f := range []string{"index.html", "404.html", "sitemap.xml", "search/index.html", "_search/index/meta.json", "_search/site.json"} {
		if _, err := os.Stat(filepath.Join(public, f)); err != nil {
			t.Errorf("publish folder: %v", err)
		}
	}
	fnSite := filepath.Join(work, c.Build.Functions, "search", "site")
	a, _ := os.ReadFile(filepath.Join(public, "_search/index/meta.json"))
	b, err := os.ReadFile(filepath.Join(fnSite, "_search/index/meta.json"))
	if err != nil || !bytes.Equal(a, b) {
		t.Fatalf("the function did not get this build's index: %v", err)
	}

	// Compile the function the way Netlify does, then run its test of the
	// embedded index in the copy (there it must not skip).
	start = time.Now()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	run(t, work, []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64"},
		"go", "build", "-tags", "lambda.norpc", "-ldflags", "-s -w", "-o", bin, "./"+c.Build.Functions+"/search")
	if fi, err := os.Stat(bin); err != nil || fi.Size() > 50<<20 {
		t.Errorf("function binary: %v (Netlify's limit is 50 MB zipped)", err)
	} else {
		t.Logf("function binary: %.1f MB, built in %v", float64(fi.Size())/1e6, time.Since(start).Round(time.Millisecond))
	}
	start = time.Now()
	out := run(t, work, nil, "go", "test", "-count=1", "-run", "TestNetlifyFunctionEmbedded$", "-v", "./"+c.Build.Functions+"/search/")
	t.Logf("embedded-index test: %v", time.Since(start).Round(time.Millisecond))
	if !strings.Contains(out, "--- PASS: TestNetlifyFunctionEmbedded") {
		t.Errorf("the function's embedded index did not answer:\n%s", out)
	}

	checkAssets(t, public)
	checkExportFolders(t, public, c)
	checkPagesKeepCSP(t, public)
	checkAttachments(t, filepath.Join(work, "content"), public, c, card)
}

// addAttachments adds to the copied content a card of its own, in the
// first tool, with a PNG and a PDF in its folder, linked from it, so that
// the build copies more than one type whatever content/ holds. It returns
// the card's page.
func addAttachments(t *testing.T, content string) (page string) {
	t.Helper()
	var png bytes.Buffer
	if err := pngEncode(&png); err != nil {
		t.Fatal(err)
	}
	tools, err := filepath.Glob(filepath.Join(content, "tools", "*", "_index.md"))
	if err != nil || len(tools) == 0 {
		t.Fatalf("no tool in %s: %v", content, err)
	}
	tool := filepath.Dir(tools[0])
	dir := filepath.Join(tool, "liitteet")
	md := "---\ntitle: Liitteet\nsummary: Kuva ja tulostettava ohje.\n---\n" +
		"![Kuvake](liitteet/kuvake.png)\n\n[Ohje tulostettavana](liitteet/ohje.pdf)\n"
	pdf, err := os.ReadFile("../server/testdata/ohje.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"kuvake.png": png.Bytes(), "ohje.pdf": pdf, "../liitteet.md": []byte(md)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return "/tools/" + filepath.Base(tool) + "/liitteet/"
}

// netlifyPattern is a header rule's path pattern as Netlify reads it
// (@netlify/headers-parser, for_regexp.ts): ":name" is one segment, a
// segment "*" anything or nothing, a "*" within a segment anything.
func netlifyPattern(pattern string) *regexp.Regexp {
	var parts []string
	for p := range strings.SplitSeq(pattern, "/") {
		p = strings.TrimRight(p, " \t")
		switch {
		case p == "":
			continue
		case strings.HasPrefix(p, ":"):
			p = "([^/]+)"
		case p == "*":
			p = "?(.*)"
		case strings.Contains(p, "*"):
			p = strings.ReplaceAll(p, "*", "(.*)")
		default:
			p = regexp.QuoteMeta(p)
		}
		parts = append(parts, p)
	}
	return regexp.MustCompile(`(?i)^/` + strings.Join(parts, "/") + `/?$`)
}

// readHeadersFile reads a _headers file into rules, as Netlify does
// (line_parser.ts): a line starting with / starts a rule, "Name: value"
// lines below it are its headers.
func readHeadersFile(t *testing.T, file string) []headerRule {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rules []headerRule
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "/"):
			rules = append(rules, headerRule{For: line, Values: map[string]string{}})
		case len(rules) == 0 || !strings.Contains(line, ":"):
			t.Errorf("%s:%d: not a path or a header: %q", file, n+1, line)
		default:
			name, value, _ := strings.Cut(line, ":")
			rules[len(rules)-1].Values[strings.TrimSpace(name)] = strings.TrimSpace(value)
		}
	}
	return rules
}

// checkAttachments: every file the build copied from content/ gets its
// server.FileCSP on Netlify however Netlify combines matching rules (the
// _headers file first, then netlify.toml's, as @netlify/headers-parser
// merges them): some matching rule sets it (all sent: browsers enforce
// every policy), the last matching rule that sets a CSP sets it (the
// later rule wins), and _headers names the file (the first rule wins).
// Pages (among them card, the page of addAttachments' card) and the
// service worker keep the site's policy alone.
func checkAttachments(t *testing.T, content, public string, c netlifyConfig, card string) {
	t.Helper()
	rules := append(readHeadersFile(t, filepath.Join(public, server.NetlifyHeadersFile)), c.Headers...)
	csps := func(urlPath string) (all []string, named bool) {
		for i, r := range rules {
			if v, ok := r.Values["Content-Security-Policy"]; ok && netlifyPattern(r.For).MatchString(urlPath) {
				all = append(all, v)
				named = named || (r.For == urlPath && i < len(rules)-len(c.Headers))
			}
		}
		return all, named
	}
	copied := 0
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		rel = filepath.ToSlash(rel)
		if _, err := os.Stat(filepath.Join(content, filepath.FromSlash(rel))); err != nil {
			return nil // not copied from content/
		}
		copied++
		want := server.FileCSP(rel)
		all, named := csps("/" + rel)
		if !slices.Contains(all, want) || all[len(all)-1] != want || !named {
			t.Errorf("/%s: Netlify's CSP rules give %q (named in _headers: %v); want %q last, and in _headers", rel, all, named, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if copied < 2 {
		t.Errorf("the build copied %d files from content/, want the added PDF and PNG at least", copied)
	}
	for _, p := range []string{"/", card, card + "index.html", "/404.html", "/sw.js"} {
		if all, _ := csps(p); !slices.Equal(all, []string{server.ContentSecurityPolicy}) {
			t.Errorf("%s: Netlify's CSP rules give %q, want the site's policy alone", p, all)
		}
	}
}

// pngEncode writes a 2×2 PNG.
func pngEncode(w io.Writer) error {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{0, 90, 160, 255})
	return png.Encode(w, img)
}

// extensionRule matches the header rules of netlify.toml by extension.
var extensionRule = regexp.MustCompile(`^/\*\.[a-z0-9]+$`)

// run runs a command in dir, with go's builds trimmed of their paths
// (testbin.Env: the copy then shares compiled packages with the other
// tests), and returns its output; it fails the test when the command
// fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(testbin.Env(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// copyRepo copies what a build needs but the content: the module files,
// the Go packages, themes and netlify/ (not content, .git, outputs,
// node_modules, bench, docs or testdata, and not a stale copy of the index
// in the function).
func copyRepo(root, dst string) error {
	skip := map[string]bool{"content": true, "public": true, "bench": true, "docs": true, "testdata": true, "netlify/functions/search/site/_search": true}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			if skip[rel] || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !strings.Contains(rel, "/") && !slices.Contains([]string{"go.mod", "go.sum", "netlify.toml"}, rel) && !strings.HasSuffix(rel, ".go") {
			return nil // other files at the root: binaries, package.json, ...
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

// checkAssets: everything under /assets/ is cached for a year, so every
// name there must carry a content hash.
// exportFolderRule matches the header rules of the search export's folders.
var exportFolderRule = regexp.MustCompile(`^/` + search.ExportDir + `/[a-z]+/\*$`)

// checkExportFolders: every folder the static search export wrote has an
// immutable-caching rule (its files are named by their hashes).
func checkExportFolders(t *testing.T, public string, c netlifyConfig) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(public, search.ExportDir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		want := "/" + search.ExportDir + "/" + e.Name() + "/*"
		if !slices.ContainsFunc(c.Headers, func(h headerRule) bool { return h.For == want }) {
			t.Errorf("the search export wrote %s/ but netlify.toml has no rule %q: browsers would revalidate every file", e.Name(), want)
		}
	}
}

func checkAssets(t *testing.T, public string) {
	entries, err := os.ReadDir(filepath.Join(public, server.ImmutablePrefix))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no assets: %v", err)
	}
	for _, e := range entries {
		if !server.Fingerprinted(server.ImmutablePrefix + e.Name()) {
			t.Errorf("assets/%s has no content hash in its name, but netlify.toml caches everything under /assets/ "+
				"for a year (immutable): give it a hashed name or write it elsewhere", e.Name())
		}
	}
}

// cspDirectives parses server.ContentSecurityPolicy.
func cspDirectives() map[string][]string {
	d := map[string][]string{}
	for part := range strings.SplitSeq(server.ContentSecurityPolicy, ";") {
		f := strings.Fields(part)
		if len(f) > 0 {
			d[f[0]] = f[1:]
		}
	}
	return d
}

// checkPagesKeepCSP reads every built page and stylesheet and fails on
// what the CSP would block: inline script or style, event-handler
// attributes, scripts, styles, images, frames or form targets from
// elsewhere.
func checkPagesKeepCSP(t *testing.T, public string) {
	csp := cspDirectives()
	for _, dir := range []string{"script-src", "style-src", "img-src"} {
		if !slices.Equal(csp[dir], []string{"'self'"}) {
			t.Fatalf("CSP %s = %v: this check assumes 'self' only", dir, csp[dir])
		}
	}
	if !slices.Equal(csp["frame-ancestors"], []string{"'none'"}) || !slices.Equal(csp["object-src"], []string{"'none'"}) {
		t.Errorf("CSP must forbid framing and plugins: %v", csp)
	}
	pages := 0
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && rel == "_search" {
			return filepath.SkipDir
		}
		switch path.Ext(rel) {
		case ".html":
			pages++
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, problem := range cspProblems(string(b)) {
				t.Errorf("%s: %s", rel, problem)
			}
		case ".css":
			b, _ := os.ReadFile(p)
			for _, m := range regexp.MustCompile(`url\(\s*['"]?([^'")]+)|@import\s+['"]?([^'";\s]+)`).FindAllStringSubmatch(string(b), -1) {
				u := m[1] + m[2]
				if !sameOrigin(u) {
					t.Errorf("%s: %q is not from the site (CSP img-src/style-src 'self')", rel, u)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 10 {
		t.Errorf("only %d pages checked", pages)
	}
	t.Logf("%d pages keep the CSP", pages)
}

// sameOrigin reports whether a URL in a page loads from the page's own
// origin: a relative URL or an absolute path, not "//host" or "scheme:".
func sameOrigin(raw string) bool {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "//") || strings.HasPrefix(raw, `\\`) {
		return false
	}
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "" && u.Host == ""
}

// loadingRels are the <link rel> values whose href the browser fetches
// under the CSP.
var loadingRels = []string{"stylesheet", "icon", "manifest", "preload", "modulepreload", "apple-touch-icon", "mask-icon"}

// cspProblems lists what in one page the CSP would block.
func cspProblems(page string) []string {
	tags, err := htmlscan.Scan(page)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	bad := func(t htmlscan.Tag, why string) { out = append(out, fmt.Sprintf("line %d: %s: %s", t.Line, t, why)) }
	for _, t := range tags {
		if t.End {
			continue
		}
		for _, a := range t.Attrs {
			if a.Name == "style" {
				bad(t, "inline style attribute")
			}
			if strings.HasPrefix(a.Name, "on") {
				bad(t, "inline event handler")
			}
			if (a.Name == "href" || a.Name == "src" || a.Name == "action") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Value)), "javascript:") {
				bad(t, "javascript: URL")
			}
		}
		src, hasSrc := t.Attr("src")
		switch t.Name {
		case "script":
			if !hasSrc {
				bad(t, "inline script")
			} else if !sameOrigin(src) {
				bad(t, "script from another origin")
			}
			if strings.TrimSpace(t.Text) != "" {
				bad(t, "script with inline content")
			}
		case "style":
			bad(t, "inline <style>")
		case "link":
			rel, _ := t.Attr("rel")
			href, _ := t.Attr("href")
			for r := range strings.FieldsSeq(strings.ToLower(rel)) {
				if slices.Contains(loadingRels, r) && !sameOrigin(href) {
					bad(t, "loads from another origin")
				}
			}
		case "img", "source", "video", "audio", "track", "input":
			if hasSrc && !sameOrigin(src) {
				bad(t, "media from another origin")
			}
			if set, ok := t.Attr("srcset"); ok {
				for c := range strings.SplitSeq(set, ",") {
					if f := strings.Fields(c); len(f) > 0 && !sameOrigin(f[0]) {
						bad(t, "srcset from another origin")
					}
				}
			}
		case "iframe", "frame", "object", "embed", "applet":
			bad(t, "frames and plugins are not allowed")
		case "form":
			if action, ok := t.Attr("action"); ok && !sameOrigin(action) {
				bad(t, "form posts elsewhere (form-action 'self')")
			}
		case "base":
			bad(t, "<base> changes where relative URLs load from")
		case "meta":
			if he, _ := t.Attr("http-equiv"); strings.EqualFold(he, "content-security-policy") {
				bad(t, "a CSP in a meta tag: the one CSP is server.ContentSecurityPolicy")
			}
		}
	}
	return out
}

// TestNetlifyCSPCheck proves the page check catches what it must.
func TestNetlifyCSPCheck(t *testing.T) {
	ok := `<!DOCTYPE html><html><head><link rel="stylesheet" href="/assets/app.0123456789.css">` +
		`<link rel="canonical" href="https://example.fi/x/"><script src="/assets/app.0123456789.js" defer></script></head>` +
		`<body><img src="kuva.png" alt="x"><form action="/search/"></form></body></html>`
	if p := cspProblems(ok); len(p) > 0 {
		t.Errorf("a page that keeps the CSP was flagged: %v", p)
	}
	for _, page := range []string{
		`<script>alert(1)</script>`,
		`<script src="https://cdn.example.com/x.js"></script>`,
		`<script src="//cdn.example.com/x.js"></script>`,
		`<style>p{}</style>`,
		`<p style="color:red">x</p>`,
		`<button onclick="x()">x</button>`,
		`<link rel="stylesheet" href="https://fonts.example.com/a.css">`,
		`<img src="data:image/png;base64,AAAA" alt="">`,
		`<iframe src="/x"></iframe>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<form action="https://elsewhere.example/">`,
	} {
		if len(cspProblems(page)) == 0 {
			t.Errorf("not flagged: %s", page)
		}
	}
}

// TestNetlifyWorkflow checks the lead's CI workflow: pinned actions, the
// content check with annotations on pull requests, the same build command
// as netlify.toml, and a production deploy only from main.
func TestNetlifyWorkflow(t *testing.T) {
	root := repoRoot(t)
	c := readConfig(t, root)
	b, err := os.ReadFile(filepath.Join(root, ".github/workflows/ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any    `yaml:"on"`
		Env  map[string]string `yaml:"env"`
		Jobs map[string]struct {
			If    string   `yaml:"if"`
			Needs []string `yaml:"needs"`
			Steps []struct {
				Uses string `yaml:"uses"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	for _, ev := range []string{"pull_request", "push"} {
		if _, ok := wf.On[ev]; !ok {
			t.Errorf("the workflow does not run on %s", ev)
		}
	}
	if !regexp.MustCompile(`^netlify-cli@\d+\.\d+\.\d+$`).MatchString(wf.Env["NETLIFY_CLI"]) {
		t.Errorf("netlify-cli is not pinned to an exact version: %q", wf.Env["NETLIFY_CLI"])
	}
	pinned := regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)
	runs := map[string]string{}
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			if s.Uses != "" && !pinned.MatchString(s.Uses) {
				t.Errorf("job %s: %s is not pinned to a commit SHA", name, s.Uses)
			}
			runs[name] += s.Run + "\n"
		}
	}
	// The content check is a job of its own, on pull requests and pushes
	// alike: content/ only, warnings count (--strict), annotations on lines.
	if !strings.Contains(runs["check"], "go run . check --strict --format github --content content") || wf.Jobs["check"].If != "" {
		t.Error("no strict content check with GitHub annotations on every run")
	}
	if !strings.Contains(runs["release-build"], "go run ./internal/release") {
		t.Error("no job cross-builds the release targets (go run ./internal/release)")
	}
	if !strings.Contains(runs["test"], "bash .ci/run") {
		t.Error("the tests do not run .ci/run")
	}
	for _, job := range []string{"build", "deploy"} {
		if !strings.Contains(runs[job], c.Build.Command) {
			t.Errorf("job %s does not run netlify.toml's build command %q", job, c.Build.Command)
		}
	}
	d := wf.Jobs["deploy"]
	if !strings.Contains(runs["deploy"], "deploy --prod") || !strings.Contains(d.If, "refs/heads/main") || !slices.Contains(d.Needs, "test") {
		t.Errorf("the production deploy must run only on main, after the tests: if %q needs %v", d.If, d.Needs)
	}
	if strings.Contains(runs["build"], "--prod") {
		t.Error("pull requests must not deploy to production")
	}
}
