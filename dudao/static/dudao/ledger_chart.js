// The ledger summary's bar chart (ECharts, served locally): stacked counts per row of the table.
(function () {
  var el = document.getElementById("ledger-chart");
  var data = JSON.parse(document.getElementById("ledger-chart-data").textContent);
  if (!el || !window.echarts || !data.labels.length) { return; }
  var colours = ["#0d6efd", "#dc3545", "#ffc107", "#198754"];
  var chart = echarts.init(el);
  chart.setOption({
    color: colours,
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
    legend: {top: 0},
    grid: {left: 8, right: 8, top: 36, bottom: 8, containLabel: true},
    xAxis: {type: "category", data: data.labels, axisLabel: {interval: 0, rotate: data.labels.length > 6 ? 30 : 0}},
    yAxis: {type: "value", minInterval: 1},
    series: data.series.map(function (s) { return {name: s.name, type: "bar", data: s.data}; })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
