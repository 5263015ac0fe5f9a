// Enterprise points drawn as one image: a raster of the points around the viewport, placed on the map
// as a MapLibre canvas source. Panning then moves one textured quad instead of redrawing 100 000 WebGL
// circles every frame (~1 s per frame in software WebGL); the image is redrawn when a move ends
// outside it or at another zoom, and when the points change. assets/map.js decides when to use it
// (points, not region counts) and keeps Plotly's own circles for hover, clicks and exports, hidden.
(function () {
  const SOURCE = 'atlas-points', LAYER = 'atlas-points';
  const TILE_PX = 512;     // MapLibre's world is 512 * 2^zoom CSS pixels wide
  const MARGIN = 0.5;      // the image reaches half a viewport beyond each edge of the view
  const MAX_PX = 4096;     // longest side of the image, device pixels
  const MAX_LAT = 85.0511;

  // Web-Mercator position in pixels of a world `world` pixels wide (x east, y south from 85.05 N).
  function mercatorX(lon, world) { return (lon + 180) / 360 * world; }
  function mercatorY(lat, world) {
    const phi = Math.max(Math.min(lat, MAX_LAT), -MAX_LAT) * Math.PI / 180;
    return (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2 * world;
  }
  function lonOf(x, world) { return x / world * 360 - 180; }
  function latOf(y, world) { return Math.atan(Math.sinh(Math.PI * (1 - 2 * y / world))) * 180 / Math.PI; }

  // Pixel offsets and weights of a disc of `radius` pixels with a one-pixel soft edge (as MapLibre
  // draws a circle): weight = coverage in [0, 1].
  function disc(radius) {
    const reach = Math.ceil(radius + 0.5);
    const offsets = [], weights = [];
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        const w = Math.min(Math.max(radius + 0.5 - Math.hypot(dx, dy), 0), 1);
        if (w > 0) { offsets.push([dx, dy]); weights.push(w); }
      }
    }
    return {offsets: offsets, weights: weights, reach: reach};
  }

  // RGBA pixels (width x height) of discs of one colour at pixel positions xs, ys. Overlapping discs
  // compose as "over" does: a pixel covered with weights w_i has alpha 1 - prod(1 - alpha * w_i),
  // summed as logarithms (exact for one colour, independent of drawing order).
  function rasterise(xs, ys, width, height, radius, rgb, alpha) {
    const shape = disc(radius);
    const n = shape.offsets.length, reach = shape.reach;
    const dx = new Int32Array(n), dy = new Int32Array(n), step = new Int32Array(n), logs = new Float32Array(n);
    shape.offsets.forEach(function (o, k) {
      dx[k] = o[0]; dy[k] = o[1]; step[k] = o[1] * width + o[0];
      logs[k] = Math.log(1 - Math.min(alpha * shape.weights[k], 0.999999));
    });
    const shade = new Float32Array(width * height);
    for (let i = 0; i < xs.length; i++) {
      const cx = Math.round(xs[i]), cy = Math.round(ys[i]);
      if (cx >= reach && cy >= reach && cx < width - reach && cy < height - reach) {  // whole disc inside
        const centre = cy * width + cx;
        for (let k = 0; k < n; k++) { shade[centre + step[k]] += logs[k]; }
      } else if (cx >= -reach && cy >= -reach && cx < width + reach && cy < height + reach) {  // at an edge
        for (let k = 0; k < n; k++) {
          const x = cx + dx[k], y = cy + dy[k];
          if (x >= 0 && y >= 0 && x < width && y < height) { shade[y * width + x] += logs[k]; }
        }
      }
    }
    const pixels = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < shade.length; p++) {
      if (shade[p] !== 0) {
        const o = p * 4;
        pixels[o] = rgb[0]; pixels[o + 1] = rgb[1]; pixels[o + 2] = rgb[2];
        pixels[o + 3] = Math.round(255 * (1 - Math.exp(shade[p])));
      }
    }
    return pixels;
  }

  // The area to draw: the view plus MARGIN on each side, in world pixels at the map's zoom.
  function area(map) {
    const zoom = map.getZoom();
    const world = TILE_PX * Math.pow(2, zoom);
    const bounds = map.getBounds();
    const x0 = mercatorX(bounds.getWest(), world), x1 = mercatorX(bounds.getEast(), world);
    const y0 = mercatorY(bounds.getNorth(), world), y1 = mercatorY(bounds.getSouth(), world);
    const dx = (x1 - x0) * MARGIN, dy = (y1 - y0) * MARGIN;
    return {zoom: zoom, world: world, view: [x0, y0, x1, y1],
            x0: x0 - dx, x1: x1 + dx, y0: Math.max(y0 - dy, 0), y1: Math.min(y1 + dy, world)};
  }

  // Whether the drawn image still serves the map's current view (same zoom, view inside the image).
  function covers(drawn, map) {
    if (!drawn) { return false; }
    const now = area(map);
    return Math.abs(now.zoom - drawn.zoom) < 1e-6 && now.view[0] >= drawn.x0 && now.view[2] <= drawn.x1
      && now.view[1] >= drawn.y0 && now.view[3] <= drawn.y1;
  }

  // Draw `points` ({lon, lat, radius (CSS px), rgb, alpha}) around the map's view, below layer `before`
  // (undefined: on top). Returns what was drawn (kept by the caller to decide on redraws).
  function draw(map, points, before) {
    const where = area(map);
    const ratio = Math.min(window.devicePixelRatio || 1,
                           MAX_PX / Math.max(where.x1 - where.x0, 1), MAX_PX / Math.max(where.y1 - where.y0, 1));
    const width = Math.max(Math.ceil((where.x1 - where.x0) * ratio), 1);
    const height = Math.max(Math.ceil((where.y1 - where.y0) * ratio), 1);
    const count = points.lon.length;
    const xs = new Float32Array(count), ys = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      xs[i] = (mercatorX(points.lon[i], where.world) - where.x0) * ratio;
      ys[i] = (mercatorY(points.lat[i], where.world) - where.y0) * ratio;
    }
    const pixels = rasterise(xs, ys, width, height, points.radius * ratio, points.rgb, points.alpha);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
    const west = lonOf(where.x0, where.world), east = lonOf(where.x0 + width / ratio, where.world);
    const north = latOf(where.y0, where.world), south = latOf(where.y0 + height / ratio, where.world);
    clear(map);
    map.addSource(SOURCE, {type: 'canvas', canvas: canvas, animate: false,
                           coordinates: [[west, north], [east, north], [east, south], [west, south]]});
    map.addLayer({id: LAYER, type: 'raster', source: SOURCE,
                  paint: {'raster-fade-duration': 0, 'raster-resampling': 'linear'}}, before);
    return Object.assign(where, {count: count, width: width, height: height, canvas: canvas});
  }

  function clear(map) {
    if (map.getLayer(LAYER)) { map.removeLayer(LAYER); }
    if (map.getSource(SOURCE)) { map.removeSource(SOURCE); }
  }

  window.atlasPoints = {draw: draw, clear: clear, covers: covers, rasterise: rasterise, layer: LAYER};
})();
