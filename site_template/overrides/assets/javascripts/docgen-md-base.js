/* From Material for MkDocs (MIT licence, (c) Martin Donath): its inline head script (partials/javascripts/base.html), moved to a file by
   docgen so the Content-Security-Policy can forbid inline scripts. The scope comes from the
   script element's data-md-scope attribute instead of a template expression. */
window.__md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location);
window.__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
window.__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
window.__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
