"""The NACE Rev. 2 tree: codes in Eurostat dissemination style (``C``, ``C29``, ``C291``, ``C2910``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.errors import SchemaError

#: Number of codes per tree level in NACE Rev. 2 (sections, divisions, groups, classes).
OFFICIAL_COUNTS = {1: 21, 2: 88, 3: 272, 4: 615}
LEVEL_NAMES = {0: "aggregate", 1: "section", 2: "division", 3: "group", 4: "class"}

#: Aggregates used by Eurostat tables, with the sections they add up. They sit outside the tree.
AGGREGATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "B-N_S95_X_K": ("Business economy except financial and insurance activities",
                    ("B", "C", "D", "E", "F", "G", "H", "I", "J", "L", "M", "N", "S95")),
    "B-E": ("Industry (except construction)", ("B", "C", "D", "E")),
    "G-I": ("Wholesale and retail trade, transport, accommodation and food", ("G", "H", "I")),
    "M_N": ("Professional, scientific, technical, administrative and support", ("M", "N")),
    "O-Q": ("Public administration, defence, education, health and social work", ("O", "P", "Q")),
    "R-U": ("Arts, entertainment, other services, households, extra-territorial", ("R", "S", "T", "U")),
    "TOTAL": ("All NACE activities", tuple("ABCDEFGHIJKLMNOPQRSTU")),
}

#: The business-economy aggregate that the SBS tables cover; its total is the sum of these codes.
BUSINESS_ECONOMY = "B-N_S95_X_K"


def build_nace_tree(clean_csv: str | Path) -> pd.DataFrame:
    """Build the tree table from the cleaned RAMON export (``nace_rev2_codes_clean.csv``).

    Parameters
    ----------
    clean_csv : str or Path
        CSV with columns ``section, level, code, parent, estat_code, label``.

    Returns
    -------
    DataFrame
        Index ``code`` (dissemination style), columns ``dotted`` (``29.10``), ``level`` (1–4, 0 for
        aggregates), ``parent`` (code or ``''``), ``section`` and ``label``.

    Raises
    ------
    SchemaError
        If a level does not have its official number of codes or a parent is unknown.
    """
    raw = pd.read_csv(clean_csv, dtype=str, keep_default_na=False)
    raw["level"] = raw["level"].astype(int)
    to_estat = dict(zip(raw["code"], raw["estat_code"], strict=True))
    tree = pd.DataFrame({
        "code": raw["estat_code"],
        "dotted": raw["code"],
        "level": raw["level"],
        "parent": raw["parent"].map(to_estat).fillna(""),
        "section": raw["section"],
        "label": raw["label"].str.strip(),
    })
    counts = tree["level"].value_counts().to_dict()
    for level, expected in OFFICIAL_COUNTS.items():
        if counts.get(level) != expected:
            raise SchemaError(f"expected {expected} {LEVEL_NAMES[level]}s, found {counts.get(level, 0)}",
                              file=Path(clean_csv).name, column="level")
    unknown = set(tree["parent"]) - set(tree["code"]) - {""}
    if unknown:
        raise SchemaError(f"parent codes not in the tree: {sorted(unknown)[:5]}", file=Path(clean_csv).name,
                          column="parent")
    aggregates = pd.DataFrame({
        "code": list(AGGREGATES),
        "dotted": list(AGGREGATES),
        "level": 0,
        "parent": "",
        "section": "",
        "label": [label for label, _ in AGGREGATES.values()],
    })
    return pd.concat([tree, aggregates], ignore_index=True).set_index("code")


def sector_label(tree: pd.DataFrame, code: str) -> str:
    """Return ``'C29 Manufacture of motor vehicles, …'``, or the code alone if unknown."""
    if code in tree.index:
        label = tree.at[code, "label"]
        return f"{code} {label[:1].upper()}{label[1:].lower()}" if label.isupper() else f"{code} {label}"
    return code
