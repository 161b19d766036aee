// Command search is the site's search as a Netlify Function: it answers
// /api/search (JSON) and /search/ (the results page in the site's theme)
// with the same search.Handler as `serve` and `serve --production`.
//
// netlify/build.sh copies the build's public/_search folder (the prebuilt
// index, the site shell and the theme) into site/ before Netlify bundles
// functions, and go:embed puts it in the binary. A fresh clone has only
// site/README.md there: the function then compiles, and answers 503 with a
// clear message, because bleve opens indexes by path only, the embedded
// index is copied to /tmp at cold start and opened read-only.
//
// Access: when the environment variable TIETOPANKKI_JWT_SECRET is set (in
// Netlify's UI, scope Functions), every request needs a valid HS256 JWT in
// the nf_jwt cookie or an Authorization: Bearer header, with one of the
// roles in TIETOPANKKI_JWT_ROLES (comma-separated; empty: any valid token)
// in app_metadata.authorization.roles. See docs/operations.md.
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"tietopankki/search"
)

//go:embed all:site
var bundle embed.FS

func main() {
	search.TuneGCForServing()
	site, _ := fs.Sub(bundle, "site")
	fn, err := New(site, os.TempDir())
	if err != nil {
		log.Printf("search function: %v", err)
		lambda.Start(func(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			return unavailable(fmt.Sprintf("search is not available: %v", err)), nil
		})
		return
	}
	access, err := AccessFromEnv(os.Getenv)
	if err != nil {
		log.Printf("search function: %v", err)
		lambda.Start(func(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			return unavailable("search is not available: its access settings are wrong"), nil
		})
		return
	}
	fn.Access = access
	lambda.Start(fn.Handle)
}
