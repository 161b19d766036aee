package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"tietopankki/i18n"
	"tietopankki/themes"
)

// LoadSite runs the stages up to a linked site: LoadConfig, the theme
// (FindTheme), Load, Validate and Assemble. Content problems come back as
// diagnostics; err is for problems that are not the content's (a broken
// theme). With errors in site.yaml the site and theme are nil. When content
// comes from Content(dir), cards without an `updated` date get the date of
// their file's last git commit. Options (WithDrafts) apply before
// validation.
func LoadSite(content fs.FS, themesDir string, opts ...LoadOption) (*Site, *Theme, Diagnostics, error) {
	return LoadSiteContext(context.Background(), content, themesDir, opts...)
}

// LoadSiteContext is LoadSite for a build that may be stopped: when ctx
// ends, loading stops between files and err is ctx's error.
func LoadSiteContext(ctx context.Context, content fs.FS, themesDir string, opts ...LoadOption) (*Site, *Theme, Diagnostics, error) {
	cfg, diags := LoadConfig(content)
	if diags.HasErrors() {
		return nil, nil, diags, nil
	}
	theme, err := FindTheme(cfg, themesDir)
	if errors.Is(err, errNoLanguage) {
		return nil, nil, append(diags, badLanguage(cfg)...), nil
	}
	if err != nil {
		return nil, nil, diags, err
	}
	site, d := load(ctx, content, cfg, NewMarkdown(theme.Labels(), theme.IDs()...))
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	if dir, ok := content.(interface{ Root() string }); ok {
		site.applyGitDates(GitDates(dir.Root()))
	}
	for _, o := range opts {
		o(site)
	}
	diags = append(diags, d...)
	diags = append(diags, Validate(site)...)
	diags.Sort()
	Assemble(site)
	return site, theme, diags, nil
}

// A LoadOption changes what LoadSite makes of the content.
type LoadOption func(*Site)

// WithDrafts makes a preview: drafts get their pages (see Site.Preview).
func WithDrafts(s *Site) { s.Preview = true }

// WithSourceDate gives the build's date (SOURCE_DATE_EPOCH, as
// reproducible builds define it): the cards' age is reckoned from it when
// it is later than the newest date in the content (Site.Today).
func WithSourceDate(t time.Time) LoadOption {
	y, m, d := t.UTC().Date()
	day := Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	return func(s *Site) { s.SourceDate = day }
}

// searchMode is the one place a page's search mode is decided, written
// into every page (<body data-search>) for search.js: "server" asks the
// API first (and falls back to the static index where it does not answer),
// "static" searches the static export in the browser and never asks the
// API. site.yaml's server or static is kept; auto becomes server where the
// pages are served with the API (BuildOptions.SearchAPI) and static anywhere else,
// so that a page on a static host (no server at all) makes no request that
// fails.
func searchMode(configured string, api bool) string {
	if configured == SearchServer || configured == SearchStatic {
		return configured
	}
	if api {
		return SearchServer
	}
	return SearchStatic
}

// The search modes of site.yaml (Config.Search).
const (
	SearchAuto   = "auto"
	SearchServer = "server"
	SearchStatic = "static"
)

// FindTheme loads the site's theme: the folder themesDir/<theme> on disk
// wins over the built-in theme of the same name.
func FindTheme(cfg *Config, themesDir string) (*Theme, error) {
	var fsys fs.FS
	if dir := ThemeDir(cfg, themesDir); dir != "" {
		fsys = os.DirFS(dir)
	} else {
		sub, err := fs.Sub(themes.FS, cfg.Theme)
		if err == nil {
			_, err = fs.Stat(sub, "layouts/base.html")
		}
		if err != nil {
			return nil, fmt.Errorf("site.yaml: theme %q is neither in %s nor built in", cfg.Theme, themesDir)
		}
		fsys = sub
	}
	return LoadTheme(fsys, cfg.Theme, cfg.Language, cfg.BasePath())
}

// ThemeDir returns the folder of the site's theme on disk, or "" when the
// built-in theme is used.
func ThemeDir(cfg *Config, themesDir string) string {
	if themesDir == "" {
		return ""
	}
	dir := filepath.Join(themesDir, cfg.Theme)
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return dir
	}
	return ""
}

// badLanguage reports a site language that has no catalogue, at its line
// of site.yaml, with the languages there are.
func badLanguage(cfg *Config) Diagnostics {
	var d diags
	d.error(cfg.keyPos("language"), "bad-value", i18n.M("diag.bad-value.language", cfg.Language),
		i18n.M("diag.bad-value.language.hint", strings.Join(i18n.Languages(), ", ")))
	return d.list
}

