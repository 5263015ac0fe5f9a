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
