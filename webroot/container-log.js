// A container's log page (containerLogs.jte): filter the lines shown and follow the end; and the live stats chart
// (statsPanel.jte) of a container's page and a running job's page, drawn with uPlot from the stats events whose text
// (the chart's text alternative) htmx swaps in. The log box itself (trimming, following) is log.js's.
(function () {
  "use strict";

  function filterOf(log) {
    var section = log.closest(".container-logs");
    return section && section.querySelector("[data-log-filter]");
  }

  // Lines that do not hold the filter's text (any case) are hidden, also those that come later.
  function applyFilter(log, lines) {
    var input = filterOf(log);
    var text = input ? input.value.trim().toLowerCase() : "";
    lines.forEach(function (line) {
      line.hidden = text !== "" && line.textContent.toLowerCase().indexOf(text) < 0;
    });
    return text;
  }

  function count(log) {
    var input = filterOf(log);
    var out = input && input.form.querySelector("[data-log-filter-count]");
    if (!out) {
      return;
    }
    var all = log.querySelectorAll(".ln");
    var shown = log.querySelectorAll(".ln:not([hidden])");
    out.textContent = input.value.trim() === "" ? "" : shown.length + " of " + all.length + " lines shown";
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-log-filter]")) {
      var log = event.target.closest(".container-logs").querySelector("[data-log]");
      applyFilter(log, log.querySelectorAll(".ln"));
      count(log);
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-log-follow]")) {
      var log = event.target.closest(".container-logs").querySelector("[data-log]");
      log.dataset.follow = event.target.checked ? "1" : "";
      if (event.target.checked) {
        log.scrollTop = log.scrollHeight;
      }
    }
  });

  // New lines obey the filter; the count is not announced (it is no live region) and updates as lines come.
  document.addEventListener("htmx:sseMessage", function (event) {
    var log = event.target.closest && event.target.closest(".container-logs [data-log]");
    if (log && filterOf(log) && filterOf(log).value.trim() !== "") {
      applyFilter(log, log.querySelectorAll(".ln"));
      count(log);
    }
    var follow = log && log.closest(".container-logs").querySelector("[data-log-follow]");
    if (follow && follow.checked !== (log.dataset.follow !== "")) {
      follow.checked = log.dataset.follow !== "";
    }
  });

  // The stats chart: CPU % and memory over the last two minutes, one point a sample.
  var POINTS = 120;
  var MIB = 1024 * 1024;

  function chartOf(panel) {
    if (panel.slipwayChart || typeof uPlot === "undefined") {
      return panel.slipwayChart;
    }
    var box = panel.querySelector("[data-stats-chart]");
    var width = Math.max(240, Math.min(box.clientWidth || 600, 900));
    var data = [[], [], []];
    var chart = new uPlot({
      width: width,
      height: 160,
      legend: { show: true, live: false },
      scales: { x: { time: true }, cpu: { range: function (u, min, max) { return [0, Math.max(5, max * 1.2)]; } },
        mem: { range: function (u, min, max) { return [0, Math.max(1, max * 1.2)]; } } },
      series: [{}, { label: "CPU %", scale: "cpu", stroke: "#1f6feb", width: 2 },
        { label: "Memory MiB", scale: "mem", stroke: "#b35c00", width: 2 }],
      axes: [{}, { scale: "cpu", label: "CPU %" }, { scale: "mem", side: 1, label: "MiB", grid: { show: false } }]
    }, data, box);
    panel.slipwayChart = { plot: chart, data: data };
    // The chart keeps to its box's width: a phone, or a window made narrower, never scrolls sideways for it.
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(function () {
        var now = Math.max(240, Math.min(box.clientWidth, 900));
        if (now !== chart.width) {
          chart.setSize({ width: now, height: 160 });
        }
      }).observe(box);
    }
    return panel.slipwayChart;
  }

  document.addEventListener("htmx:sseMessage", function (event) {
    var panel = event.target.closest && event.target.closest("[data-stats]");
    if (!panel) {
      return;
    }
    if (event.target.querySelector("[data-stats-ended]")) {
      panel.classList.add("ended");
      return;
    }
    var sample = event.target.querySelector("[data-cpu]");
    var chart = sample && chartOf(panel);
    if (!chart) {
      return;
    }
    chart.data[0].push(Date.now() / 1000);
    chart.data[1].push(Number(sample.getAttribute("data-cpu")));
    chart.data[2].push(Number(sample.getAttribute("data-memory")) / MIB);
    if (chart.data[0].length > POINTS) {
      chart.data.forEach(function (series) { series.shift(); });
    }
    chart.plot.setData(chart.data);
    panel.setAttribute("data-samples", String(Number(panel.getAttribute("data-samples") || 0) + 1));
  });
})();
