"""The map's text alternative: golden sentences (hand-written below) and properties."""

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from views.summary import format_value, map_summary

VALUES = pd.DataFrame({"name": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
                       "value": [2.104, math.nan, 0.5, 3.0, 1.0]},
                      index=pd.Index(["AA1", "BB1", "CC1", "DD1", "EE1"], name="nuts_id"))


def test_golden_sentence_names_highest_lowest_and_missing():
    # known values, highest first: Delta 3.0, Alpha 2.104, Epsilon 1.0, Gamma 0.5; Beta has none.
    # top=2: highest Delta, Alpha; lowest the remaining two from the bottom: Gamma, Epsilon.
    summary = map_summary(VALUES, indicator="Location quotient", sector="C Manufacturing", level=2, year=2014,
                          top=2)
    assert summary.sentence == ("Location quotient of C Manufacturing, NUTS 2, 2014: highest in Delta (3.00), "
                                "Alpha (2.10); lowest in Gamma (0.50), Epsilon (1.00); 1 of 5 regions without data")
    assert summary.top.index.tolist() == ["DD1", "AA1"] and summary.top["rank"].tolist() == [1, 2]
    assert (summary.missing, summary.total) == (1, 5)


def test_golden_sentence_in_french_with_decimal_comma():
    summary = map_summary(VALUES, indicator="Quotient de localisation", sector="C Industrie manufacturière",
                          level=2, year=2014, lang="fr", top=5)
    # 4 known values ≤ top: no "lowest" part
    assert summary.sentence == ("Quotient de localisation de C Industrie manufacturière, NUTS 2, 2014: "
                                "les plus élevés : Delta (3,00), Alpha (2,10), Epsilon (1,00), Gamma (0,50); "
                                "1 régions sur 5 sans données")


def test_no_value_at_all_says_so():
    empty = VALUES.assign(value=math.nan)
    summary = map_summary(empty, indicator="LQ", sector="C", level=0, year=2020)
    assert summary.sentence == "LQ of C, NUTS 0, 2020: no region has a value; 5 of 5 regions without data"
    assert summary.top.empty


def test_large_values_get_thousands_separators():
    assert format_value(1234567.4) == "1,234,567" and format_value(-0.004) == "-0.00"


@given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)), min_size=0, max_size=40),
       st.integers(1, 6))
def test_counts_add_up_and_named_regions_are_the_extremes(raw, top):
    frame = pd.DataFrame({"name": [f"R{i}" for i in range(len(raw))],
                          "value": [math.nan if v is None else v for v in raw]},
                         index=pd.Index([f"X{i}" for i in range(len(raw))], name="nuts_id"))
    summary = map_summary(frame, indicator="I", sector="S", level=1, year=2000, top=top)
    known = frame["value"].dropna()
    assert summary.missing == len(frame) - len(known) and summary.total == len(frame)
    assert len(summary.top) == min(top, len(known))
    if len(known):
        assert summary.top["value"].iloc[0] == known.max()
        assert summary.top["value"].is_monotonic_decreasing
    assert summary.sentence.endswith(f"{summary.missing} of {len(frame)} regions without data")
