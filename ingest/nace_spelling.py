"""Normalise NACE Rev. 2 codes as people write them to the tree's dissemination codes."""

from __future__ import annotations

import pandas as pd

#: Dotted or plain forms: optional section letter, 1–2 digit division, optional group/class digits.
_DOTTED = r"^(?P<letter>[A-U])?(?P<division>\d{1,2})(?:\.(?P<rest>\d{1,2}))?$"
_PLAIN = r"^(?P<letter>[A-U])?(?P<division>\d{2})(?P<rest>\d{0,2})$"


def normalise_nace(codes: pd.Series, tree: pd.DataFrame) -> pd.Series:
    """Turn ``'C10.11'``, ``'10.11'``, ``'1011'``, ``'C1011'``, ``'10.1'``, ``'10'``, ``'C'`` into tree codes.

    Parameters
    ----------
    codes : Series of str
        Codes as written in a file; spaces and case are ignored, ``'1.1'`` is read as ``'01.1'``.
    tree : DataFrame
        The NACE tree (``DataStore.tree``): index = dissemination code, column ``level``.

    Returns
    -------
    Series of str
        Same index; dissemination code (``'C1011'``, ``'C101'``, ``'C10'``, ``'C'``) or ``<NA>`` when the
        code is empty, malformed, unknown in NACE Rev. 2, or its letter does not match its division.

    Notes
    -----
    Work is done once per distinct value (``pd.factorize``), so a column of a million firms with a
    few hundred distinct codes costs a few milliseconds. Statistical aggregates (``B-N_S95_X_K``)
    are not firm codes and give ``<NA>``.

    Examples
    --------
    >>> from data.store import DEFAULT_DIR
    >>> tree = pd.read_parquet(DEFAULT_DIR / "nace.parquet")
    >>> normalise_nace(pd.Series(["C10.11", "10.11", "1011", "10.1", "10", "c", "1.1", "B10", "99.99"]), tree).tolist()
    ['C1011', 'C1011', 'C1011', 'C101', 'C10', 'C', 'A011', <NA>, <NA>]
    """
    labels, uniques = pd.factorize(codes, use_na_sentinel=True)
    normalised = _normalise_unique(pd.Series(uniques, dtype="string"), tree)
    out = pd.Series(pd.array(normalised.to_numpy()[labels], dtype="string"), index=codes.index)
    out[labels < 0] = pd.NA
    return out


def _normalise_unique(codes: pd.Series, tree: pd.DataFrame) -> pd.Series:
    text = codes.str.upper().str.replace(r"\s+", "", regex=True)
    in_tree = tree.index[tree["level"] > 0]
    sections = pd.Series(in_tree[tree.loc[in_tree, "level"] == 1], dtype="string")
    divisions = in_tree[tree.loc[in_tree, "level"] == 2]
    section_of = pd.Series(divisions.str[0], index=divisions.str[1:])  # "10" -> "C"
    dotted = text.str.extract(_DOTTED)
    plain = text.str.extract(_PLAIN)
    use_plain = dotted["division"].isna()
    parts = dotted.mask(use_plain, plain, axis=0)
    division = parts["division"].str.zfill(2)
    letter = division.map(section_of)
    given = parts["letter"]
    consistent = given.isna() | (given == letter)
    code = (letter + division + parts["rest"].fillna("")).where(consistent)
    code = code.where(code.isin(in_tree))
    section_only = text.isin(sections)
    return code.where(~section_only, text).astype("string")


def ancestry(tree: pd.DataFrame) -> pd.DataFrame:
    """List each tree code with itself and all its ancestors (one row per pair).

    Parameters
    ----------
    tree : DataFrame
        The NACE tree; index = code, column ``parent``.

    Returns
    -------
    DataFrame
        Columns ``code`` and ``ancestor`` (both dissemination codes). A class has 4 rows (class,
        group, division, section); a division has 2. Aggregates (level 0) are left out.

    Examples
    --------
    >>> from data.store import DEFAULT_DIR
    >>> tree = pd.read_parquet(DEFAULT_DIR / "nace.parquet")
    >>> ancestry(tree).query("code == 'C1011'")["ancestor"].tolist()
    ['C1011', 'C101', 'C10', 'C']
    """
    nodes = tree[tree["level"] > 0]
    parent = nodes["parent"].astype(str)
    current = pd.Series(nodes.index, index=nodes.index, dtype=object)
    pairs = []
    while current.notna().any():
        known = current.dropna()
        pairs.append(pd.DataFrame({"code": known.index, "ancestor": known.to_numpy()}))
        current = known.map(parent).replace("", None).reindex(nodes.index)
    out = pd.concat(pairs, ignore_index=True)
    out["level"] = out["code"].map(nodes["level"])
    return out.sort_values(["code", "level"], kind="stable")[["code", "ancestor"]].reset_index(drop=True)
