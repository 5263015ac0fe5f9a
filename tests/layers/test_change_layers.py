"""Colour scales and hover of change maps (issue 14): diverging around 0, one colour per trajectory class."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import TRAJECTORIES
from layers.change import with_category_hover
from layers.colours import CATEGORY_COLOURS, colour_scale
from views.map_data import MapValues


def test_changes_diverge_symmetrically_around_zero():
    values = pd.Series([-3.0, -1.0, 0.0, 0.5, 2.0, np.nan] + [1.0] * 94)
    scale = colour_scale(values, centre=0.0, binary=False, title="Change")
    assert scale.zmin == -scale.zmax and scale.zmax > 0
    assert scale.colorscale[2] == [0.5, "#f7f7f7"]  # white at 0
    assert scale.z[5] is None and min(v for v in scale.z if v is not None) >= scale.zmin


def test_each_trajectory_class_gets_its_own_band_colour_and_label():
    codes = pd.Series([4.0, 3.0, 2.0, 1.0, 0.0, np.nan])  # emerging … fading, missing
    scale = colour_scale(codes, centre=None, binary=False, title="Trajectory", categories=TRAJECTORIES)
    assert scale.ticktext == ["fading", "weakening", "stable", "strengthening", "emerging"]
    assert (scale.zmin, scale.zmax) == (-0.5, 4.5) and scale.tickvals == [0.0, 1.0, 2.0, 3.0, 4.0]
    # value 4 (emerging) lies in the top band, coloured with the first (emerging) colour
    assert scale.colorscale[-2:] == [[0.8, CATEGORY_COLOURS[0]], [1.0, CATEGORY_COLOURS[0]]]
    assert scale.colorscale[:2] == [[0.0, CATEGORY_COLOURS[4]], [0.2, CATEGORY_COLOURS[4]]]


def test_the_hover_names_the_class():
    values = pd.DataFrame({"value": [4.0, 0.0, np.nan]})
    data = MapValues(values, "class", None, False, "t", True, TRAJECTORIES)
    update = {"customdata": [["4.000", "10"], ["0.000", "5"], ["none — n/a", "1"]]}
    assert with_category_hover(update, data)["customdata"] == [["emerging", "10"], ["fading", "5"],
                                                               ["none — n/a", "1"]]
