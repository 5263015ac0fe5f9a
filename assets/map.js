// The live map in the browser. The server builds the whole figure once per geometry (NUTS version and
// level); after that it sends only changes (callbacks/map.py, layers/map_view.py), applied here.
//
// Region colours are drawn by our own MapLibre layers whose colours live in feature state: recolouring
// 1 514 NUTS-3 regions is then a matter of milliseconds, where a Plotly restyle of a choropleth re-tiles
// and re-triangulates every polygon (~0.4 s each for the grey and the value trace in software WebGL).
// `gd.data` stays the single truth: value changes are written into it (so exports, hover and later
// Plotly redraws use them) and our layers are repainted from it after every Plotly draw. Plotly's own
// no-data and value fills lie under our layers: they answer hover and clicks and are what exports draw.
//
// Traces are addressed by role (T.value, …) and changes follow the schema of layers/map_contract.py
// (window.atlasContract, assets/atlas_contract.js); Plotly's and MapLibre's internals are reached
// through window.atlasPlotly (assets/atlas_plotly.js) only.
(function () {
  const C = window.atlasContract, P = window.atlasPlotly;
  const T = C.traces;
  const SOURCE = 'atlas-regions', SELECTION = 'atlas-selection';
  const FILL = 'atlas-fill', SELECTED = 'atlas-selected';
  const BORDER_COLOUR = 'rgba(255,255,255,0.8)';
  // Changes of the value trace that need no Plotly redraw (colorbar attributes are redrawn alone).
  const FAST_KEYS = C.value_keys;
  const TRANSPARENT = 'rgba(0,0,0,0)';
  // The value trace's hover, shared with the grey trace under it.
  const SHARED = C.shared_hover;
  const graphDiv = P.graphDiv, mapOf = P.mapOf;

  // layout.meta of the live map: a JSON text {geometry, no_data} (layers/map_view.py figure_meta).
  function metaOf(gd) {
    const meta = gd && gd.layout && gd.layout.meta;
    if (typeof meta !== 'string') { return {}; }
    if (gd._atlasMetaText !== meta) {
      try { gd._atlasMeta = JSON.parse(meta); } catch (error) { gd._atlasMeta = {}; }
      gd._atlasMetaText = meta;
    }
    return gd._atlasMeta;
  }

  function sameGeometry(gd, key) {
    const meta = metaOf(gd);
    return Boolean(meta.geometry && JSON.stringify(meta.geometry) === JSON.stringify(key));
  }

  // Wait until the figure with this geometry is drawn (a new figure may still be rendering). A change
  // without geometry (sent before any figure) resolves null and is dropped.
  function whenDrawn(key) {
    return new Promise(function (resolve, reject) {
      const started = Date.now();
      (function check() {
        const gd = graphDiv();
        if (key && key.length && P.isDrawn(gd) && sameGeometry(gd, key)) {
          resolve(gd);
        } else if (!key || !key.length) {
          resolve(null);
        } else if (Date.now() - started > 20000) {
          reject(new Error('map figure not drawn'));
        } else {
          window.setTimeout(check, 25);
        }
      })();
    });
  }

  // ------------------------------------------------------------------------------------------ colours
  function parseColour(text) {
    const s = String(text).trim();
    if (s[0] === '#') {
      const hex = s.length === 4 ? s.slice(1).split('').map(function (c) { return c + c; }).join('') : s.slice(1);
      return [0, 2, 4].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); }).concat([1]);
    }
    const parts = s.slice(s.indexOf('(') + 1, s.indexOf(')')).split(',').map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }

  // Plotly's colour mapping: z clamped to [zmin, zmax], linear RGB(A) between the scale's stops.
  function colourScale(trace) {
    const stops = (trace.colorscale || []).map(function (s) { return [Number(s[0]), parseColour(s[1])]; });
    const zmin = Number(trace.zmin), zmax = Number(trace.zmax);
    const span = zmax > zmin ? zmax - zmin : 1;
    return function (z, alpha) {
      const t = Math.min(Math.max((z - zmin) / span, 0), 1);
      let i = 1;
      while (i < stops.length - 1 && t > stops[i][0]) { i += 1; }
      const lo = stops[i - 1], hi = stops[i];
      const f = hi[0] > lo[0] ? (t - lo[0]) / (hi[0] - lo[0]) : 1;
      const c = lo[1].map(function (v, k) { return v + (hi[1][k] - v) * f; });
      return 'rgba(' + Math.round(c[0]) + ',' + Math.round(c[1]) + ',' + Math.round(c[2]) + ','
        + (c[3] * alpha).toFixed(3) + ')';
    };
  }

  // ---------------------------------------------------------------------------------- our map layers
  // Our two layers go right above the layers of the grey, value and highlight traces, so that
  // whatever Plotly draws above those (overlays, points, outlines) stays above ours. Returns the id of
  // the layer ours go before (undefined: on top) and whether they are already there.
  function placement(map, gd) {
    const ours = [FILL, SELECTED];
    const ids = P.layerIds(map);
    const covered = P.coveredLayer(gd);
    const last = ids.reduce(function (found, id, i) { return covered(id) ? i : found; }, -1);
    const rest = ids.slice(last + 1).filter(function (id) { return ours.indexOf(id) < 0; });
    const placed = ours.every(function (id, k) { return ids[last + 1 + k] === id; });
    return {before: rest.length ? rest[0] : undefined, placed: placed};
  }

  function placeLayers(map, gd) {
    const where = placement(map, gd);
    if (!where.placed) {
      [FILL, SELECTED].forEach(function (id) { map.moveLayer(id, where.before); });
    }
  }

  // Plotly's grey, value and highlight layers lie under ours: drawing them too costs a frame ~0.25 s
  // more in software WebGL, so they are made transparent (MapLibre then skips them). Plotly sets
  // their opacity again when it redraws them; exports and hover do not depend on it.
  function muteCoveredLayers(map, gd) {
    const covered = P.coveredLayer(gd);
    map.getStyle().layers.forEach(function (l) {
      if ((l.type === 'fill' || l.type === 'line') && covered(l.id)
          && map.getPaintProperty(l.id, l.type + '-opacity') !== 0) {
        map.setPaintProperty(l.id, l.type + '-opacity', 0);
      }
    });
  }

  // Add (once per map and geometry URL) the source and the fill, border and selection layers.
  function ensureLayers(gd) {
    const map = mapOf(gd);
    const url = gd.data[T.value] && gd.data[T.value].geojson;
    const geojson = typeof url === 'string' && P.geoAssets()[url];
    if (!map || !geojson || typeof geojson !== 'object') { return null; }
    if (!map.isStyleLoaded()) {  // a new map or style is still loading: paint once it is ready
      if (!map._atlasWaiting) {
        map._atlasWaiting = true;
        map.once('idle', function () { map._atlasWaiting = false; paint(gd); });
      }
      return null;
    }
    const state = gd._atlas || (gd._atlas = {});
    if (state.map === map && state.url === url && map.getSource(SOURCE) && map.getLayer(SELECTED)) {
      placeLayers(map, gd);
      return map;
    }
    [SELECTED, FILL].forEach(function (id) { if (map.getLayer(id)) { map.removeLayer(id); } });
    [SOURCE, SELECTION].forEach(function (id) { if (map.getSource(id)) { map.removeSource(id); } });
    const features = geojson.features.map(function (f) {
      return {type: 'Feature', geometry: f.geometry, properties: {id: f.id}};
    });
    map.addSource(SOURCE, {type: 'geojson', data: {type: 'FeatureCollection', features: features}, promoteId: 'id'});
    const before = placement(map, gd).before;
    // Region borders are the fill's 1-pixel outline: a line layer of all borders would cost every
    // frame ~0.1 s more in software WebGL.
    map.addLayer({id: FILL, type: 'fill', source: SOURCE,
                  paint: {'fill-color': ['to-color', ['coalesce', ['feature-state', 'c'], TRANSPARENT]],
                          'fill-outline-color': ['to-color', ['coalesce', ['feature-state', 'o'], TRANSPARENT]]}},
                 before);
    // The selected region has a source of its own: replacing one polygon is cheap, while a feature
    // state on a line layer of all regions re-uploads every border (~0.5 s in software WebGL).
    map.addSource(SELECTION, {type: 'geojson', data: {type: 'FeatureCollection', features: []}});
    map.addLayer({id: SELECTED, type: 'line', source: SELECTION,
                  paint: {'line-color': '#111111', 'line-width': 3}}, before);
    const byId = {};
    features.forEach(function (f) { byId[f.properties.id] = f; });
    Object.assign(state, {map: map, url: url, painted: null, selected: null, features: byId});
    return map;
  }

  // Colour every shown region from gd.data (values, scale, opacity) and outline the selected one.
  function paint(gd) {
    const map = ensureLayers(gd);
    if (!map) { return false; }
    const state = gd._atlas;
    const trace = gd.data[T.value];
    const locations = trace.locations || [];
    const z = trace.z || [];
    const noData = metaOf(gd).no_data || '#b0b0b0';
    const opacity = trace.marker && typeof trace.marker.opacity === 'number' ? trace.marker.opacity : 1;
    const colour = colourScale(trace);
    if (state.painted !== locations) {
      map.removeFeatureState({source: SOURCE});
    }
    for (let i = 0; i < locations.length; i++) {
      const v = z[i];
      map.setFeatureState({source: SOURCE, id: locations[i]}, {
        c: v === null || v === undefined || Number.isNaN(v) ? noData : colour(v, opacity), o: BORDER_COLOUR,
      });
    }
    state.painted = locations;
    muteCoveredLayers(map, gd);
    // Their polygons are not drawn either (a redraw of any trace would re-tile them): see atlas_plotly.js.
    P.freezeCoveredSources(map, gd);
    select(gd, gd._atlasSelected || null);
    drawPoints(gd);
    return true;
  }

  // ------------------------------------------------------------------------------- enterprise points
  // Points (not region counts) of the firms trace, as assets/points.js draws them; null: none to draw.
  function firmsPoints(gd) {
    const full = P.fullTrace(gd, 'firms');
    const trace = gd.data[T.firms];  // its marker: Plotly's full data keep none for mode 'none'
    const marker = (trace && trace.marker) || {};
    if (!full || full.visible !== true || !trace.lat || !trace.lat.length || typeof marker.size !== 'number'
        || typeof marker.color !== 'string') {
      return null;
    }
    const colour = parseColour(marker.color);
    const opacity = typeof marker.opacity === 'number' ? marker.opacity : 1;
    return {lon: trace.lon, lat: trace.lat, radius: marker.size / 2, rgb: colour.slice(0, 3), alpha: colour[3] * opacity};
  }

  // The firms' points as one image (assets/points.js) right above the firms trace, whose own circles
  // are hidden (`visibility: none`: MapLibre then neither draws nor tiles them; Plotly still answers
  // hover and clicks from its data and exports draw them). Redrawn when the points change or the
  // view leaves the image; region counts stay Plotly's circles.
  function drawPoints(gd) {
    const map = mapOf(gd);
    const state = gd._atlas;
    if (!map || !state || state.map !== map || !window.atlasPoints) { return; }
    const points = firmsPoints(gd);
    if (!points) {
      if (state.points) { window.atlasPoints.clear(map); state.points = null; }
      return;
    }
    const own = P.traceLayers(map, gd, 'firms');
    own.forEach(function (id) {
      if (map.getLayoutProperty(id, 'visibility') !== 'none') { map.setLayoutProperty(id, 'visibility', 'none'); }
    });
    const ids = P.layerIds(map);
    const after = own.length ? ids.indexOf(own[own.length - 1]) : ids.length - 1;
    const next = ids.slice(after + 1).filter(function (id) { return id !== window.atlasPoints.layer; })[0];
    const drawn = state.points;
    if (drawn && drawn.lon === points.lon && drawn.lat === points.lat && map.getLayer(window.atlasPoints.layer)
        && window.atlasPoints.covers(drawn, map)) {
      if (ids[after + 1] !== window.atlasPoints.layer) { map.moveLayer(window.atlasPoints.layer, next); }
      return;
    }
    state.points = Object.assign(window.atlasPoints.draw(map, points, next), {lon: points.lon, lat: points.lat});
    if (!map._atlasPointsHooked) {  // a move that leaves the image (or zooms) redraws it
      map._atlasPointsHooked = true;
      map.on('moveend', function () { drawPoints(gd); });
    }
  }

  function select(gd, region) {
    const map = mapOf(gd);
    const state = gd._atlas;
    gd._atlasSelected = region;  // exports outline it (assets/export.js)
    if (!map || !state || state.map !== map || !map.getSource(SELECTION) || state.selected === region) { return; }
    const feature = region && state.features[region];
    map.getSource(SELECTION).setData({type: 'FeatureCollection', features: feature ? [feature] : []});
    state.selected = region;
  }

  // Resolve once the map has drawn what was asked (MapLibre `idle`), then tell listeners as Plotly does.
  function drawn(gd) {
    const map = mapOf(gd);
    return new Promise(function (resolve) {
      if (!map) { resolve(); return; }
      const timer = window.setTimeout(resolve, 2000);
      map.once('idle', function () { window.clearTimeout(timer); resolve(); });
      map.triggerRepaint();
    }).then(function () {
      gd._atlasOwnDraw = true;
      try { P.emitAfterplot(gd); } finally { gd._atlasOwnDraw = false; }
    });
  }

  // ------------------------------------------------------------------------------------- the changes
  function setPath(target, path, value) {
    const keys = path.split('.');
    let node = target;
    for (let i = 0; i < keys.length - 1; i++) {
      if (typeof node[keys[i]] !== 'object' || node[keys[i]] === null) { node[keys[i]] = {}; }
      node = node[keys[i]];
    }
    node[keys[keys.length - 1]] = value;
  }

  function isFast(gd, traces) {
    const indices = Object.keys(traces).map(Number);
    return indices.length > 0 && indices.every(function (i) {
      return i === T.value && Object.keys(traces[i]).every(function (k) { return FAST_KEYS.indexOf(k) >= 0; });
    }) && ensureLayers(gd) !== null;
  }

  // Values only: write them into gd.data, repaint our layers, redraw the colour bar and title alone.
  function applyFast(gd, update, layout) {
    const trace = gd.data[T.value];
    const bar = {};
    Object.keys(update).forEach(function (key) {
      if (key.indexOf('colorbar.') === 0) { bar[key] = [update[key]]; } else { setPath(trace, key, update[key]); }
    });
    SHARED.forEach(function (key) { if (key in update) { gd.data[T.no_data][key] = update[key]; } });
    paint(gd);
    // A restyle of colorbar attributes only redraws the colour bar (from the values set above) and
    // re-derives the full data (hover texts) from gd.data; the map itself is not redrawn by Plotly.
    // Its afterplot needs no repaint (done above): the flag keeps the afterplot hook from repeating it.
    gd._atlasOwnDraw = true;
    return window.Plotly.update(gd, bar, layout || {}, [T.value]).then(function () {
      gd._atlasOwnDraw = false;
      return drawn(gd);
    }, function (error) { gd._atlasOwnDraw = false; throw error; });
  }

  // One Plotly.update for all changed traces: each attribute gets one entry per trace, `undefined`
  // where that trace keeps its value (Plotly skips it), so the map is redrawn once per change.
  function merged(traces, indices) {
    const update = {};
    indices.forEach(function (index, position) {
      Object.keys(traces[index]).forEach(function (key) {
        if (!(key in update)) { update[key] = new Array(indices.length).fill(undefined); }
        update[key][position] = traces[index][key];
      });
    });
    return update;
  }

  function applySlow(gd, traces, layout) {
    SHARED.forEach(function (key) {
      if (traces[T.value] && key in traces[T.value]) {
        traces[T.no_data] = Object.assign({}, traces[T.no_data], {[key]: traces[T.value][key]});
      }
    });
    const indices = Object.keys(traces).map(Number).sort(function (a, b) { return a - b; });
    return indices.length
      ? window.Plotly.update(gd, merged(traces, indices), layout || {}, indices)
      : window.Plotly.relayout(gd, layout || {});
  }

  let queue = Promise.resolve();

  // Work that should wait for the map (e.g. refilling the ranking grid): run after the next change is
  // applied, or after AFTER_MAP_MS if no change comes.
  const AFTER_MAP_MS = 600;
  let afterMap = [];
  function runAfterMap() {
    const jobs = afterMap;
    afterMap = [];
    jobs.forEach(function (job) { window.clearTimeout(job.timer); job.fn(); });
  }
  window.atlasAfterMap = function (fn) {
    const job = {fn: fn};
    job.timer = window.setTimeout(function () {
      afterMap = afterMap.filter(function (j) { return j !== job; });
      fn();
    }, AFTER_MAP_MS);
    afterMap.push(job);
  };

  function apply(changes) {
    const started = performance.now();
    return whenDrawn(changes.geometry).then(function (gd) {
      if (!gd) { return {at: Date.now(), ms: performance.now() - started, dropped: true}; }
      const traces = changes.traces || {};
      const fast = isFast(gd, traces);
      const done = fast ? applyFast(gd, traces[T.value], changes.layout) : applySlow(gd, traces, changes.layout);
      return done.then(function () {
        window.setTimeout(runAfterMap, 0);
        return {at: Date.now(), ms: performance.now() - started, traces: Object.keys(traces).map(Number), fast: fast};
      });
    });
  }

  // After every Plotly draw (a new figure, a slow change), repaint our layers from gd.data.
  function hook() {
    const gd = graphDiv();
    if (gd && typeof gd.on === 'function' && !gd._atlasHooked) {
      gd._atlasHooked = true;
      gd.on('plotly_afterplot', function () {
        if (!gd._atlasOwnDraw) { paint(gd); window.setTimeout(runAfterMap, 0); }
      });
      if (P.isDrawn(gd)) { paint(gd); }
    }
  }
  new MutationObserver(hook).observe(document.documentElement, {childList: true, subtree: true});

  // Fetch the page's polygons while Dash starts (the figure refers to them by URL): plotly.js finds them
  // in its geometry cache (atlasPlotly.geoAssets) instead of fetching them after the figure arrives. If plotly.js asks first, it
  // fetches them itself (HTTP-cached) and ours are dropped.
  function preloadGeometry() {
    const assets = P.geoAssets();
    fetch('/geometry/for-page' + window.location.search).then(function (r) { return r.ok ? r.json() : []; })
      .then(function (urls) {
        urls.forEach(function (url) {
          if (assets[url]) { return; }
          fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
            if (data && typeof assets[url] !== 'object') { assets[url] = data; }
          }).catch(function () {});
        });
      }).catch(function () {});
  }
  preloadGeometry();

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlas_map: {
      apply: function (changes) {
        if (!changes || !window.Plotly) {
          return window.dash_clientside.no_update;
        }
        // Apply in order of arrival: a slow change never overwrites a newer one.
        queue = queue.then(function () { return apply(changes); }, function () { return apply(changes); });
        return queue;
      },
      // The region picked by the latest map click or ranking row (no server round trip).
      pick: function (click, rows) {
        const triggered = (window.dash_clientside.callback_context.triggered || []).map(function (t) { return t.prop_id; });
        const byMap = triggered.some(function (p) { return p.indexOf('.clickData') > 0; });
        if (byMap && click && click.points && click.points.length && click.points[0].location) {
          return click.points[0].location;
        }
        if (!byMap && rows && rows.length && rows[0].nuts_id) { return rows[0].nuts_id; }
        return window.dash_clientside.no_update;
      },
      // A map click on another region than the ranking's selected row deselects that row: the grid never
      // highlights a region the profile does not show, and a click on that row selects (and picks) it anew
      // (the grid's selectedRows change only when the selection does).
      release: function (click, rows) {
        const location = click && click.points && click.points.length && click.points[0].location;
        if (!location || !rows || !rows.length || rows[0].nuts_id === location) {
          return window.dash_clientside.no_update;
        }
        return true;
      },
      // After a pan or zoom: the view's centre, zoom and bounds when the enterprise points need to follow it
      // (callbacks/firms.py), else nothing. The firms trace's meta says which box its points cover (null:
      // the whole selection) and from which zoom points follow the view (layers/firms.py).
      viewport: function (relayout) {
        const noUpdate = window.dash_clientside.no_update;
        const gd = graphDiv();
        const map = mapOf(gd);
        const trace = P.trace(gd, 'firms');
        if (!relayout || !map || !trace || trace.visible !== true) { return noUpdate; }
        const meta = trace.meta || {};
        const covers = meta.covers;
        const zoom = map.getZoom(), centre = map.getCenter(), b = map.getBounds();
        const bounds = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
        if (zoom >= meta.zoom) {
          if (covers && bounds[0] >= covers[0] && bounds[1] >= covers[1] && bounds[2] <= covers[2]
              && bounds[3] <= covers[3]) {
            return noUpdate;  // the drawn points cover the view
          }
        } else if (!covers) {
          return noUpdate;  // zoomed out: the whole selection is drawn already
        }
        return {lat: centre.lat, lon: centre.lng, zoom: zoom, bounds: bounds};
      },
      // The controls' values, handed on once the map has applied the change they cause (or after
      // AFTER_MAP_MS if none comes): {controls, first: the page's initial values} (callbacks/map.py).
      afterMap: function () {
        const controls = Array.prototype.slice.call(arguments);
        const triggered = (window.dash_clientside.callback_context.triggered || [])
          .filter(function (t) { return t.prop_id && t.prop_id !== '.'; });
        const settled = {controls: controls, first: triggered.length === 0};
        return new Promise(function (resolve) { window.atlasAfterMap(function () { resolve(settled); }); });
      },
      // Outline the selected region on the map (a one-polygon source; exports outline it too).
      select: function (region) {
        const gd = graphDiv();
        if (gd) { select(gd, region || null); }
        return {at: Date.now(), selected: region || null};
      },
    },
  });
})();
