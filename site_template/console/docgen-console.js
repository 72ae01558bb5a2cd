/*
 * docgen: start the API console (<div id="dg-console" data-console="swagger|redoc">) on the
 * site's own openapi.json, with the vendored Swagger UI or ReDoc next to this file.
 *
 * The site's Content-Security-Policy allows scripts from the site only and no inline script, so
 * the console is started here rather than in the page. The document is read from the site root
 * (two folders up from assets/console/), whatever the page's URL style. Nothing is fetched from
 * elsewhere: Swagger UI's online validator badge is off; ReDoc's fonts are the theme's, and its
 * sidebar logo is an empty image (see redoc/VERSION).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var spec = new URL("../../openapi.json", script ? script.src : document.baseURI).href;

  function swagger(host) {
    SwaggerUIBundle({
      url: spec,
      domNode: host,
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      validatorUrl: null,
      deepLinking: false,
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
      tryItOutEnabled: false,
      /* the document is read from code docgen did not write: its markdown stays sanitised */
      useUnsafeMarkdown: false
    });
  }

  function redoc(host) {
    Redoc.init(
      spec,
      {
        scrollYOffset: ".md-header",
        hideDownloadButton: false,
        /* ReDoc's search runs in a worker made from a blob: URL, which worker-src 'self' refuses. */
        disableSearch: true,
        /* descriptions come from the analysed code's docstrings: HTML in them is sanitised */
        sanitize: true,
        expandResponses: "200,201"
      },
      host
    );
  }

  function start() {
    var host = document.getElementById("dg-console");
    if (!host || host.getAttribute("data-started") === "true") {
      return;
    }
    var kind = host.getAttribute("data-console");
    if (kind === "swagger" && typeof SwaggerUIBundle !== "undefined") {
      swagger(host);
    } else if (kind === "redoc" && typeof Redoc !== "undefined") {
      redoc(host);
    } else {
      host.textContent = "The API console could not start: its script is missing.";
      return;
    }
    host.setAttribute("data-started", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
