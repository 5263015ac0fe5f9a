"""Clean the rows of a register chunk: recognise columns, parse, validate, and place the points.

:func:`prepare_enterprises` and :func:`prepare_clusters` are pure functions of one chunk and a
:class:`Context`; the pandas engine calls them chunk by chunk, the Dask engine on partitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyproj

from data.errors import CRSError, SchemaError
from ingest.aggregate import size_classes
from ingest.locate import RegionIndex, check_units, swapped_share, to_lonlat
from ingest.nace_spelling import normalise_nace
from ingest.readers import Chunk, X, Y
from ingest.validation import ValidationReport, parse_numbers, unparsed

#: Column names recognised per role (compared after lower-casing and turning other characters into ``_``).
ROLES: dict[str, tuple[str, ...]] = {
    "id": ("id", "firm_id", "company_id", "enterprise_id", "identifier", "uid", "fid"),
    "name": ("name", "company", "company_name", "firm", "firm_name", "enterprise", "enterprise_name",
             "cluster", "cluster_name", "organisation", "organization"),
    "lat": ("lat", "latitude", "y", "lat_wgs84", "breite"),
    "lon": ("lon", "lng", "long", "longitude", "x", "lon_wgs84", "laenge"),
    "nace": ("nace", "nace_code", "nace_rev2", "nace_r2", "nace2", "activity", "activity_code", "sector"),
    "sectors": ("sectors", "nace_codes", "sector_codes", "activities"),
    "employees": ("employees", "staff", "headcount", "employment", "persons_employed", "n_employees",
                  "workers", "employees_count"),
    "members": ("members", "n_members", "member_count", "number_of_members"),
    "sme_members": ("sme_members", "smes", "n_smes"),
    "website": ("website", "url", "web"),
    "nuts": ("nuts", "nuts_id", "nuts3", "nuts_code", "nuts_3"),
    "year": ("year", "reference_year"),
    "size_class": ("size_class", "size"),
    "source": ("source",),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def resolve_roles(columns: list[str], mapping: dict[str, str] | None, *, file: str) -> dict[str, str]:
    """Map roles (``lat``, ``lon``, ``nace``, …) to the file's columns by common names, then ``mapping``.

    Raises
    ------
    SchemaError
        If ``mapping`` names an unknown role or a column that the file does not have.
    """
    found = {}
    normal = {_normal(c): c for c in columns}
    for role, names in ROLES.items():
        hit = next((normal[n] for n in names if n in normal), None)
        if hit is not None:
            found[role] = hit
    for role, column in (mapping or {}).items():
        if role not in ROLES:
            raise SchemaError(f"mapping has unknown role '{role}'; roles: {sorted(ROLES)}", file=file)
        if column not in columns:
            raise SchemaError(f"mapping names a column that is not in the file; columns: {list(columns)[:20]}",
                              file=file, column=column)
        found[role] = column
    return found


#: Year given to the rows of a register without a ``year`` column unless ``--year`` says otherwise.
UNDATED_YEAR = 2024


@dataclass(frozen=True)
class Context:
    """What a chunk needs besides its rows: names, options, the regions and the NACE tree."""

    file: str
    roles: dict[str, str]
    index: RegionIndex = field(repr=False)
    tree: pd.DataFrame = field(repr=False)
    crs: pyproj.CRS | None = None
    year: int = UNDATED_YEAR
    source: str = ""


def _text(frame: pd.DataFrame, column: str | None) -> pd.Series | None:
    if column is None or column not in frame.columns:
        return None
    values = frame[column]
    return values.astype("string").str.strip().replace("", pd.NA)


def place(chunk: Chunk, ctx: Context, report: ValidationReport,
          rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return region positions (-1 = rejected), longitudes and latitudes of a chunk; record problems.

    Raises
    ------
    SchemaError
        If there are no coordinates and no NUTS column.
    CRSError
        Metres given as degrees (or back), CRS conflict, or longitude and latitude swapped.
    """
    frame, roles = chunk.frame, ctx.roles
    if X in frame.columns:
        if chunk.crs is not None and ctx.crs is not None and not chunk.crs.equals(ctx.crs):
            raise CRSError(f"file '{ctx.file}' declares {chunk.crs.to_string()} but {ctx.crs.to_string()} was given")
        x, y = frame[X].to_numpy(float), frame[Y].to_numpy(float)
        crs, names = chunk.crs or ctx.crs, ("geometry", "geometry")
    elif "lat" in roles and "lon" in roles:
        names = (roles["lon"], roles["lat"])
        x, y = (_numbers(frame, c, report, rows, "coordinate") for c in names)
        crs = ctx.crs
    elif "nuts" in roles:
        return _from_codes(frame[roles["nuts"]], ctx, report, rows)
    else:
        raise SchemaError("no coordinates: expected columns such as 'lat'/'latitude'/'y' and 'lon'/'lng'/"
                          f"'longitude'/'x', or a 'nuts' column; columns found: {list(frame.columns)[:20]}; "
                          "name them with a mapping", file=ctx.file, row=0, column="lat")
    check_units(x, y, crs, columns=names, file=ctx.file)
    lon, lat = to_lonlat(x, y, crs) if crs is not None else (x, y)
    bad = ~(np.isfinite(lon) & np.isfinite(lat)) | (np.abs(lat) > 90) | (np.abs(lon) > 180)
    report.add_rows(rows[bad], "coordinate missing, not finite or out of range", column=names[1],
                    values=frame[names[1]].to_numpy()[bad] if names[1] in frame.columns else None)
    positions = ctx.index.locate(np.where(bad, np.nan, lon), np.where(bad, np.nan, lat))
    outside = (positions < 0) & ~bad
    if crs is None or crs.is_geographic:
        given, swapped = swapped_share(lon[~bad], lat[~bad], ctx.index)
        if given < 0.5 and swapped > 0.8:
            raise CRSError(f"file '{ctx.file}', columns '{names[1]}' and '{names[0]}': latitude and longitude look "
                           f"swapped ({swapped:.0%} of points fall in a NUTS region when swapped, {given:.0%} as "
                           "given); swap the columns or give a mapping")
    report.add_rows(rows[outside], f"point lies in no NUTS {ctx.index.version} region (sea or outside the "
                    "coverage)", column=names[1], values=_pairs(lon[outside], lat[outside]))
    if "nuts" in roles:
        _check_given(frame[roles["nuts"]], positions, ctx, report, rows)
    return np.where(bad, -1, positions).astype(np.int32), lon, lat


