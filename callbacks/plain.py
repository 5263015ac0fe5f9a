"""Plain language next to the menus: the chosen indicator's one-line reading and the sector's NACE notes.

The reading comes from the registry (``Indicator.reading``); the notes are Eurostat's NACE Rev. 2
explanatory notes ("includes / excludes", ``data/nace_notes.py``), folded in a ``<details>``.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, html

from analysis.registry import INDICATORS
from callbacks import ids
from data.i18n import DEFAULT_LANGUAGE, text
from data.nace import sector_label
from data.nace_notes import sector_notes
from data.store import DataStore


def reading(indicator: str | None, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """Return the one-line reading of an indicator in ``lang`` ('' for an unknown key)."""
    return text(f"reading_{indicator}", lang or DEFAULT_LANGUAGE) if (indicator or "") in INDICATORS else ""


def reading_hint(indicator: str, lang: str = DEFAULT_LANGUAGE) -> html.P:
    """Build the hint under the indicator menu (updated by :func:`register`)."""
    return html.P(reading(indicator, lang), id=ids.INDICATOR_READING, className="hint reading",
                  **{"aria-live": "polite"})


def notes_children(store: DataStore, code: str | None, lang: str | None = DEFAULT_LANGUAGE) -> list:
    """Render the notes of a sector: its label, what it includes and excludes (text only, never HTML).

    Headings in ``lang``; the notes are Eurostat's (English).
    """
    code, lang = code or "", lang or DEFAULT_LANGUAGE
    includes, excludes = sector_notes(code)
    if not includes and not excludes:
        return [html.Summary(text("nace_notes_short", lang)), html.P(text("nace_no_note", lang, code=code),
                                                                      className="hint")]
    parts = [html.Summary(text("nace_notes_of", lang, code=code))]
    parts += [html.H4(text("nace_includes", lang)), *[html.P(line) for line in includes.split("\n") if line]] \
        if includes else []
    parts += [html.H4(text("nace_excludes", lang)), *[html.P(line) for line in excludes.split("\n") if line]] \
        if excludes else []
    parts.append(html.P(text("nace_source", lang, label=sector_label(store.tree, code)), className="hint"))
    return parts


def notes_panel(store: DataStore, code: str, lang: str = DEFAULT_LANGUAGE) -> html.Details:
    """Build the folded notes under the sector menu (headings in ``lang``)."""
    return html.Details(notes_children(store, code, lang), id=ids.SECTOR_NOTES, className="sector-notes")


def register(app: Dash, store: DataStore) -> None:
    """Follow the indicator and sector menus."""
    app.callback(Output(ids.INDICATOR_READING, "children"), Input(ids.INDICATOR_SELECT, "value"),
                 State(ids.LANG_STORE, "data"))(reading)

    @app.callback(Output(ids.SECTOR_NOTES, "children"), Input(ids.SECTOR_SELECT, "value"),
                  State(ids.LANG_STORE, "data"))
    def _notes(code, lang):
        return notes_children(store, code, lang)
