/* The outreach pages' small helpers, each doing nothing where its elements are absent:
   - a live count of the characters left in a text limited by maxlength ("data-counter-for");
   - the composer's template picker, which puts a saved template's title and text in place;
   - the send-time field shown only when "Schedule for a time" is chosen, the indicators only
     when "only residents who still lack…" is;
   - the "Copy the text" buttons of the Zalo groups' ready texts.
   The pages work without it: the counter is a help, the fields stay visible, the texts can be
   selected by hand. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";
  var whole = new Intl.NumberFormat(lang);

  function words(left, max) {
    if (lang.indexOf("en") === 0) {
      return whole.format(left) + " of " + whole.format(max) + " characters left";
    }
    return "Còn " + whole.format(left) + "/" + whole.format(max) + " ký tự";
  }

  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) {
      return;
    }
    var max = parseInt(field.getAttribute("maxlength"), 10) || 2000;
    function update() {
      counter.textContent = words(max - field.value.length, max);
    }
    field.addEventListener("input", update);
    update();
  });

  var source = document.getElementById("out-template-data");
  var picker = document.querySelector("[data-templates]");
  if (source && picker) {
    var templates = JSON.parse(source.textContent);
    picker.hidden = false;
    picker.querySelector("[data-insert]").addEventListener("click", function () {
      var chosen = templates[parseInt(picker.querySelector("select").value, 10)];
      var title = document.getElementById("id_title");
      var text = document.getElementById("id_text");
      if (!chosen || !title || !text) {
        return;
      }
      if (chosen.title) {
        title.value = chosen.title;
      }
      text.value = chosen.text;
      text.dispatchEvent(new Event("input", { bubbles: true }));
      text.focus();
    });
  }

  function toggle(radioName, value, target) {
    var box = target && target.closest(".field");
    var radios = document.querySelectorAll('input[name="' + radioName + '"]');
    if (!box || !radios.length) {
      return;
    }
    function update() {
      var checked = document.querySelector('input[name="' + radioName + '"]:checked');
      box.hidden = !checked || checked.value !== value;
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }
  toggle("when", "later", document.getElementById("id_send_at"));
  toggle("residents", "lacking", document.querySelector('input[name="lacking"]'));

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var text = document.getElementById(button.getAttribute("data-copy"));
    if (!text || !navigator.clipboard) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.value).then(function () {
        button.textContent = button.getAttribute("data-copied");
        window.setTimeout(function () {
          button.textContent = label;
        }, 2000);
      });
    });
  });
})();
