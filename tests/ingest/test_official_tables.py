"""Official tables downloaded from Eurostat with "both codes and labels" (SDMX-CSV cells ``CODE:Label``)."""

import pandas as pd

from ingest.official_tables import read_official_table
from tests.conftest import FIXTURES

REGIONS = {2021: frozenset({"AT11", "AT12", "DE11", "DE12", "FR10", "ITC4"})}
TREE = pd.DataFrame({"level": [1, 1]}, index=pd.Index(["C", "G"], name="code"))


def test_labelled_cells_are_read_as_their_codes_with_flags():
    # before: geo 'AT11:Burgenland' matched no region and the whole file was refused
    data = (FIXTURES / "sbs_r_nuts2021_labels.csv").read_bytes()
    stats, report, version, rows, labels = read_official_table(data, filename="t.csv", nuts_version=None,
                                                               region_codes=REGIONS, tree=TREE)
    assert (version, rows, len(stats), report.total) == (2021, 48, 48, 0)
    assert set(stats["nuts_id"].astype(str)) == set(REGIONS[2021]) and set(stats["nace"].astype(str)) == {"C", "G"}
    assert set(stats["measure"].astype(str)) == {"employment", "local_units"}  # EMP_LOC_NR, LOC_NR line up
    confidential = stats[stats["flag"].astype(str) == "c"]
    assert len(confidential) == 1 and confidential["value"].isna().all()
    assert labels == {}  # both codes are atlas measures: the registry's labels, not the file's


def test_known_codes_are_renamed_and_unlabelled_files_give_no_labels():
    text = ("DATAFLOW,LAST UPDATE,freq,nace_r2,indic_sb,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
            "ESTAT:X(1.0),01/01/24,A,C,V16110,DE11,2021,10,\n"
            "ESTAT:X(1.0),01/01/24,A,C,EMP_SHR,DE11,2021,0.5,\n")
    stats, _, _, _, labels = read_official_table(text.encode(), filename="t.csv", nuts_version=2021,
                                                 region_codes=REGIONS, tree=TREE)
    assert set(stats["measure"].astype(str)) == {"employment", "EMP_SHR"} and labels == {}
