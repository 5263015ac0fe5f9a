"""Page-wide accessibility wiring (issue 19): ``<html lang>``, the skip link, the language switch.

The page's language comes from :func:`data.i18n.negotiate` (``lang`` URL parameter, else the browser's
``Accept-Language``); the layout is built per page load in it and ``<html lang>`` says it. Dash's widgets
get their missing names and focus order from ``assets/a11y.js``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import flask
from dash import Dash, html

from callbacks import ids
from data.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, negotiate, text

MAP_ANCHOR = ids.MAP_REGION


def request_language() -> str:
    """Return the language of the current page request (English outside a request).

    The layout is fetched by the page (``/_dash-layout``) without the page's query: its ``lang`` is read from
    the ``Referer`` (the page's URL) then.
    """
    if not flask.has_request_context():
        return DEFAULT_LANGUAGE
    query_lang = flask.request.args.get("lang")
    if query_lang is None and flask.request.referrer:
        query_lang = (parse_qs(urlparse(flask.request.referrer).query).get("lang") or [None])[-1]
    return negotiate(query_lang, flask.request.headers.get("Accept-Language"))


def install_html_lang(app: Dash) -> None:
    """Make the page's ``<html>`` element carry ``lang`` (WCAG 3.1.1) in the request's language."""
    interpolate = app.interpolate_index

    def _interpolate(**kwargs) -> str:
        page = interpolate(**kwargs)
        return page.replace("<html>", f'<html lang="{request_language()}">', 1)

    app.interpolate_index = _interpolate


def skip_link(lang: str) -> html.A:
    """Build the first focusable element: a link past the controls to the map (WCAG 2.4.1)."""
    return html.A(text("skip_to_map", lang), href=f"#{MAP_ANCHOR}", className="skip-link")


def language_switch(lang: str) -> html.Nav:
    """Links to the page in the other languages (a link reloads the page, keeping the rest of the URL)."""
    args = dict(flask.request.args) if flask.has_request_context() else {}
    links = [html.A(LANGUAGE_NAMES[other], href="?" + urlencode({**args, "lang": other}, safe=","),
                    lang=other, hrefLang=other, className="language-link")
             for other in LANGUAGES if other != lang]
    return html.Nav(links, className="language-switch", **{"aria-label": text("language", lang)})


def controls_toggle(lang: str) -> html.Button:
    """Build the phone's button that opens and closes the controls' drawer (hidden on wider screens)."""
    return html.Button(text("show_controls", lang), id=ids.CONTROLS_TOGGLE, className="controls-toggle",
                       type="button", **{"aria-expanded": "false", "data-show": text("show_controls", lang),
                                         "data-hide": text("hide_controls", lang)})
