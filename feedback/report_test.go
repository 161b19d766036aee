package feedback

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"tietopankki/i18n"
	"tietopankki/search"
)

func TestImportNetlifyCSV(t *testing.T) {
	s := openStore(t, t.TempDir(), Options{Now: newClock("2026-02-10").now})
	f, err := os.Open("testdata/netlify-palaute.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	res, err := s.ImportCSV(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 4 || res.Skipped != 2 || res.Duplicates != 0 {
		t.Errorf("import: %+v, want 4 added and 2 skipped (spam, a bad answer)", res)
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != 8 || !strings.Contains(i18n.MustGet("fi").Format(res.Problems[0].Msg), "Valitse Kyllä tai Ei") {
		t.Errorf("problems: %+v", res.Problems)
	}
	got := stored(t, s)
	want := []Entry{
		{Day: "2026-02-03", Page: "tools/teams/liity/", Helpful: true},
		{Day: "2026-02-03", Page: "tools/teams/liity/", Comment: "Ohjeessa ei kerrottu, miten kameran saa päälle.\nSoita minulle [poistettu]."},
		{Day: "2026-02-04", Page: "search/", Comment: "Etsin ohjetta potilaan [poistettu] etäajan siirtämiseen", Query: "etaaika siirto"},
		{Day: "2026-02-05", Page: "tools/omaolo/kirjaudu/", Helpful: true},
	}
	if len(got) != len(want) {
		t.Fatalf("stored %+v", got)
	}
	for i := range want {
		// created_at is UTC; the day is the local one, which can differ
		// for 21:59Z: compare days only where they cannot.
		if i == 3 {
			got[i].Day = want[i].Day
		}
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Nothing of the sender is stored anywhere.
	for _, e := range got {
		for _, bad := range []string{"203.0.113", "Mozilla", "https://"} {
			if strings.Contains(e.Comment+e.Page+e.Query, bad) {
				t.Errorf("%q stored: %+v", bad, e)
			}
		}
	}
	// The same export again adds nothing.
	f.Seek(0, 0)
	res, err = s.ImportCSV(ctx, f)
	if err != nil || res.Added != 0 || res.Duplicates != 4 {
		t.Errorf("second import: %+v, %v; want 4 duplicates", res, err)
	}
	if _, err := s.ImportCSV(ctx, strings.NewReader("name,email\nMatti,m@example.fi\n")); err == nil || !strings.Contains(err.Error(), `"page"`) {
		t.Errorf("a CSV of another form: %v", err)
	}
}

// testIndex builds a real search index of a few documents.
func testIndex(t *testing.T) *search.Index {
	t.Helper()
	docs := []search.Doc{
		{ID: "teams/liity", Kind: "card", Title: "Liity Teams-kokoukseen", Summary: "Näin liityt kokoukseen.", Body: "Avaa kutsu ja valitse Liity.", URL: "/tools/teams/liity/", Tool: "teams", ToolTitle: "Teams"},
		{ID: "omaolo/etaaika", Kind: "card", Title: "Etäajan varaaminen", Summary: "Varaa etäaika asiakkaalle.", Body: "Etäaika varataan Omaolossa.", URL: "/tools/omaolo/etaaika/", Tool: "omaolo", ToolTitle: "Omaolo"},
	}
	ix, err := search.Create(context.Background(), filepath.Join(t.TempDir(), "index"), docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestIndexMatch(t *testing.T) {
	match := IndexMatch(testIndex(t), "https://tp.example.fi/")
	if m := match("etaaika"); m == nil || !m.Found || m.Title != "Etäajan varaaminen" || m.URL != "https://tp.example.fi/tools/omaolo/etaaika/" {
		t.Errorf("a query the index finds: %+v", m)
	}
	// No document has the word; its longest beginning that one has is
	// "etaajan".
	if m := match("etaajanvarausjarjestelma"); m == nil || m.Found || m.Title != "Etäajan varaaminen" {
		t.Errorf("a guess: %+v", m)
	}
	if m := match("kvanttipuhelin"); m != nil {
		t.Errorf("a query with no word found: %+v", m)
	}
}

func TestWriteReport(t *testing.T) {
	clk := newClock("2026-03-01")
	s := openStore(t, t.TempDir(), Options{Now: clk.now})
	ctx := context.Background()
	for _, e := range []Entry{
		{Page: "tools/teams/liity/", Helpful: true},
		{Page: "tools/teams/liity/", Comment: "<script>alert(1)</script> puuttui"},
		{Page: SearchPage, Query: "etaajanvarausjarjestelma", Comment: "Etsin siirtoa."},
	} {
		if err := s.Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	s.CountSearch("kvanttipuhelin")
	s.Add(ctx, Entry{Page: "tools/omaolo/etaaika/", Helpful: true}) // after the count
	build := fstest.MapFS{
		"tools/teams/liity/index.html":    {Data: []byte("<html><head><title>Liity Teams-kokoukseen – Tietopankki</title>")},
		"tools/omaolo/etaaika/index.html": {Data: []byte("<title>Et&auml;ajan varaaminen – Tietopankki</title>")},
	}
	rep, err := s.Report(ctx, "", Lookup{Title: FileTitles(build, "/"), Match: IndexMatch(testIndex(t), "")})
	if err != nil {
		t.Fatal(err)
	}
	fi := i18n.MustGet("fi")

	var text bytes.Buffer
	if err := Write(&text, rep, "text", fi, ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Palaute ohjeista", "Kaikki palaute 2026-03-01 asti", "Liity Teams-kokoukseen (/tools/teams/liity/)", "50 %",
		"2026-03-01 ei: <script>alert(1)</script> puuttui", `"etaajanvarausjarjestelma"`, "Etäajan varaaminen (arvaus)", `"kvanttipuhelin"`, "ei arvausta", "Etsin siirtoa."} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the text report lacks %q:\n%s", want, text.String())
		}
	}

	var js bytes.Buffer
	if err := Write(&js, rep, "json", fi, ""); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Pages) != 2 || back.Pages[0].Title != "Liity Teams-kokoukseen" || back.Pages[0].Share != 0.5 || len(back.Searches) != 2 {
		t.Errorf("JSON report: %s", js.String())
	}

	var page bytes.Buffer
	if err := Write(&page, rep, "html", fi, "/assets/app.css"); err != nil {
		t.Fatal(err)
	}
	h := page.String()
	for _, want := range []string{`<html lang="fi">`, `<link rel="stylesheet" href="/assets/app.css">`, `<th scope="row"><a href="/tools/teams/liity/">Liity Teams-kokoukseen</a></th>`,
		"&lt;script&gt;alert(1)&lt;/script&gt; puuttui", `<a href="/tools/omaolo/etaaika/">Etäajan varaaminen (arvaus)</a>`, "ei arvausta"} {
		if !strings.Contains(h, want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>", "style=", "<style"} {
		if strings.Contains(h, bad) {
			t.Errorf("the HTML report has %q", bad)
		}
	}
	var en bytes.Buffer
	Write(&en, rep, "text", i18n.MustGet("en"), "")
	if !strings.Contains(en.String(), "Feedback on the guides") || !strings.Contains(en.String(), "50%") {
		t.Errorf("the English report:\n%s", en.String())
	}

}
