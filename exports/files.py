"""Writers for downloads: CSV, Excel, GeoJSON and GeoParquet bytes of a table of regions.

Pure functions: a frame in, the bytes of a file out; nothing is written to disk and the input is
never changed. Text cells that a spreadsheet would run as a formula are neutralised in CSV and
Excel (DESIGN §7).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["FORMULA_START", "FORMATS", "neutralise_formulas", "write_csv", "write_excel", "write_geojson",
           "write_geoparquet", "write_pdf", "jpeg_size"]

#: Cell starts that spreadsheets run as formulas (plus tab and carriage return, OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Download formats: key → (file extension, MIME type).
FORMATS = {
    "csv": ("csv", "text/csv"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "geojson": ("geojson", "application/geo+json"),
    "parquet": ("parquet", "application/vnd.apache.parquet"),
}


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with ``'``.

    Parameters
    ----------
    frame : DataFrame
        Any table; numeric columns are left as they are (a negative number is not a formula).

    Returns
    -------
    DataFrame
        A copy in which every text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
        return starts with ``'`` instead; missing cells stay missing.

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"name": ["=1+1", "Ile-de-France"], "v": [-1.0, 2.0]}))
                name    v
    0          '=1+1 -1.0
    1  Ile-de-France  2.0
    """
    out = frame.copy()
    text_columns = [c for c in out.columns if not pd.api.types.is_numeric_dtype(out[c])
                    and not isinstance(out[c].dtype, gpd.array.GeometryDtype)]
    for column in text_columns:
        text = out[column].astype("string")
        risky = text.str.startswith(FORMULA_START).fillna(False)
        out[column] = text.where(~risky, "'" + text)
    return out


def write_csv(frame: pd.DataFrame, *, notes: Sequence[str] = ()) -> bytes:
    r"""Write a table as UTF-8 CSV, formulas neutralised, after ``# note`` lines.

    Parameters
    ----------
    frame : DataFrame
        The table; its index is not written.
    notes : sequence of str, optional
        Lines written first, each prefixed with ``# `` (source, attribution, view).

    Returns
    -------
    bytes
        The file's content.

    Examples
    --------
    >>> write_csv(pd.DataFrame({"name": ["@SUM(A1)"]}), notes=["Source: Eurostat"]).decode()
    "# Source: Eurostat\r\nname\r\n'@SUM(A1)\r\n"
    """
    buffer = io.StringIO()
    for note in notes:
        buffer.write(f"# {note}\r\n")
    neutralise_formulas(frame).to_csv(buffer, index=False, lineterminator="\r\n")  # a lone \r gets quoted
    return buffer.getvalue().encode("utf-8")


def write_excel(frame: pd.DataFrame, *, notes: Sequence[str] = (), sheet: str = "data") -> bytes:
    """Write a table as an Excel workbook (``.xlsx``), formulas neutralised, notes on a second sheet.

    Parameters
    ----------
    frame : DataFrame
        The table; its index is not written.
    notes : sequence of str, optional
        Lines for the ``about`` sheet (source, attribution, view).
    sheet : str, default "data"
        Name of the data sheet.

    Returns
    -------
    bytes
        The workbook (needs ``openpyxl``).
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_formulas(frame).to_excel(writer, sheet_name=sheet, index=False)
        about = neutralise_formulas(pd.DataFrame({"about": list(notes)}))
        about.to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()


def write_geojson(frame: gpd.GeoDataFrame, *, notes: Sequence[str] = ()) -> bytes:
    """Write regions as a GeoJSON FeatureCollection (EPSG:4326), notes in a ``metadata`` member.

    Parameters
    ----------
    frame : GeoDataFrame
        Regions with a geometry column; reprojected to EPSG:4326 if needed (RFC 7946).
    notes : sequence of str, optional
        Source and view lines, written as ``"metadata": {"notes": [...]}``.

    Returns
    -------
    bytes
        UTF-8 JSON; missing values are ``null``.
    """
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    collection = json.loads(frame.to_json(na="null", drop_id=True))
    collection["metadata"] = {"notes": list(notes)}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_geoparquet(frame: gpd.GeoDataFrame, *, notes: Sequence[str] = ()) -> bytes:
    """Write regions as GeoParquet, notes in the file's key-value metadata (``cluster_atlas``).

    Parameters
    ----------
    frame : GeoDataFrame
        Regions with a geometry column and a CRS.
    notes : sequence of str, optional
        Source and view lines.

    Returns
    -------
    bytes
        A GeoParquet 1.x file (readable by ``geopandas.read_parquet``).
    """
    first = io.BytesIO()
    frame.to_parquet(first, index=False)
    table = pq.read_table(pa.BufferReader(first.getvalue()))
    metadata = {**(table.schema.metadata or {}), b"cluster_atlas": json.dumps({"notes": list(notes)}).encode()}
    buffer = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(metadata), buffer)
    return buffer.getvalue()


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Read width and height (pixels) from a JPEG's start-of-frame marker.

    Raises
    ------
    ValueError
        Not a JPEG, or no start-of-frame marker.
    """
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG file (no SOI marker 0xFFD8)")
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            position += 1
            continue
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2:position + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[position + 5:position + 7], "big")
            return int.from_bytes(data[position + 7:position + 9], "big"), height
        position += 2 + length
    raise ValueError("JPEG without a start-of-frame marker")


def write_pdf(pages: Sequence[bytes], *, page_size: tuple[float, float], title: str = "",
              notes: Sequence[str] = ()) -> bytes:
    """Write JPEG images as the pages of one PDF document, each filling a page of ``page_size``.

    Parameters
    ----------
    pages : sequence of bytes
        JPEG files, one per page (embedded as they are, ``DCTDecode``; no re-encoding).
    page_size : tuple of float
        Width and height of every page in points (1/72 inch), e.g. A4 landscape (841.9, 595.3).
    title : str, optional
        Document title (metadata).
    notes : sequence of str, optional
        Written to the document's subject (source and attribution).

    Returns
    -------
    bytes
        A PDF 1.4 file.
    """
    width, height = page_size
    objects: list[bytes] = []  # object n is objects[n - 1]
    kids = []
    for index, image in enumerate(pages):
        pixel_width, pixel_height = jpeg_size(image)
        page_id, content_id, image_id = 3 + 3 * index, 4 + 3 * index, 5 + 3 * index
        kids.append(f"{page_id} 0 R")
        draw = f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im0 Do Q".encode()
        objects += [
            (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
             f"/Resources << /XObject << /Im0 {image_id} 0 R >> >> /Contents {content_id} 0 R >>").encode(),
            b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream",
            (f"<< /Type /XObject /Subtype /Image /Width {pixel_width} /Height {pixel_height} "
             f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {len(image)} >>\nstream\n"
             ).encode() + image + b"\nendstream",
        ]
    info = f"<< /Title {_pdf_text(title)} /Subject {_pdf_text(' '.join(notes))} /Creator (Cluster Atlas) >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode(), *objects, info.encode()]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, len(objects), xref))
    return out.getvalue()


def _pdf_text(text: str) -> str:
    """Encode a PDF text string as UTF-16BE hex (any character, nothing to escape)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
