// Clientside exports of Cluster Atlas: map snapshots made in the browser from the live figure, and the
// shareable link. PDF is rendered on the server: downloadMap hands it the camera of the current view.
(function () {
  const P = window.atlasPlotly;  // Plotly's internals (assets/atlas_plotly.js)
  const T = window.atlasContract.traces;  // trace roles (layers/map_contract.py)
  const TRANSPARENT_STYLE = {version: 8, sources: {}, layers: []};

  function today() { return new Date().toISOString().slice(0, 10); }

  // A message of the export menu in the page's language: the templates of data/i18n.py that
  // callbacks/export.py puts into the menu's data-messages; {name} is replaced by values[name].
  function message(key, values) {
    const menu = document.getElementById('export-menu');
    const templates = JSON.parse((menu && menu.dataset.messages) || '{}');
    return (templates[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  // Centre and zoom that show, in an export of width x height, the extent shown on screen now.
  function exportCamera(gd, width, height) {
    const map = P.mapOf(gd);
    const canvas = map.getCanvas();
    const margin = P.margin(gd);
    const mapWidth = Math.max(width - margin.l - margin.r, 10);
    const mapHeight = Math.max(height - margin.t - margin.b, 10);
    const ratio = Math.min(mapWidth / canvas.clientWidth, mapHeight / canvas.clientHeight);
    const centre = map.getCenter();
    return {lat: centre.lat, lon: centre.lng, zoom: map.getZoom() + Math.log2(ratio)};
  }

  function snapshotLayout(gd, width, height, background, camera, stamp) {
    const layout = JSON.parse(JSON.stringify(gd.layout));
    const paper = background === 'transparent' ? 'rgba(0,0,0,0)' : '#ffffff';
    Object.assign(layout, {width: width, height: height, paper_bgcolor: paper, plot_bgcolor: paper});
    layout.map = Object.assign({}, layout.map, {center: {lat: camera.lat, lon: camera.lon}, zoom: camera.zoom});
    if (background === 'transparent' && layout.map.style !== 'carto-positron') {
      layout.map.style = TRANSPARENT_STYLE;
    }
    if (layout.annotations && layout.annotations.length) {
      layout.annotations[0] = Object.assign({}, layout.annotations[0],
        {text: layout.annotations[0].text + ' ' + message('exported_on', {date: stamp})});
    }
    return layout;
  }

  // The live map draws two things itself (assets/map.js) that an export draws with the figure's traces
  // (layers/choropleth.py): the selected region's outline (highlight trace) and the enterprise points
  // (firms trace: mode 'none' on the live map, markers in exports, layers/firms.py).
  function exportData(gd) {
    const region = gd._atlasSelected;
    return gd.data.map(function (trace, index) {
      if (index === T.highlight && region) { return Object.assign({}, trace, {locations: [region], z: [0]}); }
      if (index === T.firms && trace.mode === 'none') { return Object.assign({}, trace, {mode: 'markers'}); }
      return trace;
    });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlas_export: {
      downloadMap: function (nClicks, format, sizeKey, background, sizes) {
        const noUpdate = window.dash_clientside.no_update;
        const gd = P.graphDiv();
        if (!nClicks || !gd || !window.Plotly || !P.mapOf(gd)) {
          return [noUpdate, noUpdate];
        }
        const size = (sizes && sizes[sizeKey]) || [1600, 1000, 1];
        const width = size[0], height = size[1], scale = size[2];
        const stamp = today();
        const camera = exportCamera(gd, width, height);
        if (format === 'pdf') {
          return [message('pdf_rendering', {}),
                  {format: 'pdf', size: sizeKey, background: background, camera: camera, date: stamp, n: nClicks}];
        }
        const fmt = ['png', 'svg', 'jpeg'].indexOf(format) >= 0 ? format : 'png';
        const back = fmt === 'jpeg' ? 'white' : background;  // JPEG has no transparency
        const figure = {data: exportData(gd), layout: snapshotLayout(gd, width, height, back, camera, stamp)};
        const pixels = Math.floor(width * scale) + ' × ' + Math.floor(height * scale);
        return window.Plotly.downloadImage(figure, {
          format: fmt, width: width, height: height, scale: scale, filename: 'cluster-atlas-map-' + stamp,
        }).then(function () {
          return [message('map_exported', {format: fmt.toUpperCase(), pixels: pixels, date: stamp}), noUpdate];
        }, function (error) {
          return [message('map_export_failed', {error: error}), noUpdate];
        });
      },

      copyLink: function (nClicks) {
        if (!nClicks) { return window.dash_clientside.no_update; }
        const url = window.location.href;
        const done = function () { return message('link_copied', {url: url}); };
        const fallback = function () {
          const field = document.createElement('textarea');
          field.value = url;
          field.setAttribute('readonly', '');
          field.className = 'offscreen';
          document.body.appendChild(field);
          field.select();
          const ok = document.execCommand('copy');
          document.body.removeChild(field);
          return ok ? done() : message('copy_this_link', {url: url});
        };
        if (navigator.clipboard && window.isSecureContext) {
          return navigator.clipboard.writeText(url).then(done, fallback);
        }
        return fallback();
      },
    },
  });
})();
