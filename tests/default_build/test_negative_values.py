"""The default build keeps a negative source value as a flagged missing cell and counts it."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pandas as pd

from data.flags import NEGATIVE_IN_SOURCE, flag_negative
from data.store import DEFAULT_DIR
from default_build.build import DEFAULT_OUT, DEFAULT_RAW, build_sbs

# Rows of sbs_r_nuts06_r2 (July 2017 bulk file), years 2015 … 2012. NO06 × B06 wages 2014 is the real
# negative cell; NO06 local units 2013 and FRA1 wages 2013 are made negative here (FR91, the NUTS 2010
# code of FRA1, has 5.0 that year) to check Eurostat flags are kept and a flagged cell is never filled.
SBS_EXTRACT = """nace_r2,indic_sb,geo\\time\t2015 \t2014 \t2013 \t2012
B06,V13320,NO06\t: \t-8.3 \t: c\t: c
B06,V13320,NO07\t: \t: c\t: c\t: c
B06,V11210,NO06\t12 \t13 \t-1 p\t14
B06,V13320,FRA1\t: \t0.0 b\t-2.0 \t:
B06,V13320,FR91\t: \t: \t5.0 \t0.0
"""


def _raw_folder(tmp_path):
    (tmp_path / "nuts").mkdir()
    (tmp_path / "nuts" / "crosswalks").symlink_to(DEFAULT_RAW / "nuts" / "crosswalks")
    with gzip.open(tmp_path / "eurostat_sbs_r_nuts06_r2_2017-07.tsv.gz", "wt") as out:
        out.write(SBS_EXTRACT)
    return tmp_path


def _cell(stats, nuts_id, measure, year, version=2013):
    row = stats[(stats["nuts_id"] == nuts_id) & (stats["measure"] == measure) & (stats["year"] == year)
                & (stats["nuts_version"] == version)]
    assert len(row) == 1
    return row["value"].iloc[0], str(row["flag"].iloc[0])


def test_flag_negative_sets_nan_keeps_other_letters_and_leaves_the_input_alone():
    stats = pd.DataFrame({"value": [-8.3, 0.0, np.nan, 3.0, -1.0], "flag": ["", "b", "c", None, "p"]})
    before = stats.copy()
    out, negative = flag_negative(stats)
    pd.testing.assert_frame_equal(stats, before)
    np.testing.assert_array_equal(out["value"], [np.nan, 0.0, np.nan, 3.0, np.nan])
    assert out["flag"].tolist() == ["N", "b", "c", "", "Np"]
    assert negative.index.tolist() == [0, 4]


def test_build_flags_negative_cells_counts_them_and_never_fills_them_from_2010_codes(tmp_path):
    regions = pd.DataFrame({"nuts_id": ["NO06", "NO07", "FRA1"], "nuts_version": 2013})
    report: dict = {}
    stats = build_sbs(_raw_folder(tmp_path), regions, report)
    assert not (stats["value"] < 0).any()
    assert report["sbs_negative_values"] == {"local_units": 1, "wages_meur": 2}
    assert [(c["nuts_id"], c["year"], c["value"]) for c in report["sbs_negative_cells"]] == [
        ("NO06", 2013, -1.0), ("FRA1", 2013, -2.0), ("NO06", 2014, -8.3)]
    for version in (2013, 2021):
        value, flag = _cell(stats, "NO06", "wages_meur", 2014, version)
        assert np.isnan(value) and flag == NEGATIVE_IN_SOURCE
    value, flag = _cell(stats, "NO06", "local_units", 2013)
    assert np.isnan(value) and flag == "Np"  # Eurostat's 'p' kept next to the atlas's 'N'
    value, flag = _cell(stats, "FRA1", "wages_meur", 2013)
    assert np.isnan(value) and flag == NEGATIVE_IN_SOURCE  # FR91's 5.0 does not replace it
    assert _cell(stats, "FRA1", "wages_meur", 2012)[0] == 0.0  # a missing 2013-code cell is still filled
    assert _cell(stats, "NO06", "local_units", 2014) == (13.0, "")


def test_the_build_writes_where_the_store_reads_and_its_report_counts_the_negative_cells():
    assert DEFAULT_OUT == DEFAULT_DIR and DEFAULT_OUT.parent.name == "data"
    report = json.loads((DEFAULT_OUT / "build_report.json").read_text())
    assert report["sbs_negative_values"] == {"wages_meur": 1} and report["context_negative_values"] == {}
    assert report["sbs_negative_cells"] == [{"nuts_id": "NO06", "year": 2014, "nace": "B06",
                                             "measure": "wages_meur", "value": -8.3}]
