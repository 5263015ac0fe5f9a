import base64

import pytest
from dash import no_update

from callbacks.upload import dataset_name, decode_upload, report_children
from data.errors import InputError, LimitError
from data.store import DataStore
from ingest.validation import Limits
from ingest.workspace import ingest_file, read_dataset
from ingest.workspace_store import dataset_from_folder, load_workspace
from views.state import View
from views.values import effective_view, indicator_values, opening_year

CSV = """id;name;lat;lon;nace;employees
1;Bosch Feuerbach;48,8155;9,1653;29.32;1200
2;Porsche Zuffenhausen;48,8353;9,1527;2910;9000
3;<b>Trumpf</b>;48,8199;9,0939;C28.41;4000
4;Café Wien;48,2082;16,3738;56.10;12
5;BMW München;48,1770;11,5562;29.1;30000
6;Bakery Graz;47,0707;15,4395;10.71;8
"""


def _data_url(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode("utf-8")).decode()


@pytest.fixture
def fresh_store() -> DataStore:
    return DataStore()


def test_an_uploaded_register_becomes_a_dataset_with_the_same_indices(tmp_path, fresh_store):
    data = decode_upload(_data_url(CSV), "firms.csv", Limits())
    result = ingest_file(data, filename="firms.csv", name=dataset_name(None, "firms.csv"), workspace=tmp_path)
    assert result.rows_accepted == 6 and result.rows_rejected == 0
    fresh_store.add_dataset(dataset_from_folder(result.dataset_dir, fresh_store))
    view = effective_view(fresh_store, View(dataset="firms", sector="C29", level=2, version=2021, year=2024))
    values = indicator_values(fresh_store, view)
    assert values.loc["DE11", "measure_value"] == 10200  # Bosch + Porsche persons employed in C29
    assert values.loc["DE21", "measure_value"] == 30000
    assert "<b>" not in str(report_children(result, None, "firms.csv"))


def test_a_failed_upload_changes_nothing_and_names_the_problem(tmp_path, fresh_store):
    before = dict(fresh_store.datasets)
    with pytest.raises(InputError) as caught:
        data = decode_upload(_data_url("id;name\n1;x\n"), "nocoords.csv", Limits())
        ingest_file(data, filename="nocoords.csv", name="nocoords", workspace=tmp_path)
    assert "nocoords.csv" in str(caught.value)
    assert fresh_store.datasets == before and not (tmp_path / "nocoords").exists()
    children = report_children(None, caught.value, "nocoords.csv")
    assert "Not loaded" in str(children) and "Nothing was changed" in str(children)


def test_size_is_checked_before_decoding():
    big = "data:text/csv;base64," + "A" * (4 * 1024)
    with pytest.raises(LimitError, match="over the upload limit"):
        decode_upload(big, "big.csv", Limits(max_bytes=1024))
    with pytest.raises(InputError, match="empty upload"):
        decode_upload("data:text/csv;base64,", "empty.csv", Limits())


def test_dataset_names_are_folder_safe():
    assert dataset_name(None, "../../etc/passwd") == "passwd"
    assert dataset_name("My firms 2024!", "x.csv") == "My-firms-2024"
    assert dataset_name("", "...") == "upload"


def test_workspace_datasets_load_at_start_and_damaged_ones_are_skipped(tmp_path, fresh_store):
    ingest_file(CSV.encode(), filename="firms.csv", name="good", workspace=tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "meta.json").write_text("{not json")
    notices = load_workspace(fresh_store, tmp_path)
    assert "good" in fresh_store.datasets and "broken" not in fresh_store.datasets
    assert len(notices) == 1 and "broken" in notices[0]


def _handle(store, workspace, text, filename, name=None, replace=False):
    from callbacks.upload import handle_upload
    return handle_upload(store, _data_url(text), filename, name, replace=replace, workspace=workspace,
                         limits=Limits())


