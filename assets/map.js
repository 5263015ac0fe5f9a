// Apply map changes computed by the server with Plotly.restyle / Plotly.update: no geometry and no
// whole-figure diff travel or run on a filter change (see callbacks/map.py and layers/map_view.py).
(function () {
  function graphDiv() {
    return document.querySelector('#map .js-plotly-plot');
  }

  function sameGeometry(gd, key) {
    const meta = gd && gd.layout && gd.layout.meta;
    return Boolean(meta && JSON.stringify(meta.geometry) === JSON.stringify(key));
  }

  // Wait until the figure with this geometry is drawn (a new figure may still be rendering).
  function whenDrawn(key) {
    return new Promise(function (resolve, reject) {
      const started = Date.now();
      (function check() {
        const gd = graphDiv();
        if (gd && gd._fullData && sameGeometry(gd, key)) {
          resolve(gd);
        } else if (Date.now() - started > 20000) {
          reject(new Error('map figure not drawn'));
        } else {
          window.setTimeout(check, 25);
        }
      })();
    });
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

  let queue = Promise.resolve();

  function apply(changes) {
    const started = performance.now();
    return whenDrawn(changes.geometry).then(function (gd) {
      const traces = changes.traces || {};
      const indices = Object.keys(traces).map(Number).sort(function (a, b) { return a - b; });
      const chain = indices.length
        ? window.Plotly.update(gd, merged(traces, indices), changes.layout || {}, indices)
        : window.Plotly.relayout(gd, changes.layout || {});
      return chain.then(function () {
        return {at: Date.now(), ms: performance.now() - started, traces: indices};
      });
    });
  }

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
    },
  });
})();
