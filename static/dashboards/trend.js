/* The monthly trend of one indicator, drawn with Chart.js from the page's "trend-data" block. */
(function () {
  "use strict";
  var source = document.getElementById("trend-data");
  var canvas = document.getElementById("trend-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var decimal = new Intl.NumberFormat(data.language, { maximumFractionDigits: 1 });
  var whole = new Intl.NumberFormat(data.language);
  var percent = function (value) {
    return decimal.format(value) + "%";
  };
  var datasets = [
    {
      label: data.percent_label,
      data: data.percent,
      borderColor: "#0b5cad",
      backgroundColor: "rgba(11, 92, 173, 0.12)",
      fill: true,
      tension: 0.2,
      spanGaps: true,
      pointRadius: 3
    }
  ];
  if (data.target !== null) {
    datasets.push({
      label: data.target_label,
      data: data.labels.map(function () { return data.target; }),
      borderColor: "#1b1f23",
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
      scales: {
        y: { min: 0, suggestedMax: 100, ticks: { callback: percent } }
      },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (context) {
              var text = context.dataset.label + ": " + percent(context.parsed.y);
              if (context.datasetIndex === 0) {
                var i = context.dataIndex;
                text += " (" + whole.format(data.numerator[i]) + "/" +
                  whole.format(data.denominator[i]) + ")";
              }
              return text;
            }
          }
        }
      }
    }
  });
})();
