"""Skip outputs the page already shows: an unchanged output still costs the browser a re-render."""

from __future__ import annotations

import json
from typing import Any

from dash import no_update
from plotly.utils import PlotlyJSONEncoder


def unless_shown(new: Any, shown: Any) -> Any:
    """Return ``no_update`` when ``new`` equals ``shown`` (the output's current value, read as a ``State``).

    Components are compared in their JSON form; anything that does not compare equal is sent.
    """
    return no_update if json.loads(json.dumps(new, cls=PlotlyJSONEncoder)) == shown else new
