/* A paper's neighbourhood, drawn in the page from the page's own lists: the paper in the
   middle, the papers it mentions, the papers that mention it and its related papers around
   it. The lists are the data, so the picture costs a paper page no bytes (drawn at build
   time it was a third of every page, each title and link a second time); without
   JavaScript the lists above say the same.

   At most twelve neighbours, shared fairly between kinds, each paper once (under its first
   kind: mentions, then mentioned by, then related), placed on an ellipse in groups by kind,
   so the same page always gives the same picture. Each neighbour is a link whose <title>
   ("Related: <its full title>") is its tooltip and its accessible name; colours, halos and
   sizes come from the stylesheet (light or dark). Text goes in as text nodes, never markup. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg", LIMIT = 12, LABEL_CHARS = 22, WIDTH = 640, CX = 320, TOP = 45, RX = 180;
  /* kind, the list it is read from, legend text, arrow marker, dash pattern */
  var KINDS = [
    ["mentions", "section.mentions", "mentions", "nb-out", ""],
    ["mentioned_by", "section.mentioned-by", "mentioned by", "nb-in", "6 4"],
    ["related", "section.related", "related", "", "2 4"]
  ];

  function node(tag, attrs, text) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /* A label cut to at most ``limit`` characters: a title's name before its colon
     ("DeepMAD: Mathematical ..." -> "DeepMAD"), else cut at a word, with an ellipsis. */
  function shorten(label, limit) {
    label = label.split(/\s+/).filter(Boolean).join(" ");
    if (label.length <= limit) return label;
    var head = label.split(": ")[0];
    if (head !== label && head.length <= limit) return head;
    var cut = label.slice(0, limit - 1);
    if (cut.slice(Math.floor(limit / 2)).indexOf(" ") >= 0) cut = cut.slice(0, cut.lastIndexOf(" "));
    return cut.replace(/[ \-:,;]+$/, "") + "\u2026";
  }

  /* Up to LIMIT distinct neighbours (by link), one from each kind in turn. */
  function pick(own) {
    var seen = {}, queues = KINDS.map(function (kind) {
      var items = [];
      document.querySelectorAll(kind[1] + " li > a:first-child").forEach(function (a) {
        var href = a.getAttribute("href"), file = href.split("/").pop();
        if (seen[file] || file === own) return;
        seen[file] = true;
        items.push({ kind: kind, href: href, label: a.textContent });
      });
      return items;
    });
    var taken = queues.map(function () { return 0; }), total = 0, more = true;
    while (total < LIMIT && more) {
      more = false;
      queues.forEach(function (queue, k) {
        if (total < LIMIT && taken[k] < queue.length) { taken[k]++; total++; more = true; }
      });
    }
    return [].concat.apply([], queues.map(function (queue, k) { return queue.slice(0, taken[k]); }));
  }

  function draw(title, nodes) {
    /* sized to the content: one or two neighbours beside the paper, up to six on a flat ellipse */
    var count = nodes.length, ry = count <= 2 ? 0 : count <= 6 ? 85 : 125, cy = TOP + ry;
    var height = Math.max(cy + ry + 80, 140), label = title + ": " + count + " neighbouring papers";
    var svg = node("svg", { "class": "neighbourhood", viewBox: "0 0 " + WIDTH + " " + height, width: WIDTH,
                            height: height, role: "group", "aria-label": label, "font-family": "sans-serif" });
    svg.appendChild(node("title", {}, label));
    var defs = node("defs"), art = node("g", { "aria-hidden": "true" }), dots = node("g", {
      "class": "nb-nodes", "font-size": 12, "text-anchor": "middle" });
    var edges = {};
    KINDS.forEach(function (kind) {
      var g = node("g", { "class": "nb-edge nb-" + kind[0], "stroke-width": 1.5 });
      if (kind[4]) g.setAttribute("stroke-dasharray", kind[4]);
      if (kind[3]) g.setAttribute("marker-end", "url(#" + kind[3] + ")");
      edges[kind[0]] = g;
    });
    nodes.forEach(function (n, i) {
      var angle = count <= 2 ? Math.PI * i : -Math.PI / 2 + 2 * Math.PI * i / count;
      var x = Math.round(CX + RX * Math.cos(angle)), y = Math.round(cy + ry * Math.sin(angle));
      /* the edge stops at both circles, so an arrowhead stays visible */
      var dx = x - CX, dy = y - cy, len = Math.hypot(dx, dy) || 1;
      var a = [CX + dx * 34 / len, cy + dy * 34 / len], b = [x - dx * 10 / len, y - dy * 10 / len];
      if (n.kind[0] === "mentioned_by") { var t = a; a = b; b = t; }
      edges[n.kind[0]].appendChild(node("line", { x1: Math.round(a[0]), y1: Math.round(a[1]),
                                                  x2: Math.round(b[0]), y2: Math.round(b[1]) }));
      var anchor = Math.abs(dx) < 40 ? "middle" : dx > 0 ? "start" : "end";
      var link = node("a", { "class": "nb-node nb-" + n.kind[0], href: n.href });
      link.appendChild(node("title", {}, n.kind[2].charAt(0).toUpperCase() + n.kind[2].slice(1) + ": " + n.label));
      link.appendChild(node("circle", { cx: x, cy: y, r: 8 }));
      var text = node("text", { x: x + (anchor === "middle" ? 0 : dx > 0 ? 12 : -12),
                                y: y + (anchor !== "middle" ? 4 : y < cy ? -14 : 22), "class": "nb-label" },
                      shorten(n.label, LABEL_CHARS));
      if (anchor !== "middle") text.setAttribute("text-anchor", anchor);
      link.appendChild(text);
      dots.appendChild(link);
    });
    var legend = node("g", { "class": "nb-legend", "font-size": 12, "aria-hidden": "true" }), lx = 20;
    KINDS.forEach(function (kind) {
      if (!edges[kind[0]].firstChild) return;
      if (kind[3]) {
        var marker = node("marker", { id: kind[3], viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
                                      markerHeight: 7, orient: "auto-start-reverse" });
        marker.appendChild(node("path", { d: "M0,0 L10,5 L0,10 z" }));
        defs.appendChild(marker);
      }
      art.appendChild(edges[kind[0]]);
      var key = node("line", { "class": "nb-" + kind[0] + "-key", x1: lx, y1: height - 22, x2: lx + 28,
                               y2: height - 22, "stroke-width": 2 });
      if (kind[4]) key.setAttribute("stroke-dasharray", kind[4]);
      legend.appendChild(key);
      legend.appendChild(node("text", { x: lx + 34, y: height - 18 }, kind[2]));
      lx += 44 + 8 * kind[2].length;
    });
    var centre = node("g", { "class": "nb-center" });
    centre.appendChild(node("circle", { cx: CX, cy: cy, r: 30 }));
    centre.appendChild(node("text", { x: CX, y: cy + 48, "text-anchor": "middle", "font-size": 13,
                                      "font-weight": "bold", "class": "nb-label" }, shorten(title, 28)));
    art.appendChild(centre);
    if (defs.firstChild) svg.appendChild(defs);
    svg.appendChild(art);
    svg.appendChild(dots);
    svg.appendChild(legend);
    return svg;
  }

  var heading = document.querySelector("article.paper h1");
  var nodes = heading ? pick(location.pathname.split("/").pop()) : [];
  if (!nodes.length) return;
  var last = KINDS.map(function (k) { return document.querySelector(k[1]); }).filter(Boolean).pop();
  var section = document.createElement("section"), h2 = document.createElement("h2");
  var caption = document.createElement("p"), region = document.createElement("div");
  section.className = "neighbourhood";
  h2.id = "graph-heading";
  h2.textContent = "Neighbourhood";
  caption.className = "chart-caption";
  caption.textContent = "The papers listed above, drawn around this one; each dot links to its paper.";
  region.className = "chart-scroll";
  region.setAttribute("role", "region");
  region.setAttribute("aria-labelledby", "graph-heading");
  region.tabIndex = 0;
  region.appendChild(draw(heading.textContent, nodes));
  section.appendChild(h2);
  section.appendChild(caption);
  section.appendChild(region);
  last.parentNode.insertBefore(section, last.nextSibling);
})();
