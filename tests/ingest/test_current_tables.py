"""sbs_r_nuts2021 (current methodology) in bulk TSV and SDMX-CSV: its codes read as the atlas measures.

``EMP_LOC_NR`` (persons employed in local units) is ``employment`` like ``V16110`` of the old table,
``LOC_NR`` (local units) is ``local_units`` like ``V11210``; unknown indicators keep their Eurostat label.
"""

import numpy as np
import pandas as pd

from data.measures import measure_spec
from data.store import DataStore
from ingest.official_tables import read_official_table
from ingest.workspace import ingest_file
from ingest.workspace_store import dataset_from_folder
from tests.conftest import FIXTURES

REGIONS = {2021: frozenset({"AT11", "AT12", "DE11", "DE12", "FR10", "ITC4"})}
TREE = pd.DataFrame({"level": [1, 1]}, index=pd.Index(["C", "G"], name="code"))
#: The bulk TSV of the current dissemination database (dimension order of sbs_r_nuts2021, padded years).
TSV = ("freq,indic_sbs,nace_r2,geo\\TIME_PERIOD\t2021 \t2022 \n"
       "A,EMP_LOC_NR,C,AT11\t15100 \t: c\n"
       "A,EMP_LOC_NR,G,AT11\t21900 \t22338 \n"
       "A,LOC_NR,C,AT11\t1050 \t1061 p\n"
       "A,LOC_NR,G,AT11\t3020 \t3044 \n"
       "A,SAL_LOC_NR,C,AT11\t14000 \t14100 \n")


def _read(text: str):
    return read_official_table(text.encode(), filename="t", nuts_version=None, region_codes=REGIONS, tree=TREE)


def test_bulk_tsv_of_the_current_table_reads_codes_as_atlas_measures():
    stats, report, version, rows, labels = _read(TSV)
    assert (version, rows, report.total) == (2021, 10, 0)
    cell = stats.set_index(["measure", "nace", "year"])
    assert cell.loc[("employment", "C", 2021), "value"] == 15100.0  # EMP_LOC_NR ↔ V16110
    assert np.isnan(cell.loc[("employment", "C", 2022), "value"]) and cell.loc[("employment", "C", 2022), "flag"] == "c"
    assert cell.loc[("local_units", "C", 2022), ["value", "flag"]].tolist() == [1061.0, "p"]  # LOC_NR ↔ V11210
    assert cell.loc[("SAL_LOC_NR", "C", 2021), "value"] == 14000.0  # unknown: kept under its code
    assert labels == {}  # a bulk TSV has codes only


def test_sdmx_csv_with_codes_only_and_conf_status_marks_confidential_cells():
    head = "DATAFLOW,LAST UPDATE,freq,indic_sbs,nace_r2,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"
    rows = ["ESTAT:SBS_R_NUTS2021(1.0),15/05/24 23:00:00,A,EMP_LOC_NR,C,DE11,2022,,,C\n",
            "ESTAT:SBS_R_NUTS2021(1.0),15/05/24 23:00:00,A,EMP_LOC_NR,G,DE11,2022,198700,p,F\n",
            "ESTAT:SBS_R_NUTS2021(1.0),15/05/24 23:00:00,A,LOC_NR,C,DE11,2022,14800,,D\n"]
    stats, _, _, _, _ = _read(head + "".join(rows))
    got = stats.set_index(["measure", "nace"])[["value", "flag"]]
    assert np.isnan(got.loc[("employment", "C"), "value"]) and got.loc[("employment", "C"), "flag"] == "c"
    assert got.loc[("employment", "G")].tolist() == [198700.0, "p"]  # free: flag unchanged
    assert got.loc[("local_units", "C"), "flag"] == "c"  # secondary confidentiality (D), value kept as given


def test_an_unknown_indicator_keeps_its_eurostat_label():
    text = (FIXTURES / "sbs_r_nuts2021_labels.csv").read_text(encoding="utf-8")
    extra = text.splitlines()[1].replace("EMP_LOC_NR:Persons employed in the local units",
                                         "SAL_LOC_NR:Employees in the local units")
    stats, _, _, _, labels = _read(text + extra + "\n")
    assert labels == {"SAL_LOC_NR": "Employees in the local units"}
    assert measure_spec("SAL_LOC_NR", labels).label == "Employees in the local units"
    assert {"employment", "local_units", "SAL_LOC_NR"} == set(stats["measure"].astype(str))


def test_the_current_table_lines_up_with_the_default_table(tmp_path, store):
    """Persons employed in manufacturing, Burgenland (AT11, same code in NUTS 2013 and 2021):
    old table (V16110) 2015 = 15 192 (tests/fixtures/sbs_extract.tsv), new table (EMP_LOC_NR) 2021 = 15 100,
    so the change 2015 → 2021 is 15 100 − 15 192 = −92 persons, read under the one measure 'employment'."""
    fresh = DataStore()
    result = ingest_file(TSV.encode(), filename="sbs_r_nuts2021.tsv", name="current", workspace=tmp_path)
    fresh.add_dataset(dataset_from_folder(result.dataset_dir, fresh))
    assert {"employment", "local_units"} <= set(fresh.dataset("current").measures)
    new = fresh.matrix("current", 2021, "employment", 2021, 2, ["C"]).loc["AT11", "C"]
    old = store.matrix("sbs", 2013, "employment", 2015, 2, ["C"]).loc["AT11", "C"]
    assert (old, new, new - old) == (15192.0, 15100.0, -92.0)
