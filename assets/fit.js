// First view and small screens (issue 19).
//
// * A page opened without a camera in its link fits Europe's regions (NUTS: Canary Islands to North Cape,
//   Iceland to Cyprus) into the map's box, whatever the screen: a fixed centre and zoom cut off southern
//   Europe at 1366 × 768. The camera then reaches the URL like any pan (Plotly relayout → callbacks/url_state).
// * On a phone the controls are a drawer opened by the header's button (`aria-expanded` says its state).
(function () {
  'use strict';
  const EUROPE = [[-25.0, 27.5], [45.0, 71.5]];  // [west, south], [east, north] in degrees
  const initial = new URLSearchParams(location.search);
  const linked = initial.has('lat') || initial.has('lon') || initial.has('zoom');
  let fitted = linked;

  function fit() {
    if (fitted) { return true; }
    const gd = document.querySelector('#map .js-plotly-plot');
    const map = gd && window.atlasPlotly ? window.atlasPlotly.mapOf(gd) : null;
    if (!map || !map.loaded()) { return false; }
    fitted = true;
    // Plotly owns the camera (layout.map): a relayout moves the map and tells Dash (relayoutData → URL)
    const camera = map.cameraForBounds(EUROPE, {padding: 6});
    if (camera) {
      const centre = camera.center;
      window.Plotly.relayout(gd, {'map.center': {lon: centre.lng, lat: centre.lat},
                                  'map.zoom': Math.floor(camera.zoom * 100) / 100});
    }
    return true;
  }

  const timer = setInterval(() => { if (fit()) { clearInterval(timer); } }, 150);

  document.addEventListener('click', event => {
    const toggle = event.target.closest && event.target.closest('.controls-toggle');
    if (!toggle) { return; }
    const open = document.body.classList.toggle('controls-open');
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    const drawer = document.querySelector('.sidebar');
    if (drawer) {
      if (!drawer.id) { drawer.id = 'controls-drawer'; }
      toggle.setAttribute('aria-controls', drawer.id);
      if (open) { const first = drawer.querySelector('button, input, [tabindex="0"]'); if (first) { first.focus(); } }
    }
    toggle.textContent = open ? toggle.dataset.hide : toggle.dataset.show;
  });
  window.atlasFit = {fit: fit, europe: EUROPE};
})();
