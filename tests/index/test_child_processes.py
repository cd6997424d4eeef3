"""Worker processes end with the process that started them: an ingest killed mid-run (kill -9) left its
two reading workers waiting for work forever before (found after the crash tests, 50 minutes on)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Starts a pool of two workers, prints their process ids, then waits to be killed.
_STARTER = """
import multiprocessing, sys, time
sys.path.insert(0, {root!r})
from index.child_processes import spawn_pool
pool = spawn_pool(2)
list(pool.map(time.sleep, [1, 1]))  # two tasks at once: both workers start
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_workers_exit_once_the_process_that_started_them_is_killed() -> None:
    starter = subprocess.Popen([sys.executable, "-c", _STARTER.format(root=str(ROOT))], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in starter.stdout.readline().split()]  # type: ignore[union-attr]
        assert workers and all(_alive(pid) for pid in workers)
    finally:
        os.kill(starter.pid, signal.SIGKILL)
        starter.wait()
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers), "orphaned workers still running"
