// Draws the charts of the statistics pages (the admin dashboard and 数说工会) with Apache ECharts.
// Each chart's numbers come from a json_script element next to the table that holds the same numbers; the chart is
// drawn on a canvas, its tooltip too (renderMode "richText": no HTML with inline styles, so the CSP holds).
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  var COLOURS = ["#c8102e", "#1f5f99", "#d98c00", "#2e7d32", "#6a3d9a", "#555555"];
  var charts = [];

  function narrow() {
    return window.matchMedia("(max-width: 40em)").matches;
  }

  function option(spec) {
    var base = {
      color: COLOURS,
      animation: false,
      aria: { enabled: true },
      tooltip: { renderMode: "richText", trigger: spec.type === "pie" ? "item" : "axis" },
      legend: { type: "scroll", bottom: 0 },
      textStyle: { fontSize: 13 },
    };
    if (spec.type === "pie") {
      var series = spec.series[0];
      base.series = [
        {
          name: series.name,
          type: "pie",
          radius: narrow() ? ["30%", "58%"] : ["35%", "65%"],
          center: ["50%", "45%"],
          label: { formatter: "{b}: {c}", overflow: "break", width: narrow() ? 90 : 160 },
          data: spec.categories.map(function (name, i) {
            return { name: name, value: series.data[i] };
          }),
        },
      ];
      return base;
    }
    base.grid = { left: 8, right: 16, top: 24, bottom: 48, containLabel: true };
    base.xAxis = {
      type: "category",
      data: spec.categories,
      axisLabel: { hideOverlap: true, rotate: spec.categories.length > 6 && narrow() ? 45 : 0 },
    };
    base.yAxis = { type: "value", minInterval: 1 };
    base.series = spec.series.map(function (series) {
      return {
        name: series.name,
        type: spec.type === "line" ? "line" : "bar",
        stack: spec.type === "stack" && series !== spec.series[spec.series.length - 1] ? "total" : undefined,
        data: series.data,
      };
    });
    var first = Math.max.apply(null, spec.series[0].data.concat([0]));
    var last = Math.max.apply(null, spec.series[spec.series.length - 1].data.concat([0]));
    var apart = spec.type === "bar" && spec.series.length > 1 && last > 5 * Math.max(first, 1);
    if ((spec.type === "stack" && spec.series.length > 1) || apart) {
      // The last series of a stacked table is a total of another kind (people, books): drawn as a line on its own axis.
      // (In a plain bar table, a last column of another magnitude, such as people beside sessions, likewise.)
      var own = base.series[base.series.length - 1];
      own.type = "line";
      own.yAxisIndex = 1;
      base.yAxis = [base.yAxis, { type: "value", minInterval: 1, splitLine: { show: false } }];
    }
    return base;
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart-source"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    element.setAttribute("data-chart-drawn", "true");
    charts.push(chart);
  }

  function drawAll() {
    document.querySelectorAll("[data-chart-source]:not([data-chart-drawn])").forEach(draw);
  }

  // The admin loads its scripts in the head: draw once the document is parsed.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    }, 150);
  });
})();
