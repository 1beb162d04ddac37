// Page behaviours declared with data- attributes, so no template needs an inline script or an
// on…= handler (the Content-Security-Policy allows scripts from 'self' only; docs/security.md).
// The one static module of the form system (docs/decisions/0005-forms.md):
//   data-autosubmit   a select that submits its form on change
//   data-print        a button that prints the page
//   data-back         a link that goes back in history
//   data-tree-toggle  the caret of a region tree node: flips the caret and shows/hides the children
//   data-confirm      a form, a submit button or a link that asks before an irreversible step
//                     (the attribute's text is the question)
//   data-searchable   a select that becomes a search box (Tom Select, from npm, served locally) when
//                     it is multiple or longer than SEARCH_FROM options; data-placeholder its hint
//   required fields   a form is checked before it is sent: an empty required field is marked and
//                     gets its message under it, in the page's language (data-required-message
//                     on the form overrides it); the server checks again
(function () {
  "use strict";
  var SEARCH_FROM = 10;
  var zh = (document.documentElement.lang || "zh").toLowerCase().indexOf("zh") === 0;
  var TEXT = zh
    ? { required: "此项为必填项。", none: "没有匹配的选项", remove: "移除" }
    : { required: "This field is required.", none: "No matching option", remove: "Remove" };

  function searchable(root) {
    if (!window.TomSelect) return;
    (root || document).querySelectorAll("select[data-searchable]").forEach(function (select) {
      if (select.tomselect || select.getAttribute("data-searchable") === "off") return;
      if (!select.multiple && select.options.length < SEARCH_FROM) return;
      var settings = {
        maxOptions: null,
        allowEmptyOption: true,
        hidePlaceholder: true,
        placeholder: select.getAttribute("data-placeholder") || undefined,
        plugins: select.multiple ? { remove_button: { title: TEXT.remove } } : {},
        render: {
          no_results: function () {
            return '<div class="no-results">' + TEXT.none + "</div>";
          },
        },
        onInitialize: function () {
          if (select.classList.contains("is-invalid")) this.wrapper.classList.add("is-invalid");
        },
      };
      new window.TomSelect(select, settings);
    });
  }

  function clearInvalid(field) {
    field.classList.remove("is-invalid");
    var wrapper = field.tomselect && field.tomselect.wrapper;
    if (wrapper) wrapper.classList.remove("is-invalid");
    var key = field.name || field.id;
    (field.form || document).querySelectorAll(".invalid-feedback[data-client]").forEach(function (el) {
      if (el.getAttribute("data-client") === key) el.remove();
    });
  }

  function emptyRequired(form) {
    var missing = [];
    form.querySelectorAll("input[required], select[required], textarea[required]").forEach(function (field) {
      if (field.disabled || field.type === "hidden" || field.type === "checkbox" || field.type === "radio") return;
      var shown = field.tomselect ? field.tomselect.wrapper : field;
      if (!shown.offsetParent && shown.getClientRects().length === 0) return;
      if (field.type === "file" ? field.files.length : String(field.value).trim()) return;
      missing.push(field);
    });
    return missing;
  }

  function checkRequired(form) {
    if (form.hasAttribute("data-skip-check")) return true;
    var missing = emptyRequired(form);
    missing.forEach(function (field) {
      clearInvalid(field);
      field.classList.add("is-invalid");
      var wrapper = field.tomselect && field.tomselect.wrapper;
      if (wrapper) wrapper.classList.add("is-invalid");
      var message = document.createElement("div");
      message.className = "invalid-feedback d-block";
      message.setAttribute("data-client", field.name || field.id);
      message.textContent = form.getAttribute("data-required-message") || TEXT.required;
      (wrapper || field).insertAdjacentElement("afterend", message);
    });
    if (missing.length) {
      (missing[0].tomselect ? missing[0].tomselect.control_input : missing[0]).focus();
      return false;
    }
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.getAttribute) return;
    var skip = event.submitter && event.submitter.hasAttribute && event.submitter.hasAttribute("formnovalidate");
    if (!skip && !checkRequired(form)) {
      event.preventDefault();
      return;
    }
    var submitter = event.submitter;
    var question =
      (submitter && submitter.getAttribute && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("input", function (event) {
    if (event.target.classList && event.target.classList.contains("is-invalid")) clearInvalid(event.target);
  });
  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("is-invalid")) clearInvalid(event.target);
    var el = event.target.closest && event.target.closest("[data-autosubmit]");
    if (el && el.form) el.form.submit();
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    if (!target) return;
    var link = target.closest("a[data-confirm]");
    if (link && !window.confirm(link.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      searchable(document);
    });
  } else {
    searchable(document);
  }
  document.addEventListener("htmx:load", function (event) {
    searchable(event.target);
  });
})();
