// Accessibility of Dash 4's own widgets (issue 19), configured here because their Python props offer no ARIA:
//
// * dcc.Dropdown puts a focusable `input[aria-hidden=true]` before its button (a focus relay): the relay is
//   disabled and the button itself joins the tab order; the button is named by its field's label.
// * dcc.RadioItems / dcc.Checklist are `role=listbox` with `role=option` labels that each hold a native,
//   focusable <input> (nested interactive controls): they become a radio group / group of labelled native
//   inputs (the labels lose role and aria-selected), named by their field's label.
// * The open dropdown's option list (native radios/checkboxes in `role=option` labels, same nesting) becomes a
//   radio group / group named by its field's label; the upload's file input is named by its drop zone.
//
// Nothing is hidden from assistive technology and no rule is turned off: the widgets get the names, roles
// and focus order they lack. Re-run on every DOM change (React re-renders keep what React does not own).
(function () {
  'use strict';

  function fieldLabel(id) {
    const label = document.querySelector('label[for="' + CSS.escape(id) + '"]');
    if (!label) { return null; }
    if (!label.id) { label.id = id + '-label'; }
    return label.id;
  }

  function nameBy(el, labelId, keep) {
    if (!labelId) { return; }
    const current = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    if (current[0] === labelId) { return; }
    el.setAttribute('aria-labelledby', [labelId].concat(keep ? current.filter(t => t !== labelId) : []).join(' '));
  }

  function repairDropdowns(root) {
    root.querySelectorAll('.dash-dropdown-focus-target').forEach(relay => {
      if (!relay.disabled) { relay.disabled = true; relay.tabIndex = -1; }
      const button = relay.nextElementSibling;
      if (button && button.tagName === 'BUTTON') {
        if (button.tabIndex !== 0 && !button.disabled) { button.tabIndex = 0; }
        if (button.id) { nameBy(button, fieldLabel(button.id), true); }
        // the popover holds a search box and a group of native radios/checkboxes, not a bare listbox
        if (button.getAttribute('aria-haspopup') !== 'dialog') { button.setAttribute('aria-haspopup', 'dialog'); }
      }
    });
    const open = document.querySelector('button.dash-dropdown[aria-expanded="true"]');
    document.querySelectorAll('.dash-dropdown-options').forEach(list => {
      const labelId = open && open.id ? fieldLabel(open.id) : null;
      if (labelId) { nameBy(list, labelId, false); }
    });
  }

  // A list of labelled native radios/checkboxes is a radio group / group; the native inputs keep their own
  // keyboard behaviour (Tab to the group, arrows between radios, Space toggles a checkbox).
  // The open dropdown's list (a portal) is handled the same way; it is named in repairDropdowns.
  function repairOptionLists(root) {
    const lists = '.dash-options-list.dash-radioitems, .dash-options-list.dash-checklist, .dash-dropdown-options';
    root.querySelectorAll(lists).forEach(list => {
      const radios = list.querySelector('input[type=radio]') !== null;
      const role = radios ? 'radiogroup' : 'group';
      if (list.getAttribute('role') !== role) { list.setAttribute('role', role); }
      if (list.id) { nameBy(list, fieldLabel(list.id), false); }
      list.querySelectorAll('label.dash-options-list-option').forEach(item => {
        if (item.hasAttribute('role')) { item.removeAttribute('role'); }
        if (item.hasAttribute('aria-selected')) { item.removeAttribute('aria-selected'); }
      });
    });
  }

  function repairUploads(root) {
    root.querySelectorAll('.drop-zone input[type=file]').forEach(input => {
      if (!input.getAttribute('aria-label')) {
        const zone = input.closest('.drop-zone');
        input.setAttribute('aria-label', (zone && zone.textContent.trim()) || 'Choose a file');
      }
    });
  }

  function repair() {
    repairDropdowns(document);
    repairOptionLists(document);
    repairUploads(document);
  }

  let queued = false;
  function schedule() {
    if (queued) { return; }
    queued = true;
    requestAnimationFrame(() => { queued = false; repair(); });
  }

  function start() {
    repair();
    new MutationObserver(schedule).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ['aria-expanded', 'tabindex', 'aria-selected', 'role', 'aria-haspopup'],
    });
  }

  window.atlasA11y = {repair: repair};
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
