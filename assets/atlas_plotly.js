// Every access to Plotly's and MapLibre's internals, in one place (window.atlasPlotly): the live map's
// graph div and its MapLibre map, the traces by role (window.atlasContract, generated from
// layers/map_contract.py), the layers and sources Plotly makes for a trace, its geometry cache and its
// afterplot event. assets/map.js and assets/export.js call these; when a Plotly upgrade renames an
// internal, this is the file to change. Loaded before them: Dash loads assets by name.
(function () {
  const GRAPH = '#map .js-plotly-plot';

  // The index of the trace with this role (layers/map_contract.py TRACE_ROLES).
  function index(role) {
    const found = window.atlasContract.traces[role];
    if (typeof found !== 'number') { throw new Error('unknown map trace role: ' + role); }
    return found;
  }

  function graphDiv() {
    return document.querySelector(GRAPH);
  }

  // Whether Plotly has drawn the figure (its full data exist).
  function isDrawn(gd) {
    return Boolean(gd && gd._fullData);
  }

  // The MapLibre map of the figure's map subplot (null before it exists).
  function mapOf(gd) {
    const full = gd && gd._fullLayout;
    return (full && full.map && full.map._subplot && full.map._subplot.map) || null;
  }

  // The figure's trace with this role as given (gd.data) and as Plotly completed it (its uid, visibility).
  function trace(gd, role) {
    return gd && gd.data ? gd.data[index(role)] : undefined;
  }

  function fullTrace(gd, role) {
    return gd && gd._fullData ? gd._fullData[index(role)] : undefined;
  }

  // The figure's margins in pixels, as drawn ({l, r, t, b}).
  function margin(gd) {
    return gd._fullLayout.margin;
  }

  // Plotly names the MapLibre layers of a trace 'plotly-trace-layer-<uid>-<fill|line|circle|symbol>'
  // and its GeoJSON source 'source-<uid>'.
  function layerPrefix(uid) {
    return 'plotly-trace-layer-' + uid + '-';
  }

  function layerIds(map) {
    return map.getStyle().layers.map(function (l) { return l.id; });
  }

  // Ids of the MapLibre layers of the trace with this role, bottom first.
  function traceLayers(map, gd, role) {
    const full = fullTrace(gd, role);
    if (!full) { return []; }
    const prefix = layerPrefix(full.uid);
    return layerIds(map).filter(function (id) { return id.indexOf(prefix) === 0; });
  }

  // A test of layer ids: whether a layer belongs to one of the region traces the browser covers with
  // its own layers (atlasContract.covered: grey, value and highlight traces).
  function coveredLayer(gd) {
    const prefixes = window.atlasContract.covered.map(function (role) {
      const full = fullTrace(gd, role);
      return full ? layerPrefix(full.uid) : null;
    }).filter(Boolean);
    return function (id) { return prefixes.some(function (prefix) { return id.indexOf(prefix) === 0; }); };
  }

  // Empty the sources of the covered traces once and make them ignore later data: Plotly hands every
  // trace's GeoJSON to MapLibre again on every redraw, even one of another trace, and MapLibre re-tiles
  // all polygons of each (~0.4 s per trace in software WebGL). Plotly answers hover and clicks from its
  // own data, and exports draw a figure of their own.
  function freezeCoveredSources(map, gd) {
    window.atlasContract.covered.forEach(function (role) {
      const full = fullTrace(gd, role);
      const source = full && map.getSource('source-' + full.uid);
      if (source && typeof source.setData === 'function' && !source._atlasEmpty) {
        source._atlasEmpty = true;
        source.setData({type: 'FeatureCollection', features: []});
        source.setData = function () { return source; };
      }
    });
  }

  // plotly.js's cache of fetched GeoJSON by URL (filled ahead by assets/map.js, read by plotly.js).
  function geoAssets() {
    window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
    return window.PlotlyGeoAssets;
  }

  // Tell the figure's listeners that it was drawn, as Plotly does after each draw.
  function emitAfterplot(gd) {
    gd.emit('plotly_afterplot');
  }

  window.atlasPlotly = {
    index: index, graphDiv: graphDiv, isDrawn: isDrawn, mapOf: mapOf, trace: trace, fullTrace: fullTrace,
    margin: margin, layerIds: layerIds, traceLayers: traceLayers, coveredLayer: coveredLayer,
    freezeCoveredSources: freezeCoveredSources, geoAssets: geoAssets, emitAfterplot: emitAfterplot,
  };
})();
