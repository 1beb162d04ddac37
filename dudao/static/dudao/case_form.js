// 问责案件表单: show only the situations of the chosen subject kind (checked ones stay visible).
(function () {
  var kind = document.getElementById("id_subject_kind");
  if (!kind) return;
  function show() {
    document.querySelectorAll("input[data-subject]").forEach(function (box) {
      box.closest(".form-check").hidden = box.dataset.subject !== kind.value && !box.checked;
    });
  }
  kind.addEventListener("change", show);
  show();
})();
