// A page that moved: go on to where its papers are listed now (the link says where, without JavaScript).
(function () {
  var to = document.getElementById("moved-to");
  if (to) location.replace(to.href);
})();
