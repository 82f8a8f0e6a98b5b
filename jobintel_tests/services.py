"""Real services for the tests that need them: Debian packages installed on demand, a PostgreSQL server.

CI runs the suite as root on a fresh Debian machine, so a missing package is installed with apt.
Only a developer who is not root and lacks the package gets a skip, with the command to run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

_apt_updated = False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_debian_package(package: str, is_installed) -> None:
    """Install ``package`` with apt when ``is_installed()`` is false: as root, or skip saying what to run."""
    global _apt_updated
    if is_installed():
        return
    if os.geteuid() != 0:
        pytest.skip(f"needs the Debian package {package}: run `sudo apt-get install {package}` (or as root)")
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    if not _apt_updated:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
        _apt_updated = True
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=env, timeout=1200)
    assert is_installed(), f"apt-get installed {package} but it is still not usable"


def postgres_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server's bin folder (Debian keeps one per major version)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg2

        connection = psycopg2.connect(self.url("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        return self.url(name)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        output = result.stdout + result.stderr
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{output}")


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """initdb a throwaway cluster, start it on 127.0.0.1 and a free port, stop and delete it after."""
    require_debian_package("postgresql", lambda: postgres_bin_dir() is not None)
    bin_dir = postgres_bin_dir()
    # PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user.
    owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    as_owner = ["runuser", "-u", owner.pw_name, "--"] if owner else []
    workdir = Path(tempfile.mkdtemp(prefix="jobintel-postgres-"))
    server = PostgresServer(host="127.0.0.1", port=free_port(), user="jobintel", password="jobintel-test")
    password_file = workdir / "password"
    password_file.write_text(server.password)
    if owner:
        for path in (workdir, password_file):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    data = workdir / "data"
    options = f"-c listen_addresses={server.host} -p {server.port} -k {workdir}"
    try:
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", server.user, "--pwfile", str(password_file)]
        _run([*as_owner, *initdb, "--auth-host=scram-sha-256", "--auth-local=trust"])
        pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data)]
        _run([*as_owner, *pg_ctl, "-o", options, "-l", str(workdir / "log"), "-w", "start"])
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*as_owner, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(workdir, ignore_errors=True)


SESSION_MARKER_ENV = "JOBINTEL_TEST_SESSION"


def processes_with_env(name: str, value: str) -> list[int]:
    """Running processes whose environment holds ``name=value`` (children inherit it from the tests)."""
    needle = f"{name}={value}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        pid = int(environ.parent.name)
        if pid == os.getpid():
            continue
        try:
            if needle in environ.read_bytes().split(b"\0"):
                found.append(pid)
        except OSError:
            continue  # gone, or not ours to read
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "(gone)"
