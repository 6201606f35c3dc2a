/* Shareable intersections: tags/intersection.html?tags=a,b&from=2022&to=2024&code=1
   One static page filters the build-time tag data by the URL's query string, so every
   combination works on GitHub Pages and from disk without a page per combination.
   DOM nodes and textContent only. */
(function () {
  "use strict";
  var data = window.TAG_DATA, byId = {}, root = "../";
  data.tags.forEach(function (t, i) { byId[t[0]] = { index: i, name: t[1], facet: t[2] }; });
  var q = new URLSearchParams(window.location.search);
  var wanted = (q.get("tags") || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  var from = parseInt(q.get("from") || "", 10), to = parseInt(q.get("to") || "", 10);
  var code = q.get("code") === "1";
  document.getElementById("f-tags").value = wanted.join(",");
  if (!isNaN(from)) document.getElementById("f-from").value = from;
  if (!isNaN(to)) document.getElementById("f-to").value = to;
  document.getElementById("f-code").checked = code;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  var unknown = wanted.filter(function (t) { return !byId[t]; });
  var known = wanted.filter(function (t) { return byId[t]; });
  var need = known.map(function (t) { return byId[t].index; });
  var hits = data.papers.filter(function (p) {
    for (var i = 0; i < need.length; i++) if (p[5].indexOf(need[i]) < 0) return false;
    var year = p[2] ? parseInt(p[2].slice(0, 4), 10) : NaN;
    if (!isNaN(from) && !(year >= from)) return false;
    if (!isNaN(to) && !(year <= to)) return false;
    if (code && !p[4]) return false;
    return true;
  });
  var names = known.map(function (t) { return byId[t].name; });
  var words = names.length ? "tagged " + (names.length > 1 ? names.slice(0, -1).join(", ") + " and " + names[names.length - 1] : names[0]) : "in the survey";
  var range = !isNaN(from) && !isNaN(to) ? ", from " + from + " to " + to : !isNaN(from) ? ", from " + from + " on" : !isNaN(to) ? ", up to " + to : "";
  var summary = hits.length + (hits.length === 1 ? " paper " : " papers ") + words + range + (code ? ", with code" : "") + ".";
  if (unknown.length) summary += " Unknown tag" + (unknown.length > 1 ? "s" : "") + ": " + unknown.join(", ") + ".";
  document.getElementById("summary").textContent = summary;
  if (names.length) {
    document.getElementById("what").textContent = names.join(" + ");
    document.title = names.join(" + ") + " · " + document.title;
  }
  var links = document.getElementById("links");
  known.forEach(function (t) {
    var a = el("a", "tag", byId[t].name);
    a.href = t + ".html";
    links.appendChild(a);
  });
  var list = document.getElementById("matches");
  hits.forEach(function (p) {
    var li = el("li", "paper-item");
    var a = el("a", "paper-title", p[1]);
    a.href = root + p[0];
    li.appendChild(a);
    var meta = el("div", "meta");
    if (p[2]) meta.appendChild(el("time", "", p[2]));
    if (p[3]) meta.appendChild(el("span", "upvotes", "\u25b2 " + p[3]));
    if (p[4]) meta.appendChild(el("span", "badge", "code"));
    p[5].forEach(function (i) {
      var t = data.tags[i];
      if (!t[3]) return;  // year, code and collection are shown as facts above, not as topics
      var tag = el("a", "tag", t[1]);
      tag.href = t[0] + ".html";
      meta.appendChild(tag);
    });
    li.appendChild(meta);
    list.appendChild(li);
  });
})();
