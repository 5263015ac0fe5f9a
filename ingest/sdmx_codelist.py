"""Labels of SDMX codes from Eurostat's codelists, for indicators of a fetched table that the atlas does not know.

The data API's SDMX-CSV has codes only (``SAL_LOC_NR``); the label (``Employees in the local units``) is in
the dimension's codelist, ``…/sdmx/2.1/codelist/ESTAT/INDIC_SBS`` (SDMX-ML 2.1 structure message). Reading
it is best effort: any failure leaves the codes as they are (the menus then show the code).
"""

from __future__ import annotations

import http.client
import urllib.request
import xml.etree.ElementTree as ET  # noqa: N817 (the usual name)

__all__ = ["codelist_url", "parse_codelist", "read_labels"]

STRUCTURE = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure}"
COMMON = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Largest codelist read (bytes); Eurostat's largest (GEO) is a few MB.
MAX_BYTES = 16 * 2**20


def codelist_url(base: str, dimension: str) -> str:
    """Address of a dimension's codelist next to the data endpoint ``base`` (``…/sdmx/2.1/data``).

    >>> codelist_url("https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data", "indic_sbs")
    'https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/codelist/ESTAT/INDIC_SBS'
    """
    return f"{base.rstrip('/').removesuffix('/data')}/codelist/ESTAT/{dimension.upper()}"


def parse_codelist(xml: bytes, *, lang: str = "en") -> dict[str, str]:
    """Read code → name (in ``lang``, else the first name) from an SDMX-ML 2.1 structure message.

    >>> parse_codelist(b'<m:Structure xmlns:m="m" xmlns:s="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/'
    ...     b'structure" xmlns:c="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"><s:Code id="X">'
    ...     b'<c:Name xml:lang="de">Ix</c:Name><c:Name xml:lang="en">Ex</c:Name></s:Code></m:Structure>')
    {'X': 'Ex'}
    """
    labels = {}
    for code in ET.fromstring(xml).iter(f"{STRUCTURE}Code"):
        names = code.findall(f"{COMMON}Name")
        chosen = next((n for n in names if n.get(XML_LANG) == lang), names[0] if names else None)
        if code.get("id") and chosen is not None and chosen.text:
            labels[code.get("id")] = " ".join(chosen.text.split())
    return labels


def read_labels(base: str, dimension: str, codes: list[str], *, timeout: float) -> dict[str, str]:
    """Labels of ``codes`` from the codelist of ``dimension``; ``{}`` when it cannot be read (never raises)."""
    request = urllib.request.Request(codelist_url(base, dimension), headers={"User-Agent": "cluster-atlas/fetch"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            labels = parse_codelist(answer.read(MAX_BYTES + 1)[:MAX_BYTES])
    except (OSError, http.client.HTTPException, ET.ParseError, ValueError):  # no answer or not XML: keep codes
        return {}
    return {code: labels[code] for code in codes if code in labels}
