"""Component ids: every id of the app, the stable ids of DESIGN §5 plus the internal ones. Never built from data.

:data:`CONTROL_IDS` names the component of each control of ``views.state.CONTROLS`` (one per :class:`View`
field a control sets); callbacks take the controls through it, by field name.
"""

# ---- the stable ids of DESIGN §5 -----------------------------------------------------------------
SECTOR_SELECT = "sector-select"
INDICATOR_SELECT = "indicator-select"
LEVEL_SELECT = "level-select"
YEAR_SELECT = "year-select"
COUNTRY_SELECT = "country-select"
REFERENCE_SELECT = "reference-select"
CLASSIFICATION_SELECT = "classification-select"
LAYER_TOGGLES = "layer-toggles"
MAP = "map"
REGION_PANEL = "region-panel"
RANKING_TABLE = "ranking-table"
EXPORT_MENU = "export-menu"
UPLOAD_DATA = "upload-data"
STATUS_BAR = "status-bar"

# ---- further controls and panels -----------------------------------------------------------------
MEASURE_SELECT = "measure-select"
ALPHA_SELECT = "alpha-select"
DATASET_SELECT = "dataset-select"
SECTOR_PANEL = "sector-panel"
REGION_BARS = "region-bars"
REGION_TREND = "region-trend"
METHODOLOGY = "methodology"
ATTRIBUTION = "attribution"
START_YEAR_SELECT = "start-year-select"  # start year of a change view (issue 14)
REGION_CHANGE = "region-change"  # the region profile's change section (issue 14)
REGION_CHANGE_TREND = "region-change-trend"
REGION_WATERFALL = "region-waterfall"
REGION_COMPETITIVE = "region-competitive"
COMPARE_SELECT = "compare-select"  # the searchable multi-region picker of compare mode

#: The component of each control, by :class:`views.state.View` field (= URL parameter).
CONTROL_IDS: dict[str, str] = {
    "dataset": DATASET_SELECT,
    "sector": SECTOR_SELECT,
    "indicator": INDICATOR_SELECT,
    "measure": MEASURE_SELECT,
    "level": LEVEL_SELECT,
    "year": YEAR_SELECT,
    "version": CLASSIFICATION_SELECT,
    "reference": REFERENCE_SELECT,
    "countries": COUNTRY_SELECT,
    "layers": LAYER_TOGGLES,
    "alpha": ALPHA_SELECT,
    "start": START_YEAR_SELECT,
    "compare": COMPARE_SELECT,
    "cluster_method": "cluster-method-select",
    "cluster_size": "cluster-size-select",
}

# ---- page state: URL, notices, selection ---------------------------------------------------------
URL = "url"
URL_WRITER = "url-writer"
URL_WRITTEN = "url-written"  # the last URL the controls wrote (to tell write-backs from links)
NOTICE_STORE = "notice-store"
STARTUP_NOTICES = "startup-notices"  # notices of the server's start (e.g. skipped workspace datasets)
SELECTED_REGION = "selected-region"
DATASETS_STORE = "datasets-store"  # bumped by an upload: the dataset list changed

# ---- the map (callbacks/map.py, firms.py; assets/map.js) -----------------------------------------
CAMERA_STORE = "camera-store"
MAP_STATUS_STORE = "map-status-store"
MAP_KEYS = "map-keys"
MAP_CHANGES = "map-changes"  # restyle changes for the drawn figure (server → browser)
MAP_APPLIED = "map-applied"  # when the browser applied the last changes (for tests and benchmarks)
MAP_SELECTED = "map-selected"  # the region outlined on the map (set in the browser)
FIRMS_VIEWPORT = "firms-viewport"  # the view, when it needs other enterprise points (set in the browser)
VIEW_AFTER_MAP = "view-after-map"  # the controls' values once the map shows them (callbacks/map.py)
SIZE_LEGEND = "size-legend"  # legend of the size-class colours of the firm points (callbacks/firms.py)
MAP_BOUNDS = "map-bounds"  # box of the regions shown, [west, south, east, north] (callbacks/map_fit.py)
MAP_FITTED = "map-fitted"  # the box the map was last fitted to, or why not (assets/fit.js)

# ---- export --------------------------------------------------------------------------------------
EXPORT_FORMAT = "export-format"
EXPORT_WIDTH = "export-width"
EXPORT_HEIGHT = "export-height"
EXPORT_SCALE = "export-scale"
EXPORT_MAP_BUTTON = "export-map-button"
EXPORT_TABLE_BUTTON = "export-table-button"
EXPORT_TABLE_DOWNLOAD = "export-table-download"
EXPORT_DONE = "export-done"
EXPORT_BACKGROUND = "export-background"
EXPORT_SIZES_STORE = "export-sizes"
EXPORT_REQUEST = "export-request"
EXPORT_MAP_DOWNLOAD = "export-map-download"
EXPORT_DATA_FORMAT = "export-data-format"
COPY_LINK_BUTTON = "copy-link-button"
COPY_LINK_DONE = "copy-link-done"

