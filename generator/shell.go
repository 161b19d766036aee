package generator

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
)

// Shell files: what pages rendered at request time (the search results
// page) need from a build, kept in the output folder so that a server with
// only the output folder (the Netlify function, `serve --production`)
// renders them in the site's own theme.
const (
	ShellDir       = "_search"
	shellSiteFile  = ShellDir + "/site.json"
	shellThemeDir  = ShellDir + "/theme"
	shellThemeName = "theme.json"
)

type shellSite struct {
	Config   Config          `json:"config"`
	Tools    []shellTool     `json:"tools"`
	Pages    []shellPage     `json:"pages"`
	Glossary []GlossaryEntry `json:"glossary"`
}

type shellTool struct{ ID, Title, Purpose, URL string }

type shellPage struct {
	Slug, Title, URL string
	Menu             bool
}

type shellTheme struct{ Name, Lang, BasePath string }

// WriteShell writes the shell of a site and its theme to out.
func WriteShell(s *Site, t *Theme, out Output) error {
	sh := shellSite{Config: s.Config, Glossary: s.Glossary}
	sh.Config.Segments = make([]Segment, len(s.Segments))
	for i, sg := range s.Segments {
		sh.Config.Segments[i] = Segment{ID: sg.ID, Name: sg.Name, Summary: sg.Summary, Traits: sg.Traits, Needs: sg.Needs}
	}
	sh.Config.Areas = make([]Area, len(s.Areas))
	for i, a := range s.Areas {
		sh.Config.Areas[i] = Area{ID: a.ID, Name: a.Name}
	}
	sh.Config.Help.PageRef = nil
	for _, tl := range s.Tools {
		sh.Tools = append(sh.Tools, shellTool{tl.ID, tl.Title, tl.Purpose, tl.URL})
	}
	for _, p := range s.Pages {
		sh.Pages = append(sh.Pages, shellPage{p.Slug, p.Title, p.URL, p.Menu})
	}
	b, err := json.MarshalIndent(sh, "", " ")
	if err != nil {
		return err
	}
	if err := out.WriteFile(shellSiteFile, b); err != nil {
		return err
	}
	b, _ = json.Marshal(shellTheme{t.Name, t.Lang, t.basePath})
	if err := out.WriteFile(shellThemeDir+"/"+shellThemeName, b); err != nil {
		return err
	}
	return fs.WalkDir(t.src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(t.src, p)
		if err != nil {
			return err
		}
		return out.WriteFile(path.Join(shellThemeDir, p), b)
	})
}

// ReadShell reads a site's shell and theme from a built output folder.
// The site has its configuration, tools and pages, but no cards.
func ReadShell(out fs.FS) (*Site, *Theme, error) {
	b, err := fs.ReadFile(out, shellSiteFile)
	if err != nil {
		return nil, nil, fmt.Errorf("no site shell in the output folder (run build first): %w", err)
	}
	var sh shellSite
	if err := json.Unmarshal(b, &sh); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", shellSiteFile, err)
	}
	s := &Site{Config: sh.Config, Glossary: sh.Glossary}
	s.BasePath = s.Config.BasePath()
	for _, tl := range sh.Tools {
		s.Tools = append(s.Tools, &Tool{ID: tl.ID, Title: tl.Title, Purpose: tl.Purpose, Doc: Doc{URL: tl.URL}})
	}
	for _, p := range sh.Pages {
		s.Pages = append(s.Pages, &Page{Slug: p.Slug, Title: p.Title, Menu: p.Menu, Doc: Doc{URL: p.URL}})
	}
	for i := range s.Segments {
		s.Segments[i].URL = s.URLFor("segments/" + s.Segments[i].ID + "/")
	}
	for i := range s.Areas {
		s.Areas[i].URL = s.URLFor("areas/" + s.Areas[i].ID + "/")
	}
	s.index()
	if s.Help.Page != "" {
		s.Help.PageRef = s.PageBySlug[s.Help.Page]
	}
	themeFS, err := fs.Sub(out, shellThemeDir)
	if err != nil {
		return nil, nil, err
	}
	b, err = fs.ReadFile(themeFS, shellThemeName)
	if err != nil {
		return nil, nil, fmt.Errorf("no theme in the site shell: %w", err)
	}
	var st shellTheme
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, nil, err
	}
	t, err := LoadTheme(themeFS, st.Name, st.Lang, st.BasePath)
	return s, t, err
}
