// Package search is Tietopankki's Finnish search: a bleve index built once
// by `build` from every published card, tool page, learning path and plain
// page, and one http.Handler that serves it to the dev server, the
// production server and the Netlify function alike.
//
// # The index
//
// Build writes the index under the output folder (see Dir). Text fields
// (title, tags, summary, body) are analysed by package finnish: folded
// words, Snowball stems, marked words for as-you-type, and marked compound
// parts. Small sites get one index; from ShardThreshold documents up, one
// shard a core is built in parallel and searched through an index alias.
// Only what results and snippets need is stored; bleve's _all field is off.
// meta.json beside the shards holds the synonyms and the build's figures.
//
// # Queries
//
// A query is never parsed as bleve query-string syntax. It is cut to
// MaxQueryRunes runes and MaxWords words, split by package finnish, and
// each word becomes a disjunction of typed queries over the text fields
// with field boosts (title > tags > summary > body):
//
//	exact stem                         kokous    -> kokous
//	stem prefix (consonant gradation)  kokouksen -> kokou*
//	compound part                      vastaanotto -> >vastaano* (etävastaanotto)
//	fuzzy stem, first letter fixed     oirarvio  -> oirearvio (1 edit; 2 from 8 letters)
//	word prefix (as you type)          oirea     -> ~oirea*
//	synonyms from synonyms.yaml        videopuhelu -> etävastaanotto ...
//
// Exact matches gather the most clauses and so rank first. The words'
// disjunctions are joined by a disjunction whose coordination factor puts
// cards that match every word on top. Filters by tool, segment and area
// are exact keyword matches. Every search has a deadline.
package search
