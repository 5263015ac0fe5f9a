// Entry of the Cluster Atlas plotly.js partial bundle (built by build.mjs into
// assets/vendor/plotly-atlas.min.js). Register exactly the trace types the browser draws:
//   choroplethmap, scattermap  the map (layers/choropleth.py, overlays.py, firms.py) on MapLibre
//   bar, scatter               the region profile charts (layers/profile.py)
// go.Table (layers/atlas.py) is only rendered server-side by kaleido with plotly's full bundle.
// A trace type missing here makes Plotly silently skip that trace in the browser: keep this list in
// sync with the go.* traces sent to dcc.Graph (grep -rn "go\.\|px\." layers/ callbacks/).
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scattermap'),
    require('plotly.js/lib/choroplethmap'),
]);

module.exports = Plotly;
