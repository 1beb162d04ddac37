// The region map (issue 13 item 2): ECharts served by this site, boundaries served by this site
// (/dashboards/map/boundaries/<code>.json), nothing from outside. Reads the JSON the page embeds
// (#region-map-data); a click on a region with children fetches /dashboards/map/data/ and redraws
// in place (the page pushes the URL; an embedded card just redraws). A region without children
// opens the rows behind its figure; a school point opens the school.
(function () {
  "use strict";
  var section = document.querySelector("[data-region-map]");
  var source = document.getElementById("region-map-data");
  if (!section || !source || section.dataset.ready) { return; }
  section.dataset.ready = "1";
  var chartEl = section.querySelector("[data-map-chart]");
  var t = section.dataset;
  var boundaries = {};  // url -> Promise of GeoJSON
  var chart = null;
  var current = JSON.parse(source.textContent);
  var palettes = {bad: ["#fff3cd", "#fd7e14", "#b02a37"], good: ["#e8f5e9", "#63b37a", "#146c43"]};

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function loadBoundary(url) {
    if (!boundaries[url]) {
      boundaries[url] = fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
    }
    return boundaries[url];
  }

  function visualMap(data, narrow) {
    var direction = data.measure.direction === "good" ? "good" : "bad";
    return {
      type: "continuous", min: data.min < data.max ? data.min : 0, max: Math.max(data.max, 1), seriesIndex: 0,
      calculable: false, orient: narrow ? "horizontal" : "vertical", left: narrow ? "center" : 8, bottom: 8,
      text: [t.tHigh + (data.measure.unit ? " (" + data.measure.unit + ")" : ""), t.tLow], itemHeight: narrow ? 120 : 100,
      inRange: {color: palettes[direction]}, textStyle: {fontSize: 11}
    };
  }

  function tooltip(byCode, data) {
    return {trigger: "item", formatter: function (p) {
      if (p.seriesType === "scatter") { return t.tSchool + "：" + echarts.format.encodeHTML(p.name); }
      var c = byCode[p.name] || (p.data && byCode[p.data.code]);
      if (!c) { return echarts.format.encodeHTML(p.name); }
      return echarts.format.encodeHTML(c.name) + "<br>" + echarts.format.encodeHTML(data.measure.label) + "：" +
        c.value + " " + echarts.format.encodeHTML(data.measure.unit);
    }};
  }

  function schoolSeries(data, geoIndex, size) {
    return {
      type: "scatter", coordinateSystem: "geo", geoIndex: geoIndex, symbolSize: size, z: 5,
      itemStyle: {color: "#0d6efd", borderColor: "#fff", borderWidth: 1},
      data: data.schools.map(function (s) { return {name: s.name, value: [s.lng, s.lat], url: s.url}; })
    };
  }

  function geoOption(data, byCode, mapName, narrow) {
    return {
      tooltip: tooltip(byCode, data),
      visualMap: visualMap(data, narrow),
      geo: {
        map: mapName, nameProperty: "adcode", roam: false, top: 8, bottom: narrow ? 56 : 8,
        left: narrow ? 8 : 120, right: 8,
        label: {show: !narrow, fontSize: 10, color: "#333", formatter: function (p) {
          return byCode[p.name] ? byCode[p.name].name : ""; }},
        itemStyle: {borderColor: "#fff", borderWidth: 1, areaColor: "#eee"},
        emphasis: {label: {show: true}, itemStyle: {areaColor: "#9ec5fe"}}
      },
      series: [
        {type: "map", geoIndex: 0, data: data.children.map(function (c) { return {name: c.code, value: c.value}; })},
        schoolSeries(data, 0, 6)  // small: over a city the districts stay easy to click
      ]
    };
  }

  function gridOption(data, byCode, narrow, outlineName) {
    var rows = Math.ceil(data.children.length / data.columns) || 1;
    var withOutline = outlineName && data.schools.length;
    var grid = withOutline
      ? (narrow ? {left: 8, right: 8, top: 8, height: "48%"} : {left: 8, right: "42%", top: 8, bottom: 48})
      : {left: 8, right: 8, top: 8, bottom: 48};
    var option = {
      animation: false,
      tooltip: tooltip(byCode, data),
      visualMap: visualMap(data, true),
      grid: grid,
      xAxis: {type: "category", show: false, data: Array.from({length: data.columns}, function (_, i) { return i; })},
      yAxis: {type: "category", show: false, inverse: true, data: Array.from({length: rows}, function (_, i) { return i; })},
      series: [{
        type: "heatmap",
        data: data.children.map(function (c) { return {value: [c.col, c.row, c.value], code: c.code}; }),
        itemStyle: {borderColor: "#fff", borderWidth: 3},
        label: {show: true, fontSize: narrow ? 9 : 11, formatter: function (p) {
          var c = byCode[p.data.code]; return c.name + "\n" + c.value; }},
        emphasis: {itemStyle: {borderColor: "#0d6efd", borderWidth: 2}}
      }]
    };
    option.visualMap.bottom = 4;
    option.visualMap.left = "center";
    if (withOutline) {
      option.geo = {map: outlineName, roam: false, silent: true,
        itemStyle: {areaColor: "#f1f3f5", borderColor: "#adb5bd"},
        left: narrow ? 8 : "60%", right: 8, top: narrow ? "54%" : 8, bottom: 48};
      option.series.push(schoolSeries(data, 0, 9));
    }
    return option;
  }

  // data-ready="1" once ECharts has finished drawing (labels included): what journeys wait for.
  // Registered before setOption: without animation "finished" may come during it.
  function whenDrawn() {
    var done = function () { chart.off("finished", done); chartEl.dataset.ready = "1"; };
    chart.on("finished", done);
  }

  function render(data) {
    var narrow = chartEl.clientWidth < 576;
    var byCode = {};
    data.children.forEach(function (c) { byCode[c.code] = c; });
    if (!chart) {
      chart = echarts.init(chartEl);
      window.addEventListener("resize", function () {
        chart.resize();
        // a redraw only when the layout changes (phone ↔ desktop), not on every resize
        if ((chartEl.clientWidth < 576) !== (chartEl.dataset.narrow === "1")) { render(current); }
      });
      chart.on("click", function (p) {
        if (p.seriesType === "scatter") { if (p.data && p.data.url) { window.location.href = p.data.url; } return; }
        var code = p.seriesType === "heatmap" ? p.data.code : p.name;
        var child = null;
        current.children.forEach(function (c) { if (c.code === code) { child = c; } });
        if (!child) { return; }
        if (child.drill_url) { go(child.drill_url); } else { window.location.href = child.link; }
      });
    }
    chartEl.dataset.region = data.region.code;
    chartEl.dataset.narrow = narrow ? "1" : "0";
    chartEl.dataset.mode = data.mode;
    if (data.mode === "geo") {
      return loadBoundary(data.boundary_url).then(function (geojson) {
        var name = "dudao-" + data.region.code;
        if (!echarts.getMap(name)) { echarts.registerMap(name, geojson); }
        whenDrawn();
        chart.setOption(geoOption(data, byCode, name, narrow), true);
      });
    }
    var outlineName = null;
    if (data.outline) {
      outlineName = "dudao-outline-" + data.region.code;
      if (!echarts.getMap(outlineName)) { echarts.registerMap(outlineName, data.outline); }
    }
    whenDrawn();
    chart.setOption(gridOption(data, byCode, narrow, outlineName), true);
    return Promise.resolve();
  }

  function fillPage(data) {
    section.querySelector("[data-map-title]").textContent = data.region.name;
    section.querySelector("[data-map-region]").value = data.region.code;
    section.querySelector("[data-map-measure-label]").textContent = data.measure.label;
    section.querySelector("[data-map-unit]").textContent = data.measure.unit;
    var up = section.querySelector("[data-map-up]");
    up.classList.toggle("d-none", !data.up);
    up.setAttribute("href", data.up ? data.up.url : "");
    section.querySelector("[data-map-up-name]").textContent = data.up ? "（" + data.up.name + "）" : "";
    var note = data.mode === "grid" ? t.tGrid : t.tGeo;
    if (data.schools.length) { note += " " + t.tPoints + data.schools.length; }
    section.querySelector("[data-map-note]").textContent = note;
    var body = section.querySelector("[data-map-rows]");
    body.replaceChildren();
    data.children.forEach(function (c) {
      var tr = el("tr", null, {"data-code": c.code});
      tr.appendChild(el("td", c.name));
      var value = el("td", null, {"class": "text-end"});
      value.appendChild(el("a", c.value, {href: c.link}));
      tr.appendChild(value);
      var drill = el("td", null, {"class": "text-end"});
      drill.appendChild(c.drill_url ? el("a", t.tDrill, {href: c.drill_url, "data-map-drill": c.code})
        : el("span", "—", {"class": "text-muted"}));
      tr.appendChild(drill);
      body.appendChild(tr);
    });
    if (!data.children.length) {
      var tr = el("tr");
      tr.appendChild(el("td", t.tEmpty, {colspan: "3", "class": "text-center text-muted py-3"}));
      body.appendChild(tr);
    }
  }

  function go(url, push) {
    var query = url.indexOf("?") >= 0 ? url.slice(url.indexOf("?")) : "";
    chartEl.dataset.ready = "";
    return fetch(current.data_url + query, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        current = data;
        fillPage(data);
        if (section.hasAttribute("data-push-state") && push !== false) {
          window.history.pushState({map: query}, "", window.location.pathname + query);
        }
        return render(data);
      })
      .catch(function () { window.location.href = url; });
  }

  section.addEventListener("click", function (e) {
    var a = e.target.closest("[data-map-drill], [data-map-up]");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || !a.getAttribute("href")) { return; }
    e.preventDefault();
    go(a.getAttribute("href"));
  });
  var form = section.querySelector("[data-map-form]");
  form.addEventListener("change", function () {
    go(form.getAttribute("action") + "?" + new URLSearchParams(new FormData(form)).toString());
  });
  window.addEventListener("popstate", function () {
    if (section.hasAttribute("data-push-state")) { go(window.location.pathname + window.location.search, false); }
  });
  if (window.echarts) {
    render(current).catch(function () { chartEl.textContent = t.tError; });
  }
})();
