"""Change over time on the map and in the region profile: category hover texts, profile charts (issue 14).

Figures only: the values come from :mod:`views.change` and :mod:`views.change_profile`.
"""

from __future__ import annotations

import numpy as np

from layers.formatting import escape
from views.map_data import MapValues


def with_category_hover(update: dict, data: MapValues) -> dict:
    """Value-trace update whose hover names the class (``emerging`` …) instead of its position."""
    names = np.array([escape(c) for c in data.categories] + ["none"], dtype=object)
    codes = data.values["value"].to_numpy(dtype=float)
    index = np.where(np.isfinite(codes), np.nan_to_num(codes, nan=-1.0), len(data.categories)).astype(int)
    labels = names[index]
    custom = [[label, *row[1:]] if np.isfinite(code) else row
              for label, row, code in zip(labels, update["customdata"], codes, strict=True)]
    return {**update, "customdata": custom}
