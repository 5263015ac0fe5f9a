"""The filter state: :class:`View` and the one registry of the controls that set its fields.

Each entry of :data:`CONTROLS` describes one control once: the :class:`View` field it sets (also its URL
parameter), its kind (how a URL text is read and written, how a component's value becomes a field value)
and the values a store allows. The URL parser and writer (:mod:`views.url`), the callbacks (by the ids of
``callbacks.ids.CONTROL_IDS``) and the tests all read it; nothing depends on the order of the controls.

How to add a control
--------------------
1. Add the field (with its default) to :class:`View` and use it where values are computed.
2. Add one :class:`Control` to :data:`CONTROLS`: the field name, a :data:`KINDS` key and the allowed values.
3. Add its component id to ``callbacks.ids`` and to ``callbacks.ids.CONTROL_IDS``, and the component to
   ``callbacks.filters.panel``. Every callback that builds a view then receives it by name; the URL
   reads and writes it; ``tests/views/test_state.py`` checks the three agree.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields

from analysis.registry import INDICATORS, Indicator
from data.store import DataStore

#: Layers the map can draw (``layers`` control and URL parameter).
LAYERS = ("sites", "firms", "outlines", "basemap", "lisa", "gi", "marks", "pointclusters", "firmsizes")
#: LQ reference areas: all shown regions, or each region's own country.
REFERENCES = ("eu", "country")
#: Significance levels offered for the hot spots (pseudo p-values).
ALPHAS = (0.05, 0.01, 0.001)
#: Regions compare mode shows side by side at most.
MAX_COMPARE = 10
#: Firm clusters (layer ``pointclusters``): methods and minimum cluster sizes offered.
CLUSTER_METHODS = ("hdbscan", "dbscan")
CLUSTER_SIZES = (10, 25, 50, 100, 250)
#: Colour scales of the map: the indicator's own (diverging red–blue, YlOrRd), or a perceptually uniform
#: sequential one that prints in grey and suits every colour vision (issue 19).
PALETTES = ("default", "cividis", "viridis")


@dataclass(frozen=True)
class View:
    """One filter state of the dashboard (the URL contract of DESIGN §5)."""

    dataset: str = "sbs"
    sector: str = "C"
    indicator: str = "lq"
    measure: str = "employment"
    level: int = 2
    year: int = 2014
    version: int = 2013
    countries: tuple[str, ...] = ()
    reference: str = "eu"
    layers: tuple[str, ...] = ("outlines",)
    alpha: float = 0.05
    start: int | None = None  # start year of a change view (None: a single year)
    compare: tuple[str, ...] = ()
    cluster_method: str = "hdbscan"
    cluster_size: int = 25
    palette: str = "default"
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def spec(self) -> Indicator:
        """The registry entry of the chosen indicator."""
        return INDICATORS[self.indicator]


#: What a parse yields for a rejected (or absent) text: no value.
NO_VALUE = object()


@dataclass(frozen=True)
class Kind:
    """How values of one kind travel: URL text → value (or rejection), value → URL text, component ↔ field.

    ``parse(text, allowed)`` returns ``(value, rejected)``: the value (:data:`NO_VALUE` if none) and the
    rejected part of the text (``None`` if none); a list keeps its allowed items and rejects the others.
    """

    parse: Callable[[str, Collection], tuple[object, str | None]]
    encode: Callable[[object], str]
    from_component: Callable[[object], object]
    to_component: Callable[[object], object]
    allowed_text: Callable[[str, Collection], str]


def _choice(text: str, allowed: Collection) -> tuple[object, str | None]:
    return (text, None) if text in allowed else (NO_VALUE, text)


def _whole(text: str, allowed: Collection) -> tuple[object, str | None]:
    ok = text.isascii() and text.isdecimal() and int(text) in allowed
    return (int(text), None) if ok else (NO_VALUE, text)


def _items(text: str, allowed: Collection) -> tuple[object, str | None]:
    items = tuple(dict.fromkeys(p for p in text.split(",") if p))
    bad = [p for p in items if p not in allowed]
    return tuple(p for p in items if p in allowed), (",".join(bad) if bad else None)


def _number(text: str, allowed: Collection) -> tuple[object, str | None]:
    value = {f"{a:g}": a for a in allowed}.get(text)
    return (NO_VALUE, text) if value is None else (value, None)


def _regions(text: str, allowed: Collection) -> tuple[object, str | None]:
    """Known region ids, the first :data:`MAX_COMPARE` of them; unknown ids and the surplus are rejected."""
    kept, rejected = _items(text, allowed)
    surplus = list(kept[MAX_COMPARE:])
    bad = [p for p in (rejected.split(",") if rejected else []) + surplus if p]
    return kept[:MAX_COMPARE], (",".join(bad) if bad else None)


def _same(value: object) -> object:
    return value


def _optional_whole(text: str, allowed: Collection) -> tuple[object, str | None]:
    return (None, None) if text in ("", "none") else _whole(text, allowed)


#: The kinds of control: a choice of texts, a whole number, a list of texts, a number from a short list.
KINDS: dict[str, Kind] = {
    "choice": Kind(_choice, str, _same, _same, lambda name, allowed: f"one of {sorted(allowed)}"),
    "whole": Kind(_whole, str, int, _same, lambda name, allowed: f"one of {sorted(allowed)}"),
    "items": Kind(_items, ",".join, lambda v: tuple(v or ()), list, lambda name, allowed: f"unknown {name}"),
    "number": Kind(_number, lambda v: f"{v:g}", float, _same,
                   lambda name, allowed: f"one of {[f'{a:g}' for a in allowed]}"),
    "optional_whole": Kind(_optional_whole, lambda v: "" if v is None else str(v),
                           lambda v: None if v in (None, "") else int(v), _same,
                           lambda name, allowed: f"none or one of {sorted(allowed)}"),
    "regions": Kind(_regions, ",".join, lambda v: tuple(dict.fromkeys(v or ()))[:MAX_COMPARE], list,
                    lambda name, allowed: f"unknown region ids, or more than {MAX_COMPARE} regions"),
}


@dataclass(frozen=True)
class Control:
    """One control: the :class:`View` field it sets (= URL parameter), its kind and the values a store allows.

    ``allowed_text`` overrides the kind's description of the allowed values in a notice; ``blank_is_default``
    reads an empty component value (``None``, ``""``) as the field's default.
    """

    field: str
    kind: str
    allowed: Callable[[DataStore, str], Collection]
    allowed_text: Callable[[str, Collection], str] | None = None
    blank_is_default: bool = False

    def parse(self, text: str, store: DataStore, dataset: str = "sbs") -> tuple[object, str | None, str]:
        """Read a URL text: ``(value or NO_VALUE, rejected text or None, what is allowed)``.

        ``dataset``: the dataset the URL names (values such as measures depend on it).
        """
        allowed = self.allowed(store, dataset)
        value, rejected = KINDS[self.kind].parse(text, allowed)
        describe = self.allowed_text or KINDS[self.kind].allowed_text
        return value, rejected, describe(self.field, allowed)

    def encode(self, value: object) -> str:
        """Write a field value as URL text."""
        return KINDS[self.kind].encode(value)

    def from_component(self, value: object) -> object:
        """Turn a component's value into the field's type (``int("2")``, a list into a tuple …)."""
        if self.blank_is_default and value in (None, ""):
            return _DEFAULTS[self.field]
        return KINDS[self.kind].from_component(value)

    def to_component(self, value: object) -> object:
        """Turn a field value into the component's value (a tuple into a list)."""
        return KINDS[self.kind].to_component(value)


