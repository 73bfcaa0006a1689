// Moves focus to a panel that must be read first (someone else saved the section
// meanwhile), as NHS.UK frontend does for its error summary, so screen reader users
// hear it and nobody goes on as if their answers were saved.
function focusOnLoad(root) {
  const panel = root.querySelector('[data-focus-on-load]');
  if (panel) {
    panel.focus();
  }
}

// Shows an activity's commissioning-stage checkboxes only once the activity is answered
// as practised. Without JavaScript they are always shown, with a hint saying when to use
// them, and the server refuses stages on an activity answered "Not at the moment".
function enhanceStageReveals(root) {
  root.querySelectorAll('[data-reveal-for]').forEach((panel) => {
    const name = panel.dataset.revealFor;
    const values = (panel.dataset.revealValues || '').split(' ');
    const radios = root.querySelectorAll(`input[type="radio"][name="${CSS.escape(name)}"]`);
    const update = () => {
      const checked = Array.from(radios).find((radio) => radio.checked);
      const show = Boolean(checked && values.includes(checked.value));
      // Keep ticked stages visible even for "Not at the moment", so the error explaining
      // them is never about something the person cannot see.
      const hasTicks = panel.querySelector('input[type="checkbox"]:checked') !== null;
      panel.hidden = !(show || hasTicks);
    };
    // No aria-controls on the radios: NHS.UK frontend's Radios treats any radio with
    // aria-controls as a conditional reveal and hides the panel for every unchecked one.
    radios.forEach((radio) => radio.addEventListener('change', update));
    update();
  });
}

enhanceStageReveals(document);
focusOnLoad(document);
