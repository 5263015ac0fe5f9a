import numpy as np
import pandas as pd

from layers.colours import LQ_LOG2_LIMIT, colour_scale


def test_lq_is_drawn_on_a_log2_axis_centred_on_one():
    scale = colour_scale(pd.Series([0.0, 0.5, 1.0, 2.0, 10.0, np.nan]), centre=1.0, binary=False, title="LQ")
    assert scale.z == [-LQ_LOG2_LIMIT, -1.0, 0.0, 1.0, LQ_LOG2_LIMIT, None]
    assert (scale.zmin, scale.zmax) == (-2.0, 2.0)
    assert scale.ticktext[2] == "1"


def test_sequential_scale_spans_the_robust_range_and_keeps_missing_as_none():
    values = pd.Series(np.r_[np.arange(100.0), np.nan])
    scale = colour_scale(values, centre=None, binary=False, title="Persons")
    assert scale.zmin == np.percentile(np.arange(100.0), 2) and scale.zmax == np.percentile(np.arange(100.0), 98)
    assert scale.z[-1] is None and scale.colorscale == "OrRd"


def test_constant_values_still_give_a_usable_range():
    scale = colour_scale(pd.Series([5.0, 5.0]), centre=None, binary=False, title="x")
    assert scale.zmax > scale.zmin


def test_binary_indicator_gets_two_classes():
    scale = colour_scale(pd.Series([0.0, 1.0, np.nan]), centre=None, binary=True, title="LQ ≥ 1")
    assert scale.z == [0.0, 1.0, None] and scale.ticktext == ["< 1", "≥ 1"]
