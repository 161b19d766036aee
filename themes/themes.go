// Package themes embeds the built-in themes, so the binary renders a site
// anywhere. A folder themes/<name>/ on disk overrides the embedded one of
// the same name (see generator.LoadTheme).
//
// A theme holds:
//
//	layouts/base.html        the page skeleton; defines the "main" block
//	layouts/<kind>.html      one per page kind: home, tool, card, segment,
//	                         path, area, page, glossary, search, 404
//	layouts/partials/*.html  shared pieces
//	assets/*                 CSS and JavaScript, written fingerprinted
//	i18n/<lang>.yaml         optional: UI strings that override or add to
//	                         the language's catalogue (package tietopankki/i18n)
package themes

import "embed"

// FS holds the built-in themes, one folder each.
//
//go:embed default
var FS embed.FS
