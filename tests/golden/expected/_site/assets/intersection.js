/* Old links (tags/intersection.html?tags=a,b&from=2022&to=2024&code=1) open the explorer with
   the same filters: the query string is carried over as it is (the explorer reads tags, from,
   to and code under the same names), so nothing from it is ever turned into a path. */
(function () {
  "use strict";
  var target = "../search.html" + window.location.search;
  document.getElementById("explorer-link").setAttribute("href", target);
  window.location.replace(target);
})();
