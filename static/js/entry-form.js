// Progressive enhancement for the entry form; every button also works without this script.
// - "Add another claim/author" appends an empty row in place instead of reloading the page.
// - "Preview the Markdown" shows the server's sanitised rendering without leaving the page.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;

  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var prefix = button.getAttribute("data-add-row");
      var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      var template = document.getElementById(prefix + "-empty");
      var rows = form.querySelector("[data-rows='" + prefix + "']");
      if (!total || !template || !rows) return;
      event.preventDefault();
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    });
  });

  var previewButton = form.querySelector("[data-preview]");
  var previewBox = document.getElementById("preview");
  var body = form.querySelector("textarea[name='body']");
  var csrf = form.querySelector("input[name='csrfmiddlewaretoken']");
  if (previewButton && previewBox && body && csrf && window.fetch) {
    previewButton.addEventListener("click", function (event) {
      event.preventDefault();
      var data = new FormData();
      data.append("body", body.value);
      fetch("/entries/preview/", {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRFToken": csrf.value},
      }).then(function (response) {
        if (!response.ok) throw new Error("preview failed");
        return response.text();
      }).then(function (html) {
        // Rendered and sanitised (nh3 allow-list) by the server.
        previewBox.querySelector("[data-preview-target]").innerHTML = html;
        previewBox.hidden = false;
      }).catch(function () {
        form.requestSubmit ? form.requestSubmit(previewButton) : form.submit();
      });
    });
  }
})();
