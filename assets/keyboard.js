// Keyboard paths between regions (issue 19): the ranking and the region profile.
//
// * Ranking: arrows move between cells (AG Grid); Space (AG Grid) or Enter selects the focused row, which
//   opens its profile and outlines it on the map (callbacks/region_panel.py: `selectedRows` → pick).
// * Profile: "Previous" / "Next" buttons (`data-move` = -1 / 1) select the neighbouring row of the ranking;
//   the profile is re-rendered by the server, so the pressed button gets the focus back when it reappears.
// * Map: MapLibre's canvas is in the tab order (tabindex 0) and its own keyboard handler pans (arrows) and zooms
//   (+ = −); those moves end with an `originalEvent`, so Plotly reports them like a drag and the camera reaches
//   the URL. Here the canvas gets its name (and the keys) from the catalogue (`data-keys-label` of the map
//   region, data/i18n.py `map_keys`), rotation and tilt are turned off (Shift + arrows: the map stays north-up and
//   flat, as the URL has no bearing), and Home fits the regions shown again (`atlasFit.home`, assets/fit.js).
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
  const MAP_REGION = 'map-region';
  const prepared = new WeakSet();  // MapLibre maps whose rotation keys are off

  function mapCanvas(target) {
    return target && target.classList && target.classList.contains('maplibregl-canvas') && target.closest('#map');
  }

  // Name the canvas and turn rotation off, once per MapLibre map (a new figure may bring a new map).
  function prepareMap() {
    const region = document.getElementById(MAP_REGION);
    const gd = window.atlasPlotly ? window.atlasPlotly.graphDiv() : null;
    const map = gd ? window.atlasPlotly.mapOf(gd) : null;
    if (!region || !map) { return; }
    const canvas = map.getCanvas(), label = region.dataset.keysLabel;
    if (label && canvas.getAttribute('aria-label') !== label) { canvas.setAttribute('aria-label', label); }
    if (canvas.tabIndex !== 0) { canvas.tabIndex = 0; }
    if (map.keyboard && !prepared.has(map)) { prepared.add(map); map.keyboard.disableRotation(); }
  }

  document.addEventListener('keydown', event => {
    if (event.key !== 'Home' || !mapCanvas(event.target) || !window.atlasFit) { return; }
    event.preventDefault();
    window.atlasFit.home();
  });

  function startMap() {
    const region = document.getElementById(MAP_REGION);
    if (!region) { setTimeout(startMap, 200); return; }
    prepareMap();
    new MutationObserver(prepareMap).observe(region, {childList: true, subtree: true});
  }

  window.atlasKeyboard = {move: move, prepareMap: prepareMap};
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => { start(); startMap(); });
  } else { start(); startMap(); }
})();
