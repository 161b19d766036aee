package generator

import (
	"fmt"
	"path"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// minifier makes the theme's scripts and style sheets smaller before they
// are fingerprinted: no comments, no white space that does nothing,
// shorter local names. Browsers on hosts that do not compress (many
// intranet file servers) fetch half the bytes; it is deterministic, so
// builds stay byte-identical. The sources stay readable in the theme.
var minifier = func() *minify.M {
	m := minify.New()
	m.AddFunc("js", js.Minify)
	m.AddFunc("css", css.Minify)
	return m
}()

// minifyAsset returns a theme asset's content minified when it is a script
// or a style sheet, and as it is otherwise. A script or style sheet that
// cannot be parsed is an error that says where.
func minifyAsset(name string, b []byte) ([]byte, error) {
	kind := path.Ext(name)
	if kind != ".js" && kind != ".css" {
		return b, nil
	}
	out, err := minifier.Bytes(kind[1:], b)
	if err != nil {
		return nil, fmt.Errorf("assets/%s: %v", name, err)
	}
	return out, nil
}
