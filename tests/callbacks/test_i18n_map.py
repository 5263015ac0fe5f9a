"""French legend, status line and new controls (issue 19): the map callback's colour-bar title, the status bar,
the start-year / compare / firm-cluster / playback controls; English output unchanged."""

from dash import no_update

from callbacks import filters, ids
from callbacks.map import localise_legend, update_map
from callbacks.playback import frames_for
from callbacks.status import status_children
from layers.map_contract import VALUE_TRACE
from views.state import View, control_values
from views.values import effective_view

CHANGE = dict(sector="C", indicator="lq_change", start=2009, year=2014, level=2)
TITLE_EN = "Change of the location quotient (LQ points), 2009–2014"
TITLE_FR = "Variation du quotient de localisation (points de QL), 2009–2014"


def test_the_legend_title_of_a_new_figure_and_of_changes_in_french(store):
    view = effective_view(store, View(**CHANGE))
    figure, changes, keys, _ = update_map(store, view, None, None, False)
    assert changes is no_update and figure.data[VALUE_TRACE].colorbar.title.text == TITLE_EN
    same, _ = localise_legend(figure, changes, "en")
    assert same.data[VALUE_TRACE].colorbar.title.text == TITLE_EN  # English output identical
    french, _ = localise_legend(figure, changes, "fr")
    assert french.data[VALUE_TRACE].colorbar.title.text == TITLE_FR

    other = effective_view(store, View(**{**CHANGE, "sector": "C29"}))
    figure, changes, _, _ = update_map(store, other, keys, None, False)
    assert figure is no_update and changes["traces"][VALUE_TRACE]["colorbar.title.text"] == TITLE_EN
    _, changes = localise_legend(figure, changes, "fr")
    assert changes["traces"][VALUE_TRACE]["colorbar.title.text"] == TITLE_FR


def test_the_status_line_in_french(store):
    view = effective_view(store, View(**CHANGE))
    *_, status = update_map(store, view, None, None, False)
    shown = int(status.split(" · ")[-1].split(" of ")[0])
    assert status == f"Change of the location quotient · C · 2009–2014 · NUTS 2 (version 2013) · {shown} of 320 " \
                     "regions with data"
    english = status_children(status, None, None, "en")[0].children
    french = status_children(status, None, None, "fr")[0].children
    assert english == status
    assert french == (f"Variation du quotient de localisation · C · 2009–2014 · NUTS 2 (version 2013) · {shown} "
                      "régions sur 320 avec données")


def test_the_playback_legend_in_french(store):
    controls = control_values(effective_view(store, View(sector="C", level=2)))
    english = frames_for(store, controls)
    french = frames_for(store, controls, "fr")
    assert english["shared"]["colorbar.title.text"] == "Location quotient"
    assert french["shared"]["colorbar.title.text"] == "Quotient de localisation"
    assert frames_for(store, controls)["shared"]["colorbar.title.text"] == "Location quotient"  # cache untouched


def _labels(panel) -> list[str]:
    """Every label text, placeholder and button text of a component tree, depth first."""
    found, stack = [], [panel]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
            continue
        for attr in ("placeholder", "title"):
            if isinstance(getattr(node, attr, None), str):
                found.append(getattr(node, attr))
        for option in getattr(node, "options", None) or []:
            if isinstance(option, dict) and isinstance(option.get("label"), str):
                found.append(option["label"])
        children = getattr(node, "children", None)
        if isinstance(children, str):
            found.append(children)
        elif children is not None:
            stack.append(children)
    return found


def test_the_new_controls_are_labelled_in_french_and_unchanged_in_english(store):
    view = effective_view(store, View(**CHANGE))
    english, french = _labels(filters.panel(store, view, "en")), _labels(filters.panel(store, view, "fr"))
    for text in ("Compare with start year (none = one year)", "none (single year)",
                 "Compare regions (up to 10; type names)", "Type region names to compare…", "Firm clusters: method",
                 "Firm clusters: minimum size", "at least 25 firms", "Play years"):
        assert text in english and text not in french
    for text in ("Comparer avec une année de départ (aucune = une seule année)", "aucune (une seule année)",
                 "Comparer des régions (jusqu’à 10 ; tapez les noms)", "Tapez les noms des régions à comparer…",
                 "Pôles d’entreprises : méthode", "Pôles d’entreprises : taille minimale", "au moins 25 entreprises",
                 "Lire les années"):
        assert text in french
    button = _find(filters.panel(store, view, "fr"), ids.PLAYBACK_BUTTON).to_plotly_json()["props"]
    assert (button["data-play"], button["data-pause"]) == ("Lire les années", "Pause")  # read by playback.js


def _find(node, component_id):
    """The component of a tree with id ``component_id`` (None if absent)."""
    if isinstance(node, list | tuple):
        return next((found for child in node if (found := _find(child, component_id)) is not None), None)
    if getattr(node, "id", None) == component_id:
        return node
    children = getattr(node, "children", None)
    return None if children is None or isinstance(children, str) else _find(children, component_id)


def test_the_map_region_is_named_in_the_page_language():
    from callbacks.map import panel

    assert getattr(panel(), "aria-label") == "Map of the indicator by region"
    assert getattr(panel("fr"), "aria-label") == "Carte de l’indicateur par région"


def test_the_map_callback_reads_the_page_language_from_its_store(store):
    """Through Dash's endpoint: the map callback with ``lang-store.data`` = fr returns the French legend."""
    from app import create_app
    from tests.callbacks.test_crawl import DashClient, _props

    client = DashClient(create_app(store))
    view = effective_view(store, View(**CHANGE))
    answers = {lang: client.post("map.figure", {**_props(view, None), "lang-store.data": lang}, "year-select.value")
               for lang in ("en", "fr", None)}
    titles = {lang: a["map"]["figure"]["data"][VALUE_TRACE]["colorbar"]["title"]["text"] for lang, a in answers.items()}
    assert titles == {"en": TITLE_EN, "fr": TITLE_FR, None: TITLE_EN}
    assert answers["fr"]["map-status-store"]["data"] == answers["en"]["map-status-store"]["data"]  # the bar translates
