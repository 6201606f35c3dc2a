/* One-click copy of a <pre> (the BibTeX entry), and its download as a .bib file made in
   the page (no file is fetched, so it works from disk too); each control appears only
   where it works, and the entry stays on the page to select without JavaScript. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = "Copied";
      }, function () {
        button.textContent = "Select the text to copy";
      });
    });
  });
  document.querySelectorAll("a[data-download]").forEach(function (link) {
    var source = document.getElementById(link.getAttribute("data-download"));
    if (!source || !window.Blob || !window.URL || !URL.createObjectURL) return;
    link.href = URL.createObjectURL(new Blob([source.textContent], { type: "application/x-bibtex" }));
    link.hidden = false;
  });
})();
