// Package generator turns a content folder of Markdown instruction cards
// into Tietopankki's static site. It is used by `build`, by the dev server
// (`serve`) and, through `build`, by the Netlify build; package search adds
// the search index as one of the build's stages.
//
// # Content model
//
// A Site is what the content folder says (docs/content-format.md has the
// format mentors write):
//
//	site.yaml         Config: title, language, theme, base URL, segments
//	                  (who a card is for) and areas
//	tools/<id>/       a Tool: _index.md is its page; every other .md file
//	                  is a Card (an instruction, with steps), in the tool's
//	                  order by weight then title; draft cards are Drafts
//	paths/<id>.md     a Path: a learning path, an ordered list of cards
//	pages/<slug>.md   a Page: a plain page (help, about)
//	glossary.yaml     the Glossary; synonyms.yaml the search's Synonyms
//	maturity/*.csv    the digital-maturity meter's rounds (Site.Maturity)
//	other files       pictures and attachments (Site.Files), published
//	                  only when safe and linked
//
// Content problems are Diagnostics (file:line:col, a stable rule id, a
// message and a hint from the i18n catalogue), all of a build at once;
// they never crash the tool.
//
// # Stages
//
// Build is the pipeline, the one place its stages are put together; each
// stage is also a function of its own:
//
//	load     LoadSite = LoadConfig, FindTheme, Load (front matter and
//	         goldmark Markdown), git dates, Validate, Assemble (links,
//	         lookups, order)
//	render   Render: every View's page through the theme's templates, the
//	         feed, the sitemap, the assets and the service worker
//	copy     CopyFiles: the content's published files
//	finish   WriteShell (what the servers render search results with) and
//	         the caller's own files (the Netlify headers)
//	index    the caller's search stage (search.Stage), beside the others
//	publish  BuildInto only: Publish puts the changed files in place
//	         (or swaps in the whole folder on a first build)
//
// Build writes to an Output: DirOutput (a folder) for `build`, MemOutput
// for the dev server. BuildInto builds into a temporary folder beside the
// output folder and publishes it with Publish only when the build
// succeeded: a first build is swapped in whole, later ones write only the
// files that changed (a manifest beside the output says what is there). Every
// stage stops when the context ends. Built.Stages has each stage's time
// (`build --timings`).
//
// The same content gives the same output byte for byte; the search
// index's meta.json, which holds the time of the build, is the one
// exception.
//
// # Incremental updates
//
// The dev server builds once with Build and then applies each change with
// Apply, which reloads only the changed files, re-links the site and says
// which pages to render again and which search documents changed.
package generator
