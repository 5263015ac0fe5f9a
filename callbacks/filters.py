"""The filter panel: sector, indicator, measure, level, year, countries, reference, NUTS version, layers."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html, no_update

from analysis.registry import INDICATORS
from callbacks import ids, plain
from callbacks.compare import compare_picker
from callbacks.controls import control_inputs
from callbacks.playback import control as playback_control
from data.i18n import DEFAULT_LANGUAGE, indicator_name, measure_caption, text
from data.measures import measures_of
from data.nace import sector_label
from data.store import DataStore
from views.state import ALPHAS, CLUSTER_SIZES, PALETTES, View
from views.values import opening_year

#: The map layers offered, in menu order (their labels: ``layer_<key>`` in the catalogue).
LAYER_MENU = ("sites", "outlines", "firms", "marks", "lisa", "gi", "basemap", "pointclusters", "firmsizes")


def layer_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Options of the layer checklist, labelled in ``lang``."""
    return [{"label": text(f"layer_{key}", lang), "value": key} for key in LAYER_MENU]


def palette_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Options of the palette control, labelled in ``lang``."""
    return [{"label": text(f"palette_option_{key}", lang), "value": key} for key in PALETTES]


def version_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Options of the map's NUTS version, labelled in ``lang``."""
    return [{"label": text(f"version_{year}", lang), "value": year} for year in (2013, 2021)]


def sector_options(store: DataStore, dataset: str = "sbs") -> list[dict]:
    """Dropdown options for the NACE codes of a dataset, labelled and indented by tree level."""
    codes = store.sector_codes(dataset)
    levels = store.tree.loc[codes, "level"]
    return [{"label": ("\u2003" * (int(level) - 1)) + sector_label(store.tree, code), "value": code}
            for code, level in zip(codes, levels, strict=True)]


