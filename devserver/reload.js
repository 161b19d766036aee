// Tietopankki dev server: reloads the page after a rebuild and shows every
// content error over the page until it is fixed. Injected only by `serve`.
(function () {
  "use strict";
  var overlay = null;
  function show(data) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.className = "dev-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.setAttribute("aria-labelledby", "dev-overlay-title");
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.id = "dev-overlay-title";
    h.textContent = data.title;
    overlay.appendChild(h);
    var ul = document.createElement("ul");
    data.errors.forEach(function (e) {
      var li = document.createElement("li");
      var pre = document.createElement("pre");
      pre.textContent = e;
      li.appendChild(pre);
      ul.appendChild(li);
    });
    overlay.appendChild(ul);
    overlay.tabIndex = -1;
    overlay.focus();
  }
  var es = new EventSource("/_tietopankki/events");
  es.addEventListener("reload", function () { window.location.reload(); });
  es.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
})();
