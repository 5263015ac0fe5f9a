"""Download a table from Eurostat's dissemination API (SDMX-CSV, gzip) and ingest it like an upload.

``python app.py fetch sbs_r_nuts2021`` asks
``https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/sbs_r_nuts2021?format=SDMX-CSV&compressed=true``
(``&startPeriod=YEAR`` with ``--since``), streams the answer to a temporary file with progress, checks
that it arrived whole (``Content-Length`` and the gzip trailer), reads it with the official-table reader
(:mod:`ingest.official_tables`: validation report, NUTS version detected, current codes read as atlas
measures) and places it in the workspace atomically. The dataset's ``meta.json`` then records the
source URL and the download date, which its attribution line shows, and the Eurostat labels of
indicators the atlas does not know (from the dimension's codelist, :mod:`ingest.sdmx_codelist`).

Every failure raises :class:`FetchError` with one line saying what happened and what to do (no
connection, HTTP 413/429/5xx, truncated answer, not a table); the workspace is then left as it was.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from data.errors import InputError
from data.measures import MEASURES
from data.store import DEFAULT_DIR, new_generation
from ingest.official_tables import SDMX_FIXED, is_official_table
from ingest.sdmx_codelist import read_labels
from ingest.validation import UNLIMITED, Limits
from ingest.workspace import IngestResult, ingest_file

__all__ = ["EUROSTAT_API", "FetchError", "FetchResult", "dataset_url", "download", "fetch_dataset"]

#: SDMX 2.1 data endpoint of Eurostat's dissemination API; ``ATLAS_EUROSTAT_API`` overrides it (mirrors, tests).
EUROSTAT_API = os.environ.get("ATLAS_EUROSTAT_API", "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data")
#: Seconds to wait for a connection or for the next block of the answer: offline fails within this time.
TIMEOUT_S = 15.0
#: Bytes read per step of the download (progress is reported after each).
BLOCK = 1 << 16
_CODE = re.compile(r"^[A-Za-z0-9_]{1,64}$")
#: What to say for an HTTP status (``{code}``, ``{retry}`` are filled in).
HTTP_REASONS = {
    404: "Eurostat has no dataset of that code (HTTP 404); check the code in the Eurostat data browser",
    413: "Eurostat refused the request as too large (HTTP 413); ask for fewer years with --since YEAR",
    429: "Eurostat answered 'too many requests' (HTTP 429); try again {retry}",
}


class FetchError(InputError):
    """A download from Eurostat that failed; the message is one line for the user."""


@dataclass(frozen=True)
class FetchResult:
    """Outcome of :func:`fetch_dataset`: the ingest, the URL asked and the download's date and size."""

    ingest: IngestResult
    url: str
    downloaded: str
    bytes: int


def dataset_url(dataset: str, *, since: int | None = None, base: str | None = None) -> str:
    """URL of a dataset's SDMX-CSV (gzip) download, from ``since`` on when given.

    >>> dataset_url("sbs_r_nuts2021", since=2021, base="https://example.org/data")
    'https://example.org/data/sbs_r_nuts2021?format=SDMX-CSV&compressed=true&startPeriod=2021'
    """
    if not isinstance(dataset, str) or not _CODE.fullmatch(dataset):
        raise FetchError(f"'{str(dataset)[:40]}' is not a Eurostat dataset code (letters, digits, '_')")
    if since is not None and not 1900 <= since <= 2100:
        raise FetchError(f"--since {since}: expected a year between 1900 and 2100")
    query = {"format": "SDMX-CSV", "compressed": "true", **({"startPeriod": str(since)} if since else {})}
    return f"{(base or EUROSTAT_API).rstrip('/')}/{dataset}?{urllib.parse.urlencode(query)}"


def _http_reason(error: urllib.error.HTTPError) -> str:
    retry = error.headers.get("Retry-After") if error.headers else None
    when = f"in {retry} s" if retry and retry.isdigit() else "later"
    if error.code in HTTP_REASONS:
        return HTTP_REASONS[error.code].format(retry=when)
    if error.code >= 500:
        return f"Eurostat's server failed (HTTP {error.code}); try again later"
    return f"Eurostat refused the request (HTTP {error.code} {error.reason})"


