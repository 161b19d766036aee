package generator

import (
	"slices"
	"strings"
	"testing"
)

// mustSite is site for content that must have no diagnostics at all.
func mustSite(tb testing.TB, files map[string]string) *Site {
	tb.Helper()
	s, diags := site(tb, files)
	if len(diags) != 0 {
		tb.Fatalf("diagnostics:\n%v", diags)
	}
	return s
}

func cardIDs(cs []*Card) string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return strings.Join(ids, " ")
}

func TestMinimalSite(t *testing.T) {
	s := mustSite(t, minimal)
	for _, tc := range []struct {
		what      string
		got, want any
	}{
		{"title", s.Title, "Testipankki"},
		{"language", s.Language, "fi"},
		{"theme", s.Theme, "default"},
		{"staleAfterMonths", s.StaleAfterMonths, 12},
		{"base path", s.BasePath, "/"},
		{"segments", len(s.Segments), 3},
		{"areas", len(s.Areas), 2},
		{"tools", len(s.Tools), 1},
		{"cards", cardIDs(s.Cards), "teams/mika-on-teams teams/liity-kokoukseen teams/jaa-naytto"},
		{"drafts", len(s.Drafts), 0},
		{"paths", len(s.Paths), 1},
		{"pages", len(s.Pages), 1},
		{"files", len(s.Files), 0},
		{"tool id", s.Tools[0].ID, "teams"},
		{"tool URL", s.Tools[0].URL, "/tools/teams/"},
		{"tool file", s.Tools[0].File, "tools/teams/_index.md"},
		{"card slug", s.CardByID["teams/liity-kokoukseen"].Slug, "liity-kokoukseen"},
		{"card URL", s.CardByID["teams/liity-kokoukseen"].URL, "/tools/teams/liity-kokoukseen/"},
		{"card updated", s.CardByID["teams/liity-kokoukseen"].Updated.String(), "2024-05-01"},
		{"card tags", strings.Join(s.CardByID["teams/liity-kokoukseen"].Tags, ","), "kokous"},
		{"card pos", s.CardByID["teams/liity-kokoukseen"].Pos.String(), "tools/teams/liity-kokoukseen.md:1:1"},
		{"card body", string(s.CardByID["teams/liity-kokoukseen"].Body), `<h2 id="nain-liityt">Näin liityt</h2>` + "\n" +
			`<p>Avaa <a href="/tools/teams/mika-on-teams/">Teams</a> ja valitse <strong>Liity</strong>.</p>` + "\n"},
		{"card headings", len(s.CardByID["teams/liity-kokoukseen"].Headings), 1},
		{"path id", s.Paths[0].ID, "paths/alku"},
		{"path URL", s.Paths[0].URL, "/paths/alku/"},
		{"page slug", s.Pages[0].Slug, "apua"},
		{"page URL", s.Pages[0].URL, "/apua/"},
		{"menu pages", len(s.MenuPages()), 1},
		{"segment URL", s.Segments[0].URL, "/segments/alkava/"},
		{"area URL", s.Areas[1].URL, "/areas/perhe/"},
		{"help page", s.Help.PageRef, s.PageBySlug["apua"]},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.what, tc.got, tc.want)
		}
	}
}

