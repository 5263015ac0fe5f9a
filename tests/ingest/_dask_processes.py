"""A Dask cluster as users start it: ``dask scheduler`` and ``dask worker`` processes in another folder.

The processes run with ``cwd`` = a temporary folder and an environment without ``PYTHONPATH``, so they
cannot import this project's modules (``ingest``, ``data``) — as on a real cluster.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.ingest._postgis import free_port


class DaskProcesses:
    """``with DaskProcesses(workers=2) as cluster: cluster.address`` → ``tcp://127.0.0.1:PORT``."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="atlas-dask-"))
        self.processes: list[subprocess.Popen] = []

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _start(self, *argv: str, name: str) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        log = (self.folder / f"{name}.log").open("wb")
        self.processes.append(subprocess.Popen([sys.executable, "-m", "dask", *argv], cwd=self.folder, env=env,
                                               stdout=log, stderr=subprocess.STDOUT))

    def __enter__(self) -> DaskProcesses:
        self._start("scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard", name="scheduler")
        for number in range(self.workers):
            self._start("worker", self.address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                        "--host", "127.0.0.1", "--local-directory", str(self.folder / f"w{number}"),
                        name=f"worker{number}")
        from distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(self.address, timeout="5s", set_as_default=False) as client:
                    client.wait_for_workers(self.workers, timeout=max(1.0, deadline - time.monotonic()))
                    break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise
                time.sleep(0.5)
        return self

    def log(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.folder.glob("*.log")))

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
