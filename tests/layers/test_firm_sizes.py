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


def test_legend_names_every_colour_the_points_use_in_both_languages():
    from layers.firm_sizes import size_legend, size_legend_note

    firms = _firms([3, 20, 100, 900, None])
    update = firms_update(firms, level=2, region_points=pd.DataFrame(), visible=True)
    used = size_colours(update, firms, by_size=True)["marker.color"]
    english, french = size_legend("en"), size_legend("fr")
    assert [colour for colour, _ in english] == used  # one entry per class, in class order, unknown last
    assert [label for _, label in english] == ["micro (< 10)", "small (10–49)", "medium (50–249)", "large (≥ 250)",
                                               "size unknown"]
    assert [colour for colour, _ in french] == used
    assert [label for _, label in french][1:] == ["petite (10–49)", "moyenne (50–249)", "grande (≥ 250)",
                                                  "taille inconnue"]
    assert "20,000" in size_legend_note("en") and "20\u202f000" in size_legend_note("fr")
