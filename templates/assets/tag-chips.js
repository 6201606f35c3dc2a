/* The tags of each list item, shown as links by their names. An item carries its tags as
   ids (<span class="tags" data-tags="mamba segmentation">); the names come once for the
   whole site from assets/tag-names.js (a <script>, so it works from disk), instead of
   every tag name and link again in every list a paper is in: at 10,000 papers that was a
   twentieth of the site. A tag's own page leaves that tag off its items (it would be on
   all of them). An id without a name (a stale page) is left out, never shown as markup. */
(function () {
  "use strict";
  var names = window.TAG_NAMES || {}, me = document.currentScript;
  var root = me ? me.getAttribute("src").replace(/assets\/tag-chips\.js$/, "") : "";
  var here = /(?:^|\/)tags\/([a-z0-9-]+?)(?:--page-\d+)?\.html$/.exec(location.pathname);
  var own = here ? here[1] : "";
  document.querySelectorAll("span.tags[data-tags]").forEach(function (span) {
    span.getAttribute("data-tags").split(" ").forEach(function (id) {
      if (!id || id === own || !Object.prototype.hasOwnProperty.call(names, id)) return;
      var a = document.createElement("a");
      a.className = "tag";
      a.href = root + "tags/" + encodeURIComponent(id) + ".html";
      a.textContent = names[id];
      span.appendChild(a);
    });
  });
})();
