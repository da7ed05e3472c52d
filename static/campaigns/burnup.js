/* A campaign's burn-up charts: for each goal, the people who hold the indicator by day against
   the plan's straight line from the start's figure to the target on the last day. Drawn with
   Chart.js from the page's "burnup-data" block, into the canvases "burnup-0", "burnup-1", … */
(function () {
  "use strict";
  var source = document.getElementById("burnup-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var whole = new Intl.NumberFormat(data.language, { maximumFractionDigits: 0 });
  data.charts.forEach(function (chart, index) {
    var canvas = document.getElementById("burnup-" + index);
    if (!canvas) {
      return;
    }
    var datasets = [
      {
        label: data.achieved_label,
        data: chart.achieved,
        borderColor: "#0b5cad",
        backgroundColor: "rgba(11, 92, 173, 0.12)",
        fill: true,
        tension: 0,
        spanGaps: false,
        pointRadius: 0,
        borderWidth: 2
      }
    ];
    if (chart.plan.some(function (value) { return value !== null; })) {
      datasets.push({
        label: data.plan_label,
        data: chart.plan,
        borderColor: "#b7791f",
        borderDash: [6, 4],
        borderWidth: 1.5,
        pointRadius: 0,
        fill: false
      });
    }
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { ticks: { maxTicksLimit: 8, autoSkip: true, maxRotation: 0 } },
          // Not from zero: a commune's thousands would flatten the weeks' gains into a line.
          y: {
            beginAtZero: false,
            suggestedMax: chart.target || undefined,
            ticks: { callback: function (value) { return whole.format(value); } }
          }
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + whole.format(context.parsed.y);
              }
            }
          }
        }
      }
    });
  });
})();
