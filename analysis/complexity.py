"""Economic complexity of regions and sectors from the incidence matrix (Hidalgo & Hausmann 2009).

Input: the region × sector incidence matrix M (1 specialised, 0 not, NaN unknown; see
:func:`analysis.relatedness.incidence`). Diversity kᵣ,₀ = Σₛ Mᵣₛ, ubiquity kₛ,₀ = Σᵣ Mᵣₛ.

NaN rules:

* Unknown cells count as not specialised (they add nothing to diversity or ubiquity).
* Regions with no specialisation and sectors where no region is specialised have no complexity:
  they are dropped before computing (EconGeo ``MORc``/``KCI`` do the same) and NaN in the result.
* A bipartite region–sector graph that falls apart into separate groups has no single complexity
  ranking (the second eigenvalue of the transition matrix is 1): :class:`~data.errors.InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from analysis._checks import InputError, check_choice
from analysis.relatedness import _binary, incidence

__all__ = ["COMPLEXITY_METHODS", "Complexity", "complexity", "region_complexity"]

COMPLEXITY_METHODS: tuple[str, ...] = ("eigenvector", "reflections")


@dataclass(frozen=True)
class Complexity:
    """Complexity of the regions and sectors of one incidence matrix.

    Attributes
    ----------
    regions : Series
        Region complexity by region id (NaN for regions without any specialisation).
    sectors : Series
        Sector complexity by sector code (NaN for sectors without any specialised region).
    method : str
        "reflections" (0–100 from step 3 on; raw mean diversity/ubiquity for steps 0–2) or
        "eigenvector" (standardised: mean 0, standard deviation 1).
    steps : int
        Number of reflections (0 for the eigenvector method).
    eigenvalue : float
        Second-largest eigenvalue of the region–region transition matrix (NaN for reflections).
    left_out : int
        Regions with a specialisation left out because they are not linked to the largest group
        (``disconnected="largest"`` only).
    sign_score : float
        corr(regions, diversity) − corr(sectors, ubiquity) after signing (eigenvector; NaN for
        reflections), in [0, 2]: near 0 the direction of the ranking is weakly determined by the data.
    """

    regions: pd.Series
    sectors: pd.Series
    method: str
    steps: int
    eigenvalue: float
    left_out: int = 0
    sign_score: float = float("nan")


def _rescale(x: np.ndarray) -> np.ndarray:
    """Min–max to 0–100 (EconGeo ``rescale``); a constant vector gives NaN (0/0)."""
    span = np.nanmax(x) - np.nanmin(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (x - np.nanmin(x)) / span * 100.0


def _reflections(m: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Reflect n times: kᵣ,ₙ = Σₛ Mᵣₛ kₛ,ₙ₋₁ / kᵣ,₀ and kₛ,ₙ = Σᵣ Mᵣₛ kᵣ,ₙ₋₁ / kₛ,₀."""
    diversity, ubiquity = m.sum(axis=1), m.sum(axis=0)
    regions, sectors = diversity, ubiquity
    for step in range(1, steps + 1):
        regions, sectors = (m @ sectors) / diversity, (regions @ m) / ubiquity
        if step >= 3:
            regions, sectors = _rescale(regions), _rescale(sectors)
    return regions, sectors


def _standardise(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / x.std(ddof=1) if len(x) > 1 and x.std() > 0 else np.zeros_like(x)


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation, 0 when one side is constant."""
    return 0.0 if np.std(x) == 0 or np.std(y) == 0 else float(np.corrcoef(x, y)[0, 1])


def _eigenvector(m: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Second eigenvectors of M̃ = D⁻¹ M U⁻¹ Mᵀ (regions) and U⁻¹ Mᵀ D⁻¹ M (sectors).

    Both come from one SVD of A = D^-½ M U^-½: A = W Σ Vᵀ gives M̃'s eigenvectors D^-½ wₖ with
    eigenvalues σₖ², and the sector matrix's U^-½ vₖ.
    """
    diversity, ubiquity = m.sum(axis=1), m.sum(axis=0)
    a = m / np.sqrt(diversity)[:, None] / np.sqrt(ubiquity)[None, :]
    w, sigma, vt = np.linalg.svd(a, full_matrices=False)
    regions = _standardise(w[:, 1] / np.sqrt(diversity))
    sectors = _standardise(vt[1] / np.sqrt(ubiquity))
    # regions ∝ D⁻¹ M · sectors (one SVD pair): flip both together, towards diversity and away from ubiquity
    score = _corr(regions, diversity) - _corr(sectors, ubiquity)
    if score < 0:
        regions, sectors = -regions, -sectors
    return regions, sectors, float(sigma[1] ** 2), abs(score)


def _components(m: np.ndarray) -> tuple[int, np.ndarray]:
    """Find the connected groups of the bipartite region–sector graph: (count, group of each region then sector)."""
    n, k = m.shape
    rows, cols = np.nonzero(m)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols + n)), shape=(n + k, n + k))  # region r — sector n + s
    return connected_components(graph, directed=False)


