// Tietopankki service worker, for reading and searching with no network
// (site.yaml: offline: true). The build writes it to the site's root as
// sw.js (generator/serviceworker.go), replacing the three constants below:
// the build's version, the site's base path and the files to keep from the
// start. A new build is a new worker: it fetches afresh the pages the old
// one kept, then deletes the old caches.
//
//   pages (HTML)             network first: never a stale page when the
//                            network is there; the kept copy offline
//   hashed assets and
//   search-index/ files      cache first: their names change with them
//   search-index/entry.json  and other files: network first
"use strict";

var VERSION = "dev";
var BASE = "/";
var PRECACHE = [];

var CACHE = "tietopankki-" + VERSION;
var PREFIX = "tietopankki-";

function hashed(path) {
  return /^assets\/.+\.[0-9a-f]{10}\.[a-z0-9]+$/.test(path) || /^search-index\/[a-z]\//.test(path);
}

// put keeps a good, same-origin, unredirected answer (pass a clone of an
// answer that is also used).
function put(cache, key, res) {
  if (res.ok && res.type === "basic" && !res.redirected) return cache.put(key, res);
  return Promise.resolve();
}

// keep fetches and keeps urls; a hashed file an older worker kept is
// copied from its cache instead (its name says it has not changed).
function keep(cache, urls) {
  var seen = {};
  return Promise.all(urls.filter(function (u) { return !seen[u] && (seen[u] = true); }).map(function (u) {
    var old = hashed(new URL(u, self.location.href).pathname.slice(BASE.length)) ? caches.match(u) : Promise.resolve();
    return old.then(function (hit) {
      return hit ? cache.put(u, hit) : fetch(u).then(function (res) { return put(cache, u, res); });
    }).catch(function () {});
  }));
}

// keepSearch keeps entry.json and, when the export is small enough that
// entry.json lists its files, every file of the static search.
function keepSearch(cache) {
  var dir = BASE + "search-index/";
  return fetch(dir + "entry.json").then(function (res) {
    if (!res.ok) return;
    return put(cache, dir + "entry.json", res.clone()).then(function () { return res.json(); }).then(function (entry) {
      var first = [dir + entry.facets];
      if (!entry.offline) return keep(cache, first);
      return fetch(dir + entry.offline).then(gunzipJSON).then(function (files) {
        return keep(cache, first.concat(files.map(function (f) { return dir + f; })));
      });
    });
  }).catch(function () {});
}

// gunzipJSON reads a gzipped file of the export (as search.js does).
function gunzipJSON(res) {
  return res.arrayBuffer().then(function (buf) {
    var b = new Uint8Array(buf);
    if (b[0] !== 0x1f || b[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(b));
    return new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
  });
}

// carryOver fetches afresh the pages an older worker kept.
function carryOver(cache) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; }).map(function (n) {
      return caches.open(n).then(function (old) { return old.keys(); }).then(function (reqs) {
        var pages = reqs.map(function (r) { return r.url; }).filter(function (u) {
          var path = new URL(u).pathname.slice(BASE.length);
          return !hashed(path) && path.indexOf("search-index/") !== 0;
        });
        return keep(cache, pages.slice(0, 500));
      });
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    var assets = PRECACHE.filter(function (u) { return hashed(u.slice(BASE.length)); });
    var pages = PRECACHE.filter(function (u) { return !hashed(u.slice(BASE.length)); });
    return keep(cache, assets).then(function () {
      // Without the theme's files offline pages would be bare: install
      // fails (the old worker stays) until they can all be kept.
      return Promise.all(assets.map(function (u) {
        return cache.match(u).then(function (hit) { if (!hit) throw new Error("sw: cannot keep " + u); });
      }));
    }).then(function () {
      return self.clients.matchAll({ includeUncontrolled: true, type: "window" });
    }).then(function (open) {
      // The pages open now were loaded before there was a worker to keep them.
      pages = pages.concat(open.map(function (c) { return c.url.split("#")[0]; }));
      return Promise.all([keep(cache, pages), keepSearch(cache), carryOver(cache)]);
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var d = event.data || {};
  if (d.type !== "keep" || !Array.isArray(d.urls)) return;
  var urls = d.urls.filter(function (u) {
    try { return new URL(u).origin === self.location.origin; } catch (e) { return false; }
  }).slice(0, 100);
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (u) {
      return cache.match(u).then(function (hit) { return hit || keep(cache, [u]); });
    }));
  }));
});

// networkFirst answers from the network, keeping the answer when store is
// set, and from the cache when there is no network; a page that is not
// kept gets the site's offline page (OfflinePage in the generator).
function networkFirst(req, store) {
  return fetch(req).then(function (res) {
    if (store && res.ok) {
      var copy = res.clone();
      caches.open(CACHE).then(function (cache) { return put(cache, req.url, copy); });
    }
    return res;
  }, function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(req.url).then(function (hit) {
        return hit || cache.match(req.url, { ignoreSearch: true });
      }).then(function (hit) {
        return hit || (req.mode === "navigate" ? cache.match(BASE + "offline/") : undefined);
      });
    }).then(function (hit) { return hit || Response.error(); });
  });
}

function cacheFirst(req) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(req).then(function (hit) {
      return hit || fetch(req).then(function (res) {
        put(cache, req, res.clone());
        return res;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf(BASE) !== 0) return;
  var path = url.pathname.slice(BASE.length);
  if (/^(api\/|_tietopankki\/|_search\/|sw\.js$)/.test(path)) return;
  if (hashed(path)) {
    event.respondWith(cacheFirst(req));
  } else {
    // Results pages are not kept: offline, the kept empty search page
    // (precached) answers them from the kept index.
    event.respondWith(networkFirst(req, !(path === "search/" && url.search)));
  }
});
