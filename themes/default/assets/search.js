// Tietopankki search, where no server may be: window.Tietopankki.search
// (used by app.js's suggestions) asks the server's API, or searches the
// static export in search-index/ with search-static.js, which it loads only
// when the first such search comes. The /search/ page, served as an empty
// shell by a static host, gets its results here. With offline on, it
// registers the service worker (sw.js). No inline code: CSP-safe.
//
// <body> data attributes: data-search (server or static, decided by the
// build: generator's searchMode; a static page never asks the API),
// data-api, data-search-index (entry.json), data-search-engine
// (search-static.js), data-offline, data-base.
(function () {
  "use strict";

  var body = document.body;
  var attr = function (name) { return body.getAttribute(name) || ""; };
  // How searches are answered: "server" or "static". A static build's
  // pages search the static index and never ask the API; a server build's
  // pages ask the API, and where it does not answer after all (a server
  // build copied to a static host), the first search falls back to the
  // static index for the page's life.
  var via = attr("data-search") === "static" ? "static" : "";

  function apiSearch(req) {
    var u = attr("data-api") + "?q=" + encodeURIComponent(req.q) + "&limit=" + (req.limit || 10);
    ["tool", "segment", "area"].forEach(function (k) {
      if (req[k]) u += "&" + k + "=" + encodeURIComponent(req[k]);
    });
    return fetch(u, { headers: { Accept: "application/json" } }).then(function (res) {
      var json = (res.headers.get("Content-Type") || "").indexOf("json") >= 0;
      if (res.ok && json) return res.json();
      var err = new Error("search: HTTP " + res.status);
      err.status = res.status;
      // No API here: not found, a server error, or a page in its place.
      err.fallback = res.status === 404 || res.status >= 500 || res.ok;
      // An API that is there but not ready (503 with Retry-After: busy, or
      // the dev server still building its index) is asked again next time.
      err.later = res.status === 503 && res.headers.has("Retry-After");
      throw err;
    }, function (err) {
      err.fallback = true; // no answer at all: no server, or no network
      throw err;
    });
  }

  var engine = null;

  function loadIndexFile(path) {
    return fetch(attr("data-search-index").replace(/entry\.json$/, "") + path).then(function (res) {
      if (!res.ok) throw new Error("search index: HTTP " + res.status + " for " + path);
      return /\.gz$/.test(path) ? gunzipJSON(res) : res.json();
    });
  }

  // gunzipJSON reads a gzipped index file (search.Export writes them so,
  // for hosts that do not compress). A host that sent it with
  // Content-Encoding: gzip (Apache's AddEncoding) has had the browser
  // decompress it already: then it is JSON as it is.
  function gunzipJSON(res) {
    return res.arrayBuffer().then(function (buf) {
      var b = new Uint8Array(buf);
      if (b[0] !== 0x1f || b[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(b));
      return new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
    });
  }

  // loadEngine loads search-static.js and, beside it rather than after,
  // what every search reads first: entry.json.
  function loadEngine() {
    if (!engine) {
      engine = new Promise(function (resolve, reject) {
        // A browser without DecompressionStream (before 2023) cannot read
        // the index: searches then fail as with no index, and the results
        // page says that search is not available.
        if (typeof DecompressionStream === "undefined") return reject(new Error("search: this browser cannot read the static index"));
        var early = { "entry.json": loadIndexFile("entry.json") };
        early["entry.json"].catch(function () {}); // the client asks again
        var s = document.createElement("script");
        s.src = attr("data-search-engine");
        s.onload = function () {
          if (!window.TietopankkiStatic) return reject(new Error("search: the static search did not start"));
          resolve(window.TietopankkiStatic.open(function (path) {
            var p = early[path] || loadIndexFile(path);
            delete early[path];
            return p;
          }));
        };
        s.onerror = function () { reject(new Error("search: could not load the static search")); };
        document.head.appendChild(s);
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function staticSearch(req, onResults) {
    return loadEngine().then(function (ix) { return ix.search(req, onResults); });
  }

  // warm gets ready for the first search when a search box gets focus:
  // on a server build's page it asks the API once with no query, and where
  // the static index will answer, it loads the client and entry.json while
  // the person types.
  var warming = false;
  function warm() {
    if (warming || via === "server") return;
    warming = true;
    var ready = via === "static" ? Promise.resolve() : apiSearch({ q: "", limit: 1 }).then(function () {
      via = "server";
    }, function (err) {
      if (err.fallback && !err.later) via = "static";
    });
    ready.then(function () {
      if (via === "static") return loadEngine().then(function (ix) { return ix.warm(); });
    }).catch(function () {});
  }
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.name === "q") warm();
  });
  // While a query is typed, the static index loads the shards it needs.
  document.addEventListener("input", function (e) {
    if (via === "static" && engine && e.target && e.target.name === "q" && Array.from(e.target.value).length <= 200) {
      var q = e.target.value;
      engine.then(function (ix) { return ix.preload(q); }).catch(function () {});
    }
  });

  // query answers {q, limit, tool, segment, area} with {query, total,
  // results}. The static index loads each result on its own: onResults,
  // when given, gets the best of them as soon as they are there (the same
  // form, fewer results), before the answer with all.
  function query(req, onResults) {
    if (via === "static") return staticSearch(req, onResults);
    return apiSearch(req).then(function (res) {
      via = "server";
      return res;
    }, function (err) {
      if (!err.fallback) throw err;
      if (!err.later) via = "static";
      return staticSearch(req, onResults);
    });
  }

  window.Tietopankki = window.Tietopankki || {};
  window.Tietopankki.query = query;
  window.Tietopankki.search = function (q, limit, onResults) {
    return query({ q: q, limit: limit }, onResults && function (res) { onResults(res.results); })
      .then(function (res) { return res.results || []; });
  };

  // --- The results page on a static host ----------------------------------
  function format(template) {
    var args = Array.prototype.slice.call(arguments, 1);
    return template.replace(/%[ds]/g, function () { return String(args.shift()); });
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function resultsPage() {
    var box = document.getElementById("results");
    if (!box || !body.classList.contains("kind-search") || box.children.length) return; // the server rendered it
    var params = new URLSearchParams(window.location.search);
    var req = { q: params.get("q") || "", limit: 30 };
    if (!req.q) return;
    var input = document.getElementById("q");
    if (input && !input.value) input.value = req.q;
    [["tool", "f-tool"], ["segment", "f-segment"], ["area", "f-area"]].forEach(function (f) {
      req[f[0]] = params.get(f[0]) || "";
      var sel = document.getElementById(f[1]);
      if (sel && req[f[0]]) {
        sel.value = req[f[0]];
        // A chosen filter shows (the server opens the disclosure alike).
        var details = sel.closest("details");
        if (details) details.open = true;
      }
    });
    var msg = function (k) { return box.getAttribute("data-msg-" + k) || ""; };
    box.setAttribute("aria-busy", "true");
    // "Etkö löytänyt?" asks about this search (the form is in the page,
    // hidden while there is no query).
    var feedback = document.querySelector("[data-search-feedback]");
    if (feedback) {
      feedback.hidden = false;
      var fq = feedback.querySelector("input[name=q]");
      if (fq) fq.value = req.q;
    }
    query(req).then(function (res) {
      // As layouts/search.html: with several words, the results with every
      // word first, then under a heading of their own those with only some.
      var complete = res.complete || 0, partial = res.partial || 0, count;
      if (!partial) count = res.total === 1 ? format(msg("count-one"), req.q) : format(msg("count"), res.total, req.q);
      else if (!complete) count = partial === 1 ? format(msg("count-some-one"), req.q) : format(msg("count-some"), req.q, partial);
      else count = complete === 1 ? format(msg("count-all-one"), req.q) : format(msg("count-all"), complete, req.q);
      box.appendChild(el("p", "result-count", count)).setAttribute("role", "status");
      if (!res.results.length) {
        var none = el("div", "no-results");
        none.appendChild(el("p", "", msg("none")));
        var tips = none.appendChild(el("ul", "bullets"));
        ["tip1", "tip2", "tip3"].forEach(function (k) { tips.appendChild(el("li", "", msg(k))); });
        box.appendChild(none);
        return;
      }
      var names = {};
      var seg = document.getElementById("f-segment");
      if (seg) for (var i = 0; i < seg.options.length; i++) names[seg.options[i].value] = seg.options[i].text;
      var list = box.appendChild(el("ol", "result-list")), split = complete && partial;
      res.results.forEach(function (r) {
        if (split && r.partial) {
          split = false; // the heading comes once, before the first
          box.appendChild(el("h2", "result-group", partial === 1 ? msg("partial-one") : format(msg("partial"), partial)));
          list = box.appendChild(el("ol", "result-list"));
        }
        var li = list.appendChild(el("li", "result"));
        var a = li.appendChild(el("h2", "result-title")).appendChild(el("a", "", r.title));
        a.href = r.url;
        var badges = li.appendChild(el("p", "badges"));
        if (r.toolTitle) badges.appendChild(el("span", "badge badge-tool", r.toolTitle));
        (r.segments || []).forEach(function (s) {
          badges.appendChild(document.createTextNode(" "));
          badges.appendChild(el("span", "badge badge-" + s, names[s] || s));
        });
        var p = li.appendChild(el("p", "snippet"));
        if (r.snippet) p.innerHTML = r.snippet; // HTML-escaped text, <mark> around the hits
        else p.textContent = r.summary;
      });
    }, function (err) {
      var key = err.status === 400 ? (Array.from(req.q).length > 200 ? "toolong" : "bad") : "unavailable";
      box.appendChild(el("p", "error-text", msg(key))).setAttribute("role", "alert");
    }).then(function () { box.removeAttribute("aria-busy"); });
  }

  // --- Offline ----------------------------------------------------------------
  function offline() {
    if (!("serviceWorker" in navigator)) return;
    var base = attr("data-base") || "/";
    if (attr("data-offline") !== "true") {
      // Offline use switched off: remove a worker an earlier build installed.
      navigator.serviceWorker.getRegistration(base).then(function (reg) { if (reg) reg.unregister(); });
      return;
    }
    navigator.serviceWorker.register(base + "sw.js", { scope: base }).catch(function () {});
    // A learning path is read in order: keep its steps (on a step, the path
    // and the steps beside it) for reading offline too.
    var links = document.querySelectorAll(".step-by-step .step-title a, .step-nav a");
    if (!links.length) return;
    var urls = Array.prototype.map.call(links, function (a) { return a.href; });
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage({ type: "keep", urls: urls });
    });
  }

  resultsPage();
  offline();
})();
