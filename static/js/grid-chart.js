/* Enhance each server-rendered Grid chart (templates/coprod_grid/_grid_chart.html) into
   an interactive plotly chart, when plotly.js has loaded. Without JavaScript, or if
   plotly fails, the static SVG stays: nothing here is needed to read the chart. */
(function () {
  "use strict";

  function enhance(container) {
    var dataElement = document.getElementById(container.getAttribute("data-grid-chart"));
    var target = container.querySelector(".grid-chart__interactive");
    if (!dataElement || !target || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(dataElement.textContent);
    var config = Object.assign({}, figure.config || {}, {
      responsive: true,
      displayModeBar: false
    });
    target.hidden = false;
    window.Plotly.newPlot(target, figure.data, figure.layout, config).then(
      function () {
        container.classList.add("grid-chart--enhanced");
      },
      function () {
        target.hidden = true; // keep the static chart
      }
    );
  }

  function enhanceAll() {
    var containers = document.querySelectorAll("[data-grid-chart]");
    for (var i = 0; i < containers.length; i += 1) {
      enhance(containers[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
