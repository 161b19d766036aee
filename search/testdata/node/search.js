// Searches an exported index (search-index/) with search-static.js, reading
// files from disk instead of fetching them, and prints the answers as JSON
// for the Go tests (search/static_test.go). Each request gets a fresh
// client, so "files" lists what that query alone loads.
//
//   node search.js ENGINE.js EXPORT_DIR REQUESTS.json > ANSWERS.json
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const t = require(process.argv[2]);
const dir = process.argv[3];
const requests = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));

(async () => {
  const out = [];
  for (const req of requests) {
    const files = [];
    const ix = t.open((p) => {
      files.push(p);
      const data = fs.readFileSync(path.join(dir, p));
      return JSON.parse((p.endsWith(".gz") ? zlib.gunzipSync(data) : data).toString("utf8"));
    });
    const start = process.hrtime.bigint();
    try {
      const res = await ix.search(req);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      out.push({ total: res.total, complete: res.complete, partial: res.partial, results: res.results, files, ms });
    } catch (err) {
      out.push({ error: String(err.message || err), status: err.status || 0, files });
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
