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
  function Progress(box) {
    var id = box.getAttribute("data-path");
    var key = "tietopankki:progress:" + id;
    var boxes = document.querySelectorAll("[data-step]");
    var text = box.querySelector("[data-progress-text]");
    var store;
    try { store = window.localStorage; store.getItem(key); } catch (e) { return; }
    function load() {
      try { return JSON.parse(store.getItem(key)) || []; } catch (e) { return []; }
    }
    function render() {
      var done = load(), n = 0;
      for (var i = 0; i < boxes.length; i++) {
        var on = done.indexOf(boxes[i].getAttribute("data-step")) >= 0;
        boxes[i].checked = on;
        boxes[i].closest(".step").classList.toggle("is-done", on);
        if (on) n++;
      }
      text.textContent = format(text.getAttribute("data-template"), n, boxes.length);
    }
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].closest(".step-done").hidden = false;
      boxes[i].addEventListener("change", function (e) {
        var done = load(), step = e.target.getAttribute("data-step");
        done = done.filter(function (s) { return s !== step; });
        if (e.target.checked) done.push(step);
        store.setItem(key, JSON.stringify(done));
        render();
      });
    }
    box.querySelector("[data-progress-reset]").addEventListener("click", function () {
      store.removeItem(key);
      render();
    });
    box.hidden = false;
    render();
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
