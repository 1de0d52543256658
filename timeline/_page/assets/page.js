// The page's own work waits until the chart has been painted: plotly.js draws it while the
// page is read, and this work, run before the first picture, put it off by a third of a
// second at 1,000 and 10,000 events.
function timelineAfterPaint() {
  return new Promise(function (done) {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { setTimeout(done, 0); });
    });
  });
}

// Open the page's events and make the table and the chart's zoom from them; resolves once
// the filter's index is made (and a chart of strips has zoomed once, unseen).
function timelineOpen(ids) {
  return timelineData(ids).then(function (data) {
    var chart = timelineChart(ids, data);
    var table = timelineTable(ids, data, chart);
    if (chart && table) { chart.follow(table.follow); }
    return Promise.all([chart ? chart.warm() : null, table ? table.indexed() : null])
      .then(function () { return table; });
  });
}

// A chart of density strips needs every event for its first zoom: they are opened at once.
// Any other chart holds its own marks, and the table its first rows: the events are opened
// when the reader first turns to the table (a pointer, a key, a scroll, a focus, the filter
// or the "in view" box), so a page that is only looked at never holds them twice (at 10,000
// events they were a tenth of the page's memory). A click that came first is then replayed.
function timelineOnFirstUse(ids) {
  var scroll = document.getElementById(ids.scroll);
  var section = scroll && scroll.closest ? scroll.closest("section") : null;
  var input = document.getElementById(ids.filter);
  var inView = document.getElementById(ids.inview);
  var status = document.getElementById(ids.status);
  if (!section) { return Promise.resolve(); }
  var opened = null, clicked = null;
  var targets = [[section, "pointerdown"], [section, "keydown"], [section, "focusin"],
    [section, "wheel"], [section, "touchstart"], [scroll, "scroll"], [input, "input"],
    [inView, "change"]];
  // A click on a row or a sort button before the events are open is kept for then (links,
  // the filter and the check box work by themselves).
  function early(event) {
    var target = event.target;
    if (!target.closest || target.closest("a, input, label")) { return; }
    open();
    event.preventDefault();
    event.stopPropagation();
    clicked = target;
  }
  function open() {
    if (opened) { return; }
    targets.forEach(function (pair) { if (pair[0]) { pair[0].removeEventListener(pair[1], open); } });
    if (status) { status.setAttribute("aria-busy", "true"); }
    function done() {
      section.removeEventListener("click", early, true);
      if (status) { status.removeAttribute("aria-busy"); }
    }
    opened = timelineOpen(ids).then(function (table) {
      done();
      var target = clicked;
      if (!target || !table) { return; }
      var row = target.closest("tr[data-event-id]");
      var button = target.closest("button");
      if (row) { table.choose(row.getAttribute("data-event-id")); } else if (button) { button.click(); }
    }, function (error) {
      done();
      timelineFailed(ids, error);
    });
  }
  targets.forEach(function (pair) {
    if (pair[0]) { pair[0].addEventListener(pair[1], open, { passive: true }); }
  });
  section.addEventListener("click", early, true);
  return Promise.resolve();
}

function timelinePage(ids) {
  timelineAfterPaint().then(function () {
    var chart = document.getElementById(ids.chart);
    var strips = !!(chart && chart.data) && chart.data.some(function (trace) {
      return trace.name === TIMELINE_VIEW;
    });
    return strips ? timelineOpen(ids) : timelineOnFirstUse(ids);
  }).then(function () {
    document.documentElement.setAttribute("data-timeline-ready", "true");
  }, function (error) { timelineFailed(ids, error); });
}

// Why the page's events could not be opened, in the table's status line.
function timelineFailed(ids, error) {
  var status = document.getElementById(ids.status);
  if (status) { status.textContent = String(error.message || error); }
}
