"""The break in series 2020 → 2021 (sbs_r_nuts06_r2 → sbs_r_nuts2021) is said when a change spans it."""

from dataclasses import dataclass, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layers.map_view import map_text
from views.series import SERIES_BREAK_TEXT, SERIES_BREAK_YEAR, crosses_break, series_break_note
from views.state import View
from views.values import view_source


@dataclass(frozen=True)
class ChangeView(View):
    """A view comparing ``start`` with ``year`` (the shape of the change-over-time view)."""

    start: int | None = None


@pytest.mark.parametrize(("first", "second", "expected"), [
    (2015, 2023, True), (2020, 2021, True), (2023, 2015, True), (2021, 2023, False), (2010, 2015, False),
    (2020, 2020, False), (None, 2023, False)])
def test_crosses_break_golden(first, second, expected):
    assert crosses_break(first, second) is expected


@given(st.integers(1990, 2040), st.integers(1990, 2040))
def test_crosses_break_is_symmetric_and_means_one_year_on_each_side(a, b):
    assert crosses_break(a, b) == crosses_break(b, a) == ((a < SERIES_BREAK_YEAR) != (b < SERIES_BREAK_YEAR))


def test_the_source_line_says_the_break_only_when_a_change_spans_it(store):
    spans = ChangeView(start=2010, year=2021)
    assert series_break_note(store, spans) == SERIES_BREAK_TEXT
    assert view_source(store, spans).endswith(SERIES_BREAK_TEXT)
    assert SERIES_BREAK_TEXT in map_text(store, spans).attribution
    for quiet in (ChangeView(start=2010, year=2014), View(year=2014), replace(spans, dataset="context")):
        assert series_break_note(store, quiet) == ""
        assert "Break in series" not in view_source(store, quiet)
