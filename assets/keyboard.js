// Keyboard paths between regions (issue 19): the ranking and the region profile.
//
// * Ranking: arrows move between cells (AG Grid); Space (AG Grid) or Enter selects the focused row, which
//   opens its profile and outlines it on the map (callbacks/region_panel.py: `selectedRows` → pick).
// * Profile: "Previous" / "Next" buttons (`data-move` = -1 / 1) select the neighbouring row of the ranking;
//   the profile is re-rendered by the server, so the pressed button gets the focus back when it reappears.
(function () {
  'use strict';
  const GRID = 'ranking-table', PANEL = 'region-panel';
  let refocus = null;  // id of the move button to focus once the new profile is drawn

  function gridApi() {
    try { return window.dash_ag_grid && window.dash_ag_grid.getApi(GRID); } catch (error) { return null; }
  }

  function selectIndex(api, index) {
    const node = api.getDisplayedRowAtIndex(index);
    if (!node || !node.data) { return false; }
    node.setSelected(true, true);
    api.ensureIndexVisible(index);
    return true;
  }

  function currentIndex(api) {
    const selected = api.getSelectedNodes();
    if (selected.length) { return selected[0].rowIndex; }
    const gd = document.querySelector('#map .js-plotly-plot');
    const node = gd && gd._atlasSelected ? api.getRowNode(gd._atlasSelected) : null;
    return node ? node.rowIndex : -1;
  }

  function move(step) {
    const api = gridApi();
    if (!api) { return false; }
    const at = currentIndex(api);
    return selectIndex(api, Math.max(0, at + step));
  }

  document.addEventListener('click', event => {
    const button = event.target.closest && event.target.closest('[data-move]');
    if (!button) { return; }
    if (move(Number(button.dataset.move))) { refocus = button.id || null; }
  });

  document.addEventListener('keydown', event => {
    if (event.key !== 'Enter') { return; }
    const grid = document.getElementById(GRID);
    if (!grid || !grid.contains(event.target)) { return; }
    const api = gridApi(), cell = api && api.getFocusedCell();
    if (cell && cell.rowIndex !== null && cell.rowPinned == null) { selectIndex(api, cell.rowIndex); }
  }, true);

  function restoreFocus() {
    if (!refocus) { return; }
    const button = document.getElementById(refocus);
    if (button && document.activeElement !== button) { button.focus(); refocus = null; }
  }

  function start() {
    const panel = document.getElementById(PANEL);
    if (!panel) { setTimeout(start, 200); return; }
    new MutationObserver(restoreFocus).observe(panel, {childList: true, subtree: true});
  }
  window.atlasKeyboard = {move: move};
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
