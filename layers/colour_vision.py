"""Colour-vision deficiency simulation and colour difference, to check that palettes stay distinguishable.

* :func:`simulate`: Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of
  color vision deficiency", IEEE TVCG 15(6) — the severity-1.0 matrices for protanopia, deuteranopia and
  tritanopia, applied to linear sRGB (as colorspacious and DaltonLens do).
* :func:`ciede2000`: the CIEDE2000 colour difference ΔE00 (CIE 142-2001), implemented after Sharma, Wu &
  Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes …", Color Res. Appl. 30(1);
  their test pairs are the golden values of ``tests/layers/test_colour_vision.py``.

Colours are ``(n, 3)`` arrays of sRGB in 0…1 (or ``"#rrggbb"`` / ``"rgb(r,g,b)"`` texts via :func:`to_rgb`);
CIELAB uses the D65 white. Pure numpy, vectorised over colours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

#: Machado et al. (2009), severity 1.0, linear RGB → simulated linear RGB.
MACHADO = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
#: Linear sRGB → CIE XYZ (D65), IEC 61966-2-1.
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])


def to_rgb(colours: Sequence[str]) -> np.ndarray:
    """Parse ``"#rrggbb"`` or ``"rgb(r, g, b)"`` texts into an ``(n, 3)`` array of sRGB in 0…1."""
    out = []
    for colour in colours:
        text = colour.strip()
        if text.startswith("#") and len(text) == 7:
            out.append([int(text[i:i + 2], 16) for i in (1, 3, 5)])
        else:
            match = re.fullmatch(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*[\d.]+\s*)?\)", text)
            if match is None:
                raise ValueError(f"not a colour: {colour!r}")
            out.append([float(v) for v in match.groups()])
    return np.asarray(out, dtype=float).reshape(-1, 3) / 255.0


def _linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _gamma(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate(srgb: np.ndarray, deficiency: str) -> np.ndarray:
    """Return sRGB colours as seen with a full ``deficiency`` (a key of :data:`MACHADO`), clipped to 0…1."""
    return _gamma(_linear(np.asarray(srgb, dtype=float)) @ MACHADO[deficiency].T)


def to_lab(srgb: np.ndarray) -> np.ndarray:
    """Convert sRGB (0…1) to CIELAB (D65): L* 0…100."""
    xyz = (_linear(np.asarray(srgb, dtype=float)) @ SRGB_TO_XYZ.T) / D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 difference ΔE00 of paired CIELAB colours (``(n, 3)`` each; kL = kC = kH = 1).

    ΔE00 = √((ΔL′/S_L)² + (ΔC′/S_C)² + (ΔH′/S_H)² + R_T (ΔC′/S_C)(ΔH′/S_H)); 0 for equal colours, about
    1 for a just noticeable difference; range 0 … ~100+.
    """
    lab1, lab2 = np.atleast_2d(lab1).astype(float), np.atleast_2d(lab2).astype(float)
    l1, a1, b1 = lab1.T
    l2, a2, b2 = lab2.T
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar ** 7 / (c_bar ** 7 + 25.0 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    zero = (c1p * c2p) == 0
    dlp, dcp = l2 - l1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(zero, 0.0, dh)
    dhp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh) / 2)
    lbp, cbp = (l1 + l2) / 2, (c1p + c2p) / 2
    hsum = h1p + h2p
    hbp = np.where(np.abs(h1p - h2p) <= 180, hsum / 2, np.where(hsum < 360, (hsum + 360) / 2, (hsum - 360) / 2))
    hbp = np.where(zero, hsum, hbp)
    t = (1 - 0.17 * np.cos(np.radians(hbp - 30)) + 0.24 * np.cos(np.radians(2 * hbp))
         + 0.32 * np.cos(np.radians(3 * hbp + 6)) - 0.20 * np.cos(np.radians(4 * hbp - 63)))
    d_theta = 30 * np.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * np.sqrt(cbp ** 7 / (cbp ** 7 + 25.0 ** 7))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / np.sqrt(20 + (lbp - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    rt = -np.sin(np.radians(2 * d_theta)) * rc
    return np.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp / sh) ** 2 + rt * (dcp / sc) * (dhp / sh))


def difference(colours_a: Sequence[str], colours_b: Sequence[str], deficiency: str | None = None) -> np.ndarray:
    """ΔE00 between paired colour texts, both seen with ``deficiency`` (``None``: normal vision)."""
    a, b = to_rgb(colours_a), to_rgb(colours_b)
    if deficiency is not None:
        a, b = simulate(a, deficiency), simulate(b, deficiency)
    return ciede2000(to_lab(a), to_lab(b))
