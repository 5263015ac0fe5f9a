"""The region report (real PDF text, one A4 page per region) and the comparison table file."""

import io
from dataclasses import replace

import pandas as pd
import pytest
from pypdf import PdfReader

from data.errors import InputError
from exports.report import PAGE, comparison_file, report_pdf
from views.profile import region_profile
from views.state import View
from views.values import effective_view

DAY = "2026-12-02"


@pytest.fixture(scope="module")
def view(store):
    return effective_view(store, View(sector="C29"))


def _texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _positioned(page) -> list[tuple[float, str]]:
    """(baseline y in points, text) of every non-blank text run of a PDF page."""
    rows: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda t, cm, tm, font, size: rows.append((tm[5], t)) if t.strip() else None)
    return rows


def test_report_text_names_the_region_its_top_specialisation_and_the_source(store, view):
    file = report_pdf(store, view, ["DE11"], day=DAY)
    assert file.filename == "cluster-atlas_report_DE11_C29_2014.pdf" and file.mime == "application/pdf"
    [text] = _texts(file.content)
    assert "Stuttgart (DE11)" in text
    top = region_profile(store, view, "DE11").specialisations.iloc[0]
    assert top["nace"] == "C29"  # Stuttgart: motor vehicles, LQ ≈ 5.6
    assert f"C29 {top['label'][:30]}" in text and f"{top['lq']:.2f}" in text
    assert "Source: Eurostat (sbs_r_nuts06_r2" in text
    assert f"Made with Cluster Atlas on {DAY}" in text
    assert "Regions like this one" in text and "Krugman distance" in text and "shares a border" in text


def test_report_page_is_a4_and_batch_gives_one_page_per_region(store, view):
    file = report_pdf(store, view, ["DE11", "FR10", "ITC4"], day=DAY)
    reader = PdfReader(io.BytesIO(file.content))
    assert len(reader.pages) == 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(PAGE[0]), round(PAGE[1])) == (595, 842)
    texts = _texts(file.content)
    for text, name in zip(texts, ["Stuttgart", "Île de France", "Lombardia"], strict=True):
        assert name in text


def test_report_refuses_regions_of_another_level(store, view):
    with pytest.raises(InputError, match="DE111"):
        report_pdf(store, view, ["DE11", "DE111"], day=DAY)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_comparison_file(store, view, fmt):
    file = comparison_file(store, replace(view, compare=("DE11", "FR10", "ITC4")), fmt)
    assert file.filename.endswith(f".{fmt}")
    if fmt == "csv":
        table = pd.read_csv(io.BytesIO(file.content), comment="#")
    else:
        table = pd.read_excel(io.BytesIO(file.content))
        table = table[table["nuts_id"].isin(["DE11", "FR10", "ITC4"])] if "nuts_id" in table else table
    assert table["nuts_id"].tolist() == ["DE11", "FR10", "ITC4"]
    assert {"employment_total", "sector_lq", "lq_C29"} <= set(table.columns)
    assert table.loc[0, "name"] == "Stuttgart"


def test_report_has_the_opportunities_section_with_the_top_opportunity(store, view):
    from views.opportunities import opportunities

    file = report_pdf(store, view, ["DE11"], day=DAY)
    [text] = _texts(file.content)
    top = opportunities(store, view, "DE11").table.iloc[0]
    assert top["rank"] == 1 and top["lq"] < 1  # not yet specialised
    assert "Opportunities" in text and f"1. {top['nace']} " in text


@pytest.mark.parametrize("regions, level", [(["DE11", "FR10", "ITC4"], 2), (["DE1", "FR1"], 1)])
def test_report_stays_one_page_per_region_with_opportunities(store, regions, level):
    view = effective_view(store, View(sector="C29", level=level))
    reader = PdfReader(io.BytesIO(report_pdf(store, view, regions, day=DAY).content))
    assert len(reader.pages) == len(regions)  # one page each
    for page in reader.pages:
        rows = _positioned(page)
        footer = [y for y, t in rows if t.startswith(("Source:", "Made with"))]
        body = [y for y, t in rows if not t.startswith(("Source:", "Made with"))]
        # the body (ending with the opportunities) stays above the footer rule at MARGIN + 30 = 66 pt
        assert len(footer) == 2 and min(body) > 66 > max(footer)
        assert "Opportunities" in page.extract_text() and "1. " in page.extract_text()


def test_report_says_why_when_opportunities_cannot_be_computed():
    """A five-region register with one division: relatedness cannot be computed, the page says why."""
    from data.store import Dataset, DataStore

    store = DataStore()
    regions = ["DE11", "DE12", "DE21", "AT11", "AT12"]
    firms = pd.DataFrame({"nuts_id": regions * 2, "nace": ["C"] * 5 + ["G"] * 5,
                          "employment": [500, 80, 10, 40, 0, 100, 150, 120, 50, 60]})
    division = firms[firms["nace"] == "C"].assign(nace="C10")
    rows = pd.concat([firms, division]).melt(id_vars=["nuts_id", "nace"], var_name="measure", value_name="value")
    stats = rows.assign(nuts_version=2013, year=2024, flag="", value=rows["value"].astype(float))
    store.add_dataset(Dataset.from_stats("firms", "Tiny register", stats, store.tree, synthetic=True))
    view = effective_view(store, View(dataset="firms", sector="C10", year=2024))
    [text] = _texts(report_pdf(store, view, ["DE11"], day=DAY).content)
    assert "Opportunities" in text and "Not available: relatedness needs at least 3 regions" in text
