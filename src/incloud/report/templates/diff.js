// incloud diff: filter every table's rows by the text typed in the search box.
(function () {
  "use strict";
  var box = document.getElementById("q");
  if (!box) { return; }
  box.addEventListener("input", function () {
    var needle = box.value.toLowerCase();
    var rows = document.querySelectorAll("tbody tr");
    for (var i = 0; i < rows.length; i++) {
      var text = rows[i].textContent.toLowerCase();
      rows[i].hidden = needle !== "" && text.indexOf(needle) === -1;
    }
  });
})();
