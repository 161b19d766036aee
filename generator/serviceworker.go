package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"slices"
	"strings"
)

// ServiceWorker is the theme asset written to the site's root when the
// site is for offline use (site.yaml offline: true): a worker controls
// the pages under the folder it is served from, so it cannot live in
// assets/.
const ServiceWorker = "sw.js"

// OfflinePage is the page the worker shows, with no network, for a page it
// has not kept: "Olet ilman verkkoa" and the cards that are kept.
const OfflinePage = "offline/"

// WriteServiceWorker writes the theme's service worker to the root of out
// with three constants filled in: VERSION, a hash of the theme's assets
// and of the content (a new build of changed content is a new worker,
// which replaces the old one's caches), BASE, the site's base path, and
// PRECACHE, the theme's assets, the home page, the search page and the
// offline page, and minified as the other scripts. A site
// not for offline use gets no worker (search.js removes an old one).
func WriteServiceWorker(s *Site, t *Theme, out Output) error {
	if !s.Offline {
		return nil
	}
	p, ok := t.assets[ServiceWorker]
	if !ok {
		return fmt.Errorf("offline: true in site.yaml, but theme %s has no assets/%s", t.Name, ServiceWorker)
	}
	precache := []string{s.BasePath, s.BasePath + "search/", s.BasePath + OfflinePage}
	var assets []string
	for name, file := range t.assets {
		if name != ServiceWorker {
			assets = append(assets, s.BasePath+file)
		}
	}
	slices.Sort(assets)
	precache = append(precache, assets...)
	h := sha256.New()
	for _, a := range assets {
		fmt.Fprintln(h, a)
	}
	h.Write(t.files[p])
	hashContent(h, s)
	version := hex.EncodeToString(h.Sum(nil))[:16]
	js := string(t.files[p])
	for _, r := range []struct{ from, to string }{
		{`var VERSION = "dev";`, "var VERSION = " + jsonString(version) + ";"},
		{`var BASE = "/";`, "var BASE = " + jsonString(s.BasePath) + ";"},
		{`var PRECACHE = [];`, "var PRECACHE = " + jsonString(precache) + ";"},
	} {
		if !strings.Contains(js, r.from) {
			return fmt.Errorf("theme %s: assets/%s has no line %s to fill in", t.Name, ServiceWorker, r.from)
		}
		js = strings.Replace(js, r.from, r.to, 1)
	}
	small, err := minifyAsset(ServiceWorker, []byte(js))
	if err != nil {
		return fmt.Errorf("theme %s: %v", t.Name, err)
	}
	return out.WriteFile(ServiceWorker, small)
}

// hashContent writes what the pages are made of to h: the settings, every
// document's front matter fields and rendered body, segments, areas,
// glossary and synonyms.
func hashContent(h hash.Hash, s *Site) {
	c := s.Config
	fmt.Fprintln(h, c.Title, c.Description, c.Language, c.BaseURL, c.Theme, c.Search, c.StaleAfterMonths)
	doc := func(d Doc, fields ...any) {
		fmt.Fprintln(h, d.File, len(d.Body))
		fmt.Fprintln(h, fields...)
		h.Write([]byte(d.Body))
	}
	for _, t := range s.Tools {
		doc(t.Doc, t.Title, t.Purpose, t.Link, len(t.Changes))
	}
	for _, c := range s.Cards {
		doc(c.Doc, c.Title, c.Summary, c.Updated.String(), c.Tags, c.Changes, c.Stale)
	}
	for _, p := range s.Paths {
		doc(p.Doc, p.Title, p.Summary, len(p.Cards))
	}
	for _, p := range s.Pages {
		doc(p.Doc, p.Title, p.Summary)
	}
	for _, sg := range s.Segments {
		fmt.Fprintln(h, sg.ID, sg.Name, sg.Summary, sg.Traits, sg.Needs)
	}
	for _, a := range s.Areas {
		fmt.Fprintln(h, a.ID, a.Name)
	}
	for _, g := range s.Glossary {
		fmt.Fprintln(h, g.Word, g.Plain, g.Explain)
	}
	fmt.Fprintln(h, s.maturityHash, c.Maturity.HelpBelow, c.Maturity.HelpSegments, c.Maturity.Units, c.Maturity.Rounds, c.Maturity.Levels)
	fmt.Fprintln(h, s.Synonyms, c.Help.Name, c.Help.Text, c.Help.Email, c.Help.Phone, c.Help.Hours, c.Help.Page)
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
