// Every event of the page: base64 text of gzip-compressed JSON columns (see payload.py),
// opened with the browser's own DecompressionStream: no network, no library.
function timelineData(ids) {
  var holder = document.getElementById(ids.data);
  if (!holder || typeof DecompressionStream !== "function") {
    return Promise.reject(new Error("this browser cannot open the page's list of events"));
  }
  var text = atob(holder.textContent.trim());
  var bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text().then(function (json) {
    var data = JSON.parse(json);
    var n = data.id.length;
    // Starts come as steps from the one before; lengths in seconds; both null when unknown.
    var start = new Float64Array(n), end = new Float64Array(n), at = 0;
    for (var k = 0; k < n; k++) {
      var step = data.start[k];
      if (step === null) { start[k] = NaN; end[k] = NaN; continue; }
      at += step;
      start[k] = at;
      end[k] = at + (data.length[k] || 0);
    }
    data.start = start;
    data.end = end;
    data.n = n;
    ["actors", "category", "source"].forEach(function (name) {
      var coded = data[name];
      data[name] = { get: function (row) { var c = coded.codes[row]; return c < 0 ? "" : coded.values[c]; } };
    });
    // The event-lane pairs, by event: pairFirst[row] is the first pair of event row.
    var first = new Int32Array(n + 1);
    for (var r = 0; r < n; r++) { first[r + 1] = first[r] + data.pairCount[r]; }
    data.pairFirst = first;
    var pairs = first[n];
    data.pairRow = new Int32Array(pairs);
    data.pairStart = new Float64Array(pairs);
    data.pairEnd = new Float64Array(pairs);
    for (var e = 0; e < n; e++) {
      for (var p = first[e]; p < first[e + 1]; p++) {
        data.pairRow[p] = e;
        data.pairStart[p] = start[e];
        data.pairEnd[p] = end[e];
      }
    }
    return data;
  });
}

// The chart's x axis range as seconds since 1970 (plotly gives date strings or ms).
function timelineSeconds(value) {
  if (typeof value === "number") { return value / 1000; }
  var text = String(value).trim().replace(" ", "T").replace(/Z$/, "");
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) { text += "T00:00:00"; }
  return Date.parse(text + "Z") / 1000;
}

// Seconds since 1970 as a plotly date string (UTC, no zone).
function timelineDate(seconds) {
  return new Date(seconds * 1000).toISOString().replace("T", " ").replace("Z", "");
}

// Text made safe for HTML (rows) and for plotly's hover and labels.
function timelineEscape(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// Text for plotly's hover and labels: it decodes &amp; &lt; &gt; only.
function timelinePlotlyText(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
