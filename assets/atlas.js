// Clientside callbacks of Cluster Atlas: image export made in the browser from the live figure.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  atlas: {
    downloadMap: function (nClicks, format, size) {
      const graph = document.querySelector('#map .js-plotly-plot');
      if (!nClicks || !graph || !window.Plotly) {
        return window.dash_clientside.no_update;
      }
      const parts = String(size || '1600x1000').split('x').map(Number);
      const stamp = new Date().toISOString().slice(0, 10);
      return window.Plotly.downloadImage(graph, {
        format: format === 'svg' ? 'svg' : 'png',
        width: parts[0], height: parts[1],
        filename: 'cluster-atlas-map-' + stamp,
      }).then(function () { return 'Map exported (' + format.toUpperCase() + ', ' + parts[0] + ' × ' + parts[1] + ', ' + stamp + ')'; });
    },
  },
});
