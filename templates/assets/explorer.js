/* The explorer: free text and facets over every paper, all from files loaded by <script> tags
   (so it works from file:// and under any sub-path). Indexes are inverted indexes of term counts
   with lunr.js's own trimmer, stop words and stemmer, written at build time (site_src/search/),
   weighed here with lunr's BM25: the first index holds titles, repository names and tags; the
   terms of authors, ids, venues and abstracts live in shards (assets/search/abstract-XX.js, XX a
   term's first two letters) with token positions for phrases; snippets and BibTeX in groups
   picked by each paper's ref; each added when a query or a click needs it.

   Query: every term must match (ranked by lunr's BM25), "quoted phrases" must appear in that
   order, -word and -"phrase" exclude, terms of 5+ letters forgive one typo
   (when no index holds the word as typed), stop words only rank.
   State lives in the URL: q, tags, from, to, undated=0, code=1, coll, venue (repeated), author
   (repeated author ids), sort. Tags must all match; collections, venues and authors any one.
   Authors (thousands of names) come from assets/search/authors.js, loaded after the first
   result, or at once when the URL picks an author.
   Nothing from the data becomes code: DOM nodes and textContent only, every URL relative and
   encoded segment by segment. */
(function () {
  "use strict";
  var data = window.SEARCH_DOCS, docs = data.docs, refs = data.refs;
  var primary = null; /* opened below, once the functions are defined */
  var box = document.getElementById("explorer");
  var root = box.getAttribute("data-root") || "";
  var STEP = 50, AUTHORS = "assets/search/authors.js", SHARD_FILE = "assets/search/abstract-", SHOWN_OPTIONS = 12, AUTHORS_PAUSE_MS = 1500;
  var shardKeys = {}, shards = {}, requested = {};
  data.shards.forEach(function (k) { shardKeys[k] = true; });
  /* A paper's ref (a hash of its slug, site_src/search/index.py paper_refs) -> its place in docs;
     its snippet's group (the ref's first four digits modulo the groups) and place in that group. */
  var refNo = {}, groupOf = [], slotOf = [], filled = [];
  refs.forEach(function (r, n) {
    refNo[r] = n;
    var g = parseInt(r.slice(0, 4), 36) % data.groups;
    groupOf.push(g); slotOf.push(filled[g] || 0); filled[g] = slotOf[n] + 1;
  });
  var $ = function (id) { return document.getElementById(id); };
  var input = $("q"), list = $("results"), status = $("search-status"), more = $("more");
  var state = { q: "", tags: [], from: NaN, to: NaN, undated: true, code: false, coll: [], venues: [],
                authors: [], sort: "" };
  var authorIds = []; /* author ids from the URL, resolved to numbers once authors.js is here */
  var shown = STEP, current = [], waiting = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  /* A site path from the data as a relative, encoded URL: "a:b/c" can never become a scheme. */
  function href(path) {
    return root + String(path).split("/").map(encodeURIComponent).join("/");
  }
  function tagHref(id) { return href("tags/" + id + ".html"); }

  /* Adds a data file by <script> tag; ``then`` runs when it has arrived (by default the whole view
     is shown again: a shard changes the results; a snippet or BibTeX chunk only fills them in). */
  function load(src, then) {
    if (requested[src]) return;
    requested[src] = true;
    waiting = true;
    var s = document.createElement("script");
    s.src = href(src);
    s.async = true;
    s.onload = s.onerror = function () { delete requested[src]; requested[src] = "done"; (then || refresh)(); };
    document.head.appendChild(s);
  }
  function shardArrived() { if (!pendingLoads()) refresh(); } /* the last of a query's shards shows them all */
  function pendingLoads() { /* shards the results still wait for */
    return Object.keys(requested).some(function (k) { return requested[k] === true && k.indexOf(SHARD_FILE) === 0; });
  }

  /* ------------------------------------------------------------------ the query */
  var STOP = function (t) { return lunr.stopWordFilter(new lunr.Token(t)) === undefined; };
  var ID_PREFIX = /^(?:doi:|arxiv:|https?:\/\/(?:dx\.)?doi\.org\/|https?:\/\/arxiv\.org\/(?:abs|pdf)\/)/i;
  function trim(t) { return lunr.trimmer(new lunr.Token(t.toLowerCase())).toString(); }
  function stem(t) { return lunr.stemmer(new lunr.Token(t)).toString(); }
  function split(text) { return text.split(/[\s\-]+/).filter(Boolean); }

  /* Clauses: {terms: [{t, off}], neg, joined}: one term, a phrase, or a hyphenated word. */
  function parse(q) {
    var out = [], re = /(-?)"([^"]*)"?|(\S+)/g, m;
    while ((m = re.exec(q)) !== null) {
      var neg = false, text, phrase = false;
      if (m[2] !== undefined) { neg = m[1] === "-"; text = m[2]; phrase = true; }
      else {
        text = m[3];
        if (text.length > 1 && text.charAt(0) === "-") { neg = true; text = text.slice(1); }
      }
      text = text.replace(ID_PREFIX, "");
      var pieces = split(text), terms = [];
      pieces.forEach(function (p, i) {
        var t = trim(p);
        if (t) terms.push({ t: t, off: i });
      });
      if (!terms.length) continue;
      var joined = !phrase && pieces.length > 1 ? trim(pieces.join("")) : "";
      var ranked = terms.filter(function (x) { return !STOP(x.t); });
      out.push({ terms: ranked.length ? ranked : terms, neg: neg, joined: joined,
                 phrase: phrase || pieces.length > 1, optional: !neg && ranked.length === 0, text: text });
    }
    return out;
  }

  /* ------------------------------------------------------------------ the indexes
     An index (site_src/search/inverted.py, term_indexes): its terms sorted, and one posting
     string a term ("<ref>:<field digit><term count base 36>[@<positions base 36>]", space-
     separated), decoded only when a query names the term, then kept. */
  function openIndex(raw) { return { terms: raw.terms, postings: raw.postings, decoded: {} }; }
  /* lunr's BM25, as site_src/search/inverted.py bm25 computes it (the same operations in the same
     order, so the same numbers): idf from the papers and the term's postings over every field,
     k1 1.2, each field's b and boost, the average field lengths over every paper. */
  var K1 = 1.2, FIELDS = data.fields, norms = FIELDS.map(function (f) {
    var lengths = data.lengths[f[0]], b = f[2];
    if (!b || !lengths) return null; /* b 0: every paper's norm is k1 */
    var total = 0, i;
    for (i = 0; i < lengths.length; i++) total += lengths[i];
    var avg = total / docs.length;
    return lengths.map(function (len) { return avg ? K1 * (1 - b + b * (len / avg)) : K1; });
  });
  function idf(withTerm) { return Math.log1p(Math.abs((docs.length - withTerm + 0.5) / (withTerm + 0.5))); }
  function weight(termIdf, field, n, count) {
    var norm = norms[field] ? norms[field][n] : K1;
    return Math.floor(termIdf * ((K1 + 1) * count) / (norm + count) * FIELDS[field][1] * 1000 + 0.5);
  }
  function lowerBound(terms, t) {
    var lo = 0, hi = terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < t) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function termAt(index, t) { var i = lowerBound(index.terms, t); return index.terms[i] === t ? i : -1; }
  function postings(index, i) { /* [[ref, field name, term count, positions or null, field digit], ...] */
    if (index.decoded[i]) return index.decoded[i];
    var out = index.postings[i].split(" ").map(function (e) {
      var colon = e.indexOf(":"), at = e.indexOf("@", colon), field = +e.charAt(colon + 1);
      return [e.slice(0, colon), FIELDS[field][0],
              parseInt(e.slice(colon + 2, at < 0 ? e.length : at), 36),
              at < 0 ? null : e.slice(at + 1).split(".").map(function (x) { return parseInt(x, 36); }), field];
    });
    index.decoded[i] = out;
    return out;
  }
  var MAX_PREFIX = 40, MAX_TYPOS = 12;
  function prefixed(index, t) { /* the terms t begins, shortest first (as typed: "segm" -> segment...) */
    var out = [];
    for (var i = lowerBound(index.terms, t); i < index.terms.length && index.terms[i].lastIndexOf(t, 0) === 0; i++) out.push(i);
    if (out.length > MAX_PREFIX) {
      out.sort(function (a, b) { return index.terms[a].length - index.terms[b].length || a - b; });
      out.length = MAX_PREFIX;
    }
    return out;
  }

  function shardKey(t) { var head = t.slice(0, 2); return /^[a-z0-9]{1,2}$/.test(head) ? head : "_"; }
  function shardOf(t) { /* the shard that holds t's other fields' postings (loaded if not yet), or null */
    var key = shardKey(t);
    if (!shardKeys[key]) return null;
    if (!shards[key] && window.SEARCH_SHARDS && window.SEARCH_SHARDS[key]) {
      shards[key] = openIndex(window.SEARCH_SHARDS[key]);
    }
    if (!shards[key]) load(SHARD_FILE + key + ".js", shardArrived);
    return shards[key] || null;
  }
  function shardFor(t) { return t.length < 2 ? null : shardOf(t); } /* one letter: titles only */
  function postingCount(index, t) { var i = termAt(index, t); return i < 0 ? 0 : postings(index, i).length; }
  /* t's idf: its postings in the first index and in its shard (loaded for it: a one-letter term's
     or a typo's too, though only the first index is searched for them). */
  function idfOf(t, missing) { /* missing.shard: set when t's shard is still on its way */
    var shard = shardOf(t);
    if (!shard && shardKeys[shardKey(t)]) missing.shard = true;
    return idf(postingCount(primary, t) + (shard ? postingCount(shard, t) : 0));
  }
  function indexesFor(t) {
    var out = [primary], seen = {};
    [t, stem(t)].forEach(function (x) {
      var s = shardFor(x);
      if (s && !seen[x.slice(0, 2)]) { seen[x.slice(0, 2)] = true; out.push(s); }
    });
    return out;
  }

  /* The postings of the term t (as indexed) with the weights the ranking gives them, [[ref, field
     name, weight], ...], or null while a shard they need is on its way: for the tests, which check
     them against the weights Python computes. */
  window.explorerWeights = function (t) {
    var missing = { shard: false }, termIdf = idfOf(t, missing), out = [];
    [primary, shardOf(t)].forEach(function (index) {
      var i = index ? termAt(index, t) : -1;
      if (i >= 0) postings(index, i).forEach(function (e) { out.push([e[0], e[1], weight(termIdf, e[4], refNo[e[0]], e[2])]); });
    });
    return missing.shard ? null : out;
  };

  /* The stems of words one edit away from t (a typo) that an index holds, the commonest first:
     stems differ from words ("segmentaton" is one letter from "segmentation", whose stem is
     "segment"), so the edits are made to the word and each result stemmed. */
  var ALPHABET = "abcdefghijklmnopqrstuvwxyz";
  function typoStems(t, indexes) {
    var seen = {}, found = [], exact = stem(t), i, c;
    function add(w) {
      if (seen[w]) return;
      seen[w] = true;
      var s = stem(w);
      if (s === exact || seen["=" + s]) return;
      seen["=" + s] = true;
      var n = 0;
      indexes.forEach(function (index) { n += postingCount(index, s); });
      if (n) found.push([s, n]);
    }
    for (i = 0; i <= t.length; i++) {
      if (i < t.length) add(t.slice(0, i) + t.slice(i + 1));
      if (i < t.length - 1) add(t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2));
      for (c = 0; c < 26; c++) {
        add(t.slice(0, i) + ALPHABET[c] + t.slice(i));
        if (i < t.length) add(t.slice(0, i) + ALPHABET[c] + t.slice(i + 1));
      }
    }
    found.sort(function (a, b) { return b[1] - a[1]; });
    return found.slice(0, MAX_TYPOS).map(function (x) { return x[0]; });
  }

  /* ref -> {score, fields, pos} for one term: the summed weights of the term as typed (stemmed,
     10x), and, when loose, of the words it begins and of its one-typo neighbours. */
  var hitsCache = {};
  function termHits(t, loose) {
    var indexes = indexesFor(t), key = (loose ? "~" : "=") + t + "|" + indexes.length;
    if (hitsCache[key]) return hitsCache[key];
    if (Object.keys(hitsCache).length > 200) hitsCache = {};
    var hits = {}, exact = stem(t);
    var known = indexes.some(function (index) { return termAt(index, exact) >= 0; });
    var typos = loose && !known && t.length >= 5 && /^[a-z]+$/.test(t) ? typoStems(t, indexes) : [];
    var idfs = {}, missing = { shard: false };
    function add(index, i, boost, own) {
      if (i < 0) return;
      var term = index.terms[i], termIdf = idfs[term] !== undefined ? idfs[term] : (idfs[term] = idfOf(term, missing));
      postings(index, i).forEach(function (e) {
        var h = hits[e[0]] || (hits[e[0]] = { score: 0, fields: {}, pos: null });
        h.score += boost * weight(termIdf, e[4], refNo[e[0]], e[2]);
        if (own) { h.fields[e[1]] = true; if (e[3]) h.pos = e[3]; }
      });
    }
    indexes.forEach(function (index) {
      add(index, termAt(index, exact), 10, true);
      if (!loose) return;
      prefixed(index, t).forEach(function (i) { add(index, i, 1, false); });
      typos.forEach(function (s) { add(index, termAt(index, s), 1, false); });
    });
    if (!missing.shard) hitsCache[key] = hits; /* else: again once that shard is here */
    return hits;
  }

  var titleTerms = {};
  function titleOf(n) { /* the title's terms by token position, as the index numbers them */
    if (!titleTerms[n]) titleTerms[n] = split(docs[n][0]).map(function (w) { return stem(trim(w)); });
    return titleTerms[n];
  }
  function inOrder(positions, terms) { /* positions: per term, where it is; is there a p with all at p+off? */
    return positions[0].some(function (p) {
      for (var i = 1; i < terms.length; i++) {
        if (positions[i].indexOf(p - terms[0].off + terms[i].off) < 0) return false;
      }
      return true;
    });
  }
  /* ref -> score for one clause. */
  function clauseHits(c) {
    var out = {};
    if (c.terms.length === 1 && !c.joined) {
      var one = termHits(c.terms[0].t, !c.neg);
      Object.keys(one).forEach(function (r) { out[r] = one[r].score; });
      return out;
    }
    var per = c.terms.map(function (x) { return termHits(x.t, false); });
    Object.keys(per[0]).forEach(function (r) {
      if (!per.every(function (h) { return h[r]; })) return;
      var n = refNo[r], words = titleOf(n), ok = false;
      var inTitle = c.terms.map(function (x) {
        var s = stem(x.t), at = [];
        words.forEach(function (w, i) { if (w === s) at.push(i); });
        return at;
      });
      if (inTitle.every(function (a) { return a.length; }) && inOrder(inTitle, c.terms)) ok = true;
      if (!ok && per.every(function (h) { return h[r].pos; })) ok = inOrder(per.map(function (h) { return h[r].pos; }), c.terms);
      if (!ok) ok = ["authors", "names", "ids", "venue", "keywords"].some(function (f) {
        return per.every(function (h) { return h[r].fields[f]; });
      });
      if (ok) out[r] = per.reduce(function (s, h) { return s + h[r].score; }, 0);
    });
    if (c.joined) {
      var j = termHits(c.joined, false);
      Object.keys(j).forEach(function (r) { out[r] = (out[r] || 0) + j[r].score; });
    }
    return out;
  }

  /* Every paper the text allows: [{n, score}], or null when there is no text. */
  function textMatches(q) {
    var clauses = parse(q);
    if (!clauses.length) return null;
    var required = clauses.filter(function (c) { return !c.neg && !c.optional; });
    if (!required.length) { /* only stop words ("he", "the"): they must match after all */
      required = clauses.filter(function (c) { return !c.neg; });
      required.forEach(function (c) { c.optional = false; });
    }
    var scores = null;
    required.forEach(function (c) {
      var hits = clauseHits(c), next = {};
      Object.keys(hits).forEach(function (r) {
        if (scores === null || scores[r] !== undefined) next[r] = (scores ? scores[r] : 0) + hits[r];
      });
      scores = next;
    });
    if (scores === null) { scores = {}; refs.forEach(function (r) { scores[r] = 0; }); }
    clauses.forEach(function (c) {
      if (c.neg) Object.keys(clauseHits(c)).forEach(function (r) { delete scores[r]; });
      else if (c.optional) {
        var hits = clauseHits(c);
        Object.keys(hits).forEach(function (r) { if (scores[r] !== undefined) scores[r] += hits[r]; });
      }
    });
    return Object.keys(scores).map(function (r) { return { n: refNo[r], score: scores[r] }; });
  }

  /* ------------------------------------------------------------------ facets */
  var tagIndex = {}, tagByName = {};
  data.tags.forEach(function (t, i) { tagIndex[t[0]] = i; tagByName[t[1].toLowerCase()] = i; });
  var collIndex = {};
  data.collections.forEach(function (c, i) { collIndex[c[0]] = i; collIndex[c[0].toLowerCase()] = i; });
  var venueIndex = {};
  (data.venues || []).forEach(function (v, i) { venueIndex[v.toLowerCase()] = i; });

  /* Authors: names, each paper's author numbers, and names folded for the picker's filter. */
  var authors = null, unknownAuthors = [];
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function authorsReady() {
    if (authors) return true;
    var a = window.SEARCH_AUTHORS;
    if (!a) { if (data.authors) load(AUTHORS); return false; }
    var byId = {};
    a.names.forEach(function (x, i) { byId[x[0]] = i; });
    authors = { names: a.names, docs: a.docs, byId: byId, words: null };
    state.authors = []; unknownAuthors = [];
    authorIds.forEach(function (id) {
      var i = byId[id] !== undefined ? byId[id] : byId[id.toLowerCase()];
      if (i === undefined) unknownAuthors.push(id); else if (state.authors.indexOf(i) < 0) state.authors.push(i);
    });
    return true;
  }
  function authorWaiting() { return authorIds.length > 0 && !authors && data.authors > 0; }
  var years = docs.map(function (d) { return d[2] ? parseInt(d[2].slice(0, 4), 10) : NaN; });
  /* Which filters paper n fails, one bit each: the results fail none; a facet's counts are over
     the papers that fail at most its own filter (so its other options stay visible). */
  var FAILS = { tags: 1, year: 2, code: 4, coll: 8, venue: 16, author: 32 };
  function fails(n) {
    var d = docs[n], i, out = 0;
    if (unknownTags.length) out |= FAILS.tags; /* no paper carries a tag the survey lacks */
    else for (i = 0; i < state.tags.length; i++) if (d[3].indexOf(state.tags[i]) < 0) { out |= FAILS.tags; break; }
    var y = years[n];
    if (isNaN(y)) { if (!state.undated) out |= FAILS.year; }
    else if ((!isNaN(state.from) && y < state.from) || (!isNaN(state.to) && y > state.to)) out |= FAILS.year;
    if (state.code && !d[5]) out |= FAILS.code;
    if (state.coll.length && !state.coll.some(function (c) { return d[6].indexOf(c) >= 0; })) out |= FAILS.coll;
    if ((state.venues.length || unknownVenues.length) && state.venues.indexOf(d[8]) < 0) out |= FAILS.venue;
    if (authorIds.length) {
      /* not loaded yet: nothing is shown as if it were by them */
      var mine = authors ? authors.docs[n] : [];
      if (!state.authors.some(function (a) { return mine.indexOf(a) >= 0; })) out |= FAILS.author;
    }
    return out;
  }

  function resolveTags(words) { /* ids or display names, any case; unknown ones are reported */
    var known = [], unknown = [];
    words.forEach(function (w) {
      var i = tagIndex[w] !== undefined ? tagIndex[w] : tagIndex[w.toLowerCase()] !== undefined
        ? tagIndex[w.toLowerCase()] : tagByName[w.toLowerCase()];
      if (i === undefined) unknown.push(w); else if (known.indexOf(i) < 0) known.push(i);
    });
    return { known: known, unknown: unknown };
  }

  /* ------------------------------------------------------------------ state <-> URL */
  var unknownTags = [], unknownVenues = [];
  function readURL() {
    var p = new URLSearchParams(window.location.search);
    var list = function (k) { return (p.get(k) || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean); };
    state.q = p.get("q") || "";
    var t = resolveTags(list("tags"));
    state.tags = t.known; unknownTags = t.unknown;
    state.from = parseInt(p.get("from") || "", 10);
    state.to = parseInt(p.get("to") || "", 10);
    state.undated = p.get("undated") !== "0";
    state.code = p.get("code") === "1";
    state.coll = list("coll").map(function (c) { return collIndex[c] !== undefined ? collIndex[c] : collIndex[c.toLowerCase()]; })
      .filter(function (i) { return i !== undefined; });
    state.venues = []; unknownVenues = [];
    p.getAll("venue").forEach(function (v) {
      var i = venueIndex[v.trim().replace(/\s+/g, " ").toLowerCase()];
      if (i === undefined) unknownVenues.push(v); else if (state.venues.indexOf(i) < 0) state.venues.push(i);
    });
    authorIds = [];
    p.getAll("author").forEach(function (a) {
      a.split(",").forEach(function (id) { id = id.trim(); if (id && authorIds.indexOf(id) < 0) authorIds.push(id); });
    });
    /* old intersection links name collections, code and years as tags: keep them as those facets */
    var years = [];
    unknownTags = unknownTags.filter(function (t) {
      var low = t.toLowerCase(), m = /^year-(\d{4})$/.exec(low);
      if (m) { years.push(parseInt(m[1], 10)); return false; }
      if (low === "has-code") { state.code = true; return false; }
      var c = -1;
      data.collections.forEach(function (x, i) { if (x[2] === low) c = i; });
      if (c >= 0) { if (state.coll.indexOf(c) < 0) state.coll.push(c); return false; }
      return true;
    });
    if (years.length) { /* a paper has one year: two different year tags match nothing, as before */
      state.from = Math.max.apply(null, years); state.to = Math.min.apply(null, years); state.undated = false;
    }
    state.sort = p.get("sort") || "";
    if (authorIds.length && data.authors) authorsReady();
    else unknownAuthors = authorIds.slice(); /* a survey without authors knows none of them */
  }
  function query() {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.tags.length) p.set("tags", state.tags.map(function (i) { return data.tags[i][0]; }).join(","));
    if (!isNaN(state.from)) p.set("from", state.from);
    if (!isNaN(state.to)) p.set("to", state.to);
    if (!state.undated) p.set("undated", "0");
    if (state.code) p.set("code", "1");
    if (state.coll.length) p.set("coll", state.coll.map(function (i) { return data.collections[i][0]; }).join(","));
    state.venues.forEach(function (i) { p.append("venue", data.venues[i]); });
    (authors ? state.authors.map(function (i) { return authors.names[i][0]; }) : authorIds)
      .forEach(function (id) { p.append("author", id); });
    if (state.sort) p.set("sort", state.sort);
    var s = p.toString();
    return s ? "?" + s : "";
  }
  function link() { return window.location.href.split(/[?#]/)[0] + query(); }
  function writeURL() {
    try { window.history.replaceState(null, "", query() || window.location.pathname); } catch (e) { /* some file:// setups */ }
    $("link-out").value = link();
  }

  /* ------------------------------------------------------------------ showing */
  function highlight(parent, text, terms) {
    var pattern = terms.filter(Boolean).map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
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
  function chunkOf(table, file, n, then) { /* paper n's snippet or BibTeX, or null while its group loads */
    var group = groupOf[n], texts = window[table] && window[table][group];
    if (texts) return texts[slotOf[n]];
    load("assets/search/" + file + "-" + group + ".js", then);
    return null;
  }
  var shownWords = [];
  function snippetOf(li, n) {
    if (pendingLoads()) return; /* these results are not final yet: their shards come first */
    var text = chunkOf("SEARCH_SNIPPETS", "snippets", n, fillSnippets);
    if (text) { var p = el("p", "snippet"); highlight(p, text, shownWords); li.appendChild(p); }
  }
  function fillSnippets() { /* a snippets file arrived: only the results still without one change */
    Array.prototype.forEach.call(list.children, function (li) {
      if (!li.querySelector(".snippet")) snippetOf(li, +li.getAttribute("data-n"));
    });
  }
  function item(n, words) {
    var d = docs[n], li = el("li", "paper-item result");
    li.setAttribute("data-n", n);
    var a = el("a", "paper-title");
    a.href = href(d[1]);
    highlight(a, d[0], words);
    li.appendChild(a);
    var meta = el("div", "meta");
    if (d[2]) meta.appendChild(el("time", "", d[2]));
    if (d[7]) meta.appendChild(el("span", "authors", d[7]));
    if (d[8] >= 0) meta.appendChild(el("span", "venue", data.venues[d[8]]));
    if (d[4]) meta.appendChild(el("span", "upvotes", "\u25b2 " + d[4]));
    if (d[5]) meta.appendChild(el("span", "badge", "code"));
    d[3].forEach(function (g) {
      var t = data.tags[g];
      if (!t[3]) return;
      var tag = el("a", "tag", t[1]);
      tag.href = tagHref(t[0]);
      meta.appendChild(tag);
    });
    li.appendChild(meta);
    snippetOf(li, n);
    return li;
  }

  function count(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function facetBox(parent, label, checked, n, onChange, value) {
    var l = el("label", "facet-option" + (n ? "" : " empty"));
    var c = el("input");
    c.type = "checkbox"; c.checked = checked;
    if (value !== undefined) c.value = value;
    c.addEventListener("change", function () { onChange(c.checked); });
    l.appendChild(c);
    l.appendChild(document.createTextNode(" " + label + " "));
    l.appendChild(el("span", "count", "(" + n + ")"));
    parent.appendChild(l);
    return l;
  }
  function setAuthors(list) {
    state.authors = list;
    authorIds = list.map(function (i) { return authors.names[i][0]; }).concat(unknownAuthors);
  }
  /* A long facet as a picker: what is chosen, then the SHOWN_OPTIONS commonest among the papers the
     other filters leave that match the filter words, then how many more there are to find. */
  function drawPicker(parent, chosen, counts, label, matches, value, onPick, noun) {
    while (parent.firstChild) parent.removeChild(parent.firstChild);
    chosen.forEach(function (i) {
      facetBox(parent, label(i), true, counts[i] || 0, function () { onPick(i, false); }, value(i));
    });
    var top = [], more = 0; /* the SHOWN_OPTIONS commonest, in one pass: thousands of authors */
    for (var i = 0; i < counts.length; i++) {
      if (!counts[i] || chosen.indexOf(i) >= 0 || !matches(i)) continue;
      more++;
      if (top.length === SHOWN_OPTIONS && counts[i] <= counts[top[top.length - 1]]) continue;
      top.push(i);
      top.sort(function (a, b) { return counts[b] - counts[a] || a - b; });
      if (top.length > SHOWN_OPTIONS) top.pop();
    }
    top.sort(function (a, b) { return counts[b] - counts[a] || label(a).localeCompare(label(b)); });
    top.forEach(function (i) {
      facetBox(parent, label(i), false, counts[i], function () { onPick(i, true); }, value(i));
    });
    more -= top.length;
    if (more > 0) {
      parent.appendChild(el("p", "count more-options", "and " + more.toLocaleString("en") + " more " + noun +
        ": type to narrow"));
    } else if (!top.length && !chosen.length) parent.appendChild(el("p", "count more-options", "none"));
  }
  function drawFacets(base) {
    var byTag = {}, undated = 0, code = 0, coll = {};
    var allTags = base.tags, allYear = base.year, allCode = base.code, allColl = base.coll;
    allTags.forEach(function (n) { docs[n][3].forEach(function (g) { byTag[g] = (byTag[g] || 0) + 1; }); });
    allYear.forEach(function (n) { if (isNaN(years[n])) undated++; });
    allCode.forEach(function (n) { if (docs[n][5]) code++; });
    allColl.forEach(function (n) { docs[n][6].forEach(function (c) { coll[c] = (coll[c] || 0) + 1; }); });
    var tags = $("f-tags"), filter = $("f-tag-filter").value.trim().toLowerCase();
    while (tags.firstChild) tags.removeChild(tags.firstChild);
    var lastFacet = null;
    data.tags.forEach(function (t, i) {
      var on = state.tags.indexOf(i) >= 0;
      if (!on && (!byTag[i] || (filter && t[1].toLowerCase().indexOf(filter) < 0 && t[0].indexOf(filter) < 0))) return;
      if (t[2] !== lastFacet) { tags.appendChild(el("div", "facet-name", t[2])); lastFacet = t[2]; }
      facetBox(tags, t[1], on, byTag[i] || 0, function (v) {
        state.tags = v ? state.tags.concat([i]) : state.tags.filter(function (x) { return x !== i; });
        update();
      }, t[0]);
    });
    $("n-undated").textContent = "(" + undated + ")";
    $("n-code").textContent = "(" + code + ")";
    var colls = $("f-coll");
    while (colls.firstChild) colls.removeChild(colls.firstChild);
    data.collections.forEach(function (c, i) {
      var on = state.coll.indexOf(i) >= 0;
      if (!on && !coll[i]) return;
      facetBox(colls, c[1], on, coll[i] || 0, function (v) {
        state.coll = v ? state.coll.concat([i]) : state.coll.filter(function (x) { return x !== i; });
        update();
      }, c[0]);
    });
    if (data.venues && data.venues.length) {
      var byVenue = new Int32Array(data.venues.length), vf = fold($("f-venue-filter").value.trim());
      base.venue.forEach(function (n) { var v = docs[n][8]; if (v >= 0) byVenue[v]++; });
      drawPicker($("f-venues"), state.venues, byVenue, function (i) { return data.venues[i]; },
        function (i) { return !vf || fold(data.venues[i]).indexOf(vf) >= 0; }, function (i) { return data.venues[i]; },
        function (i, on) {
          state.venues = on ? state.venues.concat([i]) : state.venues.filter(function (x) { return x !== i; });
          update();
        }, "venues");
    }
    if (data.authors && authors) {
      var byAuthor = new Int32Array(authors.names.length);
      var words = fold($("f-author-filter").value.trim()).split(/[\s,.\-]+/).filter(Boolean);
      base.author.forEach(function (n) { var mine = authors.docs[n]; for (var k = 0; k < mine.length; k++) byAuthor[mine[k]]++; });
      if (words.length && !authors.words) { /* folded names, made the first time a name is typed */
        authors.words = authors.names.map(function (x) { return fold(x[1]).split(/[\s,.\-]+/).filter(Boolean); });
      }
      drawPicker($("f-authors"), state.authors, byAuthor, function (i) { return authors.names[i][1]; },
        function (i) { /* every word typed starts a word of the name, in any order */
          return words.every(function (w) { return authors.words[i].some(function (x) { return x.indexOf(w) === 0; }); });
        }, function (i) { return authors.names[i][0]; },
        function (i, on) { setAuthors(on ? state.authors.concat([i]) : state.authors.filter(function (x) { return x !== i; })); update(); },
        "authors");
    }
  }

  function describe(total, words) {
    var parts = [];
    if (state.q.trim()) parts.push("for \u201c" + state.q.trim() + "\u201d");
    if (state.tags.length) parts.push("tagged " + state.tags.map(function (i) { return data.tags[i][1]; }).join(" and "));
    var from = state.from, to = state.to;
    if (!isNaN(from) || !isNaN(to)) {
      parts.push((!isNaN(from) && !isNaN(to) ? "from " + from + " to " + to : !isNaN(from) ? "from " + from + " on" : "up to " + to)
        + (state.undated ? " (undated included)" : ""));
    } else if (!state.undated) parts.push("dated only");
    if (state.code) parts.push("with code");
    if (state.coll.length) parts.push("in " + state.coll.map(function (i) { return data.collections[i][1]; }).join(" or "));
    if (state.venues.length) parts.push("at " + state.venues.map(function (i) { return data.venues[i]; }).join(" or "));
    if (authors && state.authors.length) parts.push("by " + state.authors.map(function (i) { return authors.names[i][1]; }).join(" or "));
    unknownVenues.forEach(function (v) { parts.push("at " + v); });
    var s = count(total, "paper", "papers") + (parts.length ? " " + parts.join(", ") : "") + ".";
    if (total > shown) s += " Showing 1\u2013" + shown + ".";
    if (unknownTags.length) s += " Unknown tag" + (unknownTags.length > 1 ? "s" : "") + ": " + unknownTags.join(", ") + ".";
    if (unknownVenues.length) s += " Unknown venue" + (unknownVenues.length > 1 ? "s" : "") + ": " + unknownVenues.join(", ") + ".";
    if (unknownAuthors.length) s += " Unknown author" + (unknownAuthors.length > 1 ? "s" : "") + ": " + unknownAuthors.join(", ") + ".";
    if (authorWaiting()) s += " Loading authors\u2026";
    if (pendingLoads()) s += " Searching abstracts\u2026";
    return s;
  }

  var dateKey = docs.map(function (d) { return d[2] || ""; });
  var facetsDue = null, facetBase = null;
  function update(keepShown) {
    if (!keepShown) shown = STEP;
    state.q = input.value;
    if (!authors && window.SEARCH_AUTHORS) authorsReady();
    var text = textMatches(state.q), hasText = text !== null;
    var pool = hasText ? text : docs.map(function (_, n) { return { n: n, score: 0 }; });
    var base = { tags: [], year: [], code: [], coll: [], venue: [], author: [] }, names = Object.keys(FAILS);
    current = [];
    pool.forEach(function (h) {
      var f = fails(h.n);
      if (!f) { current.push(h); names.forEach(function (k) { base[k].push(h.n); }); return; }
      for (var i = 0; i < names.length; i++) if (f === FAILS[names[i]]) { base[names[i]].push(h.n); return; }
    });
    base.tags = current.map(function (h) { return h.n; });
    var sort = state.sort || (hasText ? "relevance" : "newest");
    current.sort(function (a, b) {
      if (sort === "newest") return dateKey[b.n] < dateKey[a.n] ? -1 : dateKey[b.n] > dateKey[a.n] ? 1 : a.n - b.n;
      if (sort === "upvotes") return docs[b.n][4] - docs[a.n][4] || a.n - b.n;
      return b.score - a.score || a.n - b.n;
    });
    $("f-sort").value = sort;
    var words = [];
    parse(state.q).forEach(function (c) { if (!c.neg) c.terms.forEach(function (x) { words.push(x.t); }); });
    while (list.firstChild) list.removeChild(list.firstChild);
    shownWords = words;
    current.slice(0, shown).forEach(function (h) { list.appendChild(item(h.n, words)); });
    status.textContent = describe(current.length, words);
    more.hidden = current.length <= shown;
    more.textContent = "Show " + Math.min(STEP, current.length - shown) + " more (" + (current.length - shown) + " left)";
    if (!pendingLoads()) waiting = false;
    /* the facets' counts and the address bar follow a moment later, so the results are on screen first */
    facetBase = base;
    if (facetsDue === null) facetsDue = setTimeout(function () { facetsDue = null; drawFacets(facetBase); writeURL(); }, 0);
  }

  var refreshing = false;
  function refresh() { /* a file arrived: show the current state again, once, keeping the page length */
    if (refreshing) return;
    refreshing = true;
    setTimeout(function () { refreshing = false; update(true); if (bibWanted) bibtex(); }, 0);
  }

  /* ------------------------------------------------------------------ the selection's BibTeX */
  var bibWanted = false;
  function bibtex() {
    bibWanted = true;
    var entries = [], missing = false;
    current.forEach(function (h) {
      var e = chunkOf("SEARCH_BIBTEX", "bibtex", h.n, function () { if (bibWanted) bibtex(); });
      if (e === null) missing = true; else entries.push(e);
    });
    if (missing) { $("bibtex-status").textContent = "Loading BibTeX\u2026"; return; }
    bibWanted = false;
    var text = entries.join("\n");
    $("bibtex-out").value = text;
    $("bibtex-out").hidden = false;
    $("keys-out").value = entries.map(function (e) { var m = /^@\w+\{([^,]+),/.exec(e); return m ? m[1] : ""; }).join(", ");
    var a = $("bibtex-download");
    if (a.getAttribute("data-url")) URL.revokeObjectURL(a.getAttribute("data-url"));
    var url = URL.createObjectURL(new Blob([text], { type: "application/x-bibtex" }));
    a.href = url; a.setAttribute("data-url", url); a.hidden = false;
    $("bibtex-status").textContent = count(entries.length, "entry", "entries") + " for the " + count(current.length, "paper", "papers") + " selected.";
  }

  function copy(id) {
    var field = $(id);
    field.hidden = false;
    field.select();
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).catch(function () {});
    else { try { document.execCommand("copy"); } catch (e) { /* the field stays selected */ } }
  }

  /* ------------------------------------------------------------------ wiring */
  primary = openIndex(window.SEARCH_INDEX);
  readURL();
  input.value = state.q;
  if (!isNaN(state.from)) $("f-from").value = state.from;
  if (!isNaN(state.to)) $("f-to").value = state.to;
  $("f-undated").checked = state.undated;
  $("f-code").checked = state.code;
  if (!docs.some(function (d) { return d[4]; })) $("sort-upvotes").hidden = true;
  var onInput = function () { update(); };
  input.addEventListener("input", onInput);
  $("search").addEventListener("submit", function (e) { e.preventDefault(); update(); });
  $("f-tag-filter").addEventListener("input", function () { update(true); });
  $("f-venue-filter").addEventListener("input", function () { update(true); });
  $("f-author-filter").addEventListener("input", function () { update(true); });
  $("f-author-filter").addEventListener("focus", authorsReady);
  if (!data.venues || !data.venues.length) $("f-venue-box").hidden = true;
  if (!data.authors) $("f-author-box").hidden = true;
  ["f-from", "f-to"].forEach(function (id) {
    $(id).addEventListener("input", function () { state[id.slice(2)] = parseInt($(id).value, 10); update(); });
  });
  $("f-undated").addEventListener("change", function () { state.undated = $("f-undated").checked; update(); });
  $("f-code").addEventListener("change", function () { state.code = $("f-code").checked; update(); });
  $("f-sort").addEventListener("change", function () { state.sort = $("f-sort").value; update(); });
  more.addEventListener("click", function () { shown += STEP; update(true); });
  $("copy-link").addEventListener("click", function () { $("link-out").value = link(); copy("link-out"); });
  $("get-bibtex").addEventListener("click", bibtex);
  $("copy-keys").addEventListener("click", function () { bibtex(); if (!bibWanted) copy("keys-out"); });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
    if (e.key === "/" && !typing) { e.preventDefault(); input.focus(); return; }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    if (typing && t !== input) return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a.paper-title"));
    if (!links.length) return;
    var i = links.indexOf(document.activeElement);
    var next = e.key === "ArrowDown" ? Math.min(i + 1, links.length - 1) : i - 1;
    e.preventDefault();
    if (next < 0) input.focus(); else links[next].focus();
  });
  update();
  if (data.authors) { /* the picker's names: once the reader pauses typing, or at once when they reach for it */
    var authorsDue = null, authorsLater = function () {
      if (authors) return;
      clearTimeout(authorsDue);
      authorsDue = setTimeout(authorsReady, AUTHORS_PAUSE_MS);
    };
    authorsLater();
    input.addEventListener("input", authorsLater);
    $("f-author-box").addEventListener("pointerenter", authorsReady);
  }
  window.EXPLORER_READY = true; /* for tests and bench/search_scale.py */
})();
