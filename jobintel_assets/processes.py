"""Stopping the Dagster processes jobintel starts, all of them: `dagster dev` starts a webserver, a
daemon and a code server, and the daemon starts run workers; none of them may outlive their parent."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

PROC = Path("/proc")


def group_members(group: int) -> list[int]:
    """Running (not zombie) processes of process group ``group``."""
    if not PROC.is_dir():
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return []
        return [group]
    members = []
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            # "pid (command) state ppid pgrp ...": the command may hold spaces, so split after its ')'.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def stop_process_group(process: subprocess.Popen, grace_seconds: float = 30.0) -> None:
    """Interrupt ``process`` (started with ``start_new_session=True``) so it shuts its children down
    cleanly, then terminate, and at last kill, whatever of its process group is still running."""
    group = process.pid
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace_seconds)
    for signum, wait_seconds in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        if not group_members(group):
            break
        try:
            os.killpg(group, signum)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait_seconds
        while group_members(group) and time.monotonic() < deadline:
            process.poll()
            time.sleep(0.1)
    process.poll()
