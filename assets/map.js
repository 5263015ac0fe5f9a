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

  function wrap(update) {
    const out = {};
    Object.keys(update).forEach(function (key) { out[key] = [update[key]]; });
    return out;
  }

  let queue = Promise.resolve();

  function apply(changes) {
    const started = performance.now();
    return whenDrawn(changes.geometry).then(function (gd) {
      const traces = changes.traces || {};
      const indices = Object.keys(traces).map(Number).sort(function (a, b) { return a - b; });
      let chain = Promise.resolve();
      indices.forEach(function (index, position) {
        const update = wrap(traces[index]);
        const last = position === indices.length - 1;
        chain = chain.then(function () {
          return last ? window.Plotly.update(gd, update, changes.layout || {}, [index])
            : window.Plotly.restyle(gd, update, [index]);
        });
      });
      if (!indices.length) {
        chain = chain.then(function () { return window.Plotly.relayout(gd, changes.layout || {}); });
      }
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
