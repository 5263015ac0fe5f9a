"""Read the query parameters of the data API strictly: any unknown, repeated or invalid value is an HTTP 400.

Unlike a page link (:func:`views.url.parse_query`, which falls back to defaults with a notice), the API
refuses what it cannot read, with one line naming the parameter and what is allowed. A valid query then
becomes the view the page would show for the same link (the dataset's own year and NUTS version when the
query does not say them) and, through :func:`views.values.effective_view`, the view that exists; its
adjustments are returned as notices.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from urllib.parse import urlencode

from data.errors import AtlasError
from data.store import DataStore
from views.api_url import FORMATS, VALUE_PARAMETERS
from views.state import CONTROLS, View
from views.url import MAX_PARAM_LENGTH, parse_query
from views.values import effective_view

__all__ = ["ApiError", "read_format", "read_params", "read_view", "read_whole"]


class ApiError(AtlasError):
    """A request the API refuses: ``status`` (400, 404, 413, 414, 429) and a one-line reason."""

    def __init__(self, reason: str, status: int = 400, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(" ".join(reason.split()))
        self.status, self.headers = status, dict(headers or {})


def read_params(args: Mapping[str, Sequence[str]], allowed: Collection[str]) -> dict[str, str]:
    """Check a query's parameters: each known, given once, at most :data:`MAX_PARAM_LENGTH` characters.

    ``args`` maps a name to its values (``request.args.to_dict(flat=False)``).

    >>> read_params({"level": ["2"]}, ["level", "version"])
    {'level': '2'}
    >>> try:
    ...     read_params({"levl": ["2"]}, ["level"])
    ... except ApiError as error:
    ...     print(error.status, error)
    400 unknown parameter 'levl'; known: level
    """
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        raise ApiError(f"unknown parameter '{unknown[0][:40]}'; known: {', '.join(allowed)}")
    for name, values in args.items():
        if len(values) != 1:
            raise ApiError(f"parameter '{name}' given {len(values)} times; give it once")
        if len(values[0]) > MAX_PARAM_LENGTH:
            raise ApiError(f"parameter '{name}' is longer than {MAX_PARAM_LENGTH} characters")
    return {name: values[0] for name, values in args.items()}


def read_format(params: Mapping[str, str], formats: Sequence[str] = FORMATS) -> str:
    """Return the answer format (``json`` when absent)."""
    fmt = params.get("format", "json")
    if fmt not in formats:
        raise ApiError(f"parameter 'format'={fmt[:40]!r}: expected one of {', '.join(formats)}")
    return fmt


def read_whole(params: Mapping[str, str], name: str, allowed: Collection[int], default: int) -> int:
    """Read a whole-number parameter from ``allowed`` (``default`` when absent)."""
    if name not in params:
        return default
    text = params[name]
    if not (text.isascii() and text.isdecimal()) or int(text) not in allowed:
        raise ApiError(f"parameter '{name}'={text[:40]!r}: expected one of {sorted(allowed)}")
    return int(text)


def read_view(store: DataStore, params: Mapping[str, str]) -> View:
    """Return the effective view of a values query (every parameter of :data:`VALUE_PARAMETERS` optional).

    Raises
    ------
    ApiError
        A value a control does not allow (HTTP 400), naming the parameter and the allowed values.
    """
    named = params.get("dataset")
    dataset = named if named in store.datasets and store.dataset(named).sectoral else "sbs"
    for name in VALUE_PARAMETERS:
        if name in params:
            _, rejected, allowed = CONTROLS[name].parse(params[name], store, dataset)
            if rejected is not None:
                raise ApiError(f"parameter '{name}'={rejected[:40]!r}: {allowed}")
    query = urlencode({name: params[name] for name in VALUE_PARAMETERS if name in params})
    return effective_view(store, parse_query(query, store).view)
