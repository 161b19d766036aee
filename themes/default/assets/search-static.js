// Tietopankki static search: the search index exported by `build`
// (search-index/, see search/export.go), searched in the browser with the
// server's query semantics. search.js loads this file on the first search
// that has no server to ask.
//
// The analysis follows Go package tietopankki/search/finnish exactly (a
// test runs both on the same texts): Words splits at Unicode word
// boundaries as github.com/blevesearch/segment does, Fold, the stop list,
// Stem (a port of the Snowball Finnish stemmer of
// github.com/blevesearch/snowballstem, below), StemPrefix, Parts,
// IndexTerms, Plan with its clauses and boosts. Queries become the
// searchers search/score.go scores, with bleve's TF-IDF (search/scorer):
// idf, field norms, query norm, boosts and the coordination factor of
// each disjunction. Plain JavaScript (ES2018), no
// dependencies, no eval: it runs under the site's CSP, and in Node for the
// tests (module.exports).
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.TietopankkiStatic = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  // --- Words: Unicode word boundaries (UAX #29 as blevesearch/segment) ---
  // Classes: A letter, N digit, E connector (_), K katakana, I ideograph
  // (a word of its own), X extend/format (joins the character before),
  // L MidLetter, M MidNum, P MidNumLet or apostrophe, O other.
  var reExtend = /[\p{Grapheme_Extend}\p{Mc}\u200c\u200d]/u;
  var reFormat = /\p{Cf}/u;
  var reDigit = /\p{Nd}/u;
  var reConnector = /\p{Pc}/u;
  var reKatakana = /[\p{Script=Katakana}\u3031-\u3035\uff70]/u;
  var reIdeo = /\p{Ideographic}/u;
  var reHiragana = /\p{Script=Hiragana}/u;
  var reHan = /\p{Script=Han}/u;
  var reLetter = /\p{Alphabetic}/u;
  var reComplex = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Tham}\p{Script=Tai_Viet}\p{Script=Ahom}]/u;
  var special = { 0x3a: "L", 0xb7: "L", 0x2d7: "L", 0x387: "L", 0x5f4: "L", 0x2027: "L", 0xfe13: "L", 0xfe55: "L", 0xff1a: "L",
    0x2c: "M", 0x3b: "M", 0x37e: "M", 0x589: "M", 0x60c: "M", 0x60d: "M", 0x66c: "M", 0x7f8: "M", 0x2044: "M",
    0xfe10: "M", 0xfe14: "M", 0xfe50: "M", 0xfe54: "M", 0xff0c: "M", 0xff1b: "M",
    0x27: "P", 0x2e: "P", 0x2018: "P", 0x2019: "P", 0x2024: "P", 0xfe52: "P", 0xff07: "P", 0xff0e: "P",
    0x200b: "O" };
  var classCache = {};

  function wordClass(c) {
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) return "A";
      if (c >= 0x30 && c <= 0x39) return "N";
      if (c === 0x5f) return "E";
    }
    var k = special[c] || classCache[c];
    if (k) return k;
    var s = String.fromCodePoint(c);
    if (c >= 0xd800 && c <= 0xdfff) k = "O";
    else if (reExtend.test(s) || reFormat.test(s)) k = "X";
    else if (reDigit.test(s)) k = c >= 0xff10 && c <= 0xff19 ? "O" : "N";
    else if (reConnector.test(s)) k = "E";
    else if (reKatakana.test(s)) k = "K";
    else if (reHiragana.test(s) || (reHan.test(s) && reIdeo.test(s))) k = "I";
    else if (reLetter.test(s) && !reIdeo.test(s) && !reComplex.test(s)) k = "A";
    else k = "O";
    classCache[c] = k;
    return k;
  }

  // The longest word from unit i: letters, digits and connectors run
  // together; a MidLetter joins two letters, a MidNum two digits; katakana
  // meets letters only through a connector. Extend characters belong to
  // the character before them.
  function wordEnd(cls, i) {
    var n = cls.length;
    function unit(j) {
      j++;
      while (j < n && cls[j] === "X") j++;
      return j;
    }
    var state = cls[i], j = unit(i), last = j;
    while (j < n) {
      var c = cls[j];
      var ok = c === "E" || (c === "K" && (state === "K" || state === "E")) ||
        ((c === "A" || c === "N") && state !== "K");
      if (ok) {
        state = c;
        j = last = unit(j);
        continue;
      }
      var mid = (state === "A" && (c === "L" || c === "P")) || (state === "N" && (c === "M" || c === "P"));
      if (!mid) break;
      var k = unit(j);
      if (k >= n || cls[k] !== state) break;
      j = last = unit(k);
    }
    return last;
  }

  function utf8Len(c) {
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }

  var MaxWordLen = 64;

  // words splits text into folded words without stop words; start and
  // end are UTF-8 byte offsets, positions count stop words too.
  function words(text) {
    var cps = [], cls = [], at = [], bytes = [];
    var b = 0;
    for (var i = 0; i < text.length;) {
      var c = text.codePointAt(i);
      cps.push(c);
      cls.push(wordClass(c));
      at.push(i);
      bytes.push(b);
      b += utf8Len(c);
      i += c > 0xffff ? 2 : 1;
    }
    at.push(text.length);
    bytes.push(b);
    var out = [], pos = 0;
    for (var u = 0; u < cps.length;) {
      var k = cls[u], end;
      if (k === "A" || k === "N" || k === "E" || k === "K") end = wordEnd(cls, u);
      else if (k === "I") {
        end = u + 1;
        while (end < cls.length && cls[end] === "X") end++;
      } else {
        u++;
        continue;
      }
      // In Finnish a colon starts a case ending (EU:n): split there.
      var from = u;
      for (var v = u; v <= end; v++) {
        if (v === end || cps[v] === 0x3a) {
          if (v > from) {
            pos++;
            var w = fold(text.slice(at[from], at[v]));
            if (!isStop(w)) out.push({ word: w, start: bytes[from], end: bytes[v], position: pos });
          }
          from = v + 1;
        }
      }
      u = end;
    }
    return out;
  }

  // --- Fold, stop words ----------------------------------------------------
  var folds = { "ä": "a", "ö": "o", "å": "a", "é": "e", "ü": "u", "á": "a", "à": "a" };

  // lower lowercases like Go's strings.ToLower: one rune to one rune.
  function lower(s) {
    if (!/[\u0130\u03a3]/.test(s)) return s.toLowerCase();
    var out = "";
    for (var i = 0; i < s.length;) {
      var c = s.codePointAt(i), ch = String.fromCodePoint(c);
      i += ch.length;
      out += c === 0x130 ? "i" : c === 0x3a3 ? "σ" : ch.toLowerCase();
    }
    return out;
  }

  function fold(s) {
    s = lower(s).replace(/[äöåéüáà]/g, function (c) { return folds[c]; });
    if (s.length > MaxWordLen) {
      var r = Array.from(s);
      if (r.length > MaxWordLen) s = r.slice(0, MaxWordLen).join("");
    }
    return s;
  }

  var stopWords = new Set();
  ("olla olen olet on olemme olette ovat ole oli olisi olisit olisin olisimme olisitte olisivat " +
    "olit olin olimme olitte olivat ollut olleet en et ei emme ette eivat minä minun minut minua minussa minusta minuun " +
    "minulla minulta minulle sinä sinun sinut sinua sinussa sinusta sinuun sinulla sinulta sinulle hän hänen hänet häntä " +
    "hänessä hänestä häneen hänellä häneltä hänelle me meidän meidät meitä meissä meistä meihin meillä meiltä meille te " +
    "teidän teidät teitä teissä teistä teihin teillä teiltä teille he heidän heidät heitä heissä heistä heihin heillä " +
    "heiltä heille tämä tämän tätä tässä tästä tähän tallä tältä tälle tänä täksi tuo tuon tuotä tuossa tuosta tuohon " +
    "tuolla tuolta tuolle tuona tuoksi se sen sitä siinä siitä siihen sillä siltä sille sinä siksi nämä näiden näitä " +
    "näissä näistä näihin näillä näiltä näille näinä näiksi nuo noiden noita noissa noista noihin noilla noilta noille " +
    "noina noiksi ne niiden niitä niissä niistä niihin niillä niiltä niille niinä niiksi kuka kenen kenet ketä kenessä " +
    "kenestä keneen kenellä keneltä kenelle kenenä keneksi ketkä keiden ketkä keitä keissä keistä keihin keillä keiltä " +
    "keille keinä keiksi mikä minkä mitä missä mistä mihin millä miltä mille minä miksi mitkä joka jonka jota jossa josta " +
    "johon jolla jolta jolle jona joksi jotka joiden joita joissa joista joihin joilla joilta joille joina joiksi että ja " +
    "jos koska kuin mutta niin sekä sillä tai vaan vai vaikka kanssa mukaan noin poikki yli kun niin nyt itse")
    .split(" ").forEach(function (w) { stopWords.add(fold(w)); });

  function isStop(w) {
    return stopWords.has(w);
  }

  // --- Stems, compound parts, index terms ---------------------------------
  var stemCache = new Map();

  function stem(word) {
    var s = stemCache.get(word);
    if (s !== undefined) return s;
    s = reDigit.test(word) ? word : snowballFinnish(word);
    if (stemCache.size < 1 << 16) stemCache.set(word, s);
    return s;
  }

  var nonASCII = /[^\x00-\x7f]/;

  // runes splits s into its characters (code points).
  function runes(s) {
    return nonASCII.test(s) ? Array.from(s) : s.split("");
  }

  function stemPrefix(s) {
    var r = runes(s), n = r.length;
    if (n >= 7) return r.slice(0, n - 2).join("");
    if (n >= 5) return r.slice(0, n - 1).join("");
    return s;
  }

  var PartMark = ">", MinPart = 4, MinCompound = 7;

  function parts(s) {
    var r = runes(s), out = [];
    if (r.length < MinCompound) return out;
    for (var i = 2; r.length - i >= MinPart; i++) out.push(r.slice(i).join(""));
    return out;
  }

  function indexTerms(text) {
    var out = [];
    words(text).forEach(function (w) {
      var s = stem(w.word);
      out.push({ term: s, start: w.start, end: w.end, position: w.position });
      parts(s).forEach(function (p) {
        out.push({ term: PartMark + p, start: w.start, end: w.end, position: w.position });
      });
    });
    return out;
  }

  // --- Plan: the one definition of what a query matches (plan.go) ---------
  var Inflection = 1, Compound = 2, Fuzzy = 4, AsYouType = 8, Synonym = 16, All = 31;
  var BoostExact = 1, BoostSynonym = 0.8, BoostAsYouType = 0.6, BoostInflection = 0.6, BoostPart = 0.4, BoostFuzzy = 0.35;
  var MaxQueryRunes = 200, MaxWords = 8, FuzzyPrefix = 2, MinPrefix = 3, FuzzyTwoEdits = 7;

  function runeCount(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff || i === 0 || s.charCodeAt(i - 1) < 0xd800 || s.charCodeAt(i - 1) > 0xdbff) n++;
    }
    return n;
  }

  function plan(q, syn, use) {
    var ws = [];
    var toks = words(q);
    for (var i = 0; i < toks.length; i++) {
      if (ws.indexOf(toks[i].word) < 0) ws.push(toks[i].word);
      if (ws.length === MaxWords) break;
    }
    var typing = q !== "" && q.charAt(q.length - 1) !== " ";
    return ws.map(function (w, i) { return planWord(w, typing && i === ws.length - 1, syn || {}, use); });
  }

  // phraseKey is finnish.PhraseKey: the stems of the words, sorted (by
  // code point, as Go sorts UTF-8), each once, joined by spaces.
  function phraseKey(text) {
    var stems = words(text).map(function (w) { return stem(w.word); });
    stems.sort(function (a, b) {
      for (var i = 0, j = 0; i < a.length && j < b.length;) {
        var x = a.codePointAt(i), y = b.codePointAt(j);
        if (x !== y) return x - y;
        i += x > 0xffff ? 2 : 1;
        j += y > 0xffff ? 2 : 1;
      }
      return (a.length - i) - (b.length - j);
    });
    return stems.filter(function (s, i) { return i === 0 || s !== stems[i - 1]; }).join(" ");
  }

  function planWord(w, typing, syn, use) {
    var s = stem(w);
    var p = { word: w, stem: s, clauses: [] };
    function add(term, prefix, distance, boost) {
      for (var i = 0; i < p.clauses.length; i++) {
        var c = p.clauses[i];
        if (c.term === term && !!c.prefix === prefix && (c.distance || 0) === distance && c.boost === boost) return;
      }
      var cl = { term: term };
      if (prefix) cl.prefix = true;
      if (distance) cl.distance = distance;
      cl.boost = boost;
      p.clauses.push(cl);
    }
    add(s, false, 0, BoostExact);
    if (use & Synonym) {
      (Object.prototype.hasOwnProperty.call(syn, s) ? syn[s] : []).forEach(function (alt) {
        add(alt, false, 0, BoostSynonym);
        var sp = stemPrefix(alt);
        if (sp !== alt && use & Inflection) add(sp, true, 0, BoostSynonym * BoostInflection);
      });
    }
    var n = runeCount(s);
    var sp = stemPrefix(s);
    if (sp !== s && use & Inflection) add(sp, true, 0, BoostInflection);
    if (n >= MinPart && use & Compound) add(PartMark + sp, true, 0, BoostPart);
    if (n > FuzzyPrefix + 1 && use & Fuzzy) add(s, false, n >= FuzzyTwoEdits ? 2 : 1, BoostFuzzy);
    if (typing && use & AsYouType && runeCount(w) >= MinPrefix) add(w, true, 0, BoostAsYouType);
    return p;
  }

  // fuzzyStarts: the starts a fuzzy clause's matches may have, its first
  // two letters and its first and third (Clause.FuzzyStarts).
  function fuzzyStarts(c) {
    var r = runes(c.term), starts = [r[0] + r[1]];
    if (r.length > FuzzyPrefix && r[2] !== r[1]) starts.push(r[0] + r[2]);
    return starts;
  }

  // clauseMatches is Clause.Matches: a fuzzy clause counts a swap as one
  // edit; under its second start, the term with its second and third
  // letter swapped must be within the other edits.
  function clauseMatches(c, term) {
    if (c.distance > 0) {
      if (term.indexOf(PartMark) === 0) return false;
      var starts = fuzzyStarts(c);
      if (term.indexOf(starts[0]) === 0) return near(term, c.term, c.distance);
      if (starts.length === 1 || term.indexOf(starts[1]) !== 0) return false;
      var r = runes(c.term);
      return near(term, r[0] + r[2] + r[1] + r.slice(3).join(""), c.distance - 1);
    }
    if (c.prefix) return term.indexOf(c.term) === 0;
    return term === c.term;
  }

  // near: term within d edits of a query stem, or of the stem without a
  // final a, e or i (plan.go's near).
  function near(term, s, d) {
    if (distance(term, s, d) <= d) return true;
    return /[aei]$/.test(s) && distance(term, s.slice(0, -1), d) <= d;
  }

  function planScore(p, term) {
    var s = 0;
    p.clauses.forEach(function (c) { if (clauseMatches(c, term)) s += c.boost; });
    return s;
  }

  // distance is the optimal string alignment distance in runes (a swap of
  // adjacent letters is one edit), up to max (max+1 beyond).
  function distance(a, b, max) {
    var ra = runes(a), rb = runes(b);
    var d = ra.length - rb.length;
    if (d > max || -d > max) return max + 1;
    var prev2 = [], prev = [], cur = [];
    for (var j = 0; j <= rb.length; j++) prev[j] = j;
    for (var i = 1; i <= ra.length; i++) {
      cur[0] = i;
      var best = i;
      for (j = 1; j <= rb.length; j++) {
        var cost = ra[i - 1] === rb[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && ra[i - 1] === rb[j - 2] && ra[i - 2] === rb[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        best = Math.min(best, cur[j]);
      }
      if (best > max) return max + 1;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return Math.min(prev[rb.length], max + 1);
  }

  // --- Snippets (search.go: matches, Snippet) -----------------------------
  var SnippetLen = 200;

  var SnippetScan = 4096; // bytes of a body the snippet looks at (search.go)

  function matches(text, plans) {
    var b = encoder.encode(text);
    if (b.length > SnippetScan) {
      var cut = SnippetScan;
      while (cut > 0 && (b[cut] & 0xc0) === 0x80) cut--;
      text = decoder.decode(b.subarray(0, cut));
    }
    // A word is a hit when its stem or one of its parts matches a plan
    // (as search.go's matches over IndexTerms); words repeat, so each
    // folded word is judged once. Each hit has a bit for each plan
    // (query word) that matches it.
    var out = [], judged = new Map();
    function mask(term) {
      var m = 0;
      for (var i = 0; i < plans.length; i++) if (planScore(plans[i], term) > 0) m |= 1 << i;
      return m;
    }
    words(text).forEach(function (w) {
      var m = judged.get(w.word);
      if (m === undefined) {
        var s = stem(w.word);
        m = mask(s);
        parts(s).forEach(function (p) { m |= mask(PartMark + p); });
        judged.set(w.word, m);
      }
      if (m) out.push({ start: w.start, end: w.end, words: m });
    });
    return out;
  }

  // betterBlock: a block with more of the query's words, or as many in
  // more hits (search.go's block.better).
  function betterBlock(a, b) {
    return a.words > b.words || (a.words === b.words && a.hits.length > b.hits.length);
  }

  // bestBlock finds the line of text (a paragraph, list item, heading or
  // table row) that holds the most of the query's words, then the most
  // hits: {text, hits (byte offsets in it), words} (search.go's bestBlock).
  function bestBlock(text, hits) {
    var best = { text: "", hits: [], words: 0 };
    if (!hits.length) return best;
    var b = encoder.encode(text), k = 0;
    while (k < hits.length) {
      var from = hits[k].start, to = hits[k].end, m = 0;
      while (from > 0 && b[from - 1] !== 10) from--;
      while (to < b.length && b[to] !== 10) to++;
      var blk = { hits: [], words: 0, from: from, to: to };
      for (; k < hits.length && hits[k].end <= to; k++) {
        blk.hits.push({ start: hits[k].start - from, end: hits[k].end - from });
        m |= hits[k].words;
      }
      for (; m; m &= m - 1) blk.words++;
      if (betterBlock(blk, best)) best = blk;
    }
    best.text = decoder.decode(b.subarray(best.from, best.to));
    return best;
  }

  function escapeHTML(s) {
    return s.replace(/[&'<>"]/g, function (c) {
      return { "&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;", '"': "&#34;" }[c];
    });
  }

  var goSpace = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

  // snippet cuts about size bytes around the densest run of hits (byte
  // offsets), HTML-escaped, each hit in <mark>.
  function snippet(text, hits, size) {
    if (!hits.length || text === "") return "";
    var b = encoder.encode(text);
    function str(from, to) { return decoder.decode(b.subarray(from, to)); }
    function space(c) { return c === 32 || c === 10 || c === 9; }
    var best = 0, bestN = 0;
    for (var i = 0; i < hits.length; i++) {
      var n = 0;
      for (var j = i; j < hits.length && hits[j].end <= hits[i].start + size; j++) n++;
      if (n > bestN) { best = i; bestN = n; }
    }
    var from = Math.max(0, hits[best].start - Math.floor(size / 4));
    var to = Math.min(b.length, from + size);
    while (from > 0 && !space(b[from - 1])) from--;
    while (to < b.length && !space(b[to])) to++;
    var out = from > 0 ? "… " : "";
    var at = from;
    hits.forEach(function (h) {
      if (h.start < at || h.end > to) return;
      out += escapeHTML(str(at, h.start)) + "<mark>" + escapeHTML(str(h.start, h.end)) + "</mark>";
      at = h.end;
    });
    out += escapeHTML(str(at, to).replace(/[ \n]+$/, ""));
    if (to < b.length) out += " …";
    return out.split(goSpace).filter(Boolean).join(" ");
  }

  // --- Snowball Finnish (snowballstem v0.9.0, finnish_stemmer.go) ---------
  // A line-by-line port that works on UTF-8 bytes as the Go runtime does.
  function bytesOf(s) { return Array.from(encoder.encode(s)); }

  function among(list) {
    return list.map(function (a) { return { s: bytesOf(a[0]), a: a[1], b: a[2], f: a[3] || null }; });
  }

  function Env(s) {
    this.cur = bytesOf(s);
    this.cursor = 0;
    this.limit = this.cur.length;
    this.lb = 0;
    this.bra = 0;
    this.ket = this.cur.length;
  }
  Env.prototype = {
    boundary: function (p) { return p <= 0 || p >= this.cur.length || (this.cur[p] & 0xc0) !== 0x80; },
    rune: function (p) { // utf8.DecodeRune; 0xfffd stands for its RuneError
      var c = this.cur, b0 = c[p];
      if (b0 < 0x80) return b0;
      var n = b0 >= 0xf0 ? 3 : b0 >= 0xe0 ? 2 : b0 >= 0xc0 ? 1 : -1;
      if (n < 0 || p + n >= c.length) return 0xfffd;
      var r = b0 & (0x3f >> n);
      for (var i = 1; i <= n; i++) {
        if ((c[p + i] & 0xc0) !== 0x80) return 0xfffd;
        r = (r << 6) | (c[p + i] & 0x3f);
      }
      return r;
    },
    replace: function (bra, ket, s) {
      var adj = s.length - (ket - bra);
      var rsplit = ket < bra ? bra : ket;
      this.cur = this.cur.slice(0, bra).concat(s, this.cur.slice(rsplit));
      this.limit += adj;
      if (this.cursor >= ket) this.cursor += adj;
      else if (this.cursor > bra) this.cursor = bra;
      return adj;
    },
    hasAt: function (p, s) {
      if (p + s.length > this.cur.length) return false;
      for (var i = 0; i < s.length; i++) if (this.cur[p + i] !== s[i]) return false;
      return true;
    },
    eqSB: function (str) {
      var s = typeof str === "string" ? bytesOf(str) : str;
      if (this.cursor - this.lb < s.length) return false;
      if (!this.boundary(this.cursor - s.length) || !this.hasAt(this.cursor - s.length, s)) return false;
      this.cursor -= s.length;
      return true;
    },
    sliceFrom: function (s) { this.replace(this.bra, this.ket, bytesOf(s)); return true; },
    sliceDel: function () { return this.sliceFrom(""); },
    sliceTo: function () { return this.cur.slice(this.bra, this.ket); },
    nextChar: function () { this.cursor++; while (!this.boundary(this.cursor)) this.cursor++; },
    prevChar: function () { this.cursor--; while (!this.boundary(this.cursor)) this.cursor--; },
    inGrouping: function (g, min, max) {
      if (this.cursor >= this.limit) return false;
      var r = this.rune(this.cursor);
      if (r === 0xfffd || r > max || r < min) return false;
      r -= min;
      if ((g[r >> 3] & (1 << (r & 7))) === 0) return false;
      this.nextChar();
      return true;
    },
    inGroupingB: function (g, min, max) {
      if (this.cursor <= this.lb) return false;
      this.prevChar();
      var r = this.rune(this.cursor);
      if (r === 0xfffd) return false;
      this.nextChar();
      if (r > max || r < min) return false;
      r -= min;
      if ((g[r >> 3] & (1 << (r & 7))) === 0) return false;
      this.prevChar();
      return true;
    },
    outGrouping: function (g, min, max) {
      if (this.cursor >= this.limit) return false;
      var r = this.rune(this.cursor);
      if (r === 0xfffd) return false;
      if (r > max || r < min) { this.nextChar(); return true; }
      r -= min;
      if ((g[r >> 3] & (1 << (r & 7))) === 0) { this.nextChar(); return true; }
      return false;
    },
    outGroupingB: function (g, min, max) {
      if (this.cursor <= this.lb) return false;
      this.prevChar();
      var r = this.rune(this.cursor);
      if (r === 0xfffd) return false;
      this.nextChar();
      if (r > max || r < min) { this.prevChar(); return true; }
      r -= min;
      if ((g[r >> 3] & (1 << (r & 7))) === 0) { this.prevChar(); return true; }
      return false;
    },
    findAmongB: function (v, ctx) {
      var i = 0, j = v.length, c = this.cursor, lb = this.lb;
      var commonI = 0, commonJ = 0, first = false;
      for (;;) {
        var k = i + ((j - i) >> 1), diff = 0, common = Math.min(commonI, commonJ), w = v[k];
        for (var l = w.s.length - common - 1; l >= 0; l--) {
          if (c - common === lb) { diff--; break; }
          diff = this.cur[c - common - 1] - w.s[l];
          if (diff !== 0) break;
          common++;
        }
        if (diff < 0) { j = k; commonJ = common; } else { i = k; commonI = common; }
        if (j - i <= 1) {
          if (i > 0 || j === i || first) break;
          first = true;
        }
      }
      for (;;) {
        w = v[i];
        if (commonI >= w.s.length) {
          this.cursor = c - w.s.length;
          if (!w.f) return w.b;
          var res = w.f(this, ctx);
          this.cursor = c - w.s.length;
          if (res) return w.b;
        }
        i = w.a;
        if (i < 0) return 0;
      }
    }
  };

  var A_0 = among([["pa", -1, 1], ["sti", -1, 2], ["kaan", -1, 1], ["han", -1, 1], ["kin", -1, 1], ["hän", -1, 1],
    ["kään", -1, 1], ["ko", -1, 1], ["pä", -1, 1], ["kö", -1, 1]]);
  var A_1 = among([["lla", -1, -1], ["na", -1, -1], ["ssa", -1, -1], ["ta", -1, -1], ["lta", 3, -1], ["sta", 3, -1]]);
  var A_2 = among([["llä", -1, -1], ["nä", -1, -1], ["ssä", -1, -1], ["tä", -1, -1], ["ltä", 3, -1], ["stä", 3, -1]]);
  var A_3 = among([["lle", -1, -1], ["ine", -1, -1]]);
  var A_4 = among([["nsa", -1, 3], ["mme", -1, 3], ["nne", -1, 3], ["ni", -1, 2], ["si", -1, 1], ["an", -1, 4],
    ["en", -1, 6], ["än", -1, 5], ["nsä", -1, 3]]);
  var A_5 = among([["aa", -1, -1], ["ee", -1, -1], ["ii", -1, -1], ["oo", -1, -1], ["uu", -1, -1], ["ää", -1, -1], ["öö", -1, -1]]);
  var A_6 = among([["a", -1, 8], ["lla", 0, -1], ["na", 0, -1], ["ssa", 0, -1], ["ta", 0, -1], ["lta", 4, -1], ["sta", 4, -1],
    ["tta", 4, 9], ["lle", -1, -1], ["ine", -1, -1], ["ksi", -1, -1], ["n", -1, 7], ["han", 11, 1], ["den", 11, -1, rVI],
    ["seen", 11, -1, rLONG], ["hen", 11, 2], ["tten", 11, -1, rVI], ["hin", 11, 3], ["siin", 11, -1, rVI], ["hon", 11, 4],
    ["hän", 11, 5], ["hön", 11, 6], ["ä", -1, 8], ["llä", 22, -1], ["nä", 22, -1], ["ssä", 22, -1], ["tä", 22, -1],
    ["ltä", 26, -1], ["stä", 26, -1], ["ttä", 26, 9]]);
  var A_7 = among([["eja", -1, -1], ["mma", -1, 1], ["imma", 1, -1], ["mpa", -1, 1], ["impa", 3, -1], ["mmi", -1, 1],
    ["immi", 5, -1], ["mpi", -1, 1], ["impi", 7, -1], ["ejä", -1, -1], ["mmä", -1, 1], ["immä", 10, -1], ["mpä", -1, 1],
    ["impä", 12, -1]]);
  var A_8 = among([["i", -1, -1], ["j", -1, -1]]);
  var A_9 = among([["mma", -1, 1], ["imma", 0, -1]]);
  var G_AEI = [17, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8];
  var G_V1 = [17, 65, 16, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 32];
  var G_V2 = [17, 65, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 32];
  var G_particle_end = [17, 97, 24, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 32];

  function rMarkRegions(env, ctx) {
    ctx.p1 = env.limit;
    ctx.p2 = env.limit;
    for (var round = 0; round < 2; round++) {
      for (;;) { // goto V1
        var v = env.cursor;
        if (env.inGrouping(G_V1, 97, 246)) { env.cursor = v; break; }
        env.cursor = v;
        if (env.cursor >= env.limit) return false;
        env.nextChar();
      }
      for (;;) { // gopast non-V1
        if (env.outGrouping(G_V1, 97, 246)) break;
        if (env.cursor >= env.limit) return false;
        env.nextChar();
      }
      if (round === 0) ctx.p1 = env.cursor;
      else ctx.p2 = env.cursor;
    }
    return true;
  }

  function rR2(env, ctx) { return ctx.p2 <= env.cursor; }

  // setLimit narrows the backward limit to mark and finds among v from the
  // end; it returns the among's result with bra set, or 0.
  function limitedAmong(env, mark, v, ctx) {
    var v1 = env.limit - env.cursor;
    if (env.cursor < mark) return 0;
    env.cursor = mark;
    var v2 = env.lb;
    env.lb = env.cursor;
    env.cursor = env.limit - v1;
    env.ket = env.cursor;
    var a = env.findAmongB(v, ctx);
    if (a !== 0) env.bra = env.cursor;
    env.lb = v2;
    return a;
  }

  function rParticleEtc(env, ctx) {
    var a = limitedAmong(env, ctx.p1, A_0, ctx);
    if (a === 0) return false;
    if (a === 1 && !env.inGroupingB(G_particle_end, 97, 246)) return false;
    if (a === 2 && !rR2(env, ctx)) return false;
    return env.sliceDel();
  }

  function rPossessive(env, ctx) {
    var a = limitedAmong(env, ctx.p1, A_4, ctx);
    if (a === 0) return false;
    if (a === 1) {
      var v3 = env.limit - env.cursor;
      if (env.eqSB("k")) return false;
      env.cursor = env.limit - v3;
      env.sliceDel();
    } else if (a === 2) {
      env.sliceDel();
      env.ket = env.cursor;
      if (!env.eqSB("kse")) return false;
      env.bra = env.cursor;
      env.sliceFrom("ksi");
    } else if (a === 3) {
      env.sliceDel();
    } else {
      if (env.findAmongB(a === 4 ? A_1 : a === 5 ? A_2 : A_3, ctx) === 0) return false;
      env.sliceDel();
    }
    return true;
  }

  function rLONG(env, ctx) { return env.findAmongB(A_5, ctx) !== 0; }

  function rVI(env) { return env.eqSB("i") && env.inGroupingB(G_V2, 97, 246); }

  function rCaseEnding(env, ctx) {
    var a = limitedAmong(env, ctx.p1, A_6, ctx);
    if (a === 0) return false;
    var letters = { 1: "a", 2: "e", 3: "i", 4: "o", 5: "ä", 6: "ö", 9: "e" };
    if (letters[a]) {
      if (!env.eqSB(letters[a])) return false;
    } else if (a === 7) {
      var v3 = env.limit - env.cursor;
      var v4 = env.limit - env.cursor;
      var ok = true;
      var v5 = env.limit - env.cursor;
      if (!rLONG(env, ctx)) {
        env.cursor = env.limit - v5;
        if (!env.eqSB("ie")) { env.cursor = env.limit - v3; ok = false; }
      }
      if (ok) {
        env.cursor = env.limit - v4;
        if (env.cursor <= env.lb) env.cursor = env.limit - v3;
        else {
          env.prevChar();
          env.bra = env.cursor;
        }
      }
    } else if (a === 8) {
      if (!env.inGroupingB(G_V1, 97, 246)) return false;
      if (!env.outGroupingB(G_V1, 97, 246)) return false;
    }
    env.sliceDel();
    ctx.endingRemoved = true;
    return true;
  }

  function rOtherEndings(env, ctx) {
    var a = limitedAmong(env, ctx.p2, A_7, ctx);
    if (a === 0) return false;
    if (a === 1) {
      var v3 = env.limit - env.cursor;
      if (env.eqSB("po")) return false;
      env.cursor = env.limit - v3;
    }
    return env.sliceDel();
  }

  function rIPlural(env, ctx) {
    if (limitedAmong(env, ctx.p1, A_8, ctx) === 0) return false;
    return env.sliceDel();
  }

  function rTPlural(env, ctx) {
    var v1 = env.limit - env.cursor;
    if (env.cursor < ctx.p1) return false;
    env.cursor = ctx.p1;
    var v2 = env.lb;
    env.lb = env.cursor;
    env.cursor = env.limit - v1;
    env.ket = env.cursor;
    if (!env.eqSB("t")) { env.lb = v2; return false; }
    env.bra = env.cursor;
    var v3 = env.limit - env.cursor;
    if (!env.inGroupingB(G_V1, 97, 246)) { env.lb = v2; return false; }
    env.cursor = env.limit - v3;
    env.sliceDel();
    env.lb = v2;
    var a = limitedAmong(env, ctx.p2, A_9, ctx);
    if (a === 0) return false;
    if (a === 1) {
      var v6 = env.limit - env.cursor;
      if (env.eqSB("po")) return false;
      env.cursor = env.limit - v6;
    }
    return env.sliceDel();
  }

  function rTidy(env, ctx) {
    var v1 = env.limit - env.cursor;
    if (env.cursor < ctx.p1) return false;
    env.cursor = ctx.p1;
    var v2 = env.lb;
    env.lb = env.cursor;
    env.cursor = env.limit - v1;
    var v = env.limit - env.cursor;
    var v4 = env.limit - env.cursor;
    if (rLONG(env, ctx)) {
      env.cursor = env.limit - v4;
      env.ket = env.cursor;
      if (env.cursor > env.lb) {
        env.prevChar();
        env.bra = env.cursor;
        env.sliceDel();
      }
    }
    env.cursor = env.limit - v;
    v = env.limit - env.cursor;
    env.ket = env.cursor;
    if (env.inGroupingB(G_AEI, 97, 228)) {
      env.bra = env.cursor;
      if (env.outGroupingB(G_V1, 97, 246)) env.sliceDel();
    }
    env.cursor = env.limit - v;
    v = env.limit - env.cursor;
    env.ket = env.cursor;
    if (env.eqSB("j")) {
      env.bra = env.cursor;
      var v7 = env.limit - env.cursor;
      var ou = env.eqSB("o");
      if (!ou) {
        env.cursor = env.limit - v7;
        ou = env.eqSB("u");
      }
      if (ou) env.sliceDel();
    }
    env.cursor = env.limit - v;
    v = env.limit - env.cursor;
    env.ket = env.cursor;
    if (env.eqSB("o")) {
      env.bra = env.cursor;
      if (env.eqSB("j")) env.sliceDel();
    }
    env.cursor = env.limit - v;
    env.lb = v2;
    for (;;) { // goto non-V1, backwards
      var v9 = env.limit - env.cursor;
      if (env.outGroupingB(G_V1, 97, 246)) { env.cursor = env.limit - v9; break; }
      env.cursor = env.limit - v9;
      if (env.cursor <= env.lb) return false;
      env.prevChar();
    }
    env.ket = env.cursor;
    if (env.cursor <= env.lb) return false;
    env.prevChar();
    env.bra = env.cursor;
    var x = env.sliceTo();
    if (x.length === 0) return false;
    if (!env.eqSB(x)) return false;
    return env.sliceDel();
  }

  function snowballFinnish(word) {
    var env = new Env(word), ctx = { endingRemoved: false, p1: 0, p2: 0 };
    var v1 = env.cursor;
    rMarkRegions(env, ctx);
    env.cursor = v1;
    ctx.endingRemoved = false;
    env.lb = env.cursor;
    env.cursor = env.limit;
    [rParticleEtc, rPossessive, rCaseEnding, rOtherEndings].forEach(function (r) {
      var v = env.limit - env.cursor;
      r(env, ctx);
      env.cursor = env.limit - v;
    });
    var v6 = env.limit - env.cursor;
    if (ctx.endingRemoved) {
      rIPlural(env, ctx);
    } else {
      env.cursor = env.limit - v6;
      rTPlural(env, ctx);
    }
    env.cursor = env.limit - v6;
    rTidy(env, ctx);
    return decoder.decode(new Uint8Array(env.cur));
  }

  // --- The exported index (search/export.go) ------------------------------
  var ExportVersion = 3, MaxLimit = 50, DefaultLimit = 10;
  var idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var tooMany = new Error("too many clauses");

  function badRequest(msg) {
    var e = new Error(msg);
    e.status = 400;
    return e;
  }

  // shardKey: the first two characters of a term, three for a compound part.
  function shardKey(term) {
    var r = Array.from(term);
    return r.slice(0, term.indexOf(PartMark) === 0 ? 3 : 2).join("");
  }

  function decodeGaps(list) {
    var out = new Int32Array(list.length), prev = -1;
    for (var i = 0; i < list.length; i++) out[i] = prev = prev + list[i] + 1;
    return out;
  }

  // open returns a searcher over an export; load(path) resolves to the
  // parsed JSON of a file under the export's folder (fetch in the browser,
  // the file system in tests). Each file is loaded once, when first needed.
  function open(load) {
    var cache = {};
    function get(path) {
      if (!cache[path]) {
        cache[path] = Promise.resolve().then(function () { return load(path); }).catch(function (err) {
          delete cache[path];
          throw err;
        });
      }
      return cache[path];
    }
    var state = null; // entry.json and what is loaded and decoded, once there
    function ready() {
      if (!state) {
        state = get("entry.json").then(function (e) {
          if (e.version !== ExportVersion) throw new Error("search index version " + e.version + "; this client reads " + ExportVersion);
          var ix = { entry: e, shardOf: new Map(), shards: {}, facets: null };
          e.shards.forEach(function (k, i) { ix.shardOf.set(k, i); });
          return ix;
        });
        state.catch(function () { state = null; });
      }
      return state;
    }

    // keysFor lists the shards a clause needs: one, as prefixes have at
    // least MinPrefix letters; a fuzzy clause's, one for each of its starts.
    function keysFor(ix, c) {
      if (c.distance) return fuzzyStarts(c);
      if (!c.prefix || runeCount(c.term) >= runeCount(shardKey(c.term))) return [shardKey(c.term)];
      return ix.entry.shards.filter(function (k) { return k.indexOf(c.term) === 0; });
    }

    function loadShard(ix, key) {
      var i = ix.shardOf.get(key);
      if (i === undefined) return Promise.resolve(null);
      return get("t/" + ix.entry.gen + "-" + i + ".json.gz").then(function (sh) {
        if (!sh.index) {
          sh.index = new Map();
          sh.terms.forEach(function (t, i) { sh.index.set(t, i); });
        }
        ix.shards[key] = sh;
        return sh;
      });
    }

    // expand lists the terms a clause matches in a field as the server
    // finds them (dictTerms and fuzzyTerms in search/score.go): a term, the
    // terms under a prefix, or the terms Clause.Matches finds under each of
    // a fuzzy clause's starts in turn, at most maxFuzzyTerms:
    // [{term, df, shard, i}], in dictionary order under each start.
    function expand(ix, c, keys, fi) {
      var out = [];
      keys.forEach(function (k) {
        var sh = ix.shards[k];
        if (!sh) return;
        if (!c.prefix && !c.distance) {
          var i = sh.index.get(c.term);
          if (i !== undefined && sh.df[i][fi] > 0) out.push({ term: c.term, df: sh.df[i][fi], shard: sh, i: i });
          return;
        }
        var from = c.distance ? k : c.term;
        if (c.distance && out.length === maxFuzzyTerms) return;
        for (var j = 0; j < sh.terms.length; j++) {
          var t = sh.terms[j];
          if (sh.df[j][fi] === 0 || t.indexOf(from) !== 0 || (c.distance && !clauseMatches(c, t))) continue;
          out.push({ term: t, df: sh.df[j][fi], shard: sh, i: j });
          if (c.distance && out.length === maxFuzzyTerms) break;
        }
      });
      return out;
    }

    // searchers turns a clause over a field into the server's searchers:
    // each is one term, or bleve's prefix searcher (a disjunction of the
    // terms under the prefix, with its coordination factor). A fuzzy
    // clause is a term searcher for each term it matches.
    function searchers(c, boost, found) {
      function term(df, hit) { return { multi: false, terms: [{ boost: boost, df: df, hit: hit }] }; }
      if (c.distance) return found.map(function (h) { return term(h.df, h); });
      if (!c.prefix) return [term(found.length ? found[0].df : 0, found[0])];
      if (found.length === 0) return [term(0, null)];
      if (found.length === 1 && found[0].term === c.term) return [term(found[0].df, found[0])];
      if (found.length > maxClauses) throw tooMany;
      return [{ multi: true, terms: found.map(function (h) { return { boost: boost, df: h.df, hit: h }; }) }];
    }
    var maxClauses = 4096, maxFuzzyTerms = 64;

    function postingsOf(ix, hit) {
      var p = hit.shard.postings[hit.i];
      if (typeof p !== "string") return Promise.resolve(p);
      return get("p/" + p + ".json.gz");
    }

    function facets(ix) {
      if (ix.facets) return Promise.resolve(ix.facets);
      return get(ix.entry.facets).then(function (x) {
        var n = ix.entry.docs, f = {};
        ["tool", "segments", "areas"].forEach(function (name) {
          var values = {}, count = new Uint8Array(n);
          Object.keys(x[name] || {}).forEach(function (v) {
            var docs = decodeGaps(x[name][v]);
            values[v] = docs;
            for (var i = 0; i < docs.length; i++) count[docs[i]]++;
          });
          f[name] = { values: values, count: count };
        });
        return (ix.facets = f);
      });
    }

    // run scores every document the plans match, as search/score.go
    // does, and returns {complete, partial, hits}: the first
    // limit hits, best first. A clause loads the postings it needs as soon
    // as its shard is there, not when every shard is.
    function run(ix, plans, req, limit) {
      var fields = ix.entry.fields;
      maxClauses = ix.entry.maxClauses || maxClauses;
      maxFuzzyTerms = ix.entry.maxFuzzyTerms || maxFuzzyTerms;
      // The searchers of each clause over each field, in query order.
      function clause(c) {
        var keys = keysFor(ix, c);
        return Promise.all(keys.map(function (k) { return loadShard(ix, k); })).then(function () {
          var children = [], loads = [];
          fields.forEach(function (f, fi) {
            searchers(c, c.boost * f.boost, expand(ix, c, keys, fi)).forEach(function (ch) {
              ch.field = fi;
              ch.terms.forEach(function (t) {
                if (t.hit) loads.push(postingsOf(ix, t.hit).then(function (p) { t.postings = p[fi]; }));
              });
              children.push(ch);
            });
          });
          return Promise.all(loads).then(function () { return children; });
        });
      }
      var words = Promise.all(plans.map(function (p) {
        return Promise.all(p.clauses.map(clause)).then(function (cs) { return [].concat.apply([], cs); });
      }));
      var filtered = req.tool || req.segment || req.area;
      return Promise.all([words, filtered && facets(ix)]).then(function (r) {
        return score(ix, r[0], req, limit);
      });
    }

    function idf(N, df) { return 1 + Math.log(N / (df + 1)); }

    // leafScore is bleve's TermQueryScorer: sqrt(tf) * norm * idf, times
    // the query weight boost * idf * queryNorm.
    function leafScore(tf, length, idfv, boost, qnorm) {
      var s = Math.sqrt(tf) * Math.fround(1 / Math.sqrt(length)) * idfv;
      var qw = boost * idfv * qnorm;
      return qw !== 1 ? s * qw : s;
    }

    function score(ix, words, req, limit) {
      var e = ix.entry, N = e.docs;
      var sumSq = 0;
      words.forEach(function (children) {
        var w = 0;
        children.forEach(function (ch) {
          var cw = 0;
          ch.terms.forEach(function (t) {
            t.idf = idf(N, t.df);
            var x = t.boost * t.idf;
            cw += x * x;
          });
          w += cw;
        });
        sumSq += w;
      });
      var filters = [];
      if (req.tool) filters.push({ facet: "tool", values: [req.tool] });
      if (req.segment) filters.push({ facet: "segments", values: [req.segment, "*"] });
      if (req.area) filters.push({ facet: "areas", values: [req.area] });
      filters.forEach(function (f) {
        var fc = ix.facets[f.facet];
        f.idfs = f.values.map(function (v) {
          var docs = fc.values[v];
          var x = idf(N, docs ? docs.length : 0);
          sumSq += x * x;
          return x;
        });
      });
      var qnorm = 1 / Math.sqrt(sumSq);

      var top = new Float64Array(N), topN = new Uint8Array(N), touched = [];
      var wsum = new Float64Array(N), wn = new Uint16Array(N);
      var csum = new Float64Array(N), cn = new Uint16Array(N);
      words.forEach(function (children) {
        var wt = [];
        children.forEach(function (ch) {
          var ct = [];
          ch.terms.forEach(function (t) {
            var p = t.postings, idfv = t.idf, qw = t.boost * idfv * qnorm;
            if (!p) return;
            for (var i = 0, prev = -1; i < p.length; i++) {
              var v = p[i], d = prev + (v >> 1) + 1, tf = 1;
              if (v & 1) tf = p[++i];
              prev = d;
              // leafScore, with the field's length in d, which follows
              var s = Math.sqrt(tf) * Math.fround(1 / Math.sqrt(p[++i])) * idfv;
              if (qw !== 1) s *= qw;
              if (!ch.multi) {
                if (wn[d] === 0) wt.push(d);
                wsum[d] += s;
                wn[d]++;
                continue;
              }
              if (cn[d] === 0) ct.push(d);
              csum[d] += s;
              cn[d]++;
            }
          });
          for (var i = 0; i < ct.length; i++) {
            var d = ct[i];
            if (wn[d] === 0) wt.push(d);
            wsum[d] += csum[d] * (cn[d] / ch.terms.length);
            wn[d]++;
            csum[d] = 0;
            cn[d] = 0;
          }
        });
        for (var i = 0; i < wt.length; i++) {
          var d = wt[i];
          if (topN[d] === 0) touched.push(d);
          top[d] += wsum[d] * (wn[d] / children.length);
          topN[d]++;
          wsum[d] = 0;
          wn[d] = 0;
        }
      });
      // Documents pinned to the query are results whatever words they
      // hold, and count as holding all (score.go).
      var pinned = new Set(req.pins || []);
      pinned.forEach(function (d) { if (topN[d] === 0) touched.push(d); });
      // The best limit hits, kept in order as they are found: the pinned
      // first, then those with every word, then by score (ties go to the
      // earlier document), so that no sort of every hit is needed.
      var complete = 0, partial = 0, best = [];
      function before(a, b) {
        if (a.pinned !== b.pinned) return a.pinned;
        if (a.partial !== b.partial) return b.partial;
        return a.score > b.score || (a.score === b.score && a.doc < b.doc);
      }
      touched.forEach(function (d) {
        var s = top[d] * (topN[d] / words.length);
        for (var i = 0; i < filters.length; i++) {
          var f = filters[i], fc = ix.facets[f.facet], k = -1;
          for (var j = 0; j < f.values.length && k < 0; j++) {
            var docs = fc.values[f.values[j]];
            if (docs && has(docs, d)) k = j;
          }
          if (k < 0) return;
          var fs = leafScore(1, f.facet === "tool" ? 1 : fc.count[d], f.idfs[k], 1, qnorm);
          s += f.values.length > 1 ? fs * (1 / f.values.length) : fs;
        }
        var h = { doc: d, score: s, pinned: pinned.has(d) };
        h.partial = !h.pinned && topN[d] < words.length;
        if (h.partial) partial++;
        else complete++;
        var at = best.length;
        while (at > 0 && before(h, best[at - 1])) at--;
        if (at < limit) {
          best.splice(at, 0, h);
          if (best.length > limit) best.pop();
        }
      });
      return { complete: complete, partial: partial, hits: best };
    }

    function has(sorted, d) {
      var lo = 0, hi = sorted.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (sorted[mid] === d) return true;
        if (sorted[mid] < d) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    }

    function fragment(ix, d) {
      return get("f/" + ix.entry.gen + "-" + d + ".json.gz");
    }

    function result(ix, h, plans) {
      return fragment(ix, h.doc).then(function (f) {
        var r = { id: f.id, kind: f.kind, title: f.title, summary: f.summary, url: f.url, tool: f.tool,
          toolTitle: f.toolTitle, segments: f.segments || [] };
        if (f.updated) r.updated = f.updated;
        // The snippet is cut when first read: suggestions show none.
        var cut;
        Object.defineProperty(r, "snippet", {
          enumerable: true,
          get: function () {
            if (cut === undefined) {
              // One block: the summary's, or the body's if it holds more.
              var sum = bestBlock(f.summary || "", matches(f.summary || "", plans));
              var body = bestBlock(f.body || "", matches(f.body || "", plans));
              var blk = betterBlock(body, sum) ? body : sum;
              cut = snippet(blk.text, blk.hits, SnippetLen);
            }
            return cut;
          }
        });
        r.score = h.score;
        if (h.partial) r.partial = true;
        return r;
      });
    }

    var searched = false; // a search has started: warm has nothing to prepare

    // search answers a request like the server's API: {query, total,
    // complete, partial, results} (see search.Result); a bad request
    // rejects with an error whose status is 400.
    // Results come from a file each: onResults, when given, gets the best
    // ones as soon as they are there, in the same form, until all are.
    function search(req, onResults) {
      searched = true;
      var q = req.q || "", limit = req.limit || DefaultLimit;
      if (runeCount(q) > MaxQueryRunes) return Promise.reject(badRequest("the query has too many characters"));
      var bad = ["tool", "segment", "area"].filter(function (k) {
        return req[k] && (req[k].length > 64 || !idPattern.test(req[k]));
      });
      if (bad.length) return Promise.reject(badRequest(bad[0] + " is not an id"));
      if (limit < 1 || limit > MaxLimit) return Promise.reject(badRequest("limit must be 1 to " + MaxLimit));
      return ready().then(function (ix) {
        var plans = plan(q, ix.entry.synonyms, All);
        if (!plans.length) return { query: q, total: 0, complete: 0, partial: 0, results: [] };
        var pins = ix.entry.pins || {}, key = phraseKey(q);
        var r = { tool: req.tool, segment: req.segment, area: req.area, pins: Object.prototype.hasOwnProperty.call(pins, key) ? pins[key] : [] };
        return run(ix, plans, r, limit).catch(function (err) {
          if (err !== tooMany) throw err;
          plans = plan(q, ix.entry.synonyms, Synonym); // as the server: exact stems and synonyms
          return run(ix, plans, r, limit);
        }).then(function (found) {
          var results = [], ready = 0, n = found.hits.length;
          function answer(rs) {
            return { query: q, total: found.complete || found.partial, complete: found.complete, partial: found.partial, results: rs };
          }
          return Promise.all(found.hits.map(function (h, i) {
            return result(ix, h, plans).then(function (r) {
              results[i] = r;
              if (i !== ready) return;
              while (ready < n && results[ready]) ready++;
              if (onResults && ready < n) onResults(answer(results.slice(0, ready)));
            });
          })).then(function () { return answer(results); });
        });
      });
    }

    // warm loads what every search needs, ahead of the first one, and
    // scores made-up postings once (every other document in each field),
    // so that the first query's scoring runs compiled rather than
    // interpreted: that halved it in Chromium at 10,000 cards (30 to 15 ms).
    function warm() {
      return ready().then(function (ix) {
        if (searched) return true;
        var p = [];
        for (var d = 1; d < ix.entry.docs; d += 2) {
          if (d % 3) p.push(2, 1 + d % 50); // the next document but one, once
          else p.push(3, 2, 1 + d % 50); // twice
        }
        var t = function () { return { boost: 1, df: ix.entry.docs >> 1, postings: p }; };
        var words = [ix.entry.fields.map(function (f, fi) { return { multi: false, field: fi, terms: [t()] }; })];
        words[0].push({ multi: true, field: 0, terms: [t(), t()] });
        score(ix, words, {}, 6);
        return true;
      });
    }

    // preload loads the shards a query's clauses need, while it is being
    // typed: its search then waits only for postings and fragments.
    function preload(q) {
      return ready().then(function (ix) {
        var keys = {};
        plan(q, ix.entry.synonyms, All).forEach(function (p) {
          p.clauses.forEach(function (c) { keysFor(ix, c).forEach(function (k) { keys[k] = true; }); });
        });
        return Promise.all(Object.keys(keys).map(function (k) { return loadShard(ix, k); }));
      }).then(function () { return true; }, function () { return false; });
    }

    return { search: search, warm: warm, preload: preload };
  }

  return {
    words: words, fold: fold, isStop: isStop, stem: stem, stemPrefix: stemPrefix, parts: parts, indexTerms: indexTerms,
    plan: plan, phraseKey: phraseKey, planScore: planScore, clauseMatches: clauseMatches, distance: distance, matches: matches, bestBlock: bestBlock, snippet: snippet,
    SnippetLen: SnippetLen, All: All, Synonym: Synonym, MaxQueryRunes: MaxQueryRunes, runeCount: runeCount,
    shardKey: shardKey, open: open
  };
});
