// 数据看板: one ECharts chart per table of the dashboard (served locally, no CDN). A click on a bar
// or a point opens the rows behind it (the figure's link), like the table's numbers.
(function () {
  var script = document.getElementById("dashboard-charts");
  if (!script || !window.echarts) { return; }
  var charts = JSON.parse(script.textContent);
  var colours = ["#0d6efd", "#dc3545", "#198754", "#ffc107", "#6f42c1", "#20c997"];
  var made = [];
  charts.forEach(function (c) {
    var el = document.getElementById("chart-" + c.key);
    if (!el || !c.labels.length) { return; }
    var chart = echarts.init(el);
    chart.setOption({
      color: colours,
      tooltip: {trigger: "axis", axisPointer: {type: c.kind === "line" ? "line" : "shadow"}},
      legend: {top: 0},
      grid: {left: 8, right: 8, top: 36, bottom: 8, containLabel: true},
      xAxis: {type: "category", data: c.labels, axisLabel: {interval: 0, rotate: c.labels.length > 6 ? 30 : 0,
        // a long label (an indicator's name) is cut, so the bars keep the height; the table below names it in full
        formatter: (v) => (v.length > 12 ? v.slice(0, 11) + "…" : v)}},
      // counts step by whole numbers; 差异系数 and rates do not
      yAxis: {type: "value", minInterval: c.series.every(function (s) {
        return s.data.every(function (v) { return v === null || typeof v !== "number" || Number.isInteger(v); });
      }) ? 1 : 0},
      series: c.series.map(function (s) { return {name: s.name, type: c.kind, data: s.data, smooth: c.kind === "line"}; })
    });
    chart.on("click", function (p) {
      var s = c.series[p.seriesIndex];
      var url = s && s.links[p.dataIndex];
      if (url) { window.location.href = url; }
    });
    made.push(chart);
  });
  window.addEventListener("resize", function () { made.forEach(function (ch) { ch.resize(); }); });
  window.addEventListener("beforeprint", function () { made.forEach(function (ch) { ch.resize(); }); });
})();
