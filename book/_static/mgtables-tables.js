/* Long tables (data-mg-long, set by mgtables.table.Table.to_html): sortable columns (the pinned tablesort
   in vendor/) and a filter box. Without JavaScript they stay plain tables; every text shown here comes
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

  function enable() {
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
