/* From Material for MkDocs (MIT licence, (c) Martin Donath): its inline version-warning script (partials/javascripts/outdated.html), as a file. */
var el = document.querySelector("[data-md-component=outdated]"),
  base = new URL(document.currentScript.getAttribute("data-md-base")),
  outdated = __md_get("__outdated", sessionStorage, base);
!0 === outdated && el && (el.hidden = !1);
