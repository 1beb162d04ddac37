// Page behaviours declared with data- attributes, so no template needs an inline script or an
// on…= handler (the Content-Security-Policy allows scripts from 'self' only; docs/security.md).
//   data-autosubmit   a select that submits its form on change
//   data-print        a button that prints the page
//   data-back         a link that goes back in history
//   data-tree-toggle  the caret of a region tree node: flips the caret and shows/hides the children
//   data-confirm      a form that asks before an irreversible step (the attribute's text is the question)
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    var el = event.target.closest && event.target.closest("[data-autosubmit]");
    if (el && el.form) el.form.submit();
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    if (!target) return;
    if (target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
      return;
    }
    if (target.closest("[data-back]")) {
      event.preventDefault();
      history.back();
      return;
    }
    var toggle = target.closest("[data-tree-toggle]");
    if (toggle) {
      var icon = toggle.querySelector("i");
      icon.classList.toggle("bi-caret-down-fill");
      icon.classList.toggle("bi-caret-right-fill");
      toggle.parentElement.querySelector("ul").classList.toggle("d-none");
    }
  });
})();
