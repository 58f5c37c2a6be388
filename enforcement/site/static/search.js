// Search and filter of the notices list. Without JavaScript the list is complete and readable.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-enhance]");
  for (var i = 0; i < forms.length; i++) { forms[i].hidden = false; }
  var filter = document.getElementById("filter");
  if (!filter) { return; }
  var q = document.getElementById("q");
  var category = document.getElementById("category");
  var from = document.getElementById("from");
  var to = document.getElementById("to");
  var count = document.getElementById("count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.notices tbody tr"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.year"));
  // Compare the way people type: full-width digits and letters, case and spaces do not matter.
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }
  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  category.value = params.get("category") || "";
  from.value = params.get("from") || "";
  to.value = params.get("to") || "";
  function apply() {
    var needle = norm(q.value), cat = category.value, lo = from.value, hi = to.value, shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!needle || norm(d.number).indexOf(needle) >= 0 || norm(d.party).indexOf(needle) >= 0)
        && (!cat || d.category === cat) && (!lo || d.date >= lo) && (!hi || d.date <= hi);
      row.hidden = !ok;
      if (ok) { shown++; }
    });
    sections.forEach(function (s) { s.hidden = !s.querySelector("tbody tr:not([hidden])"); });
    count.textContent = "共 " + shown + " 条";
  }
  filter.addEventListener("input", apply);
  filter.addEventListener("change", apply);
  filter.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
})();
