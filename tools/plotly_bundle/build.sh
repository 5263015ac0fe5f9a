#!/usr/bin/env bash
# Rebuild assets/vendor/plotly-atlas.min.js from the exact versions in package-lock.json.
# Needs node (>= 18) and npm with access to the npm registry. Usage: tools/plotly_bundle/build.sh [--unminified]
set -euo pipefail
cd "$(dirname "$0")"
# --ignore-scripts: nothing here needs an install script (esbuild finds its platform binary package itself).
npm ci --ignore-scripts --no-audit --no-fund
node build.mjs "$@"
