// The chart and the events: on each zoom or pan of a chart of density strips, the strips are
// re-counted in bins that fit the view (as timeline/_figure/zoom.py does in Jupyter) and,
// once few enough events start in view, each is drawn as a mark with hover, label and source.
// Any chart: show(row) zooms to an event of the table and rings it.
var TIMELINE_BINS = [
  [3600, "hour"], [21600, "6 hours"], [86400, "day"], [604800, "week"],
  [2629746, "month"], [7889238, "quarter"], [31556952, "year"], [315569520, "decade"],
  [3155695200, "century"]
];
var TIMELINE_VIEW = "events in view";
var TIMELINE_PICKED = "chosen event";

function timelineChart(ids, data) {
  var chart = document.getElementById(ids.chart);
  if (!chart || !window.Plotly || !chart.data) { return null; }
  var density = data.mode === "density" && chart.data.length && chart.data[0].type === "heatmap";
  // The traces of the most important events, hidden while the view draws every event (their
  // legend entries stay, greyed); the view's marks take the colours of their categories.
  var marks = [], colours = {};
  chart.data.forEach(function (trace, i) {
    if (i === 0 || !trace.customdata || trace.name === TIMELINE_VIEW) { return; }
    marks.push(i);
    var colour = trace.marker && trace.marker.color;
    if (trace.showlegend !== false && typeof colour === "string") { colours[trace.name] = colour; }
  });
  var lanes = data.laneY.length;
  var busy = false;

  function view() {
    var range = chart.layout.xaxis && chart.layout.xaxis.range;
    if (!range) { return null; }
    return [timelineSeconds(range[0]), timelineSeconds(range[1])];
  }

  function traceIndex(name) {
    for (var i = 0; i < chart.data.length; i++) { if (chart.data[i].name === name) { return i; } }
    return -1;
  }

  function rebin(lo, hi) {
    var width = TIMELINE_BINS[TIMELINE_BINS.length - 1];
    for (var b = 0; b < TIMELINE_BINS.length; b++) {
      if (Math.max(hi - lo, 1) / TIMELINE_BINS[b][0] <= 600) { width = TIMELINE_BINS[b]; break; }
    }
    var w = width[0], left = Math.floor(lo / w) * w;
    var bins = Math.max(Math.ceil((hi - left) / w), 1);
    var grid = new Float64Array(lanes * bins), starts = data.pairStart, lane = data.pairLane;
    var right = left + bins * w, peak = 1;
    for (var p = 0; p < starts.length; p++) {
      var t = starts[p];
      if (t >= left && t < right) {
        var cell = lane[p] * bins + Math.floor((t - left) / w);
        grid[cell] += 1;
        if (grid[cell] > peak) { peak = grid[cell]; }
      }
    }
    var z = [];
    for (var l = 0; l < lanes; l++) {
      if (l) { z.push(new Array(bins).fill(null)); }
      z.push(Array.prototype.slice.call(grid.subarray(l * bins, (l + 1) * bins)));
    }
    var x = [];
    for (var k = 0; k <= bins; k++) { x.push(timelineDate(left + k * w)); }
    return { x: x, z: z, zmax: peak, name: "events per " + width[1],
      hovertemplate: "%{z:,} events in the " + width[1] + " of %{x}<extra></extra>" };
  }

  function inView(lo, hi, limit) {
    var found = [], starts = data.pairStart;
    for (var p = 0; p < starts.length; p++) {
      if (starts[p] >= lo && starts[p] <= hi) {
        found.push(p);
        if (found.length > limit) { return null; }
      }
    }
    return found;
  }

  // Sub-rows from the strip down the lane (the table's chosen event first); a label where it fits
  // (first fit, as the figure packs its marks), else the mark alone, else the emptiest row.
  function place(found, lo, hi) {
    var label = (hi - lo) * 0.2, mark = (hi - lo) * 0.012, ends = {}, out = [];
    var labels = found.length <= data.labelsLimit;
    found.forEach(function (p) {
      var lane = data.pairLane[p], t = data.pairStart[p];
      var rows = Math.max(1, data.laneRows[lane] || 1);
      var taken = ends[lane] || (ends[lane] = new Array(rows).fill(-Infinity));
      var row = -1, labelled = false, r;
      for (r = 0; labels && r < rows && row < 0; r++) {
        if (taken[r] < t) { row = r; labelled = true; }
      }
      for (r = 0; r < rows && row < 0; r++) { if (taken[r] < t - mark) { row = r; } }
      if (row < 0) {
        row = 0;
        for (r = 1; r < rows; r++) { if (taken[r] < taken[row]) { row = r; } }
      }
      taken[row] = Math.max(taken[row], t + (labelled ? label : mark));
      out.push([data.laneY[lane] + row, labelled]);
    });
    return out;
  }

  function viewTrace(found, lo, hi) {
    var esc = timelinePlotlyText, spots = place(found, lo, hi);
    var x = [], y = [], text = [], custom = [], colour = [];
    found.forEach(function (p, k) {
      var r = data.pairRow[p], title = esc(data.title[r]);
      colour.push(colours[data.category.get(r) || "(none)"] || "#d55e00");
      x.push(timelineDate(data.pairStart[p]));
      y.push(spots[k][0]);
      text.push(!spots[k][1] ? "" : title.length > 30 ? title.slice(0, 29) + "…" : title);
      custom.push([data.id[r], data.url[r], title, esc(data.date[r]), esc(data.actors.get(r)),
        esc(data.url[r])]);
    });
    return { x: x, y: y, customdata: custom, text: text, mode: "markers+text",
      "marker.color": colour };
  }

  // One restyle for every trace that changes: each restyle redraws the whole chart.
  function restyle(changes) {
    var indices = [], update = {};
    changes.forEach(function (change, k) {
      indices.push(change[0]);
      Object.keys(change[1]).forEach(function (key) {
        if (!update[key]) { update[key] = new Array(changes.length); }
      });
    });
    changes.forEach(function (change, k) {
      Object.keys(update).forEach(function (key) { update[key][k] = change[1][key]; });
    });
    return Plotly.restyle(chart, update, indices);
  }

  var again = false;
  function zoom() {
    var range = view();
    if (!density || !range || !(range[1] > range[0])) { return; }
    if (busy) { again = true; return; }
    busy = true;
    var found = inView(range[0], range[1], data.marksLimit);
    if (found && picked >= 0) {
      found = found.filter(function (p) { return data.pairRow[p] === picked; })
        .concat(found.filter(function (p) { return data.pairRow[p] !== picked; }));
    }
    var at = traceIndex(TIMELINE_VIEW);
    var shown = found ? viewTrace(found, range[0], range[1]) : { x: [], y: [], customdata: [], text: [], mode: "markers" };
    var bins = rebin(range[0], range[1]), changes = [[0, bins]];
    marks.forEach(function (i) {
      var legend = chart.data[i].showlegend !== false && colours[chart.data[i].name];
      changes.push([i, { visible: found ? (legend ? "legendonly" : false) : true }]);
    });
    if (at >= 0) {
      changes.push([at, { x: shown.x, y: shown.y, customdata: shown.customdata,
        text: shown.text || [], mode: shown.mode, "marker.color": shown["marker.color"] || [] }]);
    }
    Promise.resolve(restyle(changes)).then(function () {
      busy = false;
      chart.setAttribute("data-view-events", found ? String(found.length) : "");
      chart.dispatchEvent(new CustomEvent("timeline-zoomed"));
      if (again) { again = false; zoom(); }
    }, function () { busy = false; });
  }

  // A row of the table: zoom to its event (a week around it, or the whole span) and ring it.
  var picked = -1;
  function show(row) {
    picked = row;
    var lo = data.start[row], hi = data.end[row];
    if (lo !== lo) { return; }
    var pad = Math.max((hi - lo) * 0.25, 3 * 86400);
    var first = data.pairFirst[row];
    var y = first < data.pairFirst[row + 1] ? data.laneY[data.pairLane[first]] : null;
    var ring = { type: "scatter", name: TIMELINE_PICKED, showlegend: false, hoverinfo: "skip",
      x: [timelineDate(lo)], y: [y], mode: "markers",
      marker: { size: 22, color: "rgba(0,0,0,0)", line: { width: 3, color: "#cc79a7" } } };
    var at = traceIndex(TIMELINE_PICKED);
    var drawn = at >= 0 ? Plotly.restyle(chart, { x: [ring.x], y: [ring.y] }, [at])
      : Plotly.addTraces(chart, ring);
    return Promise.resolve(drawn).then(function () {
      return Plotly.relayout(chart, { "xaxis.range": [timelineDate(lo - pad), timelineDate(hi + pad)] });
    });
  }

  var followers = [];
  chart.on("plotly_relayout", function () {
    zoom();
    var range = view();
    followers.forEach(function (follow) { follow(range); });
  });
  // Once the page is idle, one zoom to the view already shown: plotly.js's code for a relayout
  // and a restyle then runs for the first time unseen, and a reader's first zoom takes a
  // third of the time. Resolves when done.
  function warm() {
    if (!density) { return Promise.resolve(); }
    return new Promise(function (done) {
      var later = window.requestIdleCallback || function (f) { return setTimeout(f, 300); };
      later(function () {
        var range = chart.layout.xaxis && chart.layout.xaxis.range;
        if (!range) { done(); return; }
        chart.addEventListener("timeline-zoomed", function () { done(); }, { once: true });
        setTimeout(done, 5000);  // the page is ready even if that zoom never ends
        Plotly.relayout(chart, { "xaxis.range": range.slice() });
      }, { timeout: 1000 });
    });
  }

  return { view: view, show: show, zoom: zoom, warm: warm,
    follow: function (f) { followers.push(f); } };
}
