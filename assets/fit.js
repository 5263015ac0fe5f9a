// First view and small screens (issue 19).
//
// * The map fits the regions it shows into its box, whatever the screen: the server sends their box (all Europe's
//   regions, or those of the countries chosen: `?countries=CZ` opens on Czechia) to the `map-bounds` store
//   (callbacks/map_fit.py, views/bounds.py), and `atlas_fit.bounds` fits the camera to it. The camera then reaches
//   the URL like any pan (Plotly relayout → callbacks/url_state).
// * It never fights the user: a link with a camera (lat/lon/zoom) keeps it, and once the user moved the map (a
//   drag, the wheel, the keys: MapLibre's `moveend` with an `originalEvent`) a new box (another country filter)
//   is not fitted. The Home key on the map and `atlasFit.home()` fit the regions shown again.
// * On a phone the controls are a drawer opened by the header's button (`aria-expanded` says its state).
(function () {
  'use strict';
  const PADDING = 8;  // pixels between the regions' box and the map's edge
  const MAX_ZOOM = 10;  // a one-region selection is not blown up to street level
  const POLL_MS = 150;
  const initial = new URLSearchParams(location.search);
  const state = {
    bounds: null,  // [west, south, east, north] of the regions shown (degrees)
    moved: initial.has('lat') || initial.has('lon') || initial.has('zoom'),  // a linked camera counts as moved
    watched: null,  // the MapLibre map whose user moves are watched
    waiting: [],  // resolvers of fits waiting for the map to be ready
    last: null,  // the outcome of the last box: {bounds, fitted, reason?} (browser tests wait on it)
  };

  function ready() {
    const gd = window.atlasPlotly ? window.atlasPlotly.graphDiv() : null;
    const map = gd && window.atlasPlotly.isDrawn(gd) ? window.atlasPlotly.mapOf(gd) : null;
    if (!map || !map.loaded()) { return null; }
    watch(map);
    return {gd: gd, map: map};
  }

  // A move with an originalEvent comes from the user (drag, wheel, keys); ours (Plotly.relayout) has none.
  function watch(map) {
    if (state.watched === map) { return; }
    state.watched = map;
    map.on('moveend', event => { if (event.originalEvent) { state.moved = true; } });
  }

  // Fit the camera to a box through Plotly (layout.map: Plotly owns the camera and tells Dash); false if not ready.
  function fitTo(bounds) {
    const drawn = ready();
    if (!drawn || !bounds) { return false; }
    const [west, south, east, north] = bounds;
    drawn.map.stop();  // a pan or zoom still easing (keys, wheel) would otherwise carry the map off the fit
    const camera = drawn.map.cameraForBounds([[west, south], [east, north]], {padding: PADDING, maxZoom: MAX_ZOOM});
    if (camera) {
      window.Plotly.relayout(drawn.gd, {'map.center': {lon: camera.center.lng, lat: camera.center.lat},
                                        'map.zoom': Math.floor(camera.zoom * 100) / 100});
    }
    return true;
  }

  // Resolve with the outcome once the map is ready: fitted to the current box, or kept (the user moved it).
  function settle() {
    if (!state.waiting.length || !ready()) { return; }
    const outcome = state.moved ? {bounds: state.bounds, fitted: false, reason: 'moved'}
                                : {bounds: state.bounds, fitted: fitTo(state.bounds)};
    state.last = outcome;
    state.waiting.splice(0).forEach(resolve => resolve(outcome));
  }
  setInterval(settle, POLL_MS);

  // Home: back to the regions shown; later boxes are fitted again until the user moves the map. A key's own
  // camera move (MapLibre runs it on the next frame, then eases 300 ms) would land after the fit and undo it:
  // the fit waits two frames and, if the map is still moving, for the end of that move.
  function home() {
    const fit = () => { state.moved = false; fitTo(state.bounds); };
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const drawn = ready();
      if (drawn && drawn.map.isMoving()) { drawn.map.once('moveend', () => setTimeout(fit, 0)); } else { fit(); }
    }));
    return true;
  }

  // Before any user gesture on the map, make sure its moves are watched (the map may be new).
  ['pointerdown', 'wheel', 'keydown', 'touchstart'].forEach(type => {
    document.addEventListener(type, event => {
      if (event.target.closest && event.target.closest('#map')) { ready(); }
    }, {capture: true, passive: true});
  });

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

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlas_fit: {
      // `map-bounds` → `map-fitted`: {bounds, fitted, reason?} once the map is ready.
      bounds: function (bounds) {
        if (!Array.isArray(bounds) || bounds.length !== 4) { return window.dash_clientside.no_update; }
        state.bounds = bounds;
        return new Promise(resolve => { state.waiting.push(resolve); settle(); });
      },
    },
  });
  window.atlasFit = {home: home, fitTo: fitTo, state: state};
})();
