/* Light or dark: the system's choice until the reader presses the header's button, then
   the reader's, remembered. Loaded in <head> so a page never flashes the other theme.
   Some browsers refuse localStorage to file:// pages (or give each file its own), so
   the choice is also kept in window.name, which lives as long as the tab. */
(function () {
  "use strict";
  var KEY = "survey-theme", doc = document.documentElement;
  var fromDisk = window.location.protocol === "file:";
  var inName = /(?:^|;)survey-theme=(light|dark)(?=;|$)/;

  function stored() {
    var m = inName.exec(window.name || "");
    var local = "";
    try { local = window.localStorage.getItem(KEY) || ""; } catch (e) { /* refused: window.name only */ }
    if (local !== "light" && local !== "dark") local = "";
    return fromDisk ? (m ? m[1] : local) : (local || (m ? m[1] : ""));
  }
  function remember(theme) {
    try { window.localStorage.setItem(KEY, theme); } catch (e) { /* refused: window.name only */ }
    var rest = (window.name || "").replace(inName, "").replace(/^;|;$/g, "");
    window.name = "survey-theme=" + theme + (rest ? ";" + rest : "");
  }
  function isDark() {
    var chosen = doc.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  var theme = stored();
  if (theme) doc.setAttribute("data-theme", theme);

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    function show() { button.setAttribute("aria-pressed", String(isDark())); }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      doc.setAttribute("data-theme", next);
      remember(next);
      show();
    });
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) query.addEventListener("change", show);
    }
  });
})();