def indicator_options(start: int | None = None, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """List the indicator options from the registry, with their kind in the label and their reading on hover.

    Names, kinds and readings in ``lang`` (:mod:`data.i18n`).

    The change indicators can be chosen with a start year only: without one they are listed disabled (a
    value not among a dropdown's options would be cleared, e.g. from a link naming a change indicator).
    """
    return [{"label": f"{indicator_name(key, lang)} — {text(f'scope_{spec.scope}', lang)}", "value": key,
             "title": text(f"reading_{key}", lang)}
            | ({"disabled": True} if start is None and spec.scope == "change" else {})
            for key, spec in INDICATORS.items()]


def start_year_options(store: DataStore, dataset: str = "sbs") -> list[dict]:
    """Start years of a change view: the dataset's years (clear the control for a single-year view)."""
    return [{"label": str(y), "value": y} for y in sorted(store.dataset(dataset).years)]


def year_options(store: DataStore, dataset: str = "sbs", lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Years of the dataset, then the context-only years (marked)."""
    own = set(store.dataset(dataset).years)
    context = set(store.dataset("context").years) - own
    return ([{"label": str(y), "value": y} for y in sorted(own)]
            + [{"label": text("context_only", lang, year=y), "value": y} for y in sorted(context)])


def dataset_options(store: DataStore, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Sectoral datasets, registers marked (synthetic ones say so), in ``lang``."""
    options = []
    for key, ds in store.datasets.items():
        if ds.sectoral:
            tag = "dataset_synthetic" if ds.synthetic else ("dataset_register" if ds.kind == "register" else "")
            options.append({"label": text(tag, lang, label=ds.label) if tag else ds.label, "value": key})
    return options


def measure_options(store: DataStore, dataset: str, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """List the measures of one dataset, labelled from :mod:`data.measures` ('Enterprises: micro' …) in ``lang``."""
    ds = store.dataset(dataset if dataset in store.datasets else "sbs")
    return [{"label": measure_caption(m, lang), "value": m.key} for m in measures_of(ds)]


def _field(label: str, component) -> html.Div:
    return html.Div([html.Label(label, htmlFor=component.id, className="field-label"), component],
                    className="field")


def panel(store: DataStore, view: View, lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """Build the filter panel with the stable ids of DESIGN §5, set to ``view``, labelled in ``lang``."""
    countries = store.countries(2021).combine_first(store.countries(2013))
    return html.Div(className="filters", children=[
        dcc.Store(id=ids.DATASETS_STORE),
        _field(text("dataset", lang), dcc.Dropdown(id=ids.DATASET_SELECT, options=dataset_options(store, lang),
                                                   value=view.dataset, clearable=False)),
        _field(text("sector", lang), dcc.Dropdown(id=ids.SECTOR_SELECT, options=sector_options(store),
                                                    value=view.sector, clearable=False, optionHeight=30)),
        plain.notes_panel(store, view.sector, lang),
        _field(text("indicator", lang), dcc.Dropdown(id=ids.INDICATOR_SELECT, options=indicator_options(view.start),
                                         value=view.indicator, clearable=False)),
        plain.reading_hint(view.indicator, lang),
        _field(text("measure", lang), dcc.RadioItems(id=ids.MEASURE_SELECT, value=view.measure, className="radio",
                                         options=measure_options(store, view.dataset, lang))),
        _field(text("level", lang), dcc.RadioItems(id=ids.LEVEL_SELECT, value=view.level, className="radio",
                                                   inline=True,
                                                   options=[{"label": f"NUTS {n}", "value": n} for n in range(4)])),
        _field(text("year", lang), dcc.Dropdown(id=ids.YEAR_SELECT, options=year_options(store, lang=lang),
                                                value=view.year, clearable=False)),
        _field(text("start_year", lang), dcc.Dropdown(
            id=ids.START_YEAR_SELECT, options=start_year_options(store), value=view.start, clearable=True,
            placeholder=text("start_year_none", lang))),
        playback_control(lang),
        _field(text("countries", lang), dcc.Dropdown(
            id=ids.COUNTRY_SELECT, multi=True, value=list(view.countries), placeholder=text("all_countries", lang),
            options=[{"label": f"{code} {name.title()}", "value": code} for code, name in countries.items()])),
        _field(text("reference", lang), dcc.RadioItems(
            id=ids.REFERENCE_SELECT, value=view.reference, className="radio",
            options=[{"label": text("reference_eu", lang), "value": "eu"},
                     {"label": text("reference_country", lang), "value": "country"}])),
        _field(text("version", lang), dcc.RadioItems(
            id=ids.CLASSIFICATION_SELECT, value=view.version, className="radio",
            options=version_options(lang))),
        _field(text("layers", lang), dcc.Checklist(id=ids.LAYER_TOGGLES, options=layer_options(lang),
                                                   value=list(view.layers), className="radio")),
        _field(text("alpha", lang), dcc.RadioItems(
            id=ids.ALPHA_SELECT, value=view.alpha, className="radio", inline=True,
            options=[{"label": f"p ≤ {a:g}", "value": a} for a in ALPHAS])),
        _field(text("compare_regions", lang), compare_picker(store, view, lang)),
        _field(text("cluster_method", lang), dcc.RadioItems(
            id=ids.CLUSTER_METHOD_SELECT, value=view.cluster_method, className="radio", inline=True,
            options=[{"label": "HDBSCAN", "value": "hdbscan"}, {"label": "DBSCAN (10 km)", "value": "dbscan"}])),
        _field(text("cluster_size", lang), dcc.Dropdown(
            id=ids.CLUSTER_SIZE_SELECT, value=view.cluster_size, clearable=False,
            options=[{"label": text("cluster_size_option", lang, n=n), "value": n} for n in CLUSTER_SIZES])),
        _field(text("palette", lang), dcc.RadioItems(id=ids.PALETTE_SELECT, value=view.palette, className="radio",
                                         options=palette_options(lang))),
    ])


def register(app: Dash, store: DataStore) -> None:
    """Keep the dataset list and the chosen dataset's measures and sectors in the menus."""
    @app.callback(Output(ids.DATASET_SELECT, "options"), Input(ids.DATASETS_STORE, "data"),
                  State(ids.LANG_STORE, "data"))
    def _datasets(_changed, lang):
        return dataset_options(store, lang or DEFAULT_LANGUAGE)

    @app.callback(output=[Output(ids.MEASURE_SELECT, "options"), Output(ids.SECTOR_SELECT, "options"),
                          Output(ids.YEAR_SELECT, "options")], inputs=control_inputs(["dataset"]),
                  state=dict(lang=State(ids.LANG_STORE, "data")))
    def _menus(dataset, lang):
        key = dataset if dataset in store.datasets and store.dataset(dataset).sectoral else "sbs"
        lang = lang or DEFAULT_LANGUAGE
        return measure_options(store, key, lang), sector_options(store, key), year_options(store, key, lang)

    @app.callback(Output(ids.INDICATOR_SELECT, "options"), Output(ids.START_YEAR_SELECT, "options"),
                  inputs=control_inputs(["dataset", "start"]), state=dict(lang=State(ids.LANG_STORE, "data")))
    def _change_menus(dataset, start, lang):  # the change indicators are offered with a start year only
        key = dataset if dataset in store.datasets and store.dataset(dataset).sectoral else "sbs"
        return indicator_options(start, lang or DEFAULT_LANGUAGE), start_year_options(store, key)

    @app.callback(Output(ids.YEAR_SELECT, "value", allow_duplicate=True),
                  Output(ids.CLASSIFICATION_SELECT, "value", allow_duplicate=True), Input(ids.DATASET_SELECT, "value"),
                  State(ids.YEAR_SELECT, "value"), State(ids.CLASSIFICATION_SELECT, "value"),
                  prevent_initial_call=True)
    def _open_dataset(dataset, year, version):
        return on_opening(store, dataset, year, version)


def on_opening(store: DataStore, dataset: str, year: int | None, version: int | None) -> tuple:
    """Year and NUTS version after a dataset is chosen: kept if the dataset has them, else its own (no notice).

    Returns ``(year, version)``, each ``no_update`` when kept.
    """
    ds = store.dataset(dataset) if dataset in store.datasets else None
    if ds is None or not ds.sectoral:
        return no_update, no_update
    return (no_update if year in ds.years else opening_year(store, dataset),
            no_update if version in ds.versions else ds.native_version)
