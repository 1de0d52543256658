// The filter box hides the table rows whose text does not contain every typed word.
function timelineFilter(ids) {
  var input = document.getElementById(ids.filter);
  var table = document.getElementById(ids.table);
  var status = document.getElementById(ids.status);
  if (!input || !table || !status) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = shown + " of " + rows.length + " events shown";
  });
}
