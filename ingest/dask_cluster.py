"""Run the ingest's tasks on a Dask cluster that has the dependencies but not this project's code.

A scheduler and workers started from any folder (no ``PYTHONPATH``) cannot import ``ingest`` or
``data``; the scheduler unpickles the task graph too. So every project object a task needs — the
partition function and the chunk context — travels *by value*: :class:`ByValue` pickles it with
``cloudpickle`` with the ``ingest`` and ``data`` packages registered as pickle-by-value, and unpickles
with ``cloudpickle.loads`` (importable wherever ``distributed`` is). Classes come back as themselves on
the client (cloudpickle tracks them by id), so a :class:`~data.errors.SchemaError` raised on a worker is
caught as one.

Bytecode pickled by value needs the same Python minor version, and the tasks need the same libraries:
:func:`connect` compares them with :meth:`distributed.Client.get_versions` and refuses a mismatch in one
line (:class:`~data.errors.InputError`), as it does an unreachable scheduler.
"""

from __future__ import annotations

import sys
import uuid
from typing import Any

import cloudpickle

from data.errors import InputError

#: Project packages whose code is shipped with the tasks.
PACKAGES = ("ingest", "data")
#: Libraries the tasks use on the workers; they must match the client's (major.minor).
LIBRARIES = ("dask", "distributed", "cloudpickle", "numpy", "pandas", "pyarrow", "shapely", "pyproj")


def register_by_value() -> None:
    """Make cloudpickle pickle the project's packages by value (idempotent)."""
    registered = cloudpickle.list_registry_pickle_by_value()
    for name in PACKAGES:
        if name not in registered:
            cloudpickle.register_pickle_by_value(sys.modules[name] if name in sys.modules else __import__(name))


class ByValue:
    """Wrap an object so that any pickler ships it by value; unpickling yields the object itself.

    The bytes are made once (a partition function and a context reused by every task cost one
    serialisation). Dask tokenises the wrapper by a random id, not by pickling it again.
    """

    def __init__(self, obj: Any) -> None:
        register_by_value()
        self.payload = cloudpickle.dumps(obj)
        self.token = uuid.uuid4().hex

    def __reduce__(self) -> tuple:
        return cloudpickle.loads, (self.payload,)

    def __dask_tokenize__(self) -> str:
        return self.token


def _minor(version: object) -> str | None:
    return ".".join(str(version).split(".")[:2]) if version else None


def mismatches(versions: dict) -> list[str]:
    """Differences between the client's and the cluster's Python and libraries, one phrase each.

    ``versions`` is the answer of ``Client.get_versions(packages=LIBRARIES)``:
    ``{"client": {"host": {"python": …}, "packages": {name: version}}, "scheduler": …, "workers": {addr: …}}``.

    >>> same = {"host": {"python": "3.11.7.final.0"}, "packages": {"pandas": "3.1.1"}}
    >>> other = {"host": {"python": "3.12.1.final.0"}, "packages": {"pandas": None}}
    >>> mismatches({"client": same, "scheduler": same, "workers": {"tcp://w:1": other}})
    ['worker tcp://w:1: Python 3.12 (here 3.11)', 'worker tcp://w:1: pandas missing (here 3.1.1)']
    """
    mine = versions["client"]
    found = []
    machines = [("scheduler", versions.get("scheduler"))] + [(f"worker {address}", info) for address, info in
                                                           sorted(versions.get("workers", {}).items())]
    for name, info in machines:
        if not info:
            continue
        python, here = _minor(info["host"].get("python")), _minor(mine["host"].get("python"))
        if python != here:
            found.append(f"{name}: Python {python} (here {here})")
        for package, wanted in mine["packages"].items():
            if package == "python" or not wanted:
                continue
            has = info["packages"].get(package)
            if has is None:
                found.append(f"{name}: {package} missing (here {wanted})")
            elif _minor(has) != _minor(wanted):
                found.append(f"{name}: {package} {has} (here {wanted})")
    return found


def connect(scheduler: str, *, timeout: float = 20.0):
    """Connect to the scheduler at ``scheduler`` and check that its cluster can run the ingest.

    Raises
    ------
    InputError
        One line: the scheduler cannot be reached, it has no workers, or a Python/library version
        differs (naming the machine, the library and both versions).
    """
    from distributed import Client

    try:
        client = Client(scheduler, timeout=f"{timeout}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {first} (start it with "
                         f"'dask scheduler', and workers with 'dask worker {scheduler}')") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
        versions = client.get_versions(packages=list(LIBRARIES))
    except (OSError, TimeoutError) as error:
        client.close()
        raise InputError(f"the Dask scheduler at {scheduler} has no worker (start one with 'dask worker "
                         f"{scheduler}'): {type(error).__name__}") from None
    problems = mismatches(versions)
    if problems:
        client.close()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"the Dask cluster at {scheduler} cannot run this ingest: {problems[0]}{more}; install "
                         "the same versions there (pip install -r requirements.txt)")
    return client
