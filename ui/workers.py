"""Questions answered in worker processes, so that answering uses every core.

One Python process answers with one core at a time (the GIL): twenty users at once queued behind it
while the second core idled. Each worker process holds its own assistant (store connection, search
index, embedding model) and answers one question at a time; the web server only parses requests and
renders answers. A worker notices an ingest or removal made by any process by the search-index
generation the data folder points at (one small file read per question) and reloads before answering.

A worker that dies (killed, out of memory) breaks the pool; the pool is rebuilt and the question
asked again once, and the failure is logged.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from threadpoolctl import threadpool_info, threadpool_limits

from index.child_processes import spawn_pool
from index.settings import Settings
from qa.assistant import Assistant, load_assistant
from qa.records import Answer, Filters
from qa.understand import Conversation

log = logging.getLogger(__name__)


# The one assistant of a worker process, set by its initializer. Module state is how a process pool
# hands each worker its own long-lived objects; the web server process never sets it.
_assistant: Assistant | None = None


def _exit_with_parent(parent: int) -> None:
    """A worker outlives a server killed by a signal (its pool never shut down): it then belongs to
    init and holds a model's memory forever. Checked once a second; exits as soon as the parent is gone."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _start_worker(settings: Settings, threads: int) -> None:
    global _assistant
    import torch

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="exit-with-parent").start()
    # One thread per worker: the workers are the parallelism; torch's own threads on top of them
    # oversubscribe the cores (measured: 20 users got 3.5 answers/s with two threads each).
    torch.set_num_threads(threads)
    _assistant = load_assistant(settings)
    # The same for the native pools the assistant's libraries start: faiss's OpenMP and numpy's, scipy's
    # and faiss's OpenBLAS each default to one thread per core, and their idle threads spin between
    # calls. Limited here, after they are loaded: 20 users got 25.3 answers/s with them, 30.4 without.
    threadpool_limits(limits=threads)
    log.info("answer worker ready (index %s)", _assistant.retriever.generation)


def _ask_in_worker(text: str, conversation: Conversation | None, filters: Filters | None) -> tuple[Answer, Conversation]:
    if _assistant is None:
        raise RuntimeError("answer worker was not started")
    if _assistant.retriever.behind():
        _assistant.reload()
        log.info("answer worker reloaded the index (%s)", _assistant.retriever.generation)
    conversation = conversation if conversation is not None else Conversation()
    answer = _assistant.ask(text, conversation=conversation, filters=filters)
    return answer, conversation


def _native_threads() -> dict[str, int]:
    """The most threads any native pool of each kind (openmp, openblas, …) may use in this process."""
    most: dict[str, int] = {}
    for pool in threadpool_info():
        most[pool["internal_api"]] = max(most.get(pool["internal_api"], 0), int(pool["num_threads"]))
    return most


def _ready() -> float:
    time.sleep(0.2)  # long enough that each warm-up call lands on its own worker
    return time.time()


@dataclass
class AnswerWorkers:
    """A pool of `processes` answering processes over one data folder."""

    settings: Settings
    processes: int
    threads_per_worker: int = 1
    _pool: ProcessPoolExecutor | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the web server holds threads (Gradio, torch) that a fork would copy mid-state.
        return spawn_pool(self.processes, _start_worker, (self.settings, self.threads_per_worker))

    def _current_pool(self) -> ProcessPoolExecutor:
        """The running pool, started first when there is none (never started, or broken and dropped)."""
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool()
            return self._pool

    def start(self) -> None:
        """Start every worker now (each loads its model), not on the first users' questions."""
        pool = self._current_pool()
        began = time.perf_counter()
        for future in [pool.submit(_ready) for _ in range(self.processes)]:
            future.result()
        log.info("%d answer workers started in %.1f s", self.processes, time.perf_counter() - began)

    def ask(self, text: str, conversation: Conversation | None, filters: Filters | None) -> tuple[Answer, Conversation]:
        """The answer and the conversation as the worker left it (the follow-up slots)."""
        for attempt in (1, 2):
            pool = self._current_pool()
            try:
                return pool.submit(_ask_in_worker, text, conversation, filters).result()
            except BrokenProcessPool:
                log.error("an answer worker died; restarting the pool (attempt %d)", attempt)
                with self._lock:
                    if self._pool is pool:
                        self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def native_threads(self) -> dict[str, int]:
        """What one worker's native thread pools may use (a worker answers on `threads_per_worker`)."""
        pool = self._current_pool()
        return pool.submit(_native_threads).result()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