# ---- upload --------------------------------------------------------------------------------------
UPLOAD_NAME = "upload-name"
UPLOAD_REPORT = "upload-report"
UPLOAD_REPORT_CSV = "upload-report-csv"
UPLOAD_REPORT_BUTTON = "upload-report-button"
UPLOAD_REPORT_DOWNLOAD = "upload-report-download"
UPLOAD_REPLACE = "upload-replace"

# ---- data API (issue 18) -------------------------------------------------------------------------
API_LINK = "api-link"
API_LINK_CSV = "api-link-csv"
# ---- opportunities: relatedness and complexity of the region (callbacks/opportunities.py) --------
OPPORTUNITIES_PANEL = "opportunities-panel"
OPPORTUNITIES_BODY = "opportunities-body"
OPPORTUNITIES_TABLE = "opportunities-table"
OPPORTUNITY_CHART = "opportunity-chart"
SECTOR_SPACE = "sector-space"
OPPORTUNITIES_CSV_BUTTON = "opportunities-csv-button"
OPPORTUNITIES_DOWNLOAD = "opportunities-download"
# ---- playback (callbacks/playback.py; assets/playback.js) ----------------------------------------
PLAYBACK_BUTTON = "playback-button"  # play/pause the years, next to the year control
PLAYBACK_REQUEST = "playback-request"  # set in the browser when play is pressed (asks for the frames)
PLAYBACK_FRAMES = "playback-frames"  # every year's value-trace changes, one request (server → browser)
PLAYBACK_STATE = "playback-state"  # what the player does (set in the browser; for tests and benchmarks)
OPPORTUNITIES_METHOD = "opportunities-method"
# ---- compare mode, peers and the region report (callbacks/compare.py) -----------------------------
COMPARE_PANEL = "compare-panel"
COMPARE_CONTENT = "compare-content"
COMPARE_HEATMAP = "compare-heatmap"
COMPARE_TREND = "compare-trend"
COMPARE_CLEAR = "compare-clear"
COMPARE_ADD = "compare-add"  # the profile's "Compare" button
COMPARE_PEERS = "compare-peers"  # the profile's "Compare with these peers" buttons (pattern: {type, set})
COMPARE_ROW_ADD = "compare-row-add"  # "add to compare" under the ranking (the selected row's region)
COMPARE_EXPORT_FORMAT = "compare-export-format"
COMPARE_EXPORT_BUTTON = "compare-export-button"
COMPARE_EXPORT_DOWNLOAD = "compare-export-download"
REPORT_BUTTON = "report-button"
REPORT_DOWNLOAD = "report-download"
PEERS_LIST = "peers-list"
# ---- firm clusters and K-density (callbacks/point_clusters.py) -------------------------------------
CLUSTER_METHOD_SELECT = CONTROL_IDS["cluster_method"]
CLUSTER_SIZE_SELECT = CONTROL_IDS["cluster_size"]
CLUSTER_TABLE = "cluster-table"  # the detected clusters under the map (click → zoom)
CLUSTER_STATUS = "cluster-status"  # what the clusters layer found, or why it is empty
K_DENSITY_PANEL = "k-density-panel"  # the sector's K-density with its bands and sentence
K_DENSITY_BUTTON = "k-density-button"
# ---- accessibility (callbacks/a11y.py, assets/a11y.js) -------------------------------------------
MAP_REGION = "map-region"  # the map's landmark, target of the skip link
MAP_SUMMARY = "map-summary"  # the live text alternative of the map (aria-live)
PROFILE_PREVIOUS = "profile-previous"  # move to the previous region of the ranking
PROFILE_NEXT = "profile-next"  # move to the next region of the ranking
PALETTE_SELECT = "palette-select"  # colour scale of the map (default, cividis, viridis)
CONTROLS_TOGGLE = "controls-toggle"  # shows/hides the controls' drawer on small screens
LANG_STORE = "lang-store"  # the page's language (data/i18n.py), set when the layout is built
CONTROL_IDS["palette"] = PALETTE_SELECT  # appended here: the accessibility controls live in this block
INDICATOR_READING = "indicator-reading"  # the chosen indicator's one-line reading, under the menu
SECTOR_NOTES = "sector-notes"  # the NACE "includes / excludes" notes of the chosen sector
MAP_SUMMARY_HEADING = "map-summary-heading"  # names the summary's section
MAP_SUMMARY_TABLE = "map-summary-table"  # the summary's top regions as a table
COMPARE_IMAGE_FORMAT = "compare-image-format"  # SVG or PNG of the compare charts (exports/compare_images.py)
COMPARE_IMAGE_BUTTON = "compare-image-button"
COMPARE_IMAGE_DOWNLOAD = "compare-image-download"
