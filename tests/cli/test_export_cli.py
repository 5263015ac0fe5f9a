import argparse
import io
import struct

from pypdf import PdfReader

from cli import export
from cli.main import build_parser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def parse(argv: list[str]) -> argparse.Namespace:
    return build_parser("export").parse_args(["export", *argv])


def test_pdf_atlas_has_one_a4_page_per_sector(store, tmp_path, capsys):
    out = tmp_path / "atlas.pdf"
    args = parse(["--sectors", "C20,C29", "--indicator", "lq", "--level", "2", "--year", "2014", "--format", "pdf",
                  "--scale", "1", "--out", str(out)])
    assert export.run(args, store=store) == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 2
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 842, 596]  # A4 landscape
    assert "rendering pages" in capsys.readouterr().err  # tqdm on stderr


def test_png_atlas_writes_one_file_per_sector(store, tmp_path):
    args = parse(["--sectors", "C24,C29", "--format", "png", "--size", "1200x1200", "--scale", "0.5",
                  "--out", str(tmp_path / "pages")])
    assert export.run(args, store=store) == 0
    files = sorted((tmp_path / "pages").iterdir())
    assert [f.name for f in files] == ["cluster-atlas_C24_lq_2014_nuts2.png", "cluster-atlas_C29_lq_2014_nuts2.png"]
    for path in files:
        data = path.read_bytes()
        assert data[:8] == PNG_SIGNATURE and struct.unpack(">II", data[16:24]) == (600, 600)


def test_unknown_sector_stops_with_the_code(store, tmp_path):
    args = parse(["--sectors", "C20,Z99", "--out", str(tmp_path / "a.pdf")])
    try:
        export.run(args, store=store)
    except SystemExit as stop:
        assert "Z99" in str(stop)
    else:
        raise AssertionError("expected SystemExit")


def test_missing_browser_exits_2_with_advice(store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chrome"))
    args = parse(["--sectors", "C20", "--out", str(tmp_path / "a.pdf")])
    assert export.run(args, store=store) == 2
    assert "BROWSER_PATH" in capsys.readouterr().err


def test_animated_gif_has_one_frame_per_year_and_the_size(store, tmp_path, capsys):
    from PIL import Image

    out = tmp_path / "manufacturing.gif"
    args = parse(["--sectors", "C", "--animate", "--format", "gif", "--level", "1", "--years", "2009-2011",
                  "--size", "1600x1000", "--scale", "0.25", "--frame-ms", "800", "--out", str(out)])
    assert export.run(args, store=store) == 0
    gif = Image.open(out)
    assert gif.format == "GIF" and gif.n_frames == 3 and gif.size == (400, 250) and gif.info["duration"] == 800
    assert "rendering frames of C" in capsys.readouterr().err


def test_gif_without_animate_and_animate_without_gif_stop(store, tmp_path):
    for argv in (["--format", "gif"], ["--animate", "--format", "png"]):
        try:
            export.run(parse(["--sectors", "C", *argv, "--out", str(tmp_path / "a.gif")]), store=store)
        except SystemExit as stop:
            assert "gif" in str(stop)
        else:
            raise AssertionError("expected SystemExit")


def test_animation_of_years_the_view_lacks_exits_2(store, tmp_path, capsys):
    args = parse(["--sectors", "C", "--animate", "--format", "gif", "--years", "1990-1991", "--out",
                  str(tmp_path / "a.gif")])
    assert export.run(args, store=store) == 2
    assert "1990" in capsys.readouterr().err
