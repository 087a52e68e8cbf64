// Xanh's only script. Pages work without it; it adds one safeguard: a form
// marked data-guard warns before the page is left with unsaved edits (a
// closed tab, a link, the back button). Pressing one of the form's own
// buttons is not leaving: every action button of such a form carries the
// edits with it (the server saves them first).
(function () {
  "use strict";
  var dirty = false;
  document.querySelectorAll("form[data-guard]").forEach(function (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