def _pairs(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    shown = pd.Series(lon[:1000]).round(5).astype(str) + ", " + pd.Series(lat[:1000]).round(5).astype(str)
    return np.concatenate([shown.to_numpy(object), np.full(max(0, len(lon) - 1000), None, dtype=object)])


def _numbers(frame: pd.DataFrame, column: str, report: ValidationReport, rows: np.ndarray, what: str) -> np.ndarray:
    values = frame[column]
    if values.dtype.kind in "iuf":
        return values.to_numpy(float)
    parsed = parse_numbers(values)
    text = unparsed(values, parsed)
    report.add_rows(rows[text.to_numpy()], f"{what} is not a number", column=column, values=values[text].to_numpy())
    return parsed.to_numpy(float)


def _from_codes(codes: pd.Series, ctx: Context, report: ValidationReport, rows: np.ndarray):
    text = codes.astype("string").str.strip().str.upper()
    lookup = pd.Series(np.arange(len(ctx.index.codes)), index=ctx.index.codes)
    positions = text.map(lookup).fillna(-1).astype(np.int32).to_numpy()
    bad = positions < 0
    report.add_rows(rows[bad], f"no coordinates and not a NUTS {ctx.index.version} level-3 code", column=codes.name,
                    values=codes[bad].to_numpy())
    return positions, np.full(len(codes), np.nan), np.full(len(codes), np.nan)


def _check_given(codes: pd.Series, positions: np.ndarray, ctx: Context, report: ValidationReport,
                 rows: np.ndarray) -> None:
    given = codes.astype("string").str.strip().str.upper().replace("", pd.NA)
    placed = pd.Series(ctx.index.codes[np.maximum(positions, 0)], index=codes.index).where(positions >= 0)
    known = given.isin(list(ctx.index.all_codes))
    filled = given.notna()
    report.add_rows(rows[(filled & ~known).to_numpy()], f"not a NUTS {ctx.index.version} code; the point decides",
                    column=codes.name, values=codes[filled & ~known].to_numpy(), severity="warning")
    differs = (filled & known & placed.notna()).to_numpy().copy()
    differs[differs] = ~np.char.startswith(placed[differs].to_numpy(str), given[differs].to_numpy(str))
    report.add_rows(rows[differs], "the point lies in another region than the NUTS code says; the point decides",
                    column=codes.name, values=(given[differs] + " vs point in " + placed[differs]).to_numpy(),
                    severity="warning")


def prepare_enterprises(chunk: Chunk, ctx: Context) -> tuple[pd.DataFrame, ValidationReport]:
    """Clean one chunk of an enterprise register.

    Returns
    -------
    tuple of (DataFrame, ValidationReport)
        Accepted firms with columns ``row, id, name, nace, employees, size_class, year, region, lon,
        lat, source`` (``region`` = position of the NUTS-3 region), and the problems of the chunk.
        Rows with an error (unknown NACE code, no usable point, bad year) are left out.
    """
    frame, roles = chunk.frame, ctx.roles
    report = ValidationReport(ctx.file)
    rows = chunk.first_row + np.arange(len(frame))
    if "nace" not in roles:
        raise SchemaError(f"no NACE column: expected e.g. 'nace', 'nace_code' or 'activity'; columns found: "
                          f"{[c for c in frame.columns if c not in (X, Y)][:20]}", file=ctx.file, row=0, column="nace")
    positions, lon, lat = place(chunk, ctx, report, rows)
    raw = _text(frame, roles["nace"])
    nace = normalise_nace(raw, ctx.tree)
    unknown = (nace.isna() & raw.notna()).to_numpy()
    report.add_rows(rows[unknown], "not a NACE Rev. 2 code; expected e.g. 'C10.11' (class), 'C10.1' (group), "
                    "'C10' (division) or 'C' (section)", column=roles["nace"], values=raw[unknown].to_numpy())
    report.add_rows(rows[raw.isna().to_numpy()], "NACE code missing", column=roles["nace"])
    employees = pd.Series(np.nan, index=frame.index)
    if "employees" in roles:
        employees = pd.Series(_numbers(frame, roles["employees"], report, rows, "employee count"), index=frame.index)
        odd = employees.notna() & ((employees < 0) | (employees != np.floor(employees)) | np.isinf(employees))
        report.add_rows(rows[odd.to_numpy()], "employee count must be a whole number ≥ 0; read as unknown",
                        column=roles["employees"], values=employees[odd].to_numpy(), severity="warning")
        employees = employees.mask(odd)
    year = pd.Series(ctx.year, index=frame.index, dtype=float)
    if "year" in roles:
        year = pd.Series(_numbers(frame, roles["year"], report, rows, "year"), index=frame.index)
        odd = ~year.between(1900, 2100) | (year != np.floor(year))
        report.add_rows(rows[odd.to_numpy()], "year must be a whole number between 1900 and 2100",
                        column=roles["year"], values=frame[roles["year"]][odd].to_numpy())
        year = year.mask(odd)
    ids = _text(frame, roles.get("id"))
    if ids is None:
        ids = pd.Series(rows.astype(str), index=frame.index)
    elif (missing := ids.isna().to_numpy()).any():  # "row N" for the missing ids only (no 1 M strings for none)
        ids = ids.fillna("row " + pd.Series(rows[missing].astype(str), index=frame.index[missing]))
    names = _text(frame, roles.get("name"))
    source = _text(frame, roles.get("source"))
    firms = pd.DataFrame({
        "row": rows, "id": ids.astype(str),
        "name": (names.str.replace(_CONTROL.pattern, "", regex=True) if names is not None else pd.NA),
        "nace": nace, "employees": employees.astype("Int64"),
        "size_class": size_classes(employees, _text(frame, roles.get("size_class"))),
        "year": year, "region": positions, "lon": lon, "lat": lat,
        "source": source.fillna(ctx.source) if source is not None else ctx.source,
    })
    keep = (positions >= 0) & nace.notna().to_numpy() & year.notna().to_numpy()
    return firms[keep].astype({"year": np.int64}).reset_index(drop=True), report


def prepare_clusters(chunk: Chunk, ctx: Context) -> tuple[pd.DataFrame, ValidationReport]:
    """Clean one chunk of a cluster-organisation list (name, place, sector codes, members)."""
    frame, roles = chunk.frame, ctx.roles
    report = ValidationReport(ctx.file)
    rows = chunk.first_row + np.arange(len(frame))
    column = roles.get("sectors", roles.get("nace"))
    if column is None:
        raise SchemaError("no sectors column: expected e.g. 'sectors' with NACE codes separated by ';'",
                          file=ctx.file, row=0, column="sectors")
    positions, lon, lat = place(chunk, ctx, report, rows)
    lists = _text(frame, column).fillna("").str.split(r"\s*[;,|]\s*", regex=True).explode()
    codes = normalise_nace(lists.replace("", pd.NA), ctx.tree)
    wrong = codes.isna() & lists.ne("")
    bad_rows = rows[wrong[wrong].index.to_numpy()]
    report.add_rows(bad_rows, "not a NACE Rev. 2 code; left out of the cluster's sectors", column=column,
                    values=lists[wrong].to_numpy(), severity="warning")
    nace = codes.dropna().groupby(level=0).agg(lambda c: sorted(set(c))).reindex(frame.index)
    none = nace.isna().to_numpy()
    report.add_rows(rows[none], "no valid NACE code among the sectors", column=column)
    members = pd.Series(np.nan, index=frame.index)
    if "members" in roles:
        members = pd.Series(_numbers(frame, roles["members"], report, rows, "member count"), index=frame.index)
    names = _text(frame, roles.get("name"))
    clusters = pd.DataFrame({
        "row": rows, "id": _text(frame, roles.get("id")) if "id" in roles else rows.astype(str),
        "name": names.str.replace(_CONTROL.pattern, "", regex=True) if names is not None else pd.NA,
        "nace": nace, "members": members.astype("Int64"), "region": positions, "lon": lon, "lat": lat,
        "website": _text(frame, roles.get("website")) if "website" in roles else pd.NA,
    })
    keep = (positions >= 0) & ~none
    return clusters[keep].reset_index(drop=True), report
