"""The data API's address of a view: ``/api/v1/values?dataset=…&sector=…`` (what the shareable link offers too).

The values endpoint takes the controls of :data:`views.state.CONTROLS` that change the numbers (all but
the map's ``layers``, the hot spots' ``alpha``, the firm clusters' method and size, the compared regions and
the palette) under their URL names, plus ``format=json|csv``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from views.state import CONTROLS, View

__all__ = ["API_PREFIX", "FORMATS", "VALUE_PARAMETERS", "api_values_path"]

#: Root of the data API (Flask blueprint ``api``).
API_PREFIX = "/api/v1"
#: Controls that do not change a view's numbers: not parameters of the values endpoint.
NOT_VALUES = ("layers", "alpha", "compare", "cluster_method", "cluster_size", "palette")
#: Parameters of ``/api/v1/values`` naming the view, in registry order.
VALUE_PARAMETERS = tuple(name for name in CONTROLS if name not in NOT_VALUES)
#: Answer formats of the tabular endpoints.
FORMATS = ("json", "csv")


def api_values_path(view: View, fmt: str = "json") -> str:
    """Path and query of the values of a view in the data API (same numbers as its ranking download).

    >>> path = api_values_path(View(), "csv")
    >>> path.startswith("/api/v1/values?dataset=sbs&sector=C&indicator=lq&measure=employment&level=2"), path[-11:]
    (True, '&format=csv')
    """
    params = {name: CONTROLS[name].encode(getattr(view, name)) for name in VALUE_PARAMETERS}
    params = {name: text for name, text in params.items() if text != ""}  # an empty list (all countries)
    return f"{API_PREFIX}/values?{urlencode({**params, 'format': fmt}, safe=',')}"
