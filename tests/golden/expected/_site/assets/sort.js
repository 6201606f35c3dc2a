/* The newest-first / most-upvoted switch on list pages. Without JavaScript the list
   stays newest first, as built. */
(function () {
  "use strict";
  var list = document.querySelector(".paper-list");
  var bar = document.querySelector(".sort-switch");
  if (!list || !bar) return;
  bar.hidden = false;
  var items = Array.prototype.slice.call(list.children);
  var built = items.slice();
  bar.addEventListener("click", function (e) {
    var key = e.target.getAttribute("data-sort");
    if (!key) return;
    var order = key === "upvotes"
      ? items.slice().sort(function (a, b) { return (+b.dataset.upvotes) - (+a.dataset.upvotes) || built.indexOf(a) - built.indexOf(b); })
      : built;
    order.forEach(function (li) { list.appendChild(li); });
    bar.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === e.target)); });
  });
})();
