// Package feedback lets staff tell the mentors whether a card helped
// ("Oliko tästä ohjeesta apua?") and what they searched for and did not
// find, and keeps it without personal data in one SQLite database.
//
// # What is asked, and where
//
// The theme puts a small form at the end of every card, tool page and
// learning path: Kyllä / Ei, and after "Ei" one optional text field
// ("Mitä jäi puuttumaan?") with a visible warning not to write names,
// personal identity codes or patient details. Search pages with a query
// ask "Etkö löytänyt? Kerro mitä etsit". The forms work without
// JavaScript (a plain POST and a thank-you page linking back) and are
// sent in place with it (themes/default/assets/app.js).
//
// content/site.yaml decides whether the forms are in the built pages:
//
//	feedback: off      no forms (the default)
//	feedback: server   forms post to <base>api/feedback of `serve --production --data DIR`
//	feedback: netlify  forms are declared for Netlify Forms and post there
//
// A static build cannot know whether a server will take its posts, so
// the site says it, and the production server refuses to start on a build
// that asks for feedback without --data: staff are never shown a form
// that cannot be sent. With feedback: netlify the forms carry
// name="palaute", data-netlify="true", netlify-honeypot="bot-field" and
// a hidden form-name field, and post to the thank-you page
// (palaute/kiitos/), all with the same fields (page, helpful, comment, q),
// so that Netlify detects one form at deploy time. `tietopankki feedback
// import --data DIR FILE.csv` loads Netlify's CSV export of it into the
// same database (ImportCSV); a submission imported twice counts once.
//
// # What is stored
//
// One database file, DIR/feedback.db (File), created readable by the
// server's user only:
//
//	feedback(day, page, helpful, comment, query)   one row per answer
//	searches(day, query, count)                    searches that found nothing, counted per day
//	imported(source, day)                          Netlify submission ids already imported
//	schema_migrations(version, applied)            the schema's version
//
// day is the date only (YYYY-MM-DD, the server's local day): enough for
// mentors to follow a card over weeks and months, and no finer, so that a
// comment cannot be matched to a moment in a unit's day. No IP address,
// user name, cookie, user agent or referrer is stored, not even hashed;
// the per-client rate limit is kept in memory only. page is the page's
// site-relative path ("tools/teams/liity/"), checked against the build.
// Comments are at most MaxComment (500) characters, and Scrub replaces
// before storing, with "[poistettu]": personal identity codes
// (henkilötunnus; with the century sign whatever the check character,
// since a mistyped code is still a person's code; without the sign only
// when the check character is right), phone numbers (Finnish 040 123 4567,
// 0401234567, +358 40 1234567, 09-123 4567, (09) 123 4567, and other
// +country numbers) and e-mail addresses. Search queries are scrubbed the
// same way and stored as NormalizeQuery makes them: the words as the
// search reads them (package search/finnish: lowercased, diacritics
// folded, stop words dropped), so the same search typed differently is
// one row.
//
// Only searches from the results page are counted (search.Handler's
// OnResult), never the suggestions asked while typing, which are mostly
// beginnings of words. Whether anyone opened a result is not tracked:
// it would take a beacon per click or a redirect through the server, both
// unreliable (the back button, opening in a new tab) and both a record of
// what one person read. The honest signal is the searcher's own:
// "Etkö löytänyt?" on a results page is stored as feedback on the page
// "search/" with its query, and the report counts it beside the searches
// that found nothing.
//
// # Durability and failures
//
// The database runs in WAL mode with synchronous=NORMAL: a post is
// answered only after its transaction is written to the write-ahead log,
// so an answered post survives kill -9 of the server: the log is the
// kernel's once the commit returns, whatever happens to the process. A
// power cut or kernel crash leaves the database consistent and may lose
// the posts since the log was last synced: a checkpoint every 10 s syncs
// it, off the posts' path. synchronous=FULL would also survive that, at
// the price of a disk sync in every commit: on this project's shared
// machine 2 ms at the median but 70 ms at the 99th percentile and up to
// 0.3 s, which would put the posts' tail far over the 20 ms goal for a
// "Kyllä" click (docs/benchmarks-publishing.md has the figures). All
// writes go through one goroutine that commits whatever is waiting in one
// transaction (group commit), so a burst of posts costs one write of the
// log, not one each. A busy timeout
// (DefaultBusyTimeout) lets another process (feedback import, feedback
// report) hold the lock briefly. A write that fails (disk or database
// full, the database locked past the timeout, read-only) fails whole and
// is answered 503 with Retry-After; rows stored before are never touched.
//
// The schema is versioned in code (migrations): Open applies the missing
// migrations in order, each in its own transaction together with its row
// in schema_migrations, and refuses a database from a newer program.
//
// Retention: Prune deletes records older than Options.RetentionDays
// (default 365, `serve --retention-days`), and Retain runs it at start and
// then daily from the production server.
//
// # The HTTP side
//
// Handler answers POST <base>api/feedback (and, for a netlify build
// served by `serve --production`, POST <base>palaute/kiitos/) and GET
// <base>palaute/kiitos/?sivu=<page>, the thank-you page linking back.
// Form posts get 303 See Other to the thank-you page; posts from the
// script (Accept: application/json) get {"ok":true,"message":...}. Posts
// from other sites are refused with 403 by Origin / Sec-Fetch-Site
// (http.CrossOriginProtection), so no cookie or token is needed; each
// client address may post PostsPerMinute (10) times a minute (429);
// bodies are capped at MaxBody (413); bad fields get 400 with a plain
// message in the site's language (i18n keys feedback.error.*). A field
// named bot-field (the honeypot) makes a post be thanked and dropped.
//
// # What mentors see
//
// Store.Report gathers, from a day on: per page the Kyllä and Ei counts,
// the share of Kyllä and the comments newest first (pages that helped
// least first); and the failed searches (no results, or "Etkö löytänyt?")
// by how often, with their comments and the page each most likely belongs
// to (IndexMatch over the build's search index: the top hit when the
// index finds the query now, else a guess from the longest beginning or
// end of a word that the index finds). Write prints it as text, JSON or
// an accessible HTML page (`tietopankki feedback report`; the production
// server serves the HTML at <base>palaute/ to mentors only). The dev
// server (`serve --data`, a copy of the database) shows each card's
// answers and latest comments on the card (Store.Summary).
package feedback
