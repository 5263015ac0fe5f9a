"""Input validation shared by the ``analysis`` index functions.

Every public index function calls one of these helpers before computing, so bad input
fails early with a one-line message that names the argument, what was found (a count and an
example cell) and what is allowed. Wrong types raise :class:`TypeError`; wrong values raise
:class:`~data.errors.InputError` (a :class:`ValueError`), or its subclass :class:`AlignmentError`
when labels do not match. The dashboard shows the message of an :class:`~data.errors.AtlasError`
as it is in the status bar, so it must make sense to a user who never saw the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from data.errors import AlignmentError, InputError

__all__ = [
    "AlignmentError",
    "InputError",
    "align_to_index",
    "check_choice",
    "check_fraction",
    "check_matrix",
    "check_measure",
    "check_vector",
]

_MAX_SHOWN = 5
_CELLS_SHOWN = 3


def _preview(labels: Iterable[Any]) -> str:
    """Return the first few labels as a short list for error messages."""
    items = list(labels)
    shown = ", ".join(repr(x) for x in items[:_MAX_SHOWN])
    more = f", … ({len(items)} in total)" if len(items) > _MAX_SHOWN else ""
    return f"[{shown}{more}]"


def _cells(frame: pd.DataFrame, mask: np.ndarray, values: np.ndarray) -> str:
    """Describe the first few cells where ``mask`` holds: ``region 'NO06', sector 'B06': -8.3``."""
    rows, cols = np.nonzero(mask)
    return "; ".join(f"region {frame.index[r]!r}, sector {frame.columns[c]!r}: {values[r, c]:g}"
                     for r, c in zip(rows[:_CELLS_SHOWN], cols[:_CELLS_SHOWN], strict=True))  # ≤ 3 cells


def check_matrix(matrix: Any, *, name: str = "matrix") -> pd.DataFrame:
    """Validate a region × sector matrix and return a float64 copy.

    Parameters
    ----------
    matrix : Any
        Expected: a DataFrame, index = region ids, columns = sector codes, numeric, ≥ 0,
        NaN for missing cells.
    name : str, default "matrix"
        Argument name used in error messages.

    Returns
    -------
    DataFrame
        A new float64 DataFrame with the same labels; the input is never modified.

    Raises
    ------
    TypeError
        If ``matrix`` is not a DataFrame or has non-numeric (or boolean) columns.
    InputError
        If labels are duplicated or a value is negative or infinite; the message gives the count
        and up to three example cells (region, sector, value).

    """
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(
            f"{name} must be a pandas DataFrame (regions × sectors), got "
            f"{type(matrix).__name__}"
        )
    wrong = {t for t in set(matrix.dtypes)  # each distinct dtype once (a matrix has one or two)
             if not pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)}
    bad = [c for c, t in matrix.dtypes.items() if t in wrong] if wrong else []
    if bad:
        found = sorted({str(matrix.dtypes[c]) for c in bad})
        raise TypeError(
            f"{name} has non-numeric columns {_preview(bad)} (dtypes {found}); "
            "allowed: int or float"
        )
    for axis, labels in (
        ("index (regions)", matrix.index),
        ("columns (sectors)", matrix.columns),
    ):
        if labels.has_duplicates:
            raise InputError(
                f"{name} has duplicated labels in its {axis}: "
                f"{_preview(labels[labels.duplicated()].unique())}"
            )
    values = matrix.to_numpy(dtype="float64", na_value=np.nan)
    out = pd.DataFrame(values, index=matrix.index.copy(), columns=matrix.columns.copy())
    with np.errstate(invalid="ignore"):
        negative = values < 0
        infinite = np.isinf(values)
    for mask, problem in ((negative, "negative"), (infinite, "infinite")):
        count = int(mask.sum())
        if count:
            raise InputError(
                f"{name} (regions × sectors) has {count} {problem} value{'s' if count > 1 else ''}, "
                f"e.g. {_cells(out, mask, values)}; allowed: finite values ≥ 0, or NaN for missing cells "
                "(no negative or infinite values)"
            )
    return out


def check_vector(x: Any, *, name: str = "x") -> np.ndarray:
    """Validate a one-dimensional non-negative numeric vector and drop its NaN values.

    Parameters
    ----------
    x : array-like
        Values (list, tuple, ndarray or Series), finite and ≥ 0; NaN is dropped.
    name : str, default "x"
        Argument name used in error messages.

    Returns
    -------
    ndarray
        A new float64 array without NaN values.

    Raises
    ------
    TypeError
        If ``x`` is a string, a mapping or not numeric.
    InputError
        If ``x`` is not one-dimensional or has negative or infinite values.

    """
    if isinstance(x, (str, bytes, dict, pd.DataFrame)):
        raise TypeError(
            f"{name} must be a one-dimensional array-like of numbers, got "
            f"{type(x).__name__}"
        )
    try:
        arr = np.asarray(
            x.to_numpy(dtype="float64", na_value=np.nan)
            if isinstance(x, pd.Series)
            else x
        )
        if arr.dtype == bool or not (
            np.issubdtype(arr.dtype, np.number) or arr.dtype == object
        ):
            raise TypeError
        arr = arr.astype("float64")
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{name} must contain numbers only, got dtype {np.asarray(x).dtype}"
        ) from err
    if arr.ndim != 1:
        raise InputError(f"{name} must be one-dimensional, got shape {arr.shape}")
    arr = arr[~np.isnan(arr)]
    bad = (arr < 0) | np.isinf(arr)
    if bad.any():
        raise InputError(
            f"{name} has {int(bad.sum())} negative or infinite values "
            f"{_preview(arr[bad])}; allowed: finite values ≥ 0, or NaN for missing ones"
        )
    return arr


def check_measure(values: pd.Series, *, name: str) -> np.ndarray:
    """Validate a labelled measure per region (numeric, finite, ≥ 0), keeping NaN.

    Parameters
    ----------
    values : Series
        E.g. population or total employment per region.
    name : str
        Argument name used in error messages.

    Returns
    -------
    ndarray
        float64 values in the order of ``values``, NaN kept in place.

    Raises
    ------
    TypeError
        If the dtype is not numeric (or is boolean).
    InputError
        If a value is negative or infinite.

    """
    dtype = values.dtype
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise TypeError(f"{name} must be numeric, got dtype {dtype}")
    arr = values.to_numpy(dtype="float64", na_value=np.nan)
    check_vector(arr, name=name)
    return arr


def align_to_index(
    values: Any, index: pd.Index, *, name: str, target: str
) -> pd.Series:
    """Reindex a labelled Series to ``index``, raising if any label is missing.

    Parameters
    ----------
    values : Series
        Labelled values (e.g. a reference label or a population per region).
    index : Index
        The labels that must all be present in ``values``.
    name : str
        Argument name used in error messages.
    target : str
        Description of ``index`` used in error messages (e.g. "the matrix index").

    Returns
    -------
    Series
        ``values`` reindexed to ``index`` (a new object).

    Raises
    ------
    TypeError
        If ``values`` is not a Series.
    AlignmentError
        If some labels of ``index`` are missing from ``values``.

    """
    if not isinstance(values, pd.Series):
        raise TypeError(
            f"{name} must be a pandas Series indexed by region id, got "
            f"{type(values).__name__}"
        )
    if values.index.has_duplicates:
        raise InputError(
            f"{name} has duplicated labels: "
            f"{_preview(values.index[values.index.duplicated()].unique())}"
        )
    missing = index.difference(values.index)
    if len(missing):
        raise AlignmentError(
            f"{len(missing)} labels of {target} are missing from {name}, e.g. "
            f"{_preview(missing)}"
        )
    return values.reindex(index)


def check_choice(value: Any, *, name: str, allowed: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise :class:`~data.errors.InputError`."""
    options = tuple(allowed)
    if value not in options:
        raise InputError(f"{name} was {value!r}; expected one of {list(options)}")
    return value


def check_fraction(
    value: Any, *, name: str, low: float = 0.0, high: float = 1.0
) -> float:
    """Return ``value`` as float if it lies in (``low``, ``high``], else raise."""
    if isinstance(value, bool) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not low < float(value) <= high:
        raise InputError(f"{name} was {value!r}; allowed: a number in ({low}, {high}]")
    return float(value)