def _listed(name: str, allowed: Collection) -> str:
    return f"one of {list(allowed)}"


def _years(store: DataStore, dataset: str) -> set[int]:
    return {y for ds in store.datasets.values() for y in ds.years}


def _countries(store: DataStore, dataset: str) -> set[str]:
    return set(store.countries(2013).index) | set(store.countries(2021).index)


def _region_ids(store: DataStore, dataset: str) -> set[str]:
    return {i for version in (2013, 2021) for level in range(4) for i in store.region_table(version, level).index}


#: Every control, in URL order. One entry per :class:`View` field that a control sets.
CONTROLS: dict[str, Control] = {c.field: c for c in (
    Control("dataset", "choice", lambda store, _: set(store.datasets), blank_is_default=True),
    # the codes of the dataset the link names (a register's section A), and the SBS table's
    Control("sector", "choice", lambda store, dataset: {*store.sector_codes(dataset), *store.sector_codes("sbs")},
            allowed_text=lambda name, allowed: "a NACE code of the table, e.g. C29"),
    Control("indicator", "choice", lambda store, _: set(INDICATORS)),
    # the measures of the dataset the link names (else the SBS table): a register's 'enterprises' is valid
    Control("measure", "choice", lambda store, dataset: store.dataset(dataset).measures, allowed_text=_listed),
    Control("level", "whole", lambda store, _: {0, 1, 2, 3}),
    Control("year", "whole", _years),
    Control("version", "whole", lambda store, _: {2013, 2021}),
    Control("reference", "choice", lambda store, _: REFERENCES, allowed_text=_listed),
    Control("countries", "items", _countries),
    Control("layers", "items", lambda store, _: set(LAYERS)),
    Control("alpha", "number", lambda store, _: ALPHAS),
    Control("start", "optional_whole", _years),
    Control("compare", "regions", _region_ids),
    Control("cluster_method", "choice", lambda store, _: CLUSTER_METHODS, allowed_text=_listed),
    Control("cluster_size", "whole", lambda store, _: CLUSTER_SIZES),
    Control("palette", "choice", lambda store, _: PALETTES, allowed_text=_listed),
)}
_DEFAULTS = {f.name: f.default for f in fields(View)}


def view_from_controls(values: Mapping[str, object] | None = None, **named: object) -> View:
    """Build a :class:`View` from the controls' values, by field name (absent controls keep their default).

    >>> view = view_from_controls(sector="C10", level="1", countries=None, dataset=None)
    >>> view.sector, view.level, view.countries, view.dataset
    ('C10', 1, (), 'sbs')
    """
    given = {**(values or {}), **named}
    unknown = set(given) - set(CONTROLS)
    if unknown:
        raise TypeError(f"not a control: {sorted(unknown)}")
    return View(**{name: CONTROLS[name].from_component(value) for name, value in given.items()})


def control_values(view: View, names: Iterable[str] | None = None) -> dict[str, object]:
    """Return the controls' values for a view, by field name (all controls, or those ``names``)."""
    return {name: CONTROLS[name].to_component(getattr(view, name)) for name in (CONTROLS if names is None else names)}
