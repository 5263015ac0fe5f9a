"""Every measure of every dataset kind goes through the map, its text, the profile, the menu and the URL.

Three ingested datasets: a register with size classes (``enterprises``, ``employment:large`` …), a
5-row cluster-organisation list (``cluster_organisations``, ``cluster_members``) and an official
Eurostat table in the current codes (``EMP_LOC_NR``, ``LOC_NR`` read as ``employment``, ``local_units``;
tests/fixtures/sbs_r_nuts2021_labels.csv).
Before the measure registry each of them raised ``KeyError`` (issue 13 items 1, 2 and 9).
"""

import json

import numpy as np
import pandas as pd
import pytest

from callbacks.filters import measure_options
from callbacks.ranking import column_defs
from callbacks.region_panel import region_children
from data.measures import measure_spec
from data.store import DataStore
from ingest.workspace import ingest_file
from ingest.workspace_store import dataset_from_folder
from layers.map_contract import VALUE_TRACE
from layers.map_view import build_figure, map_keys, map_text, patch_figure
from tests.conftest import FIXTURES
from tests.ingest._ingest_helpers import FIRMS
from views.profile import region_profile
from views.state import View
from views.url import parse_query
from views.values import effective_view, view_measure

#: Five cluster organisations (NUTS 2021): Munich DE21, Berlin DE30, Paris FR10, Milan ITC4, Vienna AT13.
CLUSTERS = pd.DataFrame({
    "name": ["Food Cluster Bavaria", "Berlin Digital", "Finance Innovation", "Milano Moda", "Vienna Life Sciences"],
    "latitude": [48.137, 52.520, 48.857, 45.464, 48.208],
    "longitude": [11.575, 13.405, 2.352, 9.190, 16.373],
    "sectors": ["C10.11; C11.05", "J62", "K64", "C14; C15", "C21; M72"],
    "members": [40, 120, 300, 80, 55],
})


@pytest.fixture(scope="module")
def kinds_store(tmp_path_factory) -> DataStore:
    """A store of its own with a register, a cluster list and an official table added as uploads are."""
    workspace = tmp_path_factory.mktemp("workspace")
    store = DataStore()
    sources = {
        "firms": (FIRMS.to_csv(index=False).encode(), "firms.csv"),
        "clusters": (CLUSTERS.to_csv(index=False).encode(), "clusters.csv"),
        "sbs2021": ((FIXTURES / "sbs_r_nuts2021_labels.csv").read_bytes(), "sbs_r_nuts2021_labels.csv"),
    }
    for name, (data, filename) in sources.items():
        result = ingest_file(data, filename=filename, name=name, workspace=workspace, year=2023)
        store.add_dataset(dataset_from_folder(result.dataset_dir, store))
    return store


def _walk():
    """(dataset, measure) pairs: every measure of every ingested kind (known before the store is built)."""
    register = ["enterprises", "employment", *(f"{b}:{s}" for b in ("enterprises", "employment")
                                               for s in ("micro", "small", "medium", "large"))]
    return ([("firms", m) for m in register] + [("clusters", m) for m in ("cluster_organisations", "cluster_members")]
            + [("sbs2021", m) for m in ("employment", "local_units")])


def test_the_ingested_datasets_have_the_measures_walked(kinds_store):
    walked = {}
    for dataset, measure in _walk():
        walked.setdefault(dataset, set()).add(measure)
    assert {k: set(kinds_store.dataset(k).measures) for k in walked} == walked


@pytest.mark.parametrize(("dataset", "measure"), _walk())
def test_every_measure_draws_the_map_names_itself_and_profiles_a_region(kinds_store, dataset, measure):
    store = kinds_store
    view = effective_view(store, View(dataset=dataset, measure=measure, year=2023, version=2021))
    assert (view.dataset, view.measure) == (dataset, measure)
    label = measure_spec(measure, store.dataset(dataset).measure_labels)
    text = map_text(store, view)
    assert text.subtitle.startswith(f"{label.phrase}, ")
    figure = build_figure(store, view, None).figure
    changes = patch_figure(store, view, map_keys(view)).figure
    assert figure.data[VALUE_TRACE].type == "choroplethmap" and VALUE_TRACE in changes["traces"]
    assert label.phrase in changes["layout"]["title.text"]
    region = "DE21" if dataset != "sbs2021" else "DE11"
    profile = region_profile(store, view, region)
    assert profile.nuts_id == region and np.isfinite(profile.totals.to_numpy()).any()
    children = str(region_children(store, view, region))
    assert f"({region})" in children and f"{label.caption}, " in children  # the totals, named
    assert f"'{measure}, " not in children or label.caption == measure


