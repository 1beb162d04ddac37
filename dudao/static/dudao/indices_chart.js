// The 优质均衡 page's chart (ECharts, served locally): each indicator's 差异系数 per 学段, last year
// beside this year, with the thresholds as dashed lines. The table above is its twin.
(function () {
  var el = document.getElementById("indices-chart");
  var node = document.getElementById("indices-chart-data");
  if (!el || !node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var chart = echarts.init(el);
  var series = data.series.map(function (s) { return {name: s.name, type: "bar", data: s.data}; });
  data.thresholds.forEach(function (t) {
    series.push({name: t.name, type: "line", data: [], markLine: {symbol: "none", lineStyle: {type: "dashed"},
      label: {formatter: t.name + " " + t.value}, data: [{yAxis: t.value}]}});
  });
  chart.setOption({
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
    legend: {top: 0},
    grid: {left: 8, right: 8, top: 48, bottom: 8, containLabel: true},
    xAxis: {type: "category", data: data.labels, axisLabel: {interval: 0, rotate: 20, width: 120, overflow: "truncate"}},
    yAxis: {type: "value", min: 0},
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
