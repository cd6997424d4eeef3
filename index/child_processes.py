"""Pools of spawned worker processes that end with the process that started them.

A pool's workers wait on a queue whose write end their siblings hold too: when the process that started
them is killed (an ingest stopped with kill -9, a crashed web server), nothing tells them, and they wait
for work forever, each holding its imports and model in memory. Every worker here watches its parent
and exits when it is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PARENT_CHECK_SECONDS = 1.0  # how soon an orphaned worker notices; a check is one system call


def spawn_pool(processes: int, initializer: Callable[..., None] | None = None,
               initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of `processes` spawned (never forked: the caller may hold model threads a fork would copy
    mid-state) workers, each run `initializer(*initargs)` first, and each exiting once this process is gone."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_bound_to_parent, initargs=(os.getpid(), initializer, initargs))


def _bound_to_parent(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    threading.Thread(target=_exit_when_orphaned, args=(parent,), name="watch-parent", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _exit_when_orphaned(parent: int) -> None:
    # An orphan is adopted by another process (init, or a subreaper): its parent id changes.
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)
