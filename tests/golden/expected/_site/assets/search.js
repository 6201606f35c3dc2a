/* Client-side search: lunr.js over indexes written at build time (site_src/search.py).
   The title/tag index and the papers' titles come with the page; abstract terms live in
   shards (assets/search/abstract-XX.js, XX = a term's first two characters) and snippets
   in assets/search/snippets-N.js, both added as <script> tags when a query needs them, so
   search works from file://. A paper's score is the sum of its scores in every index.
   Results are built with DOM nodes and textContent only (no HTML strings). */
(function () {
  "use strict";
  var data = window.SEARCH_DOCS;
  var primary = lunr.Index.load(window.SEARCH_INDEX);
  var shardKeys = {};
  data.shards.forEach(function (k) { shardKeys[k] = true; });
  var shards = {};    /* key -> lunr.Index, once its file has run */
  var requested = {}; /* script src -> true */
  var SHOWN = 50;
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  var root = document.querySelector('link[rel="stylesheet"]').getAttribute("href").replace(/assets\/style\.css$/, "");
  var current = "";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function load(src) {
    if (requested[src]) return;
    requested[src] = true;
    var s = document.createElement("script");
    s.src = root + src;
    s.async = true;
    s.onload = function () { refresh(); };
    document.head.appendChild(s);
  }

  /* The shard a term lives in; the same rule as shard_key() in site_src/search.py. */
  function shardKey(term) {
    var head = term.slice(0, 2);
    return /^[a-z0-9]{1,2}$/.test(head) ? head : "_";
  }

  function queryTerms(q) {
    return lunr.tokenizer(q).map(function (t) { return lunr.trimmer(t).toString(); })
      .filter(function (t) { return t; });
  }

  /* Loaded shards for the query's terms; asks for the missing ones (they re-run the search). */
  function shardsFor(terms) {
    var out = [], seen = {};
    terms.forEach(function (term) {
      [term, lunr.stemmer(new lunr.Token(term)).toString()].forEach(function (t) {
        var key = shardKey(t);
        if (t.length < 2 || seen[key] || !shardKeys[key]) return; /* one letter: titles only */
        seen[key] = true;
        if (!shards[key] && window.SEARCH_SHARDS && window.SEARCH_SHARDS[key]) {
          shards[key] = lunr.Index.load(window.SEARCH_SHARDS[key]);
        }
        if (shards[key]) out.push(shards[key]);
        else load("assets/search/abstract-" + key + ".js");
      });
    });
    return out;
  }

  function run(terms) {
    var scores = {};
    [primary].concat(shardsFor(terms)).forEach(function (index) {
      index.query(function (query) {
        terms.forEach(function (term) {
          query.term(term, { boost: 10 });
          query.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 1 });
        });
      }).forEach(function (hit) { scores[hit.ref] = (scores[hit.ref] || 0) + hit.score; });
    });
    return Object.keys(scores).map(function (ref) { return { n: parseInt(ref, 36), score: scores[ref] }; })
      .sort(function (a, b) { return b.score - a.score || a.n - b.n; });
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

  function snippetOf(n) {
    var chunk = Math.floor(n / data.chunk);
    var texts = window.SEARCH_SNIPPETS && window.SEARCH_SNIPPETS[chunk];
    if (texts) return texts[n % data.chunk];
    load("assets/search/snippets-" + chunk + ".js");
    return null;
  }

  function item(n, terms) {
    var d = data.docs[n]; /* [title, url, date, [tag numbers]] */
    var li = el("li", "paper-item result");
    var a = el("a", "paper-title");
    a.href = root + d[1];
    highlight(a, d[0], terms);
    li.appendChild(a);
    var meta = el("div", "meta");
    if (d[2]) meta.appendChild(el("time", "", d[2]));
    d[3].forEach(function (g) { meta.appendChild(el("span", "tag", data.tags[g])); });
    li.appendChild(meta);
    var text = snippetOf(n);
    if (text !== null) {
      var p = el("p", "snippet");
      highlight(p, text, terms);
      li.appendChild(p);
    }
    return li;
  }

  function show(q) {
    current = q = (q || "").trim();
    while (list.firstChild) list.removeChild(list.firstChild);
    var terms = queryTerms(q);
    if (!terms.length) { status.textContent = ""; return; }
    var hits = run(terms);
    status.textContent = hits.length + (hits.length === 1 ? " paper" : " papers") + " for \u201c" + q + "\u201d";
    hits.slice(0, SHOWN).forEach(function (hit) { list.appendChild(item(hit.n, terms)); });
  }

  var pending = false;
  function refresh() { /* a shard or snippets file arrived: show the current query again, once */
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; show(current); }, 0);
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