func TestBasePath(t *testing.T) {
	for _, tc := range []struct{ baseURL, want string }{
		{"https://tietopankki.example.fi/", "/"},
		{"https://tietopankki.example.fi", "/"},
		{"https://intra.example.fi/tietopankki/", "/tietopankki/"},
		{"https://intra.example.fi/tietopankki", "/tietopankki/"},
		{"https://intra.example.fi/a/b/", "/a/b/"},
	} {
		c := Config{BaseURL: tc.baseURL}
		if got := c.BasePath(); got != tc.want {
			t.Errorf("BasePath(%q) got %q, want %q", tc.baseURL, got, tc.want)
		}
	}

	s := mustSite(t, with(minimal, map[string]string{
		"site.yaml": editLines(minimal["site.yaml"], "baseURL: https://tietopankki.example.fi/", "baseURL: https://intra.example.fi/tietopankki"),
	}))
	for _, tc := range []struct{ what, got, want string }{
		{"base path", s.BasePath, "/tietopankki/"},
		{"tool", s.ToolByID["teams"].URL, "/tietopankki/tools/teams/"},
		{"card", s.CardByID["teams/jaa-naytto"].URL, "/tietopankki/tools/teams/jaa-naytto/"},
		{"path", s.PathByID["paths/alku"].URL, "/tietopankki/paths/alku/"},
		{"page", s.PageBySlug["apua"].URL, "/tietopankki/apua/"},
		{"segment", s.SegmentByID["vahva"].URL, "/tietopankki/segments/vahva/"},
		{"area", s.AreaByID["terveys"].URL, "/tietopankki/areas/terveys/"},
		{"link in a body", string(s.PageBySlug["apua"].Body), `<p>Kysy <a href="/tietopankki/tools/teams/">digimentoreilta</a>.</p>` + "\n"},
		{"URLFor", s.URLFor("/feed.xml"), "/tietopankki/feed.xml"},
		{"AbsURL", s.AbsURL("tools/teams/"), "https://intra.example.fi/tietopankki/tools/teams/"},
		{"AbsURL home", s.AbsURL(""), "https://intra.example.fi/tietopankki/"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.what, tc.got, tc.want)
		}
	}
}

func TestAssemble(t *testing.T) {
	s := mustSite(t, minimal)
	teams := s.ToolByID["teams"]
	liity, jaa, mika := s.CardByID["teams/liity-kokoukseen"], s.CardByID["teams/jaa-naytto"], s.CardByID["teams/mika-on-teams"]
	alku := s.PathByID["paths/alku"]
	segIDs := func(ss []*Segment) string {
		var ids []string
		for _, sg := range ss {
			ids = append(ids, sg.ID)
		}
		return strings.Join(ids, " ")
	}
	areaIDs := func(as []*Area) string {
		var ids []string
		for _, a := range as {
			ids = append(ids, a.ID)
		}
		return strings.Join(ids, " ")
	}
	for _, tc := range []struct {
		what      string
		got, want any
	}{
		{"card tool", liity.Tool, teams},
		{"tool cards by weight", cardIDs(teams.Cards), "teams/mika-on-teams teams/liity-kokoukseen teams/jaa-naytto"},
		{"liity segments", segIDs(liity.SegmentRefs), "alkava kokeileva"},
		{"mika segments (everyone)", len(mika.SegmentRefs), 0},
		{"jaa areas", areaIDs(jaa.AreaRefs), "terveys perhe"},
		{"segment pointer", liity.SegmentRefs[0], s.SegmentByID["alkava"]},
		{"segment pointer is the Segments element", liity.SegmentRefs[0], &s.Segments[0]},
		{"alkava cards", cardIDs(s.SegmentByID["alkava"].Cards), "teams/liity-kokoukseen"},
		{"kokeileva cards", cardIDs(s.SegmentByID["kokeileva"].Cards), "teams/liity-kokoukseen"},
		{"vahva cards", cardIDs(s.SegmentByID["vahva"].Cards), "teams/jaa-naytto"},
		{"terveys cards", cardIDs(s.AreaByID["terveys"].Cards), "teams/liity-kokoukseen teams/jaa-naytto"},
		{"perhe cards", cardIDs(s.AreaByID["perhe"].Cards), "teams/jaa-naytto"},
		{"alkava paths", len(s.SegmentByID["alkava"].Paths), 1},
		{"vahva paths", len(s.SegmentByID["vahva"].Paths), 0},
		{"path segment", alku.SegmentRef, s.SegmentByID["alkava"]},
		{"path cards", cardIDs(alku.Cards), "teams/mika-on-teams teams/liity-kokoukseen teams/jaa-naytto"},
		{"ForSegment everyone", mika.ForSegment("vahva"), true},
		{"ForSegment yes", liity.ForSegment("kokeileva"), true},
		{"ForSegment no", liity.ForSegment("vahva"), false},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.what, tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		card       *Card
		index      int
		prev, next *Card
	}{
		{mika, 0, nil, liity},
		{liity, 1, mika, jaa},
		{jaa, 2, liity, nil},
	} {
		t.Run(tc.card.ID, func(t *testing.T) {
			if got, want := len(tc.card.Steps), 1; got != want {
				t.Fatalf("got %d steps, want %d", got, want)
			}
			st := tc.card.Steps[0]
			if st.Path != alku || st.Index != tc.index || st.Number() != tc.index+1 || st.Prev != tc.prev || st.Next != tc.next {
				t.Errorf("step got {%s %d prev=%v next=%v}, want {paths/alku %d prev=%v next=%v}",
					st.Path.ID, st.Index, title(st.Prev), title(st.Next), tc.index, title(tc.prev), title(tc.next))
			}
		})
	}
}

