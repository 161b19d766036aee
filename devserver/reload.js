// Tietopankki dev server: reloads the page after a rebuild and shows every
// content error over the page until it is fixed. Injected only by `serve`.
// The overlay's markup is the same as that of the page the dev server
// answers when the content has never built (serveErrorPage), which has it
// already: it is then reused.
(function () {
  "use strict";
  var overlay = document.querySelector(".dev-overlay");
  function style() {
    if (document.querySelector("link[href='/_tietopankki/overlay.css']")) {
      return;
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "/_tietopankki/overlay.css";
    document.head.appendChild(link);
  }
  function show(data) {
    style();
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.className = "dev-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.setAttribute("aria-labelledby", "dev-overlay-title");
      overlay.tabIndex = -1;
      document.body.appendChild(overlay);
    }
    var h = overlay.querySelector("#dev-overlay-title") || document.createElement("h2");
    h.id = "dev-overlay-title";
    h.textContent = data.title;
    var ul = document.createElement("ul");
    data.errors.forEach(function (e) {
      var li = document.createElement("li");
      var pre = document.createElement("pre");
      pre.textContent = e;
      li.appendChild(pre);
      ul.appendChild(li);
    });
    overlay.textContent = "";
    overlay.appendChild(h);
    overlay.appendChild(ul);
    overlay.focus();
  }
  var es = new EventSource("/_tietopankki/events");
  es.addEventListener("reload", function () { window.location.reload(); });
  es.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
})();