def test_an_upload_under_an_existing_name_is_refused_unless_replace_is_ticked(tmp_path, fresh_store):
    children, *_, selected = _handle(fresh_store, tmp_path, CSV, "firms.csv")
    assert selected == "firms"
    first = fresh_store.dataset("firms")
    smaller = "\n".join(CSV.splitlines()[:3]) + "\n"  # header + 2 firms
    children, _csv, _hidden, changed, selected = _handle(fresh_store, tmp_path, smaller, "firms.csv")
    assert "exists" in str(children) and "Replace" in str(children)
    assert changed is no_update and selected is no_update
    assert fresh_store.dataset("firms") is first  # nothing changed, in the store or on disk
    assert read_dataset(tmp_path / "firms")[0]["value"].sum() == first.stats["value"].sum()
    *_, selected = _handle(fresh_store, tmp_path, smaller, "firms.csv", replace=True)
    assert selected == "firms" and fresh_store.dataset("firms") is not first


def test_an_upload_named_like_the_official_table_is_selected_not_the_table(tmp_path, fresh_store):
    *_, selected = _handle(fresh_store, tmp_path, CSV, "sbs.csv")
    assert selected == "user-sbs" and fresh_store.dataset("user-sbs").kind == "register"
    assert fresh_store.dataset("sbs").kind != "register"


def test_a_register_without_dates_says_which_year_it_got(tmp_path, fresh_store):
    children, *_ = _handle(fresh_store, tmp_path, CSV, "firms.csv")
    assert "no year column: every row counts as 2024" in str(children) and "--year" in str(children)
    dated = CSV.replace("employees\n", "employees;year\n", 1).replace(";1200\n", ";1200;2019\n")
    dated = "\n".join(line + ("" if i == 0 or line.endswith("2019") else ";2020")
                      for i, line in enumerate(dated.splitlines())) + "\n"
    children, *_ = _handle(fresh_store, tmp_path, dated, "dated.csv")
    assert "no year column" not in str(children)
    assert sorted(fresh_store.dataset("dated").years) == [2019, 2020]


def test_opening_a_register_lands_on_its_own_year_and_version_without_a_notice(tmp_path, fresh_store):
    from callbacks.filters import on_opening

    _handle(fresh_store, tmp_path, CSV, "firms.csv")
    year, version = on_opening(fresh_store, "firms", 2014, 2013)
    assert (year, version) == (2024, 2021)
    assert effective_view(fresh_store, View(dataset="firms", year=year, version=version)).notices == ()
    assert on_opening(fresh_store, "sbs", 2024, 2021) == (opening_year(fresh_store, "sbs"), no_update)
    assert on_opening(fresh_store, "sbs", 2010, 2013) == (no_update, no_update)


def test_a_link_to_a_register_opens_on_its_year_and_version_without_a_notice(tmp_path, fresh_store):
    from views.url import parse_query

    _handle(fresh_store, tmp_path, CSV, "firms.csv")
    state = parse_query("?dataset=firms&measure=enterprises", fresh_store)
    assert (state.view.year, state.view.version, state.view.measure) == (2024, 2021, "enterprises")
    assert state.notices == () and effective_view(fresh_store, state.view).notices == ()
    assert parse_query("?dataset=firms&year=2024&version=2013", fresh_store).view.version == 2013  # as asked


def test_a_map_and_a_download_of_an_uploaded_register_name_its_own_source(tmp_path, fresh_store):
    from exports.map_export import data_notes
    from layers.map_view import map_text

    _handle(fresh_store, tmp_path, CSV, "firms.csv")
    view = effective_view(fresh_store, View(dataset="firms", year=2024, version=2021))
    source = map_text(fresh_store, view).attribution
    assert "Eurostat" not in source and "firms.csv" in source and "6 rows" in source and "ingested 20" in source
    assert "EuroGeographics" in source
    assert data_notes(fresh_store, view, query="?dataset=firms")[0] in source
    assert "Eurostat" in map_text(fresh_store, effective_view(fresh_store, View())).attribution  # default data
