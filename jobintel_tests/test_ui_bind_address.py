"""`jobintel ui` serves this machine only unless told otherwise: the webserver listens on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from jobintel_tests.conftest import REPO

STARTUP_SECONDS = 120
LISTEN = "0A"  # TCP state in /proc/net/tcp


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port``, from the kernel's own tables."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == LISTEN and int(port_hex, 16) == port:
                addresses.add(address)
    return addresses


def test_the_ui_listens_on_the_loopback_address_only_by_default(jobintel_env: Path):
    port = _free_port()
    ui = subprocess.Popen(
        [str(Path(sys.executable).parent / "jobintel"), "ui", "--port", str(port)],
        cwd=REPO,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # dagster dev starts children: stop the whole group afterwards
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2) as answer:
                    assert answer.status == 200
                break
            except OSError:
                assert ui.poll() is None, "jobintel ui exited before serving"
                assert time.monotonic() < deadline, f"the UI did not answer on 127.0.0.1:{port}"
                time.sleep(0.5)
        # 0100007F is 127.0.0.1 as /proc/net/tcp writes it; 0.0.0.0 or :: would serve the network.
        assert _listening_addresses(port) == {"0100007F"}
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
            ui.wait()
