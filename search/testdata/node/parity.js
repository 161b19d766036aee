// Runs the analysis of search-static.js on the inputs a Go test wrote
// (search/static_test.go, TestAnalysisParity) and prints the results as
// JSON, for the test to compare with package finnish.
//
//   node parity.js ENGINE.js INPUT.json > OUTPUT.json
"use strict";
const fs = require("fs");
const t = require(process.argv[2]);
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = {
  words: input.texts.map((s) => t.words(s).map((w) => ({ Word: w.word, Start: w.start, End: w.end, Position: w.position }))),
  terms: input.texts.map((s) => t.indexTerms(s).map((w) => ({ Term: w.term, Start: w.start, End: w.end, Position: w.position }))),
  stems: input.stems.map((w) => t.stem(w)),
  folds: input.stems.map((w) => t.fold(w)),
  stemPrefixes: input.stems.map((w) => t.stemPrefix(w)),
  parts: input.stems.map((w) => t.parts(w)),
  plans: input.queries.map((q) => t.plan(q, input.synonyms, t.All)),
  phraseKeys: input.queries.map((q) => t.phraseKey(q)),
  distances: input.distances.map((d) => t.distance(d[0], d[1], d[2])),
  matches: input.matches.map((m) => t.clauseMatches(m.clause, m.term)),
};
process.stdout.write(JSON.stringify(out));
