// The newslint HTML report: sort the page table by any column, filter it,
// and open a page's lines from the table. Nothing is loaded from anywhere.
(function () {
  "use strict";
  var table = document.getElementById("page-table");
  if (!table) return;
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var rows = Array.prototype.slice.call(body.rows);

  function key(row, i, num) {
    var c = row.cells[i];
    if (num) return parseFloat(c.getAttribute("data-v"));
    return (c.textContent || "").toLowerCase();
  }

  Array.prototype.forEach.call(heads, function (th, i) {
    th.addEventListener("click", function () {
      var num = th.getAttribute("data-type") === "num";
      var desc = th.classList.contains("asc");
      Array.prototype.forEach.call(heads, function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(desc ? "desc" : "asc");
      rows.sort(function (a, b) {
        var x = key(a, i, num), y = key(b, i, num), d = 0;
        if (x < y) d = -1; else if (x > y) d = 1;
        if (d === 0) d = key(a, 0, true) - key(b, 0, true);
        return desc ? -d : d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });

  var filter = document.getElementById("filter");
  var failing = document.getElementById("failing");
  var shown = document.getElementById("shown");
  function apply() {
    var q = filter.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var ok = (!failing.checked || r.classList.contains("fail")) &&
        (q === "" || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + " of " + rows.length + " pages";
  }
  filter.addEventListener("input", apply);
  failing.addEventListener("change", apply);
  apply();

  function open(hash) {
    var d = hash && document.getElementById(hash.slice(1));
    if (d && d.tagName === "DETAILS") {
      d.open = true;
      d.scrollIntoView();
    }
  }
  body.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (a) { e.preventDefault(); history.replaceState(null, "", a.hash); open(a.hash); }
  });
  open(location.hash);
})();
