/* The 404 page of a site published without its URL. A static host (GitHub Pages) serves
   it at the missing page's own path, at any depth, where its relative links would point
   into that path: find the site's root, the nearest folder above it that holds this
   site's favicon (an image loads; the host's 404 page does not), and point the page's
   links there. From disk or a server that gives it its root, nothing needs to change. */
(function () {
  "use strict";
  if (!/^https?:$/.test(location.protocol)) return;
  var folders = location.pathname.split("/");
  folders.pop();
  var tries = [];
  for (var i = folders.length; i >= 1; i--) tries.push(folders.slice(0, i).join("/") + "/");
  function relative(value) {
    return value && !/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(value);
  }
  function rebase(root) {
    document.querySelectorAll("[href], form[action]").forEach(function (el) {
      var name = el.hasAttribute("action") ? "action" : "href";
      var value = el.getAttribute(name);
      if (relative(value)) el.setAttribute(name, root + value);
    });
    document.documentElement.setAttribute("data-root", root);
  }
  function attempt(k) {
    if (k >= tries.length) return;
    var probe = new Image();
    probe.onload = function () { rebase(tries[k]); };
    probe.onerror = function () { attempt(k + 1); };
    probe.src = tries[k] + "assets/favicon.svg";
  }
  attempt(0);
})();
