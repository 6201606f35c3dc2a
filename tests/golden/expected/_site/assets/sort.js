/* The order switch on list pages: newest first (as built, under its year headings), most
   upvoted, or by title (one flat list). Without JavaScript the list stays as built. */
(function () {
  "use strict";
  var bar = document.querySelector(".sort-switch");
  var box = document.querySelector(".sortable");
  if (!bar || !box) return;
  var built = Array.prototype.slice.call(box.children);
  var items = Array.prototype.slice.call(box.querySelectorAll(".paper-item"));
  var homes = items.map(function (li) { return li.parentNode; });
  var flat = document.createElement("ol");
  flat.className = "paper-list";
  flat.hidden = true;
  box.appendChild(flat);
  function title(li) {
    var a = li.querySelector(".paper-title");
    return a ? a.textContent.trim() : "";
  }
  var orders = {
    upvotes: function (a, b) { return (+b.dataset.upvotes) - (+a.dataset.upvotes) || items.indexOf(a) - items.indexOf(b); },
    title: function (a, b) { return title(a).localeCompare(title(b), undefined, { sensitivity: "base" }); }
  };
  bar.hidden = false;
  bar.addEventListener("click", function (e) {
    var key = e.target.getAttribute && e.target.getAttribute("data-sort");
    if (!key) return;
    if (orders[key]) {
      items.slice().sort(orders[key]).forEach(function (li) { flat.appendChild(li); });
    } else {
      items.forEach(function (li, i) { homes[i].appendChild(li); });
    }
    built.forEach(function (part) { part.hidden = !!orders[key]; });
    flat.hidden = !orders[key];
    bar.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === e.target)); });
  });
})();
