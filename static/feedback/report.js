// The feedback form: fill the point from the phone's location when the citizen asks.
// Everything else works without JavaScript (the place search falls back to a "Find" button).
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!button || !lat || !lon || !("geolocation" in navigator)) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting || "…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lon.value = position.coords.longitude.toFixed(6);
        status.textContent = "✓ " + lat.value + ", " + lon.value;
      },
      function (error) {
        status.textContent = error.message;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
