"""Every palette stays distinguishable under protanopia, deuteranopia and tritanopia (issue 19).

Simulation: Machado et al. (2009) severity-1.0 matrices; difference: CIEDE2000 (checked against Sharma et al.
2005's published test pairs below). Continuous scales are sampled into the legend's classes and each class
must differ from its neighbour by at least :data:`MIN_NEIGHBOUR`; categorical palettes (LISA quadrants, Gi*,
cluster marks) need :data:`MIN_CATEGORY` between every pair and against the no-data grey.
"""

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from plotly.colors import sample_colorscale

from layers.colour_vision import MACHADO, ciede2000, difference, simulate, to_lab, to_rgb
from layers.colours import BINARY, DIVERGING, LEGEND_CLASSES, NO_DATA, SEQUENTIAL, UNIFORM, colour_scale
from layers.overlays import CATEGORY_COLOURS, STAR_COLOUR, STRONG_COLOUR

VISIONS = (None, *MACHADO)
MIN_NEIGHBOUR = 10.0  # ΔE00 between neighbouring legend classes (≈ 10 just-noticeable differences)
MIN_CATEGORY = 15.0  # ΔE00 between any two categories (read without a neighbour to compare with)


def _classes(scale, n: int = LEGEND_CLASSES) -> list[str]:
    """The colours of ``n`` legend classes of a colour scale (named or explicit), centres of equal bins."""
    return sample_colorscale(scale, list((np.arange(n) + 0.5) / n))


CONTINUOUS = {"diverging (LQ)": DIVERGING, "sequential": SEQUENTIAL, **{k: v for k, v in UNIFORM.items()}}
CATEGORICAL = {
    "LISA + no data": [CATEGORY_COLOURS[k] for k in ("HH", "LH", "LL", "HL")] + [NO_DATA],
    "Gi* + no data": [CATEGORY_COLOURS["hot"], CATEGORY_COLOURS["cold"], NO_DATA],
    "cluster marks": [STAR_COLOUR, STRONG_COLOUR, NO_DATA],
    "binary LQ ≥ 1": [BINARY[0][1], BINARY[-1][1]],
}


# Sharma, Wu & Dalal (2005), Table 1: pairs 1, 7, 13, 17, 25 and 34 with their published ΔE00.
SHARMA = [((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
          ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
          ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
          ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
          ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
          ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082)]


def test_ciede2000_matches_the_published_test_pairs():
    first = np.array([p[0] for p in SHARMA])
    second = np.array([p[1] for p in SHARMA])
    assert np.round(ciede2000(first, second), 4).tolist() == [p[2] for p in SHARMA]


def test_simulation_golden_values():
    # pure red (1, 0, 0) under protanopia: linear (0.152286, 0.114503, −0.003882) → clipped, gamma-encoded
    red = simulate(np.array([[1.0, 0.0, 0.0]]), "protanopia")[0]
    expected = [1.055 * 0.152286 ** (1 / 2.4) - 0.055, 1.055 * 0.114503 ** (1 / 2.4) - 0.055, 0.0]
    assert np.allclose(red, expected, atol=1e-9)
    # greys stay grey (rows of each matrix sum to 1)
    grey = np.array([[0.5, 0.5, 0.5]])
    for deficiency in MACHADO:
        assert np.allclose(simulate(grey, deficiency), grey, atol=1e-4)
    assert np.allclose(to_lab(to_rgb(["#ffffff"])), [[100.0, 0.0, 0.0]], atol=0.01)


@pytest.mark.parametrize("vision", VISIONS, ids=lambda v: v or "normal")
@pytest.mark.parametrize("name", CONTINUOUS)
def test_neighbouring_legend_classes_stay_apart(name, vision):
    colours = _classes(CONTINUOUS[name])
    gaps = difference(colours[:-1], colours[1:], vision)
    assert gaps.min() >= MIN_NEIGHBOUR, f"{name} under {vision}: ΔE00 between classes {np.round(gaps, 1)}"


@pytest.mark.parametrize("vision", VISIONS, ids=lambda v: v or "normal")
@pytest.mark.parametrize("name", CATEGORICAL)
def test_every_pair_of_categories_stays_apart(name, vision):
    colours = CATEGORICAL[name]
    pairs = list(combinations(range(len(colours)), 2))
    gaps = difference([colours[i] for i, _ in pairs], [colours[j] for _, j in pairs], vision)
    worst = int(np.argmin(gaps))
    assert gaps[worst] >= MIN_CATEGORY, (f"{name} under {vision}: {colours[pairs[worst][0]]} vs "
                                         f"{colours[pairs[worst][1]]} ΔE00 {gaps[worst]:.1f}")


@pytest.mark.parametrize("palette", UNIFORM)
def test_uniform_palettes_are_monotonic_in_lightness_so_they_print_in_grey(palette):
    lightness = to_lab(to_rgb(_classes(UNIFORM[palette], 9)))[:, 0]
    assert np.all(np.diff(lightness) > 3), np.round(lightness, 1)


def test_palette_option_recolours_every_kind_of_scale():
    import pandas as pd

    values = pd.Series([0.5, 1.0, 2.0])
    for kind in ({"centre": 1.0, "binary": False}, {"centre": None, "binary": False},
                 {"centre": None, "binary": True}):
        default = colour_scale(values, title="t", **kind)
        cividis = colour_scale(values, title="t", palette="cividis", **kind)
        assert cividis.z == default.z and cividis.colorscale != default.colorscale


def test_a_grey_scale_of_equal_steps_is_caught_when_too_fine():
    # the test can fail: 12 classes of a light grey ramp are closer than MIN_NEIGHBOUR
    ramp = [[0.0, "#cccccc"], [1.0, "#ffffff"]]
    colours = _classes(ramp, 12)
    assert difference(colours[:-1], colours[1:]).min() < MIN_NEIGHBOUR


@given(st.lists(st.integers(0, 255), min_size=6, max_size=6))
def test_difference_is_symmetric_and_zero_only_for_equal_colours(channels):
    a = "#" + "".join(f"{c:02x}" for c in channels[:3])
    b = "#" + "".join(f"{c:02x}" for c in channels[3:])
    forward, backward = difference([a], [b])[0], difference([b], [a])[0]
    assert forward == pytest.approx(backward, abs=1e-9) and forward >= 0
    assert (forward < 1e-9) == (a == b)


@pytest.mark.parametrize("vision", VISIONS, ids=lambda v: v or "normal")
@pytest.mark.parametrize("name", CONTINUOUS)
def test_every_legend_class_stands_apart_from_the_no_data_grey(name, vision):
    colours = _classes(CONTINUOUS[name])
    gaps = difference(colours, [NO_DATA] * len(colours), vision)
    assert gaps.min() >= MIN_NEIGHBOUR, f"{name} under {vision}: ΔE00 to no data {np.round(gaps, 1)}"
