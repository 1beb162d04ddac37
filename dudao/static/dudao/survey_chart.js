// The survey results' bar chart (ECharts, served locally): 认可度 per audience with the threshold line.
(function () {
  var el = document.getElementById("survey-chart");
  var node = document.getElementById("survey-chart-data");
  if (!el || !node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
    grid: {left: 8, right: 16, top: 24, bottom: 8, containLabel: true},
    xAxis: {type: "category", data: data.labels, axisLabel: {interval: 0}},
    yAxis: {type: "value", min: 0, max: 100, axisLabel: {formatter: "{value}%"}},
    series: [{name: data.name, type: "bar", data: data.rates, itemStyle: {color: "#0d6efd"},
              markLine: {symbol: "none", lineStyle: {color: "#dc3545", type: "dashed"},
                         data: [{yAxis: data.threshold, name: data.line}], label: {formatter: data.line + " {c}%"}}}]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
