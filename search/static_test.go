package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"tietopankki/search/finnish"
)

// TestExport checks the static export of the sample: content hashes in
// the names of postings, facets and the offline list, the generation (the
// hash of every shard and fragment) in the names of shards and fragments,
// every file named by the files that lead to it, and the sizes, which it
// prints.
func TestExport(t *testing.T) {
	e := sampleExport(t)
	dir := filepath.Join(e.dir, ExportDir)
	var entry exportEntry
	readJSON(t, filepath.Join(dir, "entry.json"), &entry)
	if entry.Version != ExportVersion || entry.Docs != e.ix.Docs() {
		t.Fatalf("entry.json: version %d, %d docs; want %d, %d", entry.Version, entry.Docs, ExportVersion, e.ix.Docs())
	}
	files := map[string][]byte{}
	sizes := map[string][]int{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		kind := strings.SplitN(rel, "/", 2)[0]
		sizes[kind] = append(sizes[kind], len(b))
		if rel != "entry.json" {
			b = gunzip(t, rel, b)
		}
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Names: HASH.json is the hash of the content; shards and fragments
	// carry the generation, which is the hash of them all.
	gen := sha256.New()
	fmt.Fprintf(gen, "tietopankki export %d\n", ExportVersion)
	for name, b := range files {
		switch {
		case name == "entry.json", strings.HasPrefix(name, "f/"), strings.HasPrefix(name, "t/"):
		default:
			sum := sha256.Sum256(b)
			if want := name[:2] + hashEncoding.EncodeToString(sum[:])[:hashLen] + ".json.gz"; name != want {
				t.Errorf("%s holds the content of %s", name, want)
			}
		}
	}
	if !slices.IsSorted(entry.Shards) {
		t.Errorf("shard keys not sorted: %q", entry.Shards)
	}
	for i := range entry.Shards {
		gen.Write(files[shardName(entry.Gen, i)])
	}
	for d := range entry.Docs {
		var f storedDoc
		if err := json.Unmarshal(files[fragmentName(entry.Gen, d)], &f); err != nil {
			t.Fatalf("fragment %d: %v", d, err)
		}
		f.hash(gen)
	}
	if got := hashEncoding.EncodeToString(gen.Sum(nil))[:hashLen]; got != entry.Gen {
		t.Errorf("entry.json's generation is %s; its shards and fragments hash to %s", entry.Gen, got)
	}
	// Every shard in entry.json and no other; every postings file and
	// every fragment named.
	named := map[string]bool{"entry.json": true, entry.Facets: true, entry.Offline: true}
	for d := range entry.Docs {
		named[fragmentName(entry.Gen, d)] = true
	}
	for i, key := range entry.Shards {
		name := shardName(entry.Gen, i)
		named[name] = true
		var sh struct {
			Terms    []string          `json:"terms"`
			DF       [][]int           `json:"df"`
			Postings []json.RawMessage `json:"postings"`
		}
		if err := json.Unmarshal(files[name], &sh); err != nil {
			t.Fatalf("shard %q (%s): %v", key, name, err)
		}
		for i, term := range sh.Terms {
			if ShardKey(term) != key {
				t.Errorf("term %q is in shard %q", term, key)
			}
			var hash string
			if json.Unmarshal(sh.Postings[i], &hash) == nil {
				named["p/"+hash+".json.gz"] = true
			}
		}
	}
	for name := range files {
		if !named[name] {
			t.Errorf("%s is in the export but nothing names it", name)
		}
	}
	for name := range named {
		if files[name] == nil {
			t.Errorf("%s is named but not in the export", name)
		}
	}
	var offline []string
	readJSON(t, filepath.Join(dir, entry.Offline), &offline)
	if len(offline) != len(files)-2 || entry.Files != len(files)-1 {
		t.Errorf("the offline list has %d files and entry.json counts %d; the export has %d besides entry.json", len(offline), entry.Files, len(files)-1)
	}
	kinds := make([]string, 0, len(sizes))
	for k := range sizes {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	total := 0
	for _, k := range kinds {
		s := sizes[k]
		sum := 0
		for _, n := range s {
			sum += n
		}
		total += sum
		fmt.Printf("export: %-10s %4d files %8d bytes (largest %d)\n", k, len(s), sum, slices.Max(s))
	}
	fmt.Printf("export: %d documents, %d files, %d bytes, written in %v\n", entry.Docs, len(files), total, e.took.Round(1e5))
	if _, err := os.Stat(filepath.Join(e.dir, Dir)); err == nil {
		t.Errorf("the export wrote under %s, which is not public", Dir)
	}
}

// gunzip decompresses an export file, which must be gzip with a fixed
// header (no name, no time, so that builds stay byte-identical).
func gunzip(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	if !strings.HasSuffix(name, ".json.gz") {
		t.Errorf("%s: want a name ending in .json.gz", name)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("%s: gzip header with name %q, time %v; want none", name, zr.Name, zr.ModTime)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "entry.json" {
		b = gunzip(t, path, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestStaticRelevance runs the relevance set against the static client in
// Node over the sample's export and compares with the server: recall@3 at
// least 95 % and within 2 points of the server's.
func TestStaticRelevance(t *testing.T) {
	e := sampleExport(t)
	cases := relevanceCases(t)
	reqs := make([]staticRequest, len(cases))
	for i, c := range cases {
		reqs[i] = staticRequest{Q: c.Q, Limit: 10}
	}
	answers := staticSearch(t, e, reqs)
	var server, static struct{ top3, rr float64 }
	same := 0
	var ms []float64
	for i, c := range cases {
		res, err := e.ix.Search(context.Background(), Request{Query: c.Q, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		a := answers[i]
		if a.Error != "" {
			t.Fatalf("%q: %s", c.Q, a.Error)
		}
		ms = append(ms, a.MS)
		for _, tl := range []struct {
			hits []Hit
			t    *struct{ top3, rr float64 }
		}{{res.Hits, &server}, {a.Results, &static}} {
			rank := slices.IndexFunc(tl.hits, func(h Hit) bool { return h.ID == c.Want }) + 1
			if rank > 0 {
				tl.t.rr += 1 / float64(rank)
				if rank <= 3 {
					tl.t.top3++
				}
			}
		}
		if slices.Equal(hitIDs(res.Hits), hitIDs(a.Results)) {
			same++
		} else {
			t.Logf("%q: server %v, static %v", c.Q, hitIDs(res.Hits), hitIDs(a.Results))
		}
	}
	n := float64(len(cases))
	sr, sm := 100*server.top3/n, server.rr/n
	cr, cm := 100*static.top3/n, static.rr/n
	slices.Sort(ms)
	fmt.Printf("relevance, static client: recall@3 %.1f%%, MRR %.3f (server: recall@3 %.1f%%, MRR %.3f); same top 10 as the server for %d of %d queries; Node, sample, cold: median %.1f ms\n",
		cr, cm, sr, sm, same, len(cases), ms[len(ms)/2])
	if cr < 95 {
		t.Errorf("static recall@3 is %.1f%%; it must be at least 95%%", cr)
	}
	if sr-cr > 2 {
		t.Errorf("static recall@3 %.1f%% is more than 2 points below the server's %.1f%%", cr, sr)
	}
}

func hitIDs(hits []Hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

// TestStaticMatchesServer holds the static client to the server's
// answers, hit by hit: the same documents in the same order, the same
// scores, snippets and fields, for the relevance set as typed letter by
// letter and with filters; bad requests fail alike. Each query must load
// entry.json, the shards of its clauses and no other shard,
// the postings of terms in those shards, facets only with a filter, and
// the fragments of the results it returns.
func TestStaticMatchesServer(t *testing.T) {
	e := sampleExport(t)
	var reqs []staticRequest
	for i, c := range relevanceCases(t) {
		reqs = append(reqs, staticRequest{Q: c.Q, Limit: 30})
		if r := []rune(c.Q); i%4 == 0 && len(r) > 3 {
			reqs = append(reqs, staticRequest{Q: string(r[:3])}, staticRequest{Q: string(r[:len(r)-1]), Limit: 6})
		}
	}
	for _, f := range [][3]string{{"teams", "", ""}, {"", "alkava", ""}, {"", "", "terveys"}, {"omaolo", "vahva", "ikaantyneet"}, {"nope", "", ""}} {
		for _, q := range []string{"kokous", "asiakas", "ohje ", "tiedosto", "oirearvio", "kokous puhelimella", "tuki"} {
			reqs = append(reqs, staticRequest{Q: q, Tool: f[0], Segment: f[1], Area: f[2], Limit: 20})
		}
	}
	reqs = append(reqs, staticRequest{Q: ""}, staticRequest{Q: "ja ja on"}, staticRequest{Q: "EU:n Teams:n"},
		staticRequest{Q: "xqzw"}, staticRequest{Q: strings.Repeat("ä", 201)}, staticRequest{Q: "a", Tool: "Bad Id"},
		staticRequest{Q: "kokous", Limit: 51}, staticRequest{Q: "a b c d e f g h i j"})
	answers := staticSearch(t, e, reqs)
	var entry exportEntry
	readJSON(t, filepath.Join(e.dir, ExportDir, "entry.json"), &entry)
	syn := finnish.NewSynonyms(e.site.Synonyms)
	bad := 0
	for i, r := range reqs {
		a := answers[i]
		res, err := e.ix.Search(context.Background(), Request{Query: r.Q, Tool: r.Tool, Segment: r.Segment, Area: r.Area, Limit: r.Limit})
		if err != nil {
			if a.Status != 400 {
				t.Errorf("%+v: the server says %v, the client %q (status %d)", r, err, a.Error, a.Status)
			}
			continue
		}
		if a.Error != "" {
			t.Errorf("%+v: the client failed: %s", r, a.Error)
			continue
		}
		if d := hitDiff(res, a); d != "" {
			bad++
			if bad <= 5 {
				t.Errorf("%+v: %s", r, d)
			}
		}
		checkFiles(t, r, a, entry, finnish.Plan(r.Q, syn, finnish.All))
	}
	fmt.Printf("static client vs server: %d requests, %d answered differently\n", len(reqs), bad)
}

// hitDiff describes how a static answer differs from the server's.
func hitDiff(res *Result, a staticAnswer) string {
	if res.Total != a.Total || res.Complete != a.Complete || res.Partial != a.Partial || len(res.Hits) != len(a.Results) {
		return fmt.Sprintf("server %d total (%d+%d), %d hits %v; static %d total (%d+%d), %d hits %v", res.Total, res.Complete, res.Partial, len(res.Hits), hitIDs(res.Hits),
			a.Total, a.Complete, a.Partial, len(a.Results), hitIDs(a.Results))
	}
	for i, h := range res.Hits {
		s := a.Results[i]
		if math.Abs(h.Score-s.Score) > 1e-9*math.Max(1, h.Score) {
			return fmt.Sprintf("hit %d: server %s %.12f, static %s %.12f", i+1, h.ID, h.Score, s.ID, s.Score)
		}
		h.Score, s.Score = 0, 0
		if hj, sj := mustJSON(h), mustJSON(s); hj != sj {
			return fmt.Sprintf("hit %d:\n    server %s\n    static %s", i+1, hj, sj)
		}
	}
	return ""
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// checkFiles holds a query to loading what its clauses need.
func checkFiles(t *testing.T, r staticRequest, a staticAnswer, entry exportEntry, plans []finnish.WordPlan) {
	t.Helper()
	if len(plans) == 0 {
		return
	}
	shards := map[string]bool{}
	for _, p := range plans {
		for _, c := range p.Clauses {
			if c.Prefix && len([]rune(c.Term)) < len([]rune(ShardKey(c.Term))) {
				t.Fatalf("%q: prefix clause %q is shorter than a shard key", r.Q, c.Term)
			}
			keys := []string{ShardKey(c.Term)}
			if c.Distance > 0 {
				keys = c.FuzzyStarts()
			}
			for _, k := range keys {
				if name, ok := entry.shardFile(k); ok {
					shards[name] = true
				}
			}
		}
	}
	loaded := map[string]bool{}
	fragments := 0
	for _, f := range a.Files {
		if loaded[f] {
			t.Errorf("%q: %s loaded twice", r.Q, f)
		}
		loaded[f] = true
		switch {
		case f == "entry.json" || strings.HasPrefix(f, "p/"):
		case f == entry.Facets:
			if r.Tool == "" && r.Segment == "" && r.Area == "" {
				t.Errorf("%q: facets loaded with no filter", r.Q)
			}
		case strings.HasPrefix(f, "t/"):
			if !shards[f] {
				t.Errorf("%q: loaded shard %s, which none of its clauses needs", r.Q, f)
			}
		case strings.HasPrefix(f, "f/"):
			fragments++
		default:
			t.Errorf("%q: loaded %s", r.Q, f)
		}
	}
	for s := range shards {
		if !loaded[s] {
			t.Errorf("%q: did not load shard %s", r.Q, s)
		}
	}
	if fragments != len(a.Results) {
		t.Errorf("%q: loaded %d fragments for %d results", r.Q, fragments, len(a.Results))
	}
}

// shardFile is the file of the shard with key k, if the export has it.
func (e *exportEntry) shardFile(k string) (string, bool) {
	i, ok := slices.BinarySearch(e.Shards, k)
	if !ok {
		return "", false
	}
	return shardName(e.Gen, i), true
}

// exportFiles is a static export written in a temporary folder.
type exportFiles struct {
	t     *testing.T
	dir   string // the export: ExportDir under the output folder
	entry exportEntry
}

// exportOf builds an index of docs and exports it.
func exportOf(t *testing.T, docs []Doc, synonyms [][]string) *exportFiles {
	t.Helper()
	root := t.TempDir()
	idx := filepath.Join(root, "index")
	if err := Build(context.Background(), idx, docs, synonyms); err != nil {
		t.Fatal(err)
	}
	if err := Export(context.Background(), idx, mkdirOutput(t, root)); err != nil {
		t.Fatal(err)
	}
	x := &exportFiles{t: t, dir: filepath.Join(root, ExportDir)}
	readJSON(t, filepath.Join(x.dir, "entry.json"), &x.entry)
	return x
}

// doc reads the fragment of document d.
func (x *exportFiles) doc(d int) storedDoc {
	x.t.Helper()
	var f storedDoc
	readJSON(x.t, filepath.Join(x.dir, fragmentName(x.entry.Gen, d)), &f)
	return f
}

// TestExportShards exports an index of several shards (from
// ShardThreshold documents) and checks that documents are numbered once
// across them: each term's postings point at the fragments of exactly the
// documents that hold it, each with the field's length in that document.
func TestExportShards(t *testing.T) {
	docs := make([]Doc, ShardThreshold+37)
	for i := range docs {
		word := []string{"kahvi", "tee", "kaakao"}[i%3]
		docs[i] = Doc{ID: fmt.Sprintf("t/d%d", i), Kind: "card", Title: fmt.Sprintf("Ohje %d", i), Body: "Juo " + word + " rauhassa.", URL: fmt.Sprintf("/t/d%d/", i)}
	}
	x := exportOf(t, docs, nil)
	dir, entry := x.dir, x.entry
	if entry.Docs != len(docs) {
		t.Fatalf("entry.json counts %d documents of %d", entry.Docs, len(docs))
	}
	idOf := func(d int) string { return x.doc(d).ID }
	seen := map[string]bool{}
	for d := range entry.Docs {
		seen[idOf(d)] = true
	}
	if len(seen) != len(docs) {
		t.Errorf("%d documents have %d distinct fragments", len(docs), len(seen))
	}
	var sh struct {
		Terms    []string          `json:"terms"`
		Postings []json.RawMessage `json:"postings"`
	}
	name, ok := entry.shardFile("ka")
	if !ok {
		t.Fatalf("no shard ka in %q", entry.Shards)
	}
	readJSON(t, filepath.Join(dir, name), &sh)
	i := slices.Index(sh.Terms, finnish.Stem("kahvi"))
	if i < 0 {
		t.Fatalf("no term kahvi in shard ka: %q", sh.Terms)
	}
	var fields [][]int
	if json.Unmarshal(sh.Postings[i], &fields) != nil {
		var hash string
		json.Unmarshal(sh.Postings[i], &hash)
		readJSON(t, filepath.Join(dir, "p", hash+".json.gz"), &fields)
	}
	body := fields[len(fields)-1]
	// Every body is three words, "Juo kahvi rauhassa", and rauhassa's
	// compound parts: the same length.
	want := len(finnish.IndexTerms("Juo kahvi rauhassa."))
	n, prev := 0, -1
	for j := 0; j < len(body); j++ {
		d := prev + body[j]>>1 + 1
		if body[j]&1 == 1 {
			j++
		}
		j++
		if body[j] != want {
			t.Fatalf("document %d: body length %d; want %d", d, body[j], want)
		}
		prev = d
		var k int
		fmt.Sscanf(idOf(d), "t/d%d", &k)
		if k%3 != 0 {
			t.Fatalf("the postings of kahvi point at %s", idOf(d))
		}
		n++
	}
	if want := (len(docs) + 2) / 3; n != want {
		t.Errorf("kahvi is in %d documents' postings; want %d", n, want)
	}
}

// TestStoredDocHash holds the export's generation to every field of a
// fragment: changing any of them, or moving text from one field to the
// next, changes the hash, so that a fragment whose content changed is
// never served under its old name from a cache.
func TestStoredDocHash(t *testing.T) {
	sum := func(d storedDoc) string {
		h := sha256.New()
		d.hash(h)
		return string(h.Sum(nil))
	}
	base := storedDoc{ID: "a", Kind: "b", Title: "c", Summary: "d", URL: "e", Tool: "f", ToolTitle: "g", Segments: []string{"h"}, Updated: "i", Body: "j"}
	seen := map[string]string{sum(base): "base"}
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		for _, change := range []string{"changed", "moved"} {
			d := base
			d.Segments = slices.Clone(base.Segments)
			f := reflect.ValueOf(&d).Elem().Field(i)
			switch f.Kind() {
			case reflect.String:
				if change == "changed" {
					f.SetString(f.String() + "x")
				} else {
					f.SetString("")
					if i > 0 && reflect.ValueOf(&d).Elem().Field(i-1).Kind() == reflect.String {
						prev := reflect.ValueOf(&d).Elem().Field(i - 1)
						prev.SetString(prev.String() + v.Field(i).String())
					}
				}
			case reflect.Slice:
				if change == "changed" {
					f.Set(reflect.Append(f, reflect.ValueOf("x")))
				} else {
					f.Set(reflect.ValueOf([]string{}))
				}
			default:
				t.Fatalf("storedDoc.%s is a %s: hash it and teach this test", name, f.Kind())
			}
			s := sum(d)
			if other, ok := seen[s]; ok {
				t.Errorf("storedDoc.%s %s hashes as %s", name, change, other)
			}
			seen[s] = name + " " + change
		}
	}
}

// TestFirstQueryFixedSize exports a corpus of 100 documents and one of
// 800 with the same words, and one document in each with a word of its
// own: what the static client loads for a first query of that word
// (entry.json, its shards and postings, one fragment) is as large for
// both, as nothing it reads lists every document.
func TestFirstQueryFixedSize(t *testing.T) {
	words := []string{"kahvi", "tee", "kaakao", "maito", "leipä", "voi", "juusto", "omena", "puuro", "mehu"}
	loaded := map[int]int{}
	files := map[int][]string{}
	entries := map[int]int{}
	for _, n := range []int{100, 800} {
		docs := make([]Doc, n)
		for i := range docs {
			body := fmt.Sprintf("Juo %s ja syö %s aamulla.", words[i%len(words)], words[i*7%len(words)])
			if i == n/2 {
				body = "Harvinainen zyxwvut on tässä."
			}
			docs[i] = Doc{ID: fmt.Sprintf("t/d%d", i), Kind: "card", Title: "Ohje " + words[i*3%len(words)], Body: body, URL: fmt.Sprintf("/t/d%d/", i)}
		}
		x := exportOf(t, docs, nil)
		a := staticSearchIn(t, x.dir, []staticRequest{{Q: "zyxwvut", Limit: 6}})[0]
		if a.Error != "" || len(a.Results) != 1 {
			t.Fatalf("%d documents: zyxwvut found %d (%s)", n, len(a.Results), a.Error)
		}
		for _, f := range a.Files {
			st, err := os.Stat(filepath.Join(x.dir, filepath.FromSlash(f)))
			if err != nil {
				t.Fatal(err)
			}
			loaded[n] += int(st.Size())
			if f == "entry.json" {
				entries[n] = int(st.Size())
			}
		}
		files[n] = a.Files
	}
	t.Logf("a first query loads %d bytes of 100 documents (%q), %d of 800", loaded[100], files[100], loaded[800])
	// The numbers in them differ: documents, files, bytes, a document's number.
	if d := loaded[800] - loaded[100]; len(files[800]) != len(files[100]) || d < -16 || d > 16 {
		t.Errorf("a first query loads %d files, %d bytes, of 100 documents and %d files, %d bytes, of 800; want as many:\n%q\n%q",
			len(files[100]), loaded[100], len(files[800]), loaded[800], files[100], files[800])
	}
	if d := entries[800] - entries[100]; d < 0 || d > 8 {
		t.Errorf("entry.json has %d bytes for 100 documents and %d for 800; want about as many", entries[100], entries[800])
	}
}
