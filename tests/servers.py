"""Start `reportqa serve` on a free loopback port for tests, and stop it afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app(data: Path, *, answer_processes: int = 0, database_url: str | None = None) -> Iterator[str]:
    """`reportqa serve` on a free port; by default answering in the server process (a worker process
    loads its own model: tests that are not about the workers start faster without). With
    `database_url` the archive is in PostgreSQL and `data` only keeps uploads and the log."""
    with running_apps([data], answer_processes=answer_processes, database_url=database_url) as (url,):
        yield url


@contextmanager
def running_apps(datas: list[Path], *, answer_processes: int = 0, database_url: str | None = None) -> Iterator[tuple[str, ...]]:
    """Several `reportqa serve` processes, started together (each loads its model meanwhile)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "REPORTQA_ANSWER_PROCESSES": str(answer_processes)}
    if database_url:
        env["REPORTQA_DATABASE_URL"] = database_url
    started: list[tuple[subprocess.Popen[str], str]] = []
    try:
        for data in datas:
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "ui.cli", "serve", "--data", str(data), "--port", str(port)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )
            started.append((process, f"http://127.0.0.1:{port}/"))
        deadline = time.time() + 120
        for process, url in started:
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2)
                    break
                except OSError:
                    if process.poll() is not None or time.time() > deadline:
                        raise RuntimeError(f"server did not start: {process.stdout.read() if process.stdout else ''}") from None
                    time.sleep(0.5)
        yield tuple(url for _, url in started)
    finally:
        for process, _ in started:
            if process.poll() is None:
                process.terminate()
        for process, _ in started:
            process.wait(timeout=30)


def seeded_data(base: Path, seed_path: Path) -> Path:
    """A data folder under `base` with the seed report ingested (real default model)."""
    import shutil

    from index.ingest import ingest_paths
    from index.settings import Settings

    corpus = base / "seed-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    shutil.copy(seed_path, corpus / seed_path.name)
    data = base / "seed-data"
    ingest_paths([corpus], Settings.from_env(data=data), progress=False)
    return data
