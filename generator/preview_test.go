package generator

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// draftFiles is the minimal site with a draft card that has a picture.
var draftFiles = with(minimal, map[string]string{
	"tools/teams/luonnos.md": card([]string{"title: Luonnos kesken", "summary: Tämä on vielä kesken.", "draft: true", "updated: 2030-01-01"},
		"Katso kuva.", "", "![Kuvaus kuvasta](luonnos/kuva.png)"),
	"tools/teams/luonnos/kuva.png": testPNG,
})

// renderLoaded loads files with LoadSite and options and renders them.
func renderLoaded(tb testing.TB, files map[string]string, opts ...LoadOption) renderedSite {
	tb.Helper()
	fsys := mapFS(files)
	s, th, diags, err := LoadSite(fsys, "", opts...)
	if err != nil || diags.HasErrors() {
		tb.Fatalf("loading: %v %v", err, diags)
	}
	out := NewMemOutput()
	if err := Render(tb.Context(), s, th, out, RenderOptions{Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}); err != nil {
		tb.Fatal(err)
	}
	if err := CopyFiles(tb.Context(), fsys, s, out); err != nil {
		tb.Fatal(err)
	}
	return renderedSite{Site: s, Out: out}
}

// TestDraftsArePreviewedNotPublished: the published build leaves a draft
// out everywhere; the preview (the dev server) shows it, marked, but keeps
// it out of the sitemap and the feed too.
func TestDraftsArePreviewedNotPublished(t *testing.T) {
	page, picture := "tools/teams/luonnos/index.html", "tools/teams/luonnos/kuva.png"

	pub := renderLoaded(t, draftFiles)
	for _, f := range []string{page, picture} {
		if _, ok := pub.Out.File(f); ok {
			t.Errorf("the published build has the draft's %s", f)
		}
	}
	if tool := string(pub.file(t, "tools/teams/index.html")); strings.Contains(tool, "Luonnos kesken") {
		t.Error("the published tool page lists the draft")
	}

	pre := renderLoaded(t, draftFiles, WithDrafts)
	body := string(pre.file(t, page))
	if !strings.Contains(body, `<p class="draft-banner">Luonnos – ei vielä julkaistu</p>`) {
		t.Errorf("the draft's page has no draft banner:\n%s", body)
	}
	if strings.Contains(body, "style=") {
		t.Error("the banner is styled inline")
	}
	if _, ok := pre.Out.File(picture); !ok {
		t.Error("the preview lacks the draft's picture")
	}
	tool := string(pre.file(t, "tools/teams/index.html"))
	if !strings.Contains(tool, "Luonnos kesken") || !strings.Contains(tool, `<span class="badge badge-draft">Luonnos</span>`) {
		t.Error("the preview's tool page does not list the draft, marked as a draft")
	}
	if pub := string(pre.file(t, "tools/teams/jaa-naytto/index.html")); strings.Contains(pub, "draft-banner") {
		t.Error("a published card has the draft banner")
	}
	for _, r := range []renderedSite{pub, pre} {
		for _, f := range []string{"sitemap.xml", "feed.xml"} {
			if b := string(r.file(t, f)); strings.Contains(b, "luonnos") {
				t.Errorf("%s (preview %v) names the draft:\n%s", f, r.Site.Preview, b)
			}
		}
	}
}

// TestApplyDrafts: the dev server's incremental build shows a new draft in
// the preview, and publishing a draft publishes its pictures.
func TestApplyDrafts(t *testing.T) {
	base := with(minimal, map[string]string{"tools/teams/luonnos/kuva.png": testPNG})
	s, _, diags, err := LoadSite(mapFS(base), "", WithDrafts)
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	up := Apply(s, mapFS(draftFiles), NewMarkdown(testLabels), []string{"tools/teams/luonnos.md"})
	if up.Diags.HasErrors() || up.Full {
		t.Fatalf("update: full %v, %v", up.Full, up.Diags)
	}
	var views []string
	for _, v := range up.Views {
		views = append(views, v.File())
	}
	if !slices.Contains(views, "tools/teams/luonnos/index.html") || !slices.Contains(views, "tools/teams/index.html") {
		t.Errorf("a new draft in the preview renders %v; want its page and its tool's", views)
	}
	if len(up.Changed.Cards) != 1 || up.Changed.Cards[0].ID != "teams/luonnos" {
		t.Errorf("the draft is not indexed for the preview's search: %v", up.Changed.Cards)
	}

	// Without the preview, a draft's picture waits until the card is published.
	s, _, _, _ = LoadSite(mapFS(draftFiles), "")
	if slices.Contains(s.Files, "tools/teams/luonnos/kuva.png") {
		t.Fatal("a draft's picture is among the published files")
	}
	published := with(draftFiles, map[string]string{"tools/teams/luonnos.md": strings.Replace(draftFiles["tools/teams/luonnos.md"], "draft: true\n", "", 1)})
	up = Apply(s, mapFS(published), NewMarkdown(testLabels), []string{"tools/teams/luonnos.md"})
	if up.Diags.HasErrors() {
		t.Fatal(up.Diags)
	}
	if !slices.Contains(up.Copy, "tools/teams/luonnos/kuva.png") || !slices.Contains(up.Site.Files, "tools/teams/luonnos/kuva.png") {
		t.Errorf("publishing a draft does not publish its picture: copy %v, files %v", up.Copy, up.Site.Files)
	}
}
