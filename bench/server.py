"""The portal under gunicorn on a scratch database: what the load and concurrency checks drive.

`prepared` makes the database (a SQLite file in a scratch instance folder, or a scratch
database created and dropped on a PostgreSQL server), migrates it, publishes the shipped
questionnaires and runs `flask bench generate`; `serving` starts gunicorn on a free port of
127.0.0.1 and stops it afterwards. Every step is the real command a deployment runs.

Two settings differ from a deployment, both for the benchmark's sake and both printed:
the session cookie is sent over plain http (there is no TLS proxy on 127.0.0.1), and the
password hash is cheap, so that signing in dozens of sessions does not dominate a short run
(sign-in is not among the measured pages).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BENCH_SETTINGS = {
    "PORTAL_SESSION_COOKIE_SECURE": "false",
    "PORTAL_PASSWORD_HASH_TIME_COST": "1",
    "PORTAL_PASSWORD_HASH_MEMORY_KIB": "8192",
    "PORTAL_PASSWORD_HASH_PARALLELISM": "1",
    "PORTAL_MAIL_BACKEND": "file",
}


class BenchError(RuntimeError):
    """A step of the harness failed; the message says which and why."""


@dataclass(frozen=True)
class Database:
    """Where a run keeps its data: the instance folder and the database URL."""

    instance: Path
    url: str

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.url.startswith("postgresql") else "SQLite"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
        env |= BENCH_SETTINGS
        env |= {"PORTAL_INSTANCE_PATH": str(self.instance), "PORTAL_DATABASE_URL": self.url}
        return env


def sqlite_database(instance: Path) -> Database:
    instance.mkdir(parents=True, exist_ok=True)
    return Database(instance, f"sqlite:///{instance / 'portal.db'}")


@contextmanager
def postgres_database(server_url: str, instance: Path, name: str) -> Iterator[Database]:
    """A new database `name` on the server of `server_url`, dropped afterwards."""
    url = make_url(server_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    quoted = '"' + name.replace('"', '""') + '"'
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {quoted}"))
    instance.mkdir(parents=True, exist_ok=True)
    try:
        yield Database(instance, url.set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        admin.dispose()


def flask(database: Database, *args: str) -> str:
    """Run `flask --app portal ARGS` against the database; its output, or BenchError."""
    command = [sys.executable, "-m", "flask", "--app", "portal", *args]
    done = subprocess.run(
        command, env=database.environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchError(
            f"`flask {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def prepare(database: Database, suppliers: int, members: int) -> tuple[dict[str, Any], float]:
    """Migrate, publish and generate; the manifest and the seconds generation took."""
    flask(database, "db", "upgrade")
    flask(database, "questionnaires", "publish")
    manifest = database.instance / "bench-manifest.json"
    started = time.perf_counter()
    flask(
        database, "bench", "generate", "--suppliers", str(suppliers), "--members", str(members),
        "--manifest", str(manifest),
    )
    seconds = time.perf_counter() - started
    return json.loads(manifest.read_text()), seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(database: Database, workers: int = 2, timeout: float = 60) -> Iterator[str]:
    """gunicorn with `workers` sync workers on a free port; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (database.instance / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", "--timeout", "120", "portal:create_app()",
        ],
        env=database.environment(), stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(base, process, timeout, database.instance / "gunicorn.log")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /healthz within {timeout:.0f} s:\n{log.read_text()}")
