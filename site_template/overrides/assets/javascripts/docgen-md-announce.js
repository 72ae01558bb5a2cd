/* From Material for MkDocs (MIT licence, (c) Martin Donath): its inline announcement script (partials/javascripts/announce.html), as a file. */
var el = document.querySelector("[data-md-component=announce]");
if (el) {
  var content = el.querySelector(".md-typeset");
  __md_hash(content.innerHTML) === __md_get("__announce") && (el.hidden = !0);
}
