"""The sector space of a view, the relatedness/complexity map indicators and the opportunities section."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from dash import no_update

from analysis.specialisation import location_quotient
from callbacks.opportunities import body_children, mapped_sector, section
from data.store import Dataset, DataStore
from layers.opportunity_charts import build_opportunity_chart, build_sector_space
from views.opportunities import COLUMNS, opportunities, opportunities_csv
from views.sector_space import sector_space, space_layout, space_note
from views.state import View
from views.values import effective_view, indicator_values

VIEW = View()  # SBS, employment, 2014, NUTS 2 (version 2013)


def test_sector_space_of_the_default_view(store):
    space = sector_space(store, VIEW)
    assert space.incidence.shape[1] == 68 and space.incidence.shape[0] > 250  # divisions × NUTS 2 regions with data
    phi = space.relatedness.to_numpy()
    assert np.allclose(phi, phi.T) and (np.diag(phi) == 0).all() and (phi >= 0).all()
    known = space.density.to_numpy()[~np.isnan(space.density.to_numpy())]
    assert known.min() >= 0 and known.max() <= 100
    assert sector_space(store, VIEW) is space  # cached per dataset generation and key
    # Stuttgart is specialised in motor vehicles; cross-check the incidence against the LQ computed here
    args = ("sbs", 2013, "employment", 2014, 2)
    m = store.matrix(*args, ["C29"])
    m["_rest"] = store.business_total(*args) - m["C29"]
    assert space.incidence.loc["DE11", "C29"] == 1.0
    # same LQ up to the reference totals (the space keeps regions whose divisions exceed a confidential total)
    assert space.lq.loc["DE11", "C29"] == pytest.approx(location_quotient(m).loc["DE11", "C29"], rel=0.01)


def test_relatedness_density_map_is_the_sector_space_column(store):
    view = effective_view(store, replace(VIEW, indicator="relatedness_density", sector="C29"))
    values = indicator_values(store, view)
    space = sector_space(store, view)
    expected = space.density["C29"].reindex(values.index)
    pd.testing.assert_series_equal(values["value"], expected, check_names=False)
    assert (values.loc[values["value"].isna(), "reason"] != "").all()


def test_relatedness_density_of_a_section_shows_its_first_division(store):
    view = effective_view(store, replace(VIEW, indicator="relatedness_density", sector="C"))
    assert view.sector == "C10" and any("NACE divisions" in n for n in view.notices)


def test_complexity_map_is_standardised_and_noted(store):
    view = effective_view(store, replace(VIEW, indicator="complexity"))
    values = indicator_values(store, view)["value"].dropna()
    assert len(values) > 250
    assert values.mean() == pytest.approx(0, abs=1e-9) and values.std() == pytest.approx(1, abs=1e-9)
    # on SBS NUTS 2 the direction of ECI is weakly determined: the status bar says so
    assert "weakly determined" in space_note(store, view)


def test_opportunities_of_stuttgart(store):
    result = opportunities(store, replace(VIEW, sector="C29"), "DE11")
    table = result.table
    assert list(table.columns) == COLUMNS and len(table) > 30
    assert "C29" not in set(table["nace"])  # already specialised
    assert (table["lq"] < 1).all() and table["density"].dropna().is_monotonic_decreasing
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    first = table.iloc[0]
    assert first["reading"].startswith(f"{first['nace']} {first['label']}: {first['density']:.0f} % of its related")
    assert result.sectors["specialised"].sum() == (sector_space(store, VIEW).incidence.loc["DE11"] == 1).sum()
    csv = opportunities_csv(result, VIEW)
    assert csv.startswith("# Opportunities of Stuttgart (DE11), 2014") and "rank,nace,label,density" in csv


def test_opportunity_figures_carry_division_codes(store):
    result = opportunities(store, VIEW, "DE11")
    chart = build_opportunity_chart(result)
    codes = {c[0] for trace in chart.data for c in trace.customdata}
    assert codes == set(result.sectors["nace"])
    network = build_sector_space(result)
    assert len(network.data[1].x) == len(result.sectors)
    edges = space_layout(store, VIEW).edges
    assert len(edges) >= len(result.sectors) - 1  # at least a spanning tree
    assert space_layout(store, VIEW) is space_layout(store, VIEW)  # positions computed once


def test_section_and_click_wiring(store):
    body, chart, space, chart_style, space_style = section(store, VIEW, "DE11")
    assert chart is not no_update and space is not no_update and chart_style == {} and space_style == {}
    assert any(getattr(child, "id", None) == "opportunities-table" for child in body)
    assert section(store, VIEW, "XX99")[3] == {"display": "none"}
    click = {"points": [{"customdata": ["C27", "Electrical equipment", 0.8]}]}
    assert mapped_sector(click, "lq") == ("C27", no_update)
    assert mapped_sector(click, "herfindahl") == ("C27", "relatedness_density")
    assert mapped_sector({"points": []}, "lq") == (no_update, no_update)


@pytest.fixture(scope="module")
def tiny_store() -> DataStore:
    store = DataStore()
    regions = ["DE11", "DE12", "DE21", "AT11", "AT12"]
    firms = pd.DataFrame({"nuts_id": regions * 2, "nace": ["C"] * 5 + ["G"] * 5,
                          "employment": [500, 80, 10, 40, 0, 100, 150, 120, 50, 60]})
    division = firms[firms["nace"] == "C"].assign(nace="C10")
    rows = pd.concat([firms, division]).melt(id_vars=["nuts_id", "nace"], var_name="measure", value_name="value")
    stats = rows.assign(nuts_version=2013, year=2024, flag="", value=rows["value"].astype(float))
    store.add_dataset(Dataset.from_stats("firms", "Tiny register", stats, store.tree, synthetic=True))
    return store


def test_a_dataset_too_small_gives_notes_not_errors(tiny_store):
    for indicator in ("relatedness_density", "complexity"):
        view = effective_view(tiny_store, View(dataset="firms", indicator=indicator, sector="C10", year=2024))
        values = indicator_values(tiny_store, view)
        assert values["value"].isna().all() and (values["reason"] != "").all()
        assert space_note(tiny_store, view).startswith("relatedness needs at least")
    result = opportunities(tiny_store, view, "DE11")
    assert result.table.empty and result.note
    assert any("relatedness needs" in str(getattr(c, "children", "")) for c in body_children(result, view))


def test_methodology_explains_each_measure_with_its_references():
    from callbacks import methodology

    text = str(methodology.panel())
    for needle in ("Hidalgo, Klinger, Barabási & Hausmann 2007", "Hidalgo & Hausmann 2009",
                   "Boschma, Balland & Kogler 2015", "Balland, Boschma, Crespo & Rigby (2019)",
                   "Relatedness density", "Economic complexity (ECI)"):
        assert needle in text, needle


def test_relatedness_method_is_part_of_the_cache_key(store):
    from analysis.relatedness import METHODS

    cosine = sector_space(store, VIEW, "cosine")
    assert cosine is not sector_space(store, VIEW) and cosine is sector_space(store, VIEW, "cosine")
    assert cosine.relatedness.to_numpy().max() <= 1  # cosine is bounded by 1; probability is not
    assert sector_space(store, VIEW).relatedness.to_numpy().max() > 1
    pd.testing.assert_frame_equal(cosine.incidence, sector_space(store, VIEW).incidence)  # same specialisations
    ranked = {m: opportunities(store, VIEW, "DE11", m).table["nace"].tolist() for m in METHODS}
    assert all(set(r) == set(ranked["probability"]) for r in ranked.values())  # same candidates, other order
    assert "cosine normalisation" in opportunities_csv(opportunities(store, VIEW, "DE11", "cosine"), VIEW, "cosine")
    assert opportunities(store, VIEW, "DE11", "pearson").table.equals(opportunities(store, VIEW, "DE11").table)
