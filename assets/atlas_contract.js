// Generated from layers/map_contract.py by `python -c "import layers.map_contract as c; c.write_contract_js()"`: do not edit.
// The map's trace roles (name -> index) and change schema, read by assets/*.js.
window.atlasContract = Object.freeze({
  "traces": {
    "no_data": 0,
    "value": 1,
    "highlight": 2,
    "sites": 3,
    "hotspots": 4,
    "strong": 5,
    "stars": 6,
    "firms": 7,
    "compare": 8,
    "pointclusters": 9
  },
  "covered": [
    "no_data",
    "value",
    "highlight"
  ],
  "value_keys": [
    "z",
    "customdata",
    "hovertemplate",
    "colorscale",
    "zmin",
    "zmax",
    "marker.opacity",
    "colorbar.title.text",
    "colorbar.tickvals",
    "colorbar.ticktext"
  ],
  "shared_hover": [
    "customdata",
    "hovertemplate"
  ],
  "meta_keys": [
    "geometry",
    "no_data"
  ],
  "changes": [
    "geometry",
    "traces",
    "layout"
  ]
});
