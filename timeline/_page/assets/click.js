// A click on an event opens its first source, and only a web address: customdata[1] is
// the event's first http(s) source URL or "" (the contract of timeline.plot).
function timelineClick(ids) {
  var chart = document.getElementById(ids.chart);
  if (!chart || typeof chart.on !== "function") { return; }
  chart.on("plotly_click", function (event) {
    var point = event && event.points && event.points[0];
    var data = point && point.customdata;
    var url = data && data.length > 1 ? data[1] : null;
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      window.open(url, "_blank", "noopener");
    }
  });
}
