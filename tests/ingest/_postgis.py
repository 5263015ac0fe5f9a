"""A throwaway PostgreSQL + PostGIS cluster for tests and benchmarks (Debian packages postgresql, postgis).

:class:`PostgisCluster` runs ``initdb`` in a temporary folder, starts the server with ``pg_ctl`` on a
free port of 127.0.0.1 (password authentication over TCP, scram-sha-256), creates a database with the
``postgis`` extension, and removes everything on exit. As root, the server runs as the ``postgres`` user
(``initdb`` refuses root). Nothing is mocked: the ingest talks to a real server through libpq.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER, PASSWORD, DATABASE = "atlas", "s3cr3t-Pa55", "atlas"


def postgres_bin() -> Path | None:
    """Folder of the newest installed PostgreSQL server binaries, or ``None``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def postgis_installed() -> bool:
    """Whether the server has the PostGIS extension files."""
    folder = postgres_bin()
    control = f"/usr/share/postgresql/{folder.parent.name if folder else ''}/extension/postgis.control"
    return folder is not None and os.path.exists(control)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgisCluster:
    """``with PostgisCluster() as pg: pg.url`` → ``postgresql://atlas:…@127.0.0.1:PORT/atlas`` (PostGIS on)."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}"

    def url_without_password(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def __enter__(self) -> PostgisCluster:
        pwfile = self.folder / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self.as_root:
            shutil.chown(self.folder, "postgres")
            shutil.chown(pwfile, "postgres")
            self.folder.chmod(0o755)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, f"--pwfile={pwfile}", "-E", "UTF8",
                  "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "--no-instructions")
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "-t", "60", "start")
        import psycopg

        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute("CREATE EXTENSION postgis")
        return self

    def connect(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def __exit__(self, *exc: object) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def load_firms(pg: PostgisCluster, frame, *, table: str, geometry: bool) -> None:
    """Copy a register (columns ``id, name, lat, lon, nace, employees, source``, text as in a CSV) into a table.

    Empty text becomes NULL; ``lat``/``lon`` are ``double precision`` and ``employees`` ``integer``. With
    ``geometry`` the coordinates become one ``geometry(Point, 4326)`` column ``geom`` (a row without
    coordinates gets no point) and ``lat``/``lon`` are dropped.
    """
    import io

    text = frame[["id", "name", "lat", "lon", "nace", "employees", "source"]].to_csv(index=False, header=False)
    point = ("CASE WHEN lon IS NOT NULL AND lat IS NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END"
             "::geometry(Point, 4326) AS geom" if geometry else "lat, lon")
    with pg.connect() as connection:
        connection.execute(f"DROP TABLE IF EXISTS {table}")
        connection.execute("CREATE TEMPORARY TABLE raw (n bigserial, id text, name text, lat double precision, "
                           "lon double precision, nace text, employees integer, source text)")
        with connection.cursor().copy("COPY raw (id, name, lat, lon, nace, employees, source) FROM STDIN "
                                      "(FORMAT csv)") as copy:
            buffer = io.StringIO(text)
            while block := buffer.read(1 << 20):
                copy.write(block)
        connection.execute(f"CREATE TABLE {table} AS SELECT id, name, {point}, nace, employees, source FROM raw "
                           "ORDER BY n")  # a fresh table: a sequential scan returns the rows in this order
