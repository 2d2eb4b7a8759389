// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const el = event.target.closest("[data-autosubmit]");
  if (el && el.form) {
    el.form.requestSubmit();
  }
});
// A page re-rendered with errors: move focus to the summary, whose links lead to the fields.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
// Searchable pickers (semarang_asn/core/pickers.py): show the search box, fill the field
// from a chosen result, and move through results with the arrow keys.
document.querySelectorAll("[data-picker-search]").forEach((box) => {
  box.hidden = false;
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-picker-value]");
  if (!button) {
    return;
  }
  const picker = button.closest("[data-picker]");
  const field = picker.querySelector("input:not([data-picker-query])");
  field.value = button.dataset.pickerValue;
  field.dispatchEvent(new Event("change", { bubbles: true }));
  picker.querySelector("[data-picker-chosen]").textContent =
    `${button.dataset.pickerLabel} (${button.dataset.pickerValue})`;
  button.closest(".picker-results").replaceChildren();
  field.focus();
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
    return;
  }
  const picker = event.target.closest("[data-picker]");
  if (!picker || !event.target.matches("[data-picker-query], [data-picker-value]")) {
    return;
  }
  const buttons = [...picker.querySelectorAll("[data-picker-value]")];
  if (!buttons.length) {
    return;
  }
  const at = buttons.indexOf(event.target);
  const next = event.key === "ArrowDown" ? Math.min(at + 1, buttons.length - 1) : at - 1;
  event.preventDefault();
  (next < 0 ? picker.querySelector("[data-picker-query]") : buttons[next]).focus();
});
// Bulk actions: a header checkbox ticks every row checkbox of the same name on the page.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (!all) {
    return;
  }
  document.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
