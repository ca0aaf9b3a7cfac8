/* Long tables (data-mg-long, set by mgtables.table.Table.to_html): sortable columns (the pinned tablesort
   in vendor/) and a filter box; and every table of mgtables keeps its words whole where it fits so (below).
   Without JavaScript they stay plain tables; every text shown here comes
   from the table's own attributes, in the table's language. */
(function () {
  "use strict";

  function filterBox(table) {
    var total = table.tBodies[0].rows.length;
    var box = document.createElement("div");
    box.className = "mg-table-tools";
    var label = document.createElement("label");
    var input = document.createElement("input");
    var count = document.createElement("span");
    input.type = "search";
    input.className = "mg-filter";
    input.setAttribute("aria-controls", table.id);
    label.textContent = table.getAttribute("data-filter-label") + " ";
    label.appendChild(input);
    count.className = "mg-filter-count";
    count.setAttribute("aria-live", "polite");
    var template = table.getAttribute("data-filter-count");
    function show(shown) {
      count.textContent = template.replace("{shown}", shown).replace("{total}", total);
    }
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var cells = Array.prototype.filter.call(row.cells, function (cell) {
          return cell.offsetParent !== null || !cell.classList.contains("mg-detail");
        });
        var text = cells.map(function (cell) { return cell.textContent; }).join(" ").toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      show(shown);
    });
    show(total);
    var hint = document.createElement("span");
    hint.className = "mg-sort-hint";
    hint.textContent = table.getAttribute("data-sort-hint");
    box.appendChild(label);
    box.appendChild(count);
    box.appendChild(hint);
    return box;
  }

  /* Whole words where they fit. The stylesheet lets a cell break a word anywhere, so that every table fits
     its box (and does without JavaScript); a table that also fits with its words whole (mg-whole-words:
     lines break between words and at hyphens only) takes them. Checked again when the window's width
     changes or the reader shows the detail columns. (Giving up whole words column by column does worse:
     the columns left whole squeeze the others.) */
  function wholeWords(table) {
    table.classList.add("mg-whole-words");
    if (Math.max(table.scrollWidth, table.getBoundingClientRect().width) > table.parentNode.clientWidth + 1) {
      table.classList.remove("mg-whole-words");
    }
  }

  function fitWords() {
    Array.prototype.forEach.call(document.querySelectorAll("table.mg-table"), wholeWords);
  }

  function enable() {
    fitWords();
    var width = window.innerWidth;
    window.addEventListener("resize", function () {
      if (window.innerWidth !== width) { width = window.innerWidth; fitWords(); }
    });
    document.addEventListener("change", function (event) {
      if (event.target.classList && event.target.classList.contains("mg-show-details")) { fitWords(); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("table.mg-table[data-mg-long]"), function (table) {
      if (table.getAttribute("data-mg-ready")) { return; }
      table.setAttribute("data-mg-ready", "1");
      var wrap = table.parentNode;
      wrap.parentNode.insertBefore(filterBox(table), wrap);
      if (window.Tablesort) { new window.Tablesort(table); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enable);
  } else {
    enable();
  }
}());