def download(url: str, target: Path, *, progress: Callable[[int, int | None], None] | None = None,
             timeout: float = TIMEOUT_S, max_bytes: int | None = None) -> int:
    """Stream ``url`` into ``target``; return the bytes written.

    Parameters
    ----------
    url : str
        HTTP(S) address.
    target : Path
        File written (the body as sent: still compressed).
    progress : callable, optional
        Called with ``(bytes so far, total or None)`` after each block.
    timeout : float
        Seconds to wait to connect and for each block.
    max_bytes : int, optional
        Refuse a larger answer.

    Raises
    ------
    FetchError
        No connection, an HTTP error status, an answer shorter than its ``Content-Length``, or over ``max_bytes``.
    """
    request = urllib.request.Request(url, headers={"User-Agent": "cluster-atlas/fetch", "Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer, target.open("wb") as out:
            length = answer.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            written = 0
            while block := answer.read(BLOCK):
                written += out.write(block)
                if max_bytes is not None and written > max_bytes:
                    raise FetchError(f"the answer is over {max_bytes:,} bytes; ask for fewer years with --since")
                if progress is not None:
                    progress(written, total)
    except urllib.error.HTTPError as error:
        raise FetchError(_http_reason(error)) from error
    except http.client.IncompleteRead as error:
        raise FetchError(f"the download was cut off after {len(error.partial):,} bytes; try again") from error
    except OSError as error:  # URLError (no route, refused, DNS), TimeoutError, reset connections
        reason = getattr(error, "reason", error)
        host = urllib.parse.urlsplit(url).hostname
        raise FetchError(f"no connection to {host} ({reason}); check the network and try again") from error
    if total is not None and written < total:
        raise FetchError(f"the download was cut off: {written:,} of {total:,} bytes; try again")
    return written


def _unpack(source: Path, target: Path) -> None:
    """Decompress a gzip answer (or copy a plain one), checking that it is whole and is a table."""
    with source.open("rb") as raw:
        packed = raw.read(2) == b"\x1f\x8b"
    try:
        with (gzip.open(source, "rb") if packed else source.open("rb")) as text, target.open("wb") as out:
            shutil.copyfileobj(text, out, BLOCK)
    except (EOFError, gzip.BadGzipFile, OSError) as error:
        raise FetchError(f"the download is damaged or cut off ({error}); try again") from error
    with target.open("rb") as text:
        start = text.read(4096)
    if not is_official_table(start):
        first = start.split(b"\n", 1)[0][:80].decode("utf-8", "replace")
        raise FetchError(f"the answer is not an SDMX-CSV table (it starts {first!r})")


def _measure_dimensions(table: Path) -> list[str]:
    """Dimensions of an SDMX-CSV table that make its measure (e.g. ``indic_sbs``), from its header."""
    with table.open("rb") as text:
        header = text.readline().decode("utf-8", "replace").strip().split(",")
    return [column.strip('"') for column in header if column.strip('"') not in SDMX_FIXED]


def _labels(folder: Path, base: str, dimensions: list[str], timeout: float) -> dict[str, str]:
    """Eurostat's labels of the measures the atlas does not know (one measure dimension only; best effort)."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    named = meta.get("measure_labels") or {}
    unknown = [m for m in meta.get("measures", []) if m not in MEASURES and m not in named]
    if not unknown or len(dimensions) != 1:
        return {}
    return read_labels(base, dimensions[0], unknown, timeout=timeout)


def _record_source(folder: Path, url: str, downloaded: str, dataset: str, labels: dict[str, str]) -> None:
    """Add the source URL, download date and measure labels to ``meta.json`` (atomically, with a new generation)."""
    path = folder / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta |= {"source_url": url, "downloaded": downloaded, "eurostat_dataset": dataset, "generation": new_generation(),
             "measure_labels": {**(meta.get("measure_labels") or {}), **labels}}
    temp = folder / f".meta-{uuid.uuid4().hex}.json"
    temp.write_text(json.dumps(meta, indent=2, default=int) + "\n", encoding="utf-8")
    os.replace(temp, path)


def fetch_dataset(dataset: str, *, workspace: str | Path, name: str | None = None, since: int | None = None,
                  label: str | None = None, replace: bool = False, base: str | None = None,
                  progress: Callable[[int, int | None], None] | None = None, timeout: float = TIMEOUT_S,
                  limits: Limits = UNLIMITED, data_dir: Path = DEFAULT_DIR) -> FetchResult:
    """Download a Eurostat table and ingest it into the workspace as dataset ``name``.

    Parameters
    ----------
    dataset : str
        Eurostat code, e.g. ``"sbs_r_nuts2021"``.
    workspace : str or Path
        Folder of the datasets.
    name : str, optional
        Dataset name; default the code in lower case.
    since : int, optional
        First reference year asked for (``startPeriod``).
    label : str, optional
        Title in the app; default ``"Eurostat <code> (downloaded <date>)"``.
    replace : bool
        Replace a dataset of that name.
    base : str, optional
        API endpoint (default :data:`EUROSTAT_API`).
    progress : callable, optional
        ``(bytes so far, total or None)`` during the download.
    timeout : float
        Seconds to wait to connect and for each block.
    limits : Limits
        Limits of the ingest (default none, as ``python app.py ingest``).
    data_dir : Path
        Folder of ``regions.parquet`` and ``nace.parquet``.

    Returns
    -------
    FetchResult

    Raises
    ------
    FetchError, SchemaError
        Download or table unusable; nothing in the workspace has changed then.
    """
    url = dataset_url(dataset, since=since, base=base)
    name = name or dataset.lower()
    target = Path(workspace) / name
    if target.exists() and not replace:  # before downloading: say it at once
        raise FetchError(f"a dataset named '{name}' exists; choose another --name, or --replace it")
    downloaded = datetime.now(UTC).date().isoformat()
    with tempfile.TemporaryDirectory(prefix="atlas-fetch-") as folder:
        packed, table = Path(folder) / "answer", Path(folder) / f"{dataset}.csv"
        size = download(url, packed, progress=progress, timeout=timeout,
                        max_bytes=limits.max_bytes)
        _unpack(packed, table)
        dimensions = _measure_dimensions(table)
        result = ingest_file(table, filename=f"{dataset}.csv", name=name, kind="table", nuts_version=None,
                             workspace=workspace, limits=limits, replace=replace, data_dir=data_dir,
                             label=label or f"Eurostat {dataset} (downloaded {downloaded})")
    labels = _labels(result.dataset_dir, base or EUROSTAT_API, dimensions, timeout)
    _record_source(result.dataset_dir, url, downloaded, dataset, labels)
    return FetchResult(result, url, downloaded, size)
