package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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
