// Clientside callbacks of Cluster Atlas. The export code (map snapshots, shareable link) is in export.js.
window.dash_clientside = Object.assign({}, window.dash_clientside, {atlas: {}});
