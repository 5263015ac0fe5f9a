"""What an export can be: atlas formats, sizes and page backgrounds of snapshots, PDF and atlas pages.

Plain data, no Plotly: the command line lists these in ``--help`` without loading the map layers.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ATLAS_FORMATS", "BACKGROUNDS", "EXPORT_SIZES", "IMAGE_TYPES", "POINTS_PER_CSS_PIXEL", "ExportSize"]

#: Rendered formats: key → MIME type. An atlas is one PDF with a page per sector, or one image per sector.
IMAGE_TYPES = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml", "jpeg": "image/jpeg"}
ATLAS_FORMATS = tuple(IMAGE_TYPES)

#: Page backgrounds: key → paper colour.
BACKGROUNDS = {"white": "#ffffff", "transparent": "rgba(0,0,0,0)"}
#: 72 PDF points per inch / 96 CSS pixels per inch.
POINTS_PER_CSS_PIXEL = 0.75


@dataclass(frozen=True)
class ExportSize:
    """An export size: figure size in CSS pixels and the pixel ratio of raster output.

    A PDF page is ``width`` × ``height`` CSS pixels (1/96 inch) and its map is drawn at ``scale``;
    a PNG or JPEG has ``int(width * scale)`` × ``int(height * scale)`` pixels.
    """

    key: str
    label: str
    width: int
    height: int
    scale: float

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of a raster export in pixels."""
        return int(self.width * self.scale), int(self.height * self.scale)

    @property
    def dpi(self) -> float:
        """Resolution of the raster export when printed at the PDF page size."""
        return 96 * self.scale

    @property
    def points(self) -> tuple[float, float]:
        """Width and height of a PDF page of this size in points (1/72 inch).

        Examples
        --------
        >>> EXPORT_SIZES["a4-landscape"].points
        (842.25, 595.5)
        """
        return self.width * POINTS_PER_CSS_PIXEL, self.height * POINTS_PER_CSS_PIXEL


#: A4 is 297 × 210 mm = 1123 × 794 CSS pixels; × 3.125 = 300 dpi (3509 × 2481 pixels).
EXPORT_SIZES = {s.key: s for s in (
    ExportSize("1600x1000", "Screen 1600 × 1000", 1600, 1000, 1.0),
    ExportSize("1600x1000@2", "Retina: 1600 × 1000 at 2× (3200 × 2000)", 1600, 1000, 2.0),
    ExportSize("a4-landscape", "A4 landscape, 300 dpi (3509 × 2481)", 1123, 794, 3.125),
    ExportSize("a4-portrait", "A4 portrait, 300 dpi (2481 × 3509)", 794, 1123, 3.125),
    ExportSize("1200x1200", "Square 1200 × 1200", 1200, 1200, 1.0),
)}
