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
// shard a core is built in parallel. Build writes each shard with bleve's
// offline builder as a single segment, and the same documents give the
// same files byte for byte (reproducible.go; meta.json's build time is the
// one exception). Create, the dev server's index, is such an index opened
// for writing, which Apply updates in place. Only what results and
// snippets need is stored; bleve's _all field is off.
// meta.json beside the shards holds the synonyms and the build's figures.
//
// # Queries
//
// A query is never parsed as bleve query-string syntax, nor turned into
// bleve queries at all: it is cut to MaxQueryRunes runes and MaxWords
// words, planned by package finnish (finnish.Plan), and each word's
// clauses are looked up in the shards' term dictionaries over the text
// fields with field boosts (title > tags > summary > body):
//
//	exact stem                         kokous    -> kokous
//	stem prefix (consonant gradation)  kokouksen -> kokou*
//	compound part                      vastaanotto -> >vastaano* (etävastaanotto)
//	fuzzy stem, first letter fixed     oirarvio  -> oirearvio (1 edit; 2 from 7 letters;
//	  a swap of two letters is one edit) taems -> teams, ondrvie -> onedrive
//	word prefix (as you type)          oirea     -> ~oirea*
//	synonyms from synonyms.yaml        videopuhelu -> etävastaanotto ...
//
// Exact matches gather the most clauses and so rank first. The words'
// disjunctions are joined by a disjunction; documents that match every
// word (or a form of it) rank above those that match only some, which the
// Result counts apart (Complete, Partial; Total is the first unless it is
// 0) and marks (Hit.Partial). Filters by tool, segment and area are exact
// keyword matches. Every search has a deadline.
//
// Mentors pin searches to a card or page (front matter pin, Doc.Pins): a
// query whose finnish.PhraseKey is a pin's gets that document first,
// whatever words it holds, within the filters. Cards and pages marked
// search: false (Doc.Hidden) are never indexed.
//
// # Snippets
//
// A hit's snippet is cut from one block: the summary, or the line of the
// body (generator.Doc.Text has one for each paragraph, list item, heading
// and table row, and no code blocks) that holds more of the query's words,
// then more hits.
//
// # Scoring
//
// score.go adds the matched terms' postings into dense per-document
// arrays with bleve's TF-IDF formulas, over the whole index's statistics
// (see the comment there); a test holds it to bleve's own searchers score
// by score. The static client in the theme follows the same steps.
package search
