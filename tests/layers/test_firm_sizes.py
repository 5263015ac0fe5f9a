"""Size-class colouring of the enterprise points (layers/firm_sizes.py)."""

import pandas as pd

from layers.firm_sizes import SIZE_COLOUR_MAX, SIZE_COLOURS, UNKNOWN_SIZE, size_colours
from layers.firms import FIRM_COLOUR, POINTS_MODE, firms_update


def _firms(employees):
    n = len(employees)
    return pd.DataFrame({"lon": [10.0] * n, "lat": [50.0] * n, "nace": ["C29"] * n, "nuts3": ["DE111"] * n,
                         "name": ["x"] * n, "employees": pd.array(employees, dtype="Int64")})


def test_points_get_one_colour_per_size_class():
    firms = _firms([0, 9, 10, 49, 50, 249, 250, None])
    update = firms_update(firms, level=2, region_points=pd.DataFrame(), visible=True)
    assert update["mode"] == POINTS_MODE
    out = size_colours(update, firms, by_size=True)
    s = SIZE_COLOURS
    assert out["marker.color"] == [s["micro"], s["micro"], s["small"], s["small"], s["medium"], s["medium"],
                                   s["large"], UNKNOWN_SIZE]
    assert out["mode"] == "markers"  # drawn by Plotly, one colour per point
    off = size_colours(update, firms, by_size=False)
    assert off["marker.color"] == FIRM_COLOUR and off["mode"] == POINTS_MODE  # switching off restores


def test_too_many_points_keep_one_colour():
    firms = _firms([5] * (SIZE_COLOUR_MAX + 1))
    update = firms_update(firms, level=2, region_points=pd.DataFrame(), visible=True)
    assert size_colours(update, firms, by_size=True)["marker.color"] == FIRM_COLOUR
