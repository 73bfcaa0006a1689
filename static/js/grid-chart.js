/* Enhance each server-rendered Grid chart (templates/coprod_grid/_grid_chart.html) into
   an interactive plotly chart. plotly.js is fetched only once the page has loaded and is
   idle, so the static SVG is on screen first; without JavaScript, or if plotly fails, the
   static SVG stays: nothing here is needed to read the chart. */
(function () {
  "use strict";

  var script = document.currentScript;
  var plotlySrc = script && script.getAttribute("data-plotly-src");
  // The same width as static/css/grid.css's switch to the narrow drawing.
  var narrowScreen = window.matchMedia("(max-width: 640px)");

  function figureFor(container) {
    var id = container.getAttribute(
      narrowScreen.matches ? "data-grid-chart-narrow" : "data-grid-chart"
    );
    var element = id && document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw(container) {
    var target = container.querySelector(".grid-chart__interactive");
    var figure = figureFor(container);
    if (!target || !figure || !window.Plotly) {
      return;
    }
    var config = Object.assign({}, figure.config || {}, {
      responsive: true,
      displayModeBar: false
    });
    target.hidden = false;
    window.Plotly.react(target, figure.data, figure.layout, config).then(
      function () {
        container.classList.add("grid-chart--enhanced");
      },
      function () {
        target.hidden = true; // keep the static chart
        container.classList.remove("grid-chart--enhanced");
      }
    );
  }

  function drawAll() {
    var containers = document.querySelectorAll("[data-grid-chart]");
    for (var i = 0; i < containers.length; i += 1) {
      draw(containers[i]);
    }
  }

  function loadPlotly() {
    if (window.Plotly) {
      drawAll();
      return;
    }
    var element = document.createElement("script");
    element.src = plotlySrc;
    element.onload = drawAll;
    document.head.appendChild(element);
  }

  function whenIdle() {
    if ("requestIdleCallback" in window) {
      window.requestIdleCallback(loadPlotly, { timeout: 2000 });
    } else {
      window.setTimeout(loadPlotly, 200);
    }
  }

  if (!plotlySrc || !document.querySelector("[data-grid-chart]")) {
    return;
  }
  // Redraw with the other figure when the screen crosses the narrow width (turning a
  // tablet, resizing a window).
  if (narrowScreen.addEventListener) {
    narrowScreen.addEventListener("change", drawAll);
  }
  if (document.readyState === "complete") {
    whenIdle();
  } else {
    window.addEventListener("load", whenIdle);
  }
})();
