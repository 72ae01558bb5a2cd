// Measures the layout of the page it is evaluated in (bench/layout_check.py, through the
// DevTools protocol); the expression's value is the measurement. Never part of a docgen site.
(function () {
  "use strict";
  var WORD = /[A-Za-z0-9]/;

  // Where the text of `element` wraps onto a new line: [before, after] character pairs.
  function wraps(element) {
    var found = [];
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    var lastTop = null;
    var lastChar = "";
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.data;
      for (var i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        var rects = range.getClientRects();
        if (!rects.length) {
          lastChar = text[i];
          continue;
        }
        var top = rects[rects.length - 1].top;
        if (lastTop !== null && top > lastTop + 1) {
          found.push([lastChar, text[i]]);
        }
        lastTop = top;
        lastChar = text[i];
      }
    }
    return found;
  }

  function probe() {
    var root = document.documentElement;
    var result = {
      width: window.innerWidth,
      scrollWidth: root.scrollWidth,
      tables: [],
      codes: 0,
      breakingStyles: [],
      brokenWords: [],
    };
    var tables = document.querySelectorAll(".md-content table");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var head = table.querySelector("tr");
      var wrapper = table.closest(".md-typeset__scrollwrap") || table.parentElement;
      result.tables.push({
        columns: head ? head.children.length : 0,
        width: Math.round(table.getBoundingClientRect().width),
        wrapperWidth: Math.round(wrapper.clientWidth),
        scrolls: wrapper.scrollWidth > wrapper.clientWidth + 1,
        overflowX: getComputedStyle(wrapper).overflowX,
      });
    }
    var codes = document.querySelectorAll(".md-content code");
    for (var c = 0; c < codes.length; c++) {
      var code = codes[c];
      if (code.closest("pre")) {
        continue; // code blocks scroll; only inline code is wrapped
      }
      result.codes++;
      var style = getComputedStyle(code);
      var inTable = !!code.closest("table");
      if (inTable && (style.wordBreak !== "normal" || style.overflowWrap !== "normal")) {
        result.breakingStyles.push([code.textContent, style.wordBreak, style.overflowWrap]);
      }
      var pairs = wraps(code);
      for (var p = 0; p < pairs.length; p++) {
        if (WORD.test(pairs[p][0]) && WORD.test(pairs[p][1])) {
          result.brokenWords.push(code.textContent);
          break;
        }
      }
    }
    var headings = document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3");
    for (var h = 0; h < headings.length; h++) {
      var inner = wraps(headings[h]);
      for (var q = 0; q < inner.length; q++) {
        if (WORD.test(inner[q][0]) && WORD.test(inner[q][1])) {
          result.brokenWords.push("heading: " + headings[h].textContent.replace(/\u00b6$/, "").trim());
          break;
        }
      }
    }
    return result;
  }

  return probe();
})();
