// Tietopankki default theme: progressive enhancement only. Every page works
// without this file; it adds search suggestions, learning-path progress, a
// print button and feedback sent in place. No inline scripts: the site runs under a strict CSP.
(function () {
  "use strict";

  function format(template) {
    var args = Array.prototype.slice.call(arguments, 1);
    return template.replace(/%[ds]/g, function () { return String(args.shift()); });
  }

  // --- Search suggestions: ARIA 1.2 combobox with a listbox popup ---------
  // A keystroke starts a search at once, with no fixed delay: while one
  // search is on its way, further keystrokes only mark it out of date, and
  // when it comes back the latest text is searched. So there is at most one
  // search at a time, a fast typist's keys are grouped, and the first
  // suggestion shows as soon as the search answers (docs/benchmarks-browser.md).
  // The count of suggestions is announced to screen readers only when the
  // typing has paused this long, not after every keystroke.
  var ANNOUNCE_DELAY = 700;

  function Suggest(form) {
    var input = form.querySelector("input[name=q]");
    var box = form.querySelector(".suggest");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[role=status]");
    if (!input || !box || !list) return;
    var seq = 0, active = -1, items = [], announceTimer = 0, busy = false, stale = false;
    function announce(text) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () { status.textContent = text; }, ANNOUNCE_DELAY);
    }

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function setActive(i) {
      var opts = list.querySelectorAll("[role=option]");
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === active ? "true" : "false");
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function go(i) {
      var opts = list.querySelectorAll("[role=option]");
      if (opts[i]) window.location.href = opts[i].getAttribute("data-href");
    }
    function span(className, text) {
      var e = document.createElement("span");
      e.className = className;
      if (text) e.textContent = text;
      return e;
    }
    function option(id, href) {
      var li = document.createElement("li");
      li.id = id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-href", href);
      return li;
    }
    // show lists results; more says that more are on their way (the list
    // is aria-busy until they are there).
    function show(results, query, more) {
      list.textContent = "";
      if (more) list.setAttribute("aria-busy", "true");
      else list.removeAttribute("aria-busy");
      items = results;
      results.forEach(function (r, i) {
        var li = option("q-opt-" + i, r.url);
        li.appendChild(span("suggest-title", r.title));
        // What the suggestion is (ohje, työkalu, oppimispolku, sivu), as
        // text in the option: screen readers read it with the title,
        // set apart by punctuation that only they get.
        var kind = form.getAttribute("data-msg-kind-" + r.kind);
        if (kind) {
          var k = li.appendChild(span("suggest-kind"));
          k.appendChild(span("visually-hidden", ", "));
          k.appendChild(document.createTextNode(kind));
          k.appendChild(span("visually-hidden", ": "));
        }
        li.appendChild(span("suggest-summary", r.summary));
        list.appendChild(li);
      });
      if (results.length) {
        var all = option("q-opt-all", form.getAttribute("action") + "?q=" + encodeURIComponent(query));
        all.className = "suggest-all";
        all.textContent = form.getAttribute("data-msg-all");
        list.appendChild(all);
        box.hidden = false;
        input.setAttribute("aria-expanded", "true");
        announce(results.length === 1 ? form.getAttribute("data-msg-one") : format(form.getAttribute("data-msg-some"), results.length));
      } else {
        close();
        announce(form.getAttribute("data-msg-none"));
      }
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }
    function fetchResults() {
      var q = input.value.trim();
      var mine = ++seq;
      if (q.length < 2) { close(); list.textContent = ""; clearTimeout(announceTimer); return; }
      busy = true;
      stale = false;
      // The best suggestions show as soon as they are there (the static
      // index loads each on its own), then all of them.
      var current = function () { return mine === seq && !stale; };
      window.Tietopankki.search(q, 6, function (first) {
        if (current()) show(first, q, true);
      }).then(function (results) {
        if (current()) show(results, q);
      }, function () {
        if (current()) { list.removeAttribute("aria-busy"); close(); announce(form.getAttribute("data-msg-error")); }
      }).then(function () {
        busy = false;
        if (stale) fetchResults();
      });
    }
    input.addEventListener("input", function () {
      if (busy) stale = true;
      else fetchResults();
    });
    input.addEventListener("keydown", function (e) {
      var open = !box.hidden;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open && items.length) { box.hidden = false; input.setAttribute("aria-expanded", "true"); }
        setActive(active + 1);
      } else if (e.key === "ArrowUp") {
        if (!open) return;
        e.preventDefault();
        setActive(active - 1);
      } else if (e.key === "Enter") {
        if (open && active >= 0) { e.preventDefault(); go(active); }
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); } else if (input.value) { input.value = ""; }
      }
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var li = e.target.closest("[role=option]");
      if (li) window.location.href = li.getAttribute("data-href");
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // search asks the server API; the static index takes over where there is
  // no server (see search.js when present).
  window.Tietopankki = window.Tietopankki || {};
  if (!window.Tietopankki.search) {
    window.Tietopankki.search = function (q, limit) {
      var api = document.body.getAttribute("data-api");
      return fetch(api + "?q=" + encodeURIComponent(q) + "&limit=" + limit, { headers: { Accept: "application/json" } })
        .then(function (res) {
          if (!res.ok) throw new Error("search: HTTP " + res.status);
          return res.json();
        })
        .then(function (body) { return body.results || []; });
    };
  }

  // --- Learning-path progress, kept in this browser -----------------------
  // One list of done steps (card ids) a path, in localStorage; the path's
  // page and the cards' "Merkitse tehdyksi" buttons share it.
  function progressStore(pathID) {
    var key = "tietopankki:progress:" + pathID, store;
    try { store = window.localStorage; store.getItem(key); } catch (e) { return null; }
    return {
      load: function () {
        try { return JSON.parse(store.getItem(key)) || []; } catch (e) { return []; }
      },
      set: function (step, on) {
        var done = this.load().filter(function (s) { return s !== step; });
        if (on) done.push(step);
        store.setItem(key, JSON.stringify(done));
      },
      clear: function () { store.removeItem(key); }
    };
  }

  function Progress(box) {
    var store = progressStore(box.getAttribute("data-path"));
    if (!store) return;
    var boxes = document.querySelectorAll("[data-step]");
    var text = box.querySelector("[data-progress-text]");
    var cont = box.querySelector("[data-continue]");
    var reset = box.querySelector("[data-progress-reset]");
    var confirmBox = box.querySelector(".reset-confirm");
    function render() {
      var done = store.load(), n = 0, next = -1;
      for (var i = 0; i < boxes.length; i++) {
        var on = done.indexOf(boxes[i].getAttribute("data-step")) >= 0;
        boxes[i].checked = on;
        boxes[i].closest(".step").classList.toggle("is-done", on);
        if (on) n++;
        else if (next < 0) next = i;
      }
      text.textContent = format(text.getAttribute("data-template"), n, boxes.length);
      // "Jatka: vaihe N" opens the first step not done; none left: no button.
      if (cont) {
        cont.parentNode.hidden = next < 0;
        if (next >= 0) {
          var link = boxes[next].closest(".step").querySelector(".step-title a");
          cont.href = link.href;
          if (n > 0) cont.textContent = format(cont.getAttribute("data-template"), next + 1);
        }
      }
      reset.parentNode.hidden = n === 0;
    }
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].closest(".step-done").hidden = false;
      boxes[i].addEventListener("change", function (e) {
        store.set(e.target.getAttribute("data-step"), e.target.checked);
        render();
      });
    }
    // Starting again asks first, on the page itself.
    function ask(open) {
      confirmBox.hidden = !open;
      reset.setAttribute("aria-expanded", open ? "true" : "false");
    }
    reset.addEventListener("click", function () {
      ask(true);
      confirmBox.querySelector("[data-reset-no]").focus();
    });
    confirmBox.querySelector("[data-reset-no]").addEventListener("click", function () {
      ask(false);
      reset.focus();
    });
    confirmBox.querySelector("[data-reset-yes]").addEventListener("click", function () {
      store.clear();
      ask(false);
      render();
      text.setAttribute("tabindex", "-1");
      text.focus();
    });
    box.hidden = false;
    render();
  }

  // "Merkitse tehdyksi" on a card that is a step of a path.
  function Mark(box) {
    var store = progressStore(box.getAttribute("data-mark-path"));
    if (!store) return;
    var step = box.getAttribute("data-mark-step");
    var button = box.querySelector("[data-mark]");
    var label = button.textContent;
    var doneLabel = box.getAttribute("data-done");
    function render() {
      var on = store.load().indexOf(step) >= 0;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? doneLabel : label;
    }
    button.addEventListener("click", function () {
      store.set(step, button.getAttribute("aria-pressed") !== "true");
      render();
    });
    box.hidden = false;
    render();
  }

  // --- The offline page lists the cards the service worker has kept ------
  function OfflineList(list) {
    var none = document.querySelector("[data-offline-none]");
    var base = new URL(document.body.getAttribute("data-base"), location.href).pathname;
    var card = new RegExp("^" + base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "tools/[^/]+/[^/]+/$");
    if (!window.caches) return;
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf("tietopankki-") === 0; }).map(function (n) {
        return caches.open(n).then(function (cache) {
          return cache.keys().then(function (reqs) {
            return Promise.all(reqs.filter(function (r) { return card.test(new URL(r.url).pathname); }).slice(0, 300).map(function (r) {
              return cache.match(r).then(function (res) { return res.text(); }).then(function (html) {
                var h1 = new DOMParser().parseFromString(html, "text/html").querySelector("h1");
                return { url: r.url, title: h1 ? h1.textContent.trim() : r.url };
              });
            }));
          });
        });
      }));
    }).then(function (lists) {
      var seen = {}, cards = [];
      lists.forEach(function (l) { l.forEach(function (c) { if (!seen[c.url]) { seen[c.url] = true; cards.push(c); } }); });
      cards.sort(function (a, b) { return a.title.localeCompare(b.title, document.documentElement.lang); });
      cards.forEach(function (c) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = c.url;
        a.textContent = c.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = cards.length === 0;
      if (none) none.hidden = cards.length > 0;
    });
  }

  // --- Phone header: "Valikko" and "Haku" open in place --------------------
  // Without this they are links (to the menu, shown by :target, and to the
  // search page); here they become buttons that show and hide their part.
  function Toggle(link) {
    var id = link.getAttribute("data-toggle");
    var target = document.getElementById(id);
    var header = link.closest(".site-header");
    if (!target || !header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", id);
    link.parentNode.replaceChild(button, link);
    button.addEventListener("click", function () {
      var open = !header.classList.contains("show-" + id);
      header.classList.toggle("show-" + id, open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var field = target.querySelector("input, a");
        if (field) field.focus();
      }
    });
  }

  // --- Feedback, sent in place -------------------------------------------
  // The forms work without this (a post and a thank-you page). Here they
  // are sent with fetch, and the thanks replaces the form; the status line
  // is a live region, and it takes the focus, as the button it replaces
  // had it. The production server answers JSON; Netlify Forms answers the
  // thank-you page, so any 2xx is a success there.
  function Feedback(form) {
    var status = form.querySelector("[data-feedback-status]");
    var button = form.querySelector("button[type=submit]");
    if (!status || !button || !window.fetch || !window.URLSearchParams || !window.FormData) return;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      button.disabled = true;
      status.classList.remove("is-error");
      status.textContent = form.getAttribute("data-msg-sending");
      fetch(form.getAttribute("action"), {
        method: "POST", body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" }, credentials: "same-origin"
      }).then(function (res) {
        if ((res.headers.get("Content-Type") || "").indexOf("json") >= 0) {
          return res.json().then(function (body) {
            if (!res.ok) throw new Error(body.error || "");
            return body.message;
          });
        }
        if (!res.ok) throw new Error("");
        return "";
      }).then(function (message) {
        for (var i = 0; i < form.children.length; i++) {
          if (form.children[i] !== status) form.children[i].hidden = true;
        }
        status.textContent = message || form.getAttribute("data-msg-thanks");
        status.setAttribute("tabindex", "-1");
        status.focus();
      }, function (err) {
        status.classList.add("is-error");
        status.textContent = err.message || form.getAttribute("data-msg-error");
        button.disabled = false;
      });
    });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-search]");
    for (var i = 0; i < forms.length; i++) Suggest(forms[i]);
    var feedback = document.querySelectorAll("form[data-feedback]");
    for (var f = 0; f < feedback.length; f++) Feedback(feedback[f]);
    var progress = document.querySelector("[data-path]");
    if (progress) Progress(progress);
    var offline = document.querySelector("[data-offline-list]");
    if (offline) OfflineList(offline);
    var marks = document.querySelectorAll("[data-mark-path]");
    for (var m = 0; m < marks.length; m++) Mark(marks[m]);
    var toggles = document.querySelectorAll("[data-toggle]");
    for (var g = 0; g < toggles.length; g++) Toggle(toggles[g]);
    // The skip link to the search opens the search field first.
    var skip = document.querySelector('.skip-link[href="#q"]');
    var search = document.getElementById("header-search");
    var searchButton = document.querySelector('button[aria-controls="header-search"]');
    if (skip && searchButton) skip.addEventListener("click", function () {
      if (searchButton.getAttribute("aria-expanded") !== "true") searchButton.click();
    });
    // Printed links show their full address (see @media print in app.css).
    var links = document.querySelectorAll(".prose a[href]");
    for (var k = 0; k < links.length; k++) {
      if (links[k].getAttribute("href").charAt(0) !== "#") links[k].setAttribute("data-print-url", links[k].href);
    }
    var print = document.querySelectorAll("[data-print]");
    for (var j = 0; j < print.length; j++) {
      print[j].hidden = false;
      print[j].addEventListener("click", function () { window.print(); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
