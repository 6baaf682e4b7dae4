// incloud organisation report: filters the account ranking (account or name, OU and every OU
// below it, state, whether SCPs/RCPs were applied) and sorts it by any column; the filters
// apply to the per-account framework scores too. It only shows, hides and reorders rows the
// page already has, and writes nothing but the status line's textContent.
(function () {
  "use strict";

  var form = document.getElementById("filters");
  var ranking = document.getElementById("ranking");
  var status = document.getElementById("status");
  var query = document.getElementById("q");
  var ouSelect = document.getElementById("f-ou");
  var stateSelect = document.getElementById("f-state");
  var controlsSelect = document.getElementById("f-controls");
  var tbody = ranking.tBodies[0];
  var headers = Array.prototype.slice.call(ranking.tHead.rows[0].cells);
  var tables = [ranking].concat(Array.prototype.slice.call(document.querySelectorAll("table.filtered")));
  var total = tbody.rows.length;
  var sort = { column: 0, descending: false };

  function cellText(row, className) {
    var cell = row.querySelector("." + className);
    return cell ? cell.textContent : "";
  }

  function matches(row, words) {
    var path = row.dataset.ou || "";
    var ou = ouSelect.value;
    if (ou && path !== ou && path.indexOf(ou + "/") !== 0) { return false; }
    if (stateSelect.value && row.dataset.state !== stateSelect.value) { return false; }
    if (controlsSelect.value && row.dataset.controls !== controlsSelect.value) { return false; }
    if (!words) { return true; }
    var hay = (cellText(row, "k-id") + " " + cellText(row, "k-name")).toLowerCase();
    return hay.indexOf(words) !== -1;
  }

  function apply() {
    var words = query.value.trim().toLowerCase();
    var shown = 0;
    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = matches(row, words);
        row.hidden = !visible;
        if (visible && table === ranking) { shown += 1; }
      });
    });
    status.textContent = shown === total
      ? "All " + total + " accounts"
      : shown + " of " + total + " accounts match the filters";
  }

  function sortValue(row, column, numeric) {
    var cell = row.cells[column];
    return numeric ? Number(cell.dataset.value) : cell.textContent.trim().toLowerCase();
  }

  function rankOf(row) { return Number(row.cells[0].dataset.value); }

  function sortBy(column) {
    var header = headers[column];
    var numeric = header.dataset.type === "num";
    if (sort.column === column) {
      sort.descending = !sort.descending;
    } else {
      sort.column = column;
      sort.descending = header.dataset.first === "desc";
    }
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = sortValue(a, column, numeric);
      var y = sortValue(b, column, numeric);
      var order = numeric ? x - y : x.localeCompare(y);
      if (sort.descending) { order = -order; }
      return order || rankOf(a) - rankOf(b);
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
    headers.forEach(function (th, index) {
      if (index === column) {
        th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  headers.forEach(function (th, index) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(index); }); }
  });
  query.addEventListener("input", apply);
  [ouSelect, stateSelect, controlsSelect].forEach(function (select) {
    select.addEventListener("change", apply);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });

  form.hidden = false;
  headers[0].setAttribute("aria-sort", "ascending");
  apply();
  ranking.dataset.readyMs = performance.now().toFixed(1);
}());
