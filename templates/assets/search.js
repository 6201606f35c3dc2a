/* Client-side search: lunr.js over the index built at build time.
   Results are built with DOM nodes and textContent only (no HTML strings). */
(function () {
  "use strict";
  var index = lunr.Index.load(window.SEARCH_INDEX);
  var docs = {};
  window.SEARCH_DOCS.forEach(function (d) { docs[d.id] = d; });
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  var root = document.querySelector('link[rel="stylesheet"]').getAttribute("href").replace(/assets\/style\.css$/, "");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function run(q) {
    var terms = lunr.tokenizer(q).map(function (t) { return t.toString(); }).filter(Boolean);
    if (!terms.length) return [];
    return index.query(function (query) {
      terms.forEach(function (term) {
        query.term(term, { boost: 10 });
        query.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 1 });
      });
    });
  }

  function highlight(parent, text, terms) {
    var pattern = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    if (!pattern) { parent.appendChild(document.createTextNode(text)); return; }
    var re = new RegExp("(" + pattern + ")", "ig"), last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === "") { re.lastIndex++; continue; }
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      parent.appendChild(el("mark", "", m[0]));
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function show(q) {
    while (list.firstChild) list.removeChild(list.firstChild);
    q = (q || "").trim();
    if (!q) { status.textContent = ""; return; }
    var hits = run(q);
    status.textContent = hits.length + (hits.length === 1 ? " paper" : " papers") + " for \u201c" + q + "\u201d";
    var terms = lunr.tokenizer(q).map(function (t) { return t.toString(); });
    hits.slice(0, 100).forEach(function (hit) {
      var d = docs[hit.ref];
      if (!d) return;
      var li = el("li", "paper-item result");
      var a = el("a", "paper-title");
      a.href = root + d.u;
      highlight(a, d.t, terms);
      li.appendChild(a);
      var meta = el("div", "meta");
      if (d.d) meta.appendChild(el("time", "", d.d));
      d.g.forEach(function (g) { meta.appendChild(el("span", "tag", g)); });
      li.appendChild(meta);
      var p = el("p", "snippet");
      highlight(p, d.s, terms);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  show(initial);
  input.addEventListener("input", function () {
    show(input.value);
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url.toString());
    } catch (e) { /* file:// pages may refuse; the form still puts q in the URL */ }
  });
})();