func title(c *Card) string {
	if c == nil {
		return "<nil>"
	}
	return c.Title
}

func TestCardInTwoPaths(t *testing.T) {
	s := mustSite(t, with(minimal, map[string]string{
		"paths/toinen.md": card([]string{
			"title: Toinen",
			"segment: vahva",
			"steps: [teams/jaa-naytto, teams/liity-kokoukseen]",
			"weight: 5",
		}),
	}))
	liity, jaa, mika := s.CardByID["teams/liity-kokoukseen"], s.CardByID["teams/jaa-naytto"], s.CardByID["teams/mika-on-teams"]
	if got, want := len(liity.Steps), 2; got != want {
		t.Fatalf("got %d steps, want %d", got, want)
	}
	// Paths are ordered by weight: alku (0), then toinen (5).
	want := []Step{
		{Path: s.PathByID["paths/alku"], Index: 1, Prev: mika, Next: jaa},
		{Path: s.PathByID["paths/toinen"], Index: 1, Prev: jaa, Next: nil},
	}
	for i, st := range liity.Steps {
		if st != want[i] {
			t.Errorf("step %d got {%s %d %s %s}, want {%s %d %s %s}", i,
				st.Path.ID, st.Index, title(st.Prev), title(st.Next),
				want[i].Path.ID, want[i].Index, title(want[i].Prev), title(want[i].Next))
		}
	}
	if got, want := len(mika.Steps), 1; got != want {
		t.Errorf("mika-on-teams has %d steps, want %d", got, want)
	}
	if got, want := s.SegmentByID["vahva"].Paths, []*Path{s.PathByID["paths/toinen"]}; !slices.Equal(got, want) {
		t.Errorf("vahva paths got %v, want %v", got, want)
	}
}

// TestAssembleAgain checks that Assemble can run again on the same site (the
// dev server does after a change) without doubling any list.
func TestAssembleAgain(t *testing.T) {
	s := mustSite(t, minimal)
	Assemble(s)
	Assemble(s)
	for _, tc := range []struct {
		what      string
		got, want int
	}{
		{"tool cards", len(s.ToolByID["teams"].Cards), 3},
		{"segment cards", len(s.SegmentByID["alkava"].Cards), 1},
		{"segment paths", len(s.SegmentByID["alkava"].Paths), 1},
		{"area cards", len(s.AreaByID["terveys"].Cards), 2},
		{"path cards", len(s.PathByID["paths/alku"].Cards), 3},
		{"card steps", len(s.CardByID["teams/liity-kokoukseen"].Steps), 1},
		{"card segments", len(s.CardByID["teams/liity-kokoukseen"].SegmentRefs), 2},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.what, tc.got, tc.want)
		}
	}
}

