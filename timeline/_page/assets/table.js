// The table of every event: Clusterize keeps only the rows near the scroll position in the
// document (real <tr> rows a screen reader reads), the rest are made when scrolled to.
// Sorting, the filter box and the chart link work on the columns, never on the document.
function timelineTable(ids, data, chart) {
  var scroll = document.getElementById(ids.scroll);
  var body = document.getElementById(ids.rows);
  var input = document.getElementById(ids.filter);
  var status = document.getElementById(ids.status);
  var inView = document.getElementById(ids.inview);
  var table = document.getElementById(ids.table);
  if (!scroll || !body || !input || !status || typeof Clusterize !== "function") { return null; }
  var n = data.n;
  var order = new Int32Array(n);
  for (var i = 0; i < n; i++) { order[i] = i; }
  var shown = order;
  var selected = -1;
  // [lo, hi] seconds when the table follows the chart's view (the box may be ticked already)
  var view = inView && inView.checked && chart ? chart.view() : null;
  var hay = null;
  var e = timelineEscape;

  function row(r) {
    var url = data.url[r];
    var label = data.source.get(r) || url;
    var source = url
      ? '<a href="' + e(url) + '" rel="noopener noreferrer" target="_blank">' + e(label) + "</a>"
      : e(label);
    return '<tr data-row="' + r + '" data-event-id=\"' + e(data.id[r]) + '" tabindex="0"' +
      (r === selected ? ' class="selected" aria-selected="true"' : "") + ">" +
      '<td class="date">' + e(data.date[r]) + "</td>" +
      '<th scope="row">' + e(data.title[r]) + "</th>" +
      "<td>" + e(data.summary[r] || "") + "</td>" +
      "<td>" + e(data.actors.get(r)) + "</td>" +
      "<td>" + e(data.category.get(r)) + "</td>" +
      "<td>" + source + "</td></tr>";
  }

  // Rows made on demand: Clusterize asks for rows[i] only near the scroll position.
  function rows() {
    return new Proxy([], {
      get: function (target, key) {
        if (key === "length") { return shown.length; }
        if (typeof key === "string" && /^\d+$/.test(key)) {
          var k = +key;
          return k < shown.length ? row(shown[k]) : undefined;
        }
        return Reflect.get(target, key);
      }
    });
  }

  var cluster = new Clusterize({
    rows: rows(), scrollElem: scroll, contentElem: body, rows_in_block: 40,
    no_data_text: "No events match the filter", tag: "tr"
  });

  function text(r) {
    return (data.date[r] + " " + data.title[r] + " " + (data.summary[r] || "") + " " +
      data.actors.get(r) + " " + data.category.get(r) + " " + data.source.get(r) + " " +
      data.id[r]).toLowerCase();
  }

  function searchable() {
    if (!hay) {
      hay = new Array(n);
      for (var r = 0; r < n; r++) { hay[r] = text(r); }
    }
  }

  function refilter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length) { searchable(); }
    var kept = new Int32Array(n), count = 0;
    for (var k = 0; k < n; k++) {
      var r2 = order[k];
      // In view as on the chart: the event starts in it (marks are drawn at the start).
      if (view && !(data.start[r2] >= view[0] && data.start[r2] <= view[1])) { continue; }
      var ok = true;
      for (var w = 0; w < words.length && ok; w++) { ok = hay[r2].indexOf(words[w]) !== -1; }
      if (ok) { kept[count++] = r2; }
    }
    shown = kept.subarray(0, count);
    status.textContent = count.toLocaleString("en") + " of " + n.toLocaleString("en") + " events shown";
    cluster.update(rows());
  }

  var pending = 0;
  input.addEventListener("input", function () {
    clearTimeout(pending);
    if (n <= 20000) { refilter(); } else { pending = setTimeout(refilter, 40); }
  });
  if (inView) {
    inView.addEventListener("change", function () {
      view = inView.checked && chart ? chart.view() : null;
      refilter();
    });
  }

  // Sorting: a button in each column heading; aria-sort says the order to screen readers.
  var keys = {
    date: function (r) { return data.start[r]; },
    title: function (r) { return data.title[r].toLowerCase(); },
    summary: function (r) { return (data.summary[r] || "").toLowerCase(); },
    actors: function (r) { return data.actors.get(r).toLowerCase(); },
    category: function (r) { return data.category.get(r).toLowerCase(); },
    source: function (r) { return data.source.get(r).toLowerCase(); }
  };
  var headings = table.querySelectorAll("thead th[data-sort]");
  Array.prototype.forEach.call(headings, function (th) {
    var button = th.querySelector("button");
    button.addEventListener("click", function () {
      var name = th.getAttribute("data-sort");
      var descending = th.getAttribute("aria-sort") === "ascending";
      var key = keys[name], values = new Array(n);
      for (var r = 0; r < n; r++) { values[r] = key(r); }
      var sign = descending ? -1 : 1;
      var list = Array.prototype.slice.call(order);
      list.sort(function (a, b) {
        var x = values[a], y = values[b];
        if (x !== x) { return y !== y ? a - b : 1; }  // unknown dates last
        if (y !== y) { return -1; }
        return x < y ? -sign : x > y ? sign : a - b;
      });
      order = Int32Array.from(list);
      Array.prototype.forEach.call(headings, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      refilter();
    });
  });

  // Ring the event of row r in the table and zoom the chart to it.
  function select(r) {
    selected = r;
    Array.prototype.forEach.call(body.querySelectorAll("tr.selected"), function (old) {
      old.classList.remove("selected");
      old.removeAttribute("aria-selected");
    });
    var tr = body.querySelector('tr[data-row="' + r + '"]');
    if (tr) {
      tr.classList.add("selected");
      tr.setAttribute("aria-selected", "true");
    }
    if (chart) { chart.show(r); }
  }

  function choose(target) {
    var tr = target.closest ? target.closest("tr[data-row]") : null;
    if (!tr || target.closest("a")) { return; }
    select(+tr.getAttribute("data-row"));
  }
  body.addEventListener("click", function (event) { choose(event.target); });
  body.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(event.target); }
  });

  refilter();
  // The filter's text of every row, made just after the table shows, so the first search is
  // quick; the page is ready once it is made.
  var indexed = new Promise(function (done) { setTimeout(function () { searchable(); done(); }, 0); });
  return {
    indexed: function () { return indexed; },
    follow: function (range) {
      if (inView && inView.checked) { view = range; refilter(); }
    },
    count: function () { return shown.length; },
    choose: function (id) {
      for (var r = 0; r < n; r++) { if (data.id[r] === id) { select(r); return; } }
    }
  };
}
