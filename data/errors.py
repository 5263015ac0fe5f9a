"""Exception hierarchy of Cluster Atlas: one base class, specific subclasses."""

from __future__ import annotations


class AtlasError(Exception):
    """Base class of every error raised on purpose by Cluster Atlas."""


class InputError(AtlasError, ValueError):
    """Input data that cannot be used as it is."""


class SchemaError(InputError):
    """A file, row or column that breaks the expected schema.

    The message names the file, the row (1-based, header excluded), the column, the value found and
    what is allowed, so that a user can fix the file.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.file, self.row, self.column, self.value, self.problem = file, row, column, value, problem
        where = [f"file '{file}'" if file else "", f"row {row}" if row is not None else "",
                 f"column '{column}'" if column else ""]
        prefix = ", ".join(w for w in where if w)
        shown = f" (value {value!r})" if value is not None else ""
        super().__init__(f"{prefix}: {problem}{shown}" if prefix else f"{problem}{shown}")


class AlignmentError(InputError):
    """Labels of two inputs (regions, sectors) do not match."""


class CRSError(InputError):
    """A coordinate reference system that is missing or cannot be used."""


class LimitError(InputError):
    """An input over a configured limit (size, rows, columns)."""


class DatasetNotFoundError(AtlasError, KeyError):
    """A dataset, NUTS version, level or year that the store does not hold."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""