// BuildOptions say what Build makes besides the pages and files.
type BuildOptions struct {
	// Load runs the stages up to a linked site. nil: LoadSiteContext with
	// Themes and LoadOptions.
	Load        func(ctx context.Context, content fs.FS) (*Site, *Theme, Diagnostics, error)
	Themes      string // the themes folder (FindTheme)
	LoadOptions []LoadOption
	Render      RenderOptions
	// Shell writes the site shell (WriteShell) for servers that have only
	// the output folder.
	Shell bool
	// SearchAPI says that a server with the search API (GET <base>api/search)
	// will serve the pages: the dev server, `serve --production` and Netlify
	// with the search function (`build --search-api`). It decides what
	// site.yaml's `search: auto` becomes (searchMode).
	SearchAPI bool
	// Index indexes the site for search, beside rendering, and returns how
	// many documents it indexed (package search's Stage). nil: no index.
	Index func(ctx context.Context, site *Site, out Output) (docs int, err error)
	// Finish writes files after the pages and the content's files, so
	// that no content file of the same name can replace them (the Netlify
	// headers).
	Finish func(site *Site, out Output) error
}

// Built is what one Build made, and how long each stage took.
type Built struct {
	Site   *Site
	Theme  *Theme
	Diags  Diagnostics
	Pages  int // pages rendered
	Docs   int // documents indexed
	Stages []Stage
	mu     sync.Mutex
}

// Stage is how long one stage of a build took.
type Stage struct {
	Name string
	Took time.Duration
}

func (b *Built) time(name string, since time.Time) {
	b.mu.Lock()
	b.Stages = append(b.Stages, Stage{name, time.Since(since)})
	b.mu.Unlock()
}

// ErrContent stops a build whose content has errors (they are in
// Built.Diags).
var ErrContent = errors.New("content has errors")

// Build is the pipeline, the one place its stages are put together:
//
//	load     LoadSite: config, theme, Load, Validate, Assemble
//	render   Render: pages, feed, sitemap, assets, service worker
//	copy     CopyFiles: the content's images and attachments
//	finish   WriteShell (with Shell) and opts.Finish
//	index    opts.Index, beside render, copy and finish
//
// When the content has errors Build stops after loading with ErrContent.
// When ctx ends every stage stops at its next file, page or batch of
// documents and Build returns ctx's error. The result is never nil.
func Build(ctx context.Context, content fs.FS, out Output, opts BuildOptions) (*Built, error) {
	b := &Built{}
	t := time.Now()
	load := opts.Load
	if load == nil {
		load = func(ctx context.Context, content fs.FS) (*Site, *Theme, Diagnostics, error) {
			return LoadSiteContext(ctx, content, opts.Themes, opts.LoadOptions...)
		}
	}
	site, theme, diags, err := load(ctx, content)
	b.Site, b.Theme, b.Diags = site, theme, diags
	b.time("load", t)
	if err != nil {
		return b, err
	}
	if diags.HasErrors() {
		return b, ErrContent
	}
	site.Config.Search = searchMode(site.Config.Search, opts.SearchAPI)
	indexed := make(chan error, 1)
	go func() {
		if opts.Index == nil {
			indexed <- nil
			return
		}
		t := time.Now()
		docs, err := opts.Index(ctx, site, out)
		b.Docs = docs
		b.time("index", t)
		indexed <- err
	}()
	err = b.render(ctx, content, out, opts)
	return b, errors.Join(err, <-indexed)
}

// render runs the stages that write pages and files.
func (b *Built) render(ctx context.Context, content fs.FS, out Output, opts BuildOptions) error {
	t := time.Now()
	b.Pages = len(Views(b.Site))
	if err := Render(ctx, b.Site, b.Theme, out, opts.Render); err != nil {
		return err
	}
	b.time("render", t)
	t = time.Now()
	if err := CopyFiles(ctx, content, b.Site, out); err != nil {
		return err
	}
	b.time("copy", t)
	t = time.Now()
	if opts.Shell {
		if err := WriteShell(b.Site, b.Theme, out); err != nil {
			return err
		}
	}
	if opts.Finish != nil {
		if err := opts.Finish(b.Site, out); err != nil {
			return err
		}
	}
	b.time("finish", t)
	return nil
}

// BuildInto builds into the folder dir through Publish: dir changes only
// when the build succeeds. Its last stage, publish, is the swap.
func BuildInto(ctx context.Context, content fs.FS, dir string, opts BuildOptions) (*Built, error) {
	var b *Built
	var done time.Time
	err := Publish(dir, func(out DirOutput) error {
		var err error
		b, err = Build(ctx, content, out, opts)
		done = time.Now()
		return err
	})
	if b != nil && err == nil {
		b.time("publish", done)
	}
	return b, err
}