func TestCardsByTool(t *testing.T) {
	s := mustSite(t, with(minimal, map[string]string{
		"tools/omaolo/_index.md":   lines("---", "title: Omaolo", "purpose: Omaolossa asioit.", "---", "Omaolo."),
		"tools/omaolo/kirjaudu.md": card([]string{"title: Kirjaudu", "summary: Näin kirjaudut.", "areas: [terveys]"}),
	}))
	type group struct{ tool, cards string }
	var got []group
	for _, g := range s.AreaByID["terveys"].CardsByTool() {
		got = append(got, group{g.Tool.ID, cardIDs(g.Cards)})
	}
	want := []group{
		{"omaolo", "omaolo/kirjaudu"},
		{"teams", "teams/liity-kokoukseen teams/jaa-naytto"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("CardsByTool got\n%v\nwant\n%v", got, want)
	}
}

func TestRecent(t *testing.T) {
	s := mustSite(t, with(minimal, map[string]string{
		"tools/teams/sama-paiva.md": card([]string{"title: Sama päivä", "summary: S.", "updated: 2024-06-01"}),
		"tools/teams/vanha.md":      card([]string{"title: Vanha", "summary: V.", "updated: 2020-01-31"}),
	}))
	for _, tc := range []struct {
		n    int
		want string
	}{
		{10, "teams/jaa-naytto teams/sama-paiva teams/liity-kokoukseen teams/vanha"},
		{2, "teams/jaa-naytto teams/sama-paiva"},
		{1, "teams/jaa-naytto"},
		{0, ""},
	} {
		if got := cardIDs(s.Recent(tc.n)); got != tc.want {
			t.Errorf("Recent(%d) got %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestDraftsLeftOut(t *testing.T) {
	s := mustSite(t, with(minimal, map[string]string{
		"tools/teams/luonnos.md": card([]string{
			"title: Luonnos",
			"summary: Kesken.",
			"segments: [alkava]",
			"areas: [terveys]",
			"updated: 2030-01-01",
			"draft: true",
		}),
	}))
	d := s.Drafts
	if len(d) != 1 || d[0].ID != "teams/luonnos" {
		t.Fatalf("Drafts got %v, want teams/luonnos", cardIDs(d))
	}
	for _, tc := range []struct {
		what  string
		cards []*Card
	}{
		{"Cards", s.Cards},
		{"tool cards", s.ToolByID["teams"].Cards},
		{"segment cards", s.SegmentByID["alkava"].Cards},
		{"area cards", s.AreaByID["terveys"].Cards},
		{"Recent", s.Recent(10)},
	} {
		if slices.Contains(tc.cards, d[0]) {
			t.Errorf("%s contains the draft: %s", tc.what, cardIDs(tc.cards))
		}
	}
	if s.CardByID["teams/luonnos"] != nil {
		t.Error("CardByID has the draft")
	}
	for _, g := range s.AreaByID["terveys"].CardsByTool() {
		if slices.Contains(g.Cards, d[0]) {
			t.Error("CardsByTool has the draft")
		}
	}
	for _, v := range Views(s) {
		if v.Card == d[0] {
			t.Errorf("view %s shows the draft", v.Rel)
		}
	}
	// The draft is still linked, for `check`.
	if d[0].Tool != s.ToolByID["teams"] {
		t.Error("the draft has no tool")
	}
}

// TestCardOrder checks that cards are ordered by tool (weight, then title),
// then by their weight, then title.
func TestCardOrder(t *testing.T) {
	s := mustSite(t, with(minimal, map[string]string{
		"tools/teams/_index.md":     card([]string{"title: Teams", "purpose: P.", "weight: 10"}),
		"tools/onedrive/_index.md":  card([]string{"title: OneDrive", "purpose: P.", "weight: 1"}),
		"tools/onedrive/b.md":       card([]string{"title: Bee", "summary: B."}),
		"tools/onedrive/a.md":       card([]string{"title: Aa", "summary: A."}),
		"tools/onedrive/painava.md": card([]string{"title: Aaa", "summary: P.", "weight: 9"}),
		"tools/chatbot/_index.md":   card([]string{"title: Chatbot", "purpose: P.", "weight: 1"}),
		"tools/chatbot/kysy.md":     card([]string{"title: Kysy", "summary: K."}),
		"tools/teams/sama-paino.md": card([]string{"title: Aloita", "summary: A.", "weight: 10"}),
	}))
	var tools []string
	for _, tl := range s.Tools {
		tools = append(tools, tl.ID)
	}
	if got, want := strings.Join(tools, " "), "chatbot onedrive teams"; got != want {
		t.Errorf("tools got %q, want %q", got, want)
	}
	if got, want := cardIDs(s.Cards), "chatbot/kysy onedrive/a onedrive/b onedrive/painava teams/mika-on-teams teams/sama-paino teams/liity-kokoukseen teams/jaa-naytto"; got != want {
		t.Errorf("cards got\n%s\nwant\n%s", got, want)
	}
}

// TestLoadPublishesLinkedAttachments checks that the attachments pages link
// to are published and copied as they are, and that one no page links to
// is reported and left out, like dotfiles (which are not even reported).
func TestLoadPublishesLinkedAttachments(t *testing.T) {
	files := with(minimal, map[string]string{
		"tools/teams/liity-kokoukseen.md": minimal["tools/teams/liity-kokoukseen.md"] +
			"![Liity-painike](liity-kokoukseen/kuva.png)\n\n[Kartta](../../apua/kartta.pdf)\n",
		"apua.md":                               minimal["apua.md"] + "\n![Kaavio](/tools/teams/liity-kokoukseen/b.svg)\n",
		"tools/teams/liity-kokoukseen/kuva.png": testPNG,
		"tools/teams/liity-kokoukseen/b.svg":    testSVG,
		"tools/teams/liity-kokoukseen/c.svg":    testSVG,
		"apua/kartta.pdf":                       testPDF,
		"tools/teams/.DS_Store":                 "x",
	})
	s, diags := site(t, files)
	if p := diagProblems(diags, []wantDiag{
		wantWarn("tools/teams/liity-kokoukseen/c.svg:1:1", "unlinked-file", `no page links to "c.svg", so it is not published`, "add the picture"),
	}); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
	if got, want := strings.Join(s.Files, " "), "apua/kartta.pdf tools/teams/liity-kokoukseen/b.svg tools/teams/liity-kokoukseen/kuva.png"; got != want {
		t.Errorf("Files got %q, want %q", got, want)
	}
	out := NewMemOutput()
	if err := CopyFiles(t.Context(), mapFS(files), s, out); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(out.Names(), " "), strings.Join(s.Files, " "); got != want {
		t.Errorf("CopyFiles wrote %q, want %q", got, want)
	}
	if b, _ := out.File("apua/kartta.pdf"); string(b) != testPDF {
		t.Errorf("apua/kartta.pdf got %q, want %q", b, testPDF)
	}
}

// TestDraftFilesLeftOut checks that the images of a draft card are not
// published with the site, nor reported as unlinked.
func TestDraftFilesLeftOut(t *testing.T) {
	s := mustSite(t, with(minimal, map[string]string{
		"tools/teams/luonnos.md":          card([]string{"title: Luonnos", "summary: Kesken.", "draft: true"}, "![Salainen kuva](luonnos/kuva.png)"),
		"tools/teams/luonnos/kuva.png":    testPNG,
		"tools/teams/jaa-naytto.md":       minimal["tools/teams/jaa-naytto.md"] + "![Jaa-painike](jaa-naytto/kuva.png)\n",
		"tools/teams/jaa-naytto/kuva.png": testPNG,
	}))
	if got, want := strings.Join(s.Files, " "), "tools/teams/jaa-naytto/kuva.png"; got != want {
		t.Errorf("Files got %q, want %q", got, want)
	}
}

// TestWindowsFiles loads files as Windows editors save them: with CRLF line
// ends, and with a UTF-8 byte order mark.
func TestWindowsFiles(t *testing.T) {
	t.Run("CRLF", func(t *testing.T) {
		crlf := strings.ReplaceAll(card([]string{"title: X", "summary: a", "weight: abc"}, "", "Käynnistä [a](mika-on-teams.md)", "", "## Vaihe"), "\n", "\r\n")
		s, diags := site(t, with(minimal, map[string]string{x: crlf}))
		for _, p := range diagProblems(diags, []wantDiag{wantErr(x+":4:9", "bad-value", "weight should be a whole number", "e.g. 10")}) {
			t.Error(p)
		}
		c := s.CardByID["teams/x"]
		if c == nil {
			t.Fatal("card not loaded")
		}
		if got, want := string(c.Body), "<p>Käynnistä <a href=\"/tools/teams/mika-on-teams/\">a</a></p>\n<h2 id=\"vaihe\">Vaihe</h2>\n"; got != want {
			t.Errorf("body got %q, want %q", got, want)
		}
	})
	t.Run("byte order mark", func(t *testing.T) {
		s, diags := site(t, with(minimal, map[string]string{x: "\ufeff" + card(okCard, "Teksti.")}))
		c := s.CardByID["teams/x"]
		if len(diags) != 0 || c == nil || c.Title != "Kortti" || string(c.Body) != "<p>Teksti.</p>\n" {
			t.Errorf("diagnostics %v, card %+v", diags, c)
		}
	})
}