def complexity(incidence: pd.DataFrame, method: Literal["reflections", "eigenvector"] = "eigenvector",
               steps: int = 20, *, disconnected: Literal["raise", "largest"] = "raise") -> Complexity:
    """Compute the economic complexity of regions and sectors.

    Parameters
    ----------
    incidence : DataFrame
        Region × sector 0/1 matrix M (NaN = unknown).
    method : {"eigenvector", "reflections"}, default "eigenvector"
        * reflections (Hidalgo & Hausmann 2009): step 0 = diversity kᵣ,₀ and ubiquity kₛ,₀; step n
          kᵣ,ₙ = (1/kᵣ,₀) Σₛ Mᵣₛ kₛ,ₙ₋₁ and kₛ,ₙ = (1/kₛ,₀) Σᵣ Mᵣₛ kᵣ,ₙ₋₁; from step 3 on each step is
          rescaled to 0–100 so that it does not collapse to a constant. ``.regions`` equals EconGeo
          ``MORc(M, steps = n)`` and ``.sectors`` ``MORt(M, steps = n)``. Even steps rank complex
          regions high; odd steps are averages of ubiquity (read the other way round).
        * eigenvector (economic complexity index): the eigenvector of the second-largest eigenvalue
          of M̃ = D⁻¹ M U⁻¹ Mᵀ (D = diag(diversity), U = diag(ubiquity)) for regions (ECI/KCI) and of
          U⁻¹ Mᵀ D⁻¹ M for sectors (PCI/TCI), standardised to mean 0 and standard deviation 1. Both come
          from one SVD, so a region's value has the sign of the mean of its sectors' values; the common
          sign is chosen so that region complexity correlates positively with diversity and sector
          complexity negatively with ubiquity (EconGeo ``KCI``/``TCI``, up to their scaling v/Σv and
          rounding). When the two rules disagree (LQ-based regional data: capitals are specialised in
          few, rare services), the sign maximising corr(ECI, diversity) − corr(PCI, ubiquity) is kept,
          so that regions and sectors stay consistent (EconGeo signs KCI and TCI separately and
          can then contradict itself).
    steps : int, default 20
        Number of reflections (reflections only), 0–100.
    disconnected : {"raise", "largest"}, default "raise"
        What to do when the region–sector graph falls apart: raise, or compute on its largest
        connected group only (the others NaN, counted in ``.left_out``).

    Returns
    -------
    Complexity
        Frozen result with ``.regions`` and ``.sectors`` over the labels of ``incidence``.

    Raises
    ------
    InputError
        If fewer than 2 regions or 2 sectors have a specialisation, or if the region–sector graph
        is disconnected (the second eigenvalue is 1: no single ranking).

    References
    ----------
    .. [1] Hidalgo, C. A., Hausmann, R. (2009). The building blocks of economic complexity. *PNAS*
       106(26), 10570–10575.
    .. [2] Balland, P.-A., Rigby, D. (2017). The geography of complex knowledge. *Economic Geography*
       93(1), 1–23.

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]],
    ...                  index=["C1", "C2", "C3", "C4"], columns=["P1", "P2", "P3", "P4"])
    >>> complexity(m, "reflections", steps=1).regions.tolist()
    [2.0, 2.0, 2.5, 3.0]
    """
    check_choice(method, name="method", allowed=COMPLEXITY_METHODS)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 0 <= steps <= 100:
        raise InputError(f"steps was {steps!r}; allowed: an integer from 0 to 100")
    full = _binary(incidence)
    m = full.fillna(0.0)
    m = m.loc[m.sum(axis=1) > 0, m.sum(axis=0) > 0]
    if m.shape[0] < 2 or m.shape[1] < 2:
        raise InputError(f"complexity needs at least 2 regions and 2 sectors with a specialisation, got "
                         f"{m.shape[0]} regions and {m.shape[1]} sectors")
    check_choice(disconnected, name="disconnected", allowed=("raise", "largest"))
    count, groups = _components(m.to_numpy())
    left_out = 0
    if count > 1:
        n = m.shape[0]
        largest = np.bincount(groups).argmax()
        if disconnected == "raise":
            apart = [*m.index[groups[:n] != largest][:3], *m.columns[groups[n:] != largest][:3]]
            raise InputError(
                f"complexity is not defined: the regions and sectors fall into {count} separate groups that share "
                f"no specialisation (second eigenvalue 1), e.g. {apart} stand apart from the others")
        left_out = int((groups[:n] != largest).sum())
        m = m.loc[groups[:n] == largest, groups[n:] == largest]
        if m.shape[0] < 2 or m.shape[1] < 2:
            raise InputError(f"complexity needs at least 2 regions and 2 sectors linked by shared specialisations, "
                             f"the largest group has {m.shape[0]} regions and {m.shape[1]} sectors")
    values = m.to_numpy()
    if method == "reflections":
        regions, sectors = _reflections(values, int(steps))
        eigenvalue, used, score = float("nan"), int(steps), float("nan")
    else:
        regions, sectors, eigenvalue, score = _eigenvector(values)
        used = 0
    return Complexity(
        regions=pd.Series(regions, index=m.index, name="complexity").reindex(full.index),
        sectors=pd.Series(sectors, index=m.columns, name="complexity").reindex(full.columns),
        method=method, steps=used, eigenvalue=eigenvalue, left_out=left_out,
        sign_score=score)


def region_complexity(m: pd.DataFrame, method: Literal["reflections", "eigenvector"] = "eigenvector") -> pd.Series:
    """Region complexity straight from a region × sector measure (the registry's ``complexity``).

    incidence(m) → :func:`complexity` on the largest group of regions and sectors linked by shared
    specialisations (``disconnected="largest"``); regions outside it, or every region when fewer than
    2 regions and 2 sectors are linked, are NaN. Standardised ECI (mean 0, standard deviation 1).
    """
    inc = incidence(m)
    try:
        return complexity(inc, method, disconnected="largest").regions.reindex(m.index)
    except InputError:
        return pd.Series(np.nan, index=m.index, name="complexity")
