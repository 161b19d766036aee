package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"tietopankki/i18n"
	"tietopankki/maturity"
)

// PageKinds are the layouts every theme provides, one per kind of page.
var PageKinds = []string{"home", "tool", "card", "segment", "path", "area", "page", "glossary", "search", "404", "feedback"}

// OptionalKinds are the layouts a theme provides for sites that use what
// they show: the maturity meter's pages (a site with content/maturity/
// needs them) and the offline page (a site with offline: true needs it).
var OptionalKinds = []string{"maturity", "maturity-tool", "maturity-units", "maturity-unit", "offline"}

// unhashedAssets keep their names: a service worker must stay at one URL.
var unhashedAssets = map[string]bool{"sw.js": true}

// Theme is a parsed theme: one template per page kind, the UI strings of
// the site's language, and the theme's assets under fingerprinted names.
type Theme struct {
	Name      string
	Lang      string
	Strings   *i18n.Catalog // the language's catalogue with the theme's own strings on top
	templates map[string]*template.Template
	assets    map[string]string // "app.css" -> "assets/app.3f9c1e2a.css"
	files     map[string][]byte // fingerprinted path -> content
	src       fs.FS
	basePath  string
}

// errNoLanguage: neither the program nor the theme has the strings of
// the site's language.
var errNoLanguage = errors.New("no UI strings for language")

// LoadTheme parses the theme in fsys (the theme's own folder) for a
// language and a site base path ("/" or "/tietopankki/"). Every layout
// must be there. The UI strings are the language's catalogue (package
// i18n) with the theme's own i18n/<lang>.yaml, when it has one, on top; a
// language needs one or the other.
func LoadTheme(fsys fs.FS, name, lang, basePath string) (*Theme, error) {
	t := &Theme{Name: name, Lang: lang, templates: map[string]*template.Template{},
		assets: map[string]string{}, files: map[string][]byte{}, src: fsys, basePath: basePath}
	cat, builtin := i18n.Get(lang)
	own, err := fs.ReadFile(fsys, "i18n/"+lang+".yaml")
	switch {
	case err == nil:
		m, err := i18n.Parse(own)
		if err != nil {
			return nil, fmt.Errorf("theme %s: i18n/%s.yaml: %v", name, lang, err)
		}
		if !builtin {
			cat = i18n.MustGet("en")
		}
		t.Strings = cat.With(m)
	case builtin:
		t.Strings = cat
	default:
		return nil, fmt.Errorf("%w %q: there is no catalogue i18n/%s.yaml", errNoLanguage, lang, lang)
	}
	entries, err := fs.ReadDir(fsys, "assets")
	if err != nil {
		return nil, fmt.Errorf("theme %s: %v", name, err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, "assets/"+e.Name())
		if err != nil {
			return nil, err
		}
		out := "assets/" + e.Name()
		if !unhashedAssets[e.Name()] {
			if b, err = minifyAsset(e.Name(), b); err != nil {
				return nil, fmt.Errorf("theme %s: %v", name, err)
			}
			sum := sha256.Sum256(b)
			ext := path.Ext(e.Name())
			out = "assets/" + strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		}
		t.assets[e.Name()] = out
		t.files[out] = b
	}
	base, err := template.New("base.html").Funcs(t.funcs()).ParseFS(fsys, "layouts/base.html", "layouts/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("theme %s: %v", name, err)
	}
	for _, kind := range append(slices.Clone(PageKinds), OptionalKinds...) {
		if _, err := fs.Stat(fsys, "layouts/"+kind+".html"); err != nil && slices.Contains(OptionalKinds, kind) {
			continue
		}
		clone := template.Must(base.Clone())
		tt, err := clone.ParseFS(fsys, "layouts/"+kind+".html")
		if err != nil {
			return nil, fmt.Errorf("theme %s: %v", name, err)
		}
		t.templates[kind] = tt
	}
	return t, nil
}

// IDs returns the element ids the layouts write literally (id="main"):
// NewMarkdown keeps body headings from taking them. Ids the layouts make
// from data contain "_", which heading ids never do.
func (t *Theme) IDs() []string {
	var out []string
	for _, tmpl := range t.templates {
		for _, tt := range tmpl.Templates() {
			if tt.Tree == nil {
				continue
			}
			for _, m := range literalID.FindAllStringSubmatch(tt.Tree.Root.String(), -1) {
				if !slices.Contains(out, m[1]) {
					out = append(out, m[1])
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

var literalID = regexp.MustCompile(`\bid="([a-z0-9-]+)"`)

// Labels returns the callout titles for NewMarkdown.
func (t *Theme) Labels() map[string]string {
	out := map[string]string{}
	for _, kind := range []string{"note", "tip", "important", "warning"} {
		out[kind], _ = t.Strings.Lookup("callout." + kind)
	}
	return out
}

// T returns the UI string for key, formatted with args.
func (t *Theme) T(key string, args ...any) (string, error) {
	if _, ok := t.Strings.Lookup(key); !ok {
		return "", fmt.Errorf("theme %s: no UI string %q in i18n/%s.yaml", t.Name, key, t.Lang)
	}
	return t.Strings.T(key, args...), nil
}

// Asset returns the site-relative path of an asset under its fingerprinted name.
func (t *Theme) Asset(name string) (string, error) {
	p, ok := t.assets[name]
	if !ok {
		return "", fmt.Errorf("theme %s has no asset %q", t.Name, name)
	}
	return p, nil
}

// funcs are the template functions.
func (t *Theme) funcs() template.FuncMap {
	url := func(rel string) string { return t.basePath + strings.TrimPrefix(rel, "/") }
	return template.FuncMap{
		"t": t.T,
		"asset": func(name string) (string, error) {
			p, err := t.Asset(name)
			return url(p), err
		},
		"url": url,
		"date": func(d dateLike) (string, error) {
			layout, err := t.T("date.format")
			return d.Format(layout), err
		},
		"isodate": func(d dateLike) string { return d.Format(time.DateOnly) },
		"slug":    Slugify,
		"tel":     telFunc,
		"add":     func(a, b int) int { return a + b },
		// n is t for a count: key+".one" for 1 when the catalogue has it.
		"n": func(key string, count int, args ...any) string { return t.Strings.N(key, count, args...) },
		// The maturity meter's numbers and charts, in the site's language.
		"percent": func(growth float64) string { return maturity.Percent(t.Strings, growth) },
		"decimal": func(x float64) string { return maturity.Decimal(t.Strings, x) },
		"signed":  maturity.Signed,
		"chart": func(figures any) (template.HTML, error) {
			switch f := figures.(type) {
			case *maturity.AreaFigures:
				return f.Chart(t.Strings), nil
			case *maturity.ToolFigures:
				return f.Chart(t.Strings), nil
			}
			return "", fmt.Errorf("chart: cannot draw a %T", figures)
		},
	}
}

// dateLike is a Date or a time.Time, for the date functions.
type dateLike interface{ Format(string) string }

// execute renders one page of a kind.
func (t *Theme) execute(w io.Writer, v *View) error {
	tmpl, ok := t.templates[v.Kind]
	if !ok {
		return fmt.Errorf("theme %s has no layout for %q pages", t.Name, v.Kind)
	}
	return tmpl.ExecuteTemplate(w, "base.html", v)
}
