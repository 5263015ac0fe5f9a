import json

from cli.main import main
from tests.ingest._ingest_helpers import FIRMS


def test_ingest_command_writes_a_dataset_and_prints_the_summary(tmp_path, capsys):
    source = tmp_path / "firms.csv"
    FIRMS.to_csv(source, index=False)
    status = main(["ingest", str(source), "--name", "firms", "--workspace", str(tmp_path / "ws"), "--year", "2022"])
    out = capsys.readouterr()
    assert status == 0 and "8 of 8 rows accepted" in out.out
    meta = json.loads((tmp_path / "ws" / "firms" / "meta.json").read_text())
    assert meta["years"] == [2022] and meta["counts"]["rows_read"] == 8


def test_ingest_command_uses_the_environment_workspace_and_reports_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ATLAS_WORKSPACE", str(tmp_path / "env-ws"))
    source = tmp_path / "bad.csv"
    FIRMS.assign(nace="??").to_csv(source, index=False)
    status = main(["ingest", str(source), "--name", "bad"])
    err = capsys.readouterr().err
    assert status == 2 and "file 'bad.csv', row 1, column 'nace'" in err
    assert not (tmp_path / "env-ws" / "bad").exists()


def test_ingest_command_with_mapping_and_crs(tmp_path, capsys):
    source = tmp_path / "laea.csv"
    source.write_text("Kennung;WZ;Rechts;Hoch\nA;C10.11;4432000;2888000\n")
    status = main(["ingest", str(source), "--name", "laea", "--workspace", str(tmp_path), "--crs", "EPSG:3035",
                   "--map", "id=Kennung", "--map", "nace=WZ", "--map", "lon=Rechts", "--map", "lat=Hoch"])
    assert status == 0, capsys.readouterr().err
