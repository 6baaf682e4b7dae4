// incloud dashboard: the filter form submits itself when a choice changes, and tables marked
// "sortable" sort by a clicked column. Text is only read (textContent), never written as HTML.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (form) {
    var selects = form.querySelectorAll("select");
    for (var i = 0; i < selects.length; i++) {
      selects[i].addEventListener("change", function () { form.submit(); });
    }
  }
  var tables = document.querySelectorAll("table.sortable");
  for (var t = 0; t < tables.length; t++) {
    (function (table) {
      var heads = table.querySelectorAll("thead th");
      for (var h = 0; h < heads.length; h++) {
        (function (head, column) {
          head.classList.add("sort");
          head.addEventListener("click", function () {
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var down = head.getAttribute("aria-sort") !== "descending";
            rows.sort(function (a, b) {
              var x = a.cells[column].textContent.trim();
              var y = b.cells[column].textContent.trim();
              var nx = parseFloat(x), ny = parseFloat(y);
              var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
              return down ? -order : order;
            });
            for (var r = 0; r < rows.length; r++) { body.appendChild(rows[r]); }
            head.setAttribute("aria-sort", down ? "descending" : "ascending");
          });
        })(heads[h], h);
      }
    })(tables[t]);
  }
})();
