// Package server serves a built site: the production server behind
// `tietopankki serve --production`, and the security headers every server
// of the site sends (this server, the dev server, the Netlify function).
//
// # What it serves
//
// New(Options{Public: dir}) serves the folder that `tietopankki build
// --out dir` wrote, from one process, with no watcher and no reload script:
//
//   - the pages and files of the build, read per request from dir (the
//     build swaps dir atomically, so a request sees the old build or the
//     new one, never a mix); a folder URL "x/" answers x/index.html, "x"
//     redirects to "x/"; anything missing answers the site's 404.html with
//     status 404; nothing under _search/ (the index and site shell), no
//     _headers (Netlify's rules) and no dot-file is ever served; files are
//     opened with os.OpenInRoot, so a symbolic link that leads out of dir
//     is not followed;
//   - search, GET <base>api/search and <base>search/, through the one
//     search.Handler shared with the dev server and the Netlify function;
//   - with Options.Feedback (serve --production --data), the feedback
//     widget's posts (POST <base>api/feedback), its thank-you page
//     (<base>palaute/kiitos/) and, for Options.Mentors only, the report
//     (<base>palaute/; 404 for everyone else); results-page searches
//     that find nothing are counted, cached answers included. New refuses
//     a build whose site.yaml asks for feedback when there is no store
//     (see package feedback);
//   - GET /healthz: {"ok":true,"docs":N,"built":"<time of the build>"}
//     (503 with "ok":false when no build can be read). It needs no
//     credentials and is outside the concurrency limit, for load balancers.
//
// # Headers, caching, compression
//
// Every response carries SecurityHeaders (the CSP that netlify.toml also
// sets), except that a file that is not a page or the service worker
// carries FileCSP instead: AttachmentCSP (a sandbox that runs no script)
// or, for PDFs, PDFCSP. A file that a mentor's pull request slipped past
// the build's allow-list (an .html or .svg loading a .js beside it) thus
// runs nothing on the site's origin. The dev server sends the same, and
// the build writes NetlifyHeaders for Netlify. Files under assets/ with a content hash in their names
// (Fingerprinted) are cached for a year (CacheImmutable); everything else
// revalidates (CacheRevalidate) with
// a strong ETag (a hash of the content, so it survives rebuilds of the same
// content) and Last-Modified, and conditional requests get 304. Ranges are
// answered within LimitRanges (at most MaxRanges, none overlapping; else
// the whole file). Text files
// are gzipped once and the compressed bytes kept in memory (bounded by
// Options.CacheBytes) for clients that accept gzip. Brotli is not offered:
// measured on the sample site it saves 14 % over gzip -9 and needs a
// third-party library (see docs/benchmarks-publishing.md).
//
// Search answers are kept per build (bounded by Options.SearchCacheBytes),
// plain and gzipped, keyed by path and the parameters the search reads
// (others neither bypass the cache nor change the answer): a build's index never
// changes, so a cached answer is exactly what the search would say, and a
// new build starts with an empty cache. A repeated search costs
// microseconds instead of milliseconds. Options.SearchCacheBytes < 0
// (serve --production --search-cache 0) keeps none: every search runs as
// a cache miss does, which is how search over HTTP is measured (a
// parameter the search does not read, such as bench/load -unique's &n=,
// does not bypass the cache). Without a cache an answer is gzipped only
// for a client that accepts it; every search answer carries its
// Content-Length.
//
// # A new build while serving
//
// Static files need nothing: they are opened by path per request. The
// search index and the site shell the results page is rendered with are
// opened once per build: at most once a second (CheckInterval) a request
// compares _search/index/meta.json with the one in use; when it changed,
// the new index is opened read-only next to the old, requests move to it,
// and the old is closed when the searches still running on it finish. The
// index is opened through a handle on the build folder (on Linux), so one
// index is never read half from the old build and half from the new.
//
// # Limits
//
// NewHTTPServer sets ReadHeaderTimeout, ReadTimeout, WriteTimeout,
// IdleTimeout and MaxHeaderBytes. Only GET and HEAD are allowed (and, with
// Options.Feedback, POST to the feedback endpoints, whose handler bounds
// the body to feedback.MaxBody), and one that declares a body is answered
// 400 at once (Refuse: the site has nothing else to post, and waiting for a body a client never sends would hold
// a place). At most Options.MaxConcurrent requests run at once (more wait
// up to QueueWait and then get 503 with Retry-After); searches not
// answered from the cache take at most half of those places (more get 503
// at once), so pages keep answering under a flood of searches; one client
// (the user when signed in, else its address: the connection's, or the
// last X-Forwarded-For address when the connection comes from this
// machine, a reverse proxy) has at most MaxSearchesPerClient running
// (more get 429); and each search handler bounds its own searches
// (search.MaxInFlight, search.Timeout). Serve shuts down gracefully when
// its context ends: no new connections, and requests in flight get up to
// ShutdownTimeout to finish.
//
// # Staff-only access
//
// Options.Auth is nil (everyone may read), a BasicAuth from an htpasswd
// file with bcrypt hashes (`htpasswd -B`), or a TrustedHeader set by an
// authenticating reverse proxy. docs/operations.md says which to choose.
// BasicAuth checks unknown users against a hash of the file's cost, limits
// failed checks per client address (FailBurst, FailEvery: then 429) and
// runs one bcrypt check at a time per address and at most GOMAXPROCS at
// once.
//
// # Logs
//
// One structured line per request through log/slog (Options.Log): method,
// path, status, bytes, duration, remote address, and user when known.
// Never a query string: a failed search logs its path and error only.
package server
