"""A throwaway PostgreSQL cluster for the tests: started on demand, private, gone afterwards.

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user (through
``runuser``); as anyone else it runs as that user. The cluster lives in a temporary folder with
its own socket directory, listens on 127.0.0.1 on a free port only, trusts local connections and
is stopped (immediate mode) and deleted when the test session ends.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
SUPERUSER = "projectionist"


class PostgresUnavailable(RuntimeError):
    """The server binaries, or a user to run them as, are not on this machine."""


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def missing_reason() -> str | None:
    """Why a cluster cannot be started here, or None when it can."""
    absent = [name for name in SERVER_BINARIES if shutil.which(name) is None]
    if absent:
        return f"PostgreSQL server binaries not on PATH ({', '.join(absent)})"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root and 'runuser' is not available"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    reason = missing_reason()
    if reason:
        raise PostgresUnavailable(reason)
    root = Path(tempfile.mkdtemp(prefix="projectionist-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        for path in (root, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(
            _as_server_user(
                ["initdb", "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                 "--no-instructions", "--locale=C"]
            ),
            **run,
        )  # fmt: skip
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            _as_server_user(
                ["pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "server.log"),
                 "-w", "-t", "60", "start"]
            ),
            **run,
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL did not start: {exc.stderr.strip()}") from exc
    try:
        yield Cluster("127.0.0.1", port, SUPERUSER)
    finally:
        subprocess.run(
            _as_server_user(["pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":  # `python -m tests.postgres_cluster`: can the PostgreSQL pass run here?
    import sys

    why_not = missing_reason()
    if why_not:
        print(why_not)
    sys.exit(1 if why_not else 0)


async def pass_deadlines(url: str, poll_ids: Iterable[int]) -> None:
    """Move these polls' deadlines to now, as if their time had run out (bot processes keep real
    time, and a poll runs at least ten minutes). Test set-up reaching under the product, so the
    driver is imported here, once, rather than in each test or demo that needs it."""
    import asyncpg  # the cluster helpers above need only the standard library

    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "UPDATE polls SET closes_at = now() WHERE id = ANY($1::bigint[])", list(poll_ids)
        )
    finally:
        await connection.close()
