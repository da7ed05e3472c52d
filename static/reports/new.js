// The form of a new report: choosing a kind chooses its period (the last whole month,
// quarter…), choosing a preset fills the two days with its own, and typing a day means
// "other days". The campaign is asked only for a campaign's closing report. Without this
// script the form works the same; the server takes the preset's days.
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }
  function ready() {
    var form = document.getElementById("report-form");
    if (!form) return;
    var periods = data("rep-kind-periods");
    var days = data("rep-preset-days");
    var kind = form.elements.kind;
    var preset = form.elements.preset;
    var start = form.elements.period_start;
    var end = form.elements.period_end;
    var campaign = form.elements.campaign;
    var campaignField = campaign ? campaign.closest(".field") : null;

    function fill() {
      var chosen = days[preset.value];
      if (chosen) {
        start.value = chosen[0];
        end.value = chosen[1];
      }
    }
    function showCampaign() {
      if (!campaignField) return;
      var closing = periods[kind.value] === "campaign";
      campaignField.hidden = !closing && !campaignField.classList.contains("has-error");
    }
    kind.addEventListener("change", function () {
      var period = periods[kind.value];
      if (period && preset.querySelector('option[value="' + period + '"]')) {
        preset.value = period;
        fill();
      }
      showCampaign();
    });
    preset.addEventListener("change", fill);
    [start, end].forEach(function (input) {
      input.addEventListener("input", function () {
        preset.value = "custom";
      });
    });
    showCampaign();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