def test_a_cluster_list_maps_the_count_of_organisations_per_region(kinds_store):
    # before: the map callback raised KeyError('cluster_members') and the map stayed an empty plot
    view = effective_view(kinds_store, View(dataset="clusters", measure="employment", sector="C", year=2023,
                                            version=2021))
    assert view.measure == "cluster_organisations"  # counts first, not members
    assert view.indicator == "share"  # LQ needs a region total; organisations listing two sections count twice
    assert any("cannot be added up over sectors" in n for n in view.notices)
    update = build_figure(kinds_store, view, None)
    counts = update.values["measure_value"].dropna()
    # manufacturing clusters: food (DE21), fashion (ITC4), pharmaceuticals (AT13); none in Berlin or Paris
    assert counts[counts > 0].to_dict() == {"AT13": 1.0, "DE21": 1.0, "ITC4": 1.0}
    z = pd.Series(update.figure.data[VALUE_TRACE].z, dtype=float)
    assert z.notna().sum() == len(counts) and np.isclose(z.max(), 1 / 3)  # each has a third of C's organisations
    assert "cluster organisations" in map_text(kinds_store, view).subtitle


def test_an_official_table_in_current_codes_reads_as_atlas_measures_and_reads_labelled_cells(kinds_store):
    ds = kinds_store.dataset("sbs2021")
    assert ds.kind == "table" and ds.measures == ("employment", "local_units") and ds.years == (2021, 2022)
    assert ds.total_codes == ("C", "G") and ds.levels == (2,)
    matrix = kinds_store.matrix("sbs2021", 2021, "employment", 2022, 2, ["C"])
    assert np.isnan(matrix.loc["AT11", "C"])  # 'c:confidential': missing, flag kept
    assert kinds_store.flags("sbs2021", 2021, "employment", 2022, 2, ["C"]).loc["AT11", "C"] == "c"
    view = effective_view(kinds_store, View(dataset="sbs2021", measure="local_units", year=2021, version=2021))
    assert view.indicator == "lq" and view.notices == ()  # a known head count: the LQ holds
    assert [o["label"] for o in measure_options(kinds_store, "sbs2021")] == ["Persons employed", "Local units"]


def test_an_unknown_official_indicator_is_shown_under_the_files_label_or_its_code(tmp_path):
    store = DataStore()
    head = "DATAFLOW,LAST UPDATE,freq,nace_r2,indic_sbs,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
    rows = [f"ESTAT:X(1.0),01/01/24,A,{nace},{{indic}},{geo},2021,{value},\n"
            for geo, nace, value in (("DE11", "C", 40), ("DE11", "G", 60), ("DE12", "C", 10), ("DE12", "G", 90))]
    for name, indic in (("labelled", "EMP_SHR:Share of persons employed"), ("bare", "EMP_SHR")):
        text = head + "".join(r.format(indic=indic) for r in rows)
        result = ingest_file(text.encode(), filename=f"{name}.csv", name=name, workspace=tmp_path)
        store.add_dataset(dataset_from_folder(result.dataset_dir, store))
    labelled = effective_view(store, View(dataset="labelled", year=2021, version=2021))
    bare = effective_view(store, View(dataset="bare", year=2021, version=2021))
    assert view_measure(store, labelled).label == "Share of persons employed"
    assert map_text(store, bare).subtitle.startswith("EMP_SHR, 2021")
    assert labelled.indicator == bare.indicator == "share"  # may be a ratio: never summed over sectors
    assert build_figure(store, bare, None).values["measure_value"].notna().sum() == 2


def test_a_link_may_name_a_measure_of_the_dataset_it_names(kinds_store):
    state = parse_query("?dataset=firms&measure=enterprises:large", kinds_store)
    assert (state.view.dataset, state.view.measure, state.notices) == ("firms", "enterprises:large", ())
    state = parse_query("?dataset=clusters&measure=cluster_members", kinds_store)
    assert state.view.measure == "cluster_members" and state.notices == ()
    refused = parse_query("?dataset=firms&measure=wages_meur", kinds_store)
    assert refused.view.measure == "employment" and "enterprises:micro" in refused.notices[0]
    assert parse_query("?measure=enterprises", kinds_store).notices  # the SBS table has no enterprises


def test_menus_and_the_ranking_name_measures_not_keys(kinds_store):
    firms = [o["label"] for o in measure_options(kinds_store, "firms")]
    assert firms[:3] == ["Persons employed", "Enterprises", "Enterprises: micro"]
    assert "Persons employed: large" in firms and not any("_" in label for label in firms)
    clusters = measure_options(kinds_store, "clusters")
    assert [o["label"] for o in clusters] == ["Cluster organisations", "Members of cluster organisations"]
    view = effective_view(kinds_store, View(dataset="clusters", year=2023, version=2021))
    header = {c["field"]: c["headerName"] for c in column_defs(view, view_measure(kinds_store, view))}
    assert header["measure_value"] == "Cluster organisations"
    assert {c["field"]: c["headerName"] for c in column_defs(View())}["measure_value"] == "Persons employed"
    assert json.dumps(measure_options(kinds_store, "sbs")) == json.dumps(
        [{"label": "Persons employed", "value": "employment"}, {"label": "Local units", "value": "local_units"},
         {"label": "Wages and salaries (M EUR)", "value": "wages_meur"}])
