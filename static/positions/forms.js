// Position form: offer only the levels of the chosen position type. The server validates anyway.
(() => {
  const level = document.querySelector("select[data-levels-by-type]");
  const type = level && level.form.querySelector("select[name$='type']");
  if (!type) return;
  const byType = JSON.parse(level.dataset.levelsByType);
  const sync = () => {
    const allowed = byType[type.value];
    for (const option of level.options) {
      option.hidden = Boolean(option.value && allowed && !allowed.includes(option.value));
    }
    if (level.selectedOptions[0] && level.selectedOptions[0].hidden) level.value = "";
  };
  type.addEventListener("change", sync);
  sync();
})();
