/*
 * docgen: render Mermaid diagrams (<pre class="dg-mermaid">) with the vendored mermaid.min.js,
 * into the page's own DOM.
 *
 * Material for MkDocs renders `pre.mermaid` blocks into a closed shadow root and, when no
 * `mermaid` global exists yet, loads Mermaid from unpkg.com. docgen's diagrams use their own
 * class so Material leaves them alone: they render offline, and the SVG is part of the page
 * (a headless browser's DOM dump shows it, see bench/browser_check.py). The colours come from
 * Material's --md-mermaid-* variables, so the diagram follows the light/dark palette switch.
 */
(function () {
  "use strict";

  if (typeof mermaid === "undefined") {
    return;
  }

  var THEME_CSS = [
    ".node rect, .node polygon, .node path, .node circle, .er.entityBox, .er.attributeBoxOdd,",
    " .er.attributeBoxEven { fill: var(--md-mermaid-node-bg-color); stroke: var(--md-mermaid-node-fg-color); }",
    ".row-rect-odd path, .row-rect-even path { fill: var(--md-mermaid-node-bg-color) !important;",
    " stroke: var(--md-mermaid-node-fg-color) !important; }",
    ".relationshipLine, .er.relationshipLine { stroke: var(--md-mermaid-edge-color); }",
    "marker path, marker circle { stroke: var(--md-mermaid-edge-color) !important; }",
    "text, .label, .nodeLabel, .edgeLabel, .er.entityLabel, .er.relationshipLabel {",
    " fill: var(--md-mermaid-label-fg-color); color: var(--md-mermaid-label-fg-color);",
    " font-family: var(--md-mermaid-font-family); }",
    ".edgeLabel, .edgeLabel rect, .labelBkg, .er.relationshipLabelBox {",
    " background-color: var(--md-mermaid-label-bg-color); fill: var(--md-mermaid-label-bg-color); }"
  ].join("");

  var sequence = 0;

  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: "base",
    themeCSS: THEME_CSS
  });

  function render(block) {
    var id = "dg-mermaid-" + sequence++;
    block.classList.replace("dg-mermaid", "dg-mermaid-pending");
    mermaid.render(id, block.textContent).then(
      function (result) {
        var host = document.createElement("div");
        host.className = "dg-mermaid";
        host.innerHTML = result.svg;
        block.replaceWith(host);
        if (result.bindFunctions) {
          result.bindFunctions(host);
        }
        zoomable(host);
      },
      function (error) {
        block.classList.replace("dg-mermaid-pending", "dg-mermaid-error");
        block.title = "Mermaid could not render this diagram: " + error;
      }
    );
  }

  /*
   * A diagram wider than the page is shrunk to fit, its text unreadable: it gets pan and zoom
   * (the vendored svg-pan-zoom), drawn at a readable height, with +/-/reset buttons; dragging pans,
   * double-click zooms. The mouse wheel keeps scrolling the page.
   */
  var SHRUNK = 0.75;

  function zoomable(host) {
    var svg = host.querySelector("svg");
    if (!svg || typeof svgPanZoom === "undefined" || !svg.viewBox || !svg.viewBox.baseVal) {
      return;
    }
    var box = svg.viewBox.baseVal;
    var room = host.clientWidth || host.getBoundingClientRect().width;
    if (!box.width || !room || room / box.width >= SHRUNK) {
      return;
    }
    var height = Math.max(320, Math.min(box.height, window.innerHeight * 0.75));
    /* Inline sizes: the theme's stylesheet gives every svg height: auto. */
    svg.style.maxWidth = "none";
    svg.style.width = "100%";
    svg.style.height = Math.round(height) + "px";
    host.classList.add("dg-zoomable");
    var viewer = svgPanZoom(svg, {
      controlIconsEnabled: true,
      mouseWheelZoomEnabled: false,
      dblClickZoomEnabled: true,
      zoomScaleSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 20,
      fit: true,
      center: false
    });
    /* Start at the diagram's own size (readable text), its top left corner in view. */
    var fitted = viewer.getSizes().realZoom;
    if (fitted > 0 && fitted < 1) {
      viewer.zoomAtPoint(1 / fitted, { x: 0, y: 0 });
      viewer.pan({ x: 0, y: 0 });
    }
  }

  function renderAll() {
    document.querySelectorAll("pre.dg-mermaid").forEach(render);
  }

  /* Material's document$ emits on every page load, instant navigation included. */
  if (typeof document$ !== "undefined" && typeof document$.subscribe === "function") {
    document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
