"""Answering in worker processes: the same answers as in-process, follow-ups carried across processes,
a report ingested elsewhere answered at once, and a killed worker replaced."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from index.ingest import ingest_paths
from index.settings import Settings
from qa.assistant import load_assistant
from qa.records import Filters
from qa.understand import Conversation
from ui.workers import AnswerWorkers

import reports

pytestmark = [pytest.mark.slow, pytest.mark.model]


@pytest.fixture()
def workers(seeded_copy: Path):  # type: ignore[no-untyped-def]
    pool = AnswerWorkers(Settings.from_env(data=seeded_copy), processes=1)
    pool.start()
    yield pool
    pool.close()


def _value(answer) -> str | None:  # type: ignore[no-untyped-def]
    return answer.figures[0].figure.value if answer.found and answer.figures else None


def test_a_worker_answers_as_the_server_would_and_keeps_the_follow_up(workers: AnswerWorkers, seeded_copy: Path) -> None:
    alone = load_assistant(Settings.from_env(data=seeded_copy)).ask("岳阳市科技局局机关的公务接待费是多少？")
    answer, conversation = workers.ask("岳阳市科技局局机关的公务接待费是多少？", Conversation(), Filters())
    assert _value(answer) == _value(alone) == "1.46"
    assert answer.text == alone.text
    # The follow-up's slots came back from the worker process with the conversation.
    follow, _ = workers.ask("事务中心呢？", conversation, Filters())
    assert _value(follow) == "0.28"


def test_a_worker_s_native_thread_pools_use_its_one_thread(workers: AnswerWorkers) -> None:
    # faiss's OpenMP and the BLAS libraries default to a thread per core; two workers on two cores would
    # each start two, which spin while idle and cost 20 % of the answers under load.
    pools = workers.native_threads()
    assert {"openmp", "openblas"} <= set(pools)
    assert max(pools.values()) == 1


def test_a_report_ingested_by_another_process_is_answered_at_once(workers: AnswerWorkers, seeded_copy: Path,
                                                                   tmp_path: Path) -> None:
    settings = Settings.from_env(data=seeded_copy)
    before, _ = workers.ask("湘潭县农业农村局的自评得分是多少？", Conversation(), Filters())
    assert _value(before) != "88"
    ingest_paths([reports.write_docx(tmp_path / "xiangtan-2022.docx")], settings, progress=False)
    after, _ = workers.ask("湘潭县农业农村局的自评得分是多少？", Conversation(), Filters())
    assert _value(after) == "88"


def test_a_killed_worker_is_replaced_and_the_question_answered(workers: AnswerWorkers) -> None:
    pool = workers._pool
    assert pool is not None
    for pid in list(pool._processes):  # the pool's own record of its worker processes
        os.kill(pid, signal.SIGKILL)
    answer, _ = workers.ask("2021年向上争取了多少资金？", Conversation(), Filters())
    assert _value(answer) == "9783.6"
    assert workers._pool is not pool


def test_workers_do_not_outlive_a_killed_server(seeded_copy: Path) -> None:
    # A server stopped by kill -9 never shuts its pool down; its workers must not stay behind holding
    # a model's memory each.
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from index.settings import Settings\n"
        "from ui.workers import AnswerWorkers\n"
        "pool = AnswerWorkers(Settings.from_env(data=sys.argv[1]), processes=1)\n"
        "pool.start()\n"
        "print(*pool._pool._processes, flush=True)\n"
        "time.sleep(600)\n"
    )
    server = subprocess.Popen([sys.executable, "-c", script, str(seeded_copy)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "HF_HUB_OFFLINE": "1"})
    try:
        assert server.stdout is not None
        worker = int(server.stdout.readline().split()[0])
        os.kill(worker, 0)  # alive
        server.kill()
        server.wait(timeout=10)
        deadline = time.time() + 10
        while time.time() < deadline and Path(f"/proc/{worker}").exists():
            time.sleep(0.2)
        assert not Path(f"/proc/{worker}").exists() or "Z" in Path(f"/proc/{worker}/stat").read_text().split()[2]
    finally:
        server.kill()
