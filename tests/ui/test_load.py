"""Twenty users chat at once while a report is uploaded: no errors, no cross-talk, answers unchanged.
(Correctness under load; the speed numbers come from bench/load.py.)"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from servers import running_app
from testdata import ROOT

import reports

sys.path.insert(0, str(ROOT / "bench"))
from load import run  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.model]


def test_twenty_users_while_uploading(tmp_path: Path, seeded_copy: Path) -> None:
    # Two answering processes, as `reportqa serve` runs on this machine: the upload is ingested by the
    # server while the workers answer, and each worker must pick up the new index without cross-talk.
    data = seeded_copy
    upload = reports.write_docx(tmp_path / "xiangtan-2022.docx")
    with running_app(data, answer_processes=2) as url:
        result = run(url, users=20, seconds=10, upload=str(upload))
        for outside in ("/etc/passwd", "../../../../etc/passwd", str(data / "reportqa.sqlite")):
            request = urllib.request.Request(f"{url}gradio_api/file={outside}")
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code in (403, 404)
    assert result["error_count"] == 0, result["errors"]
    assert result["wrong_count"] == 0, result["wrong"]
    assert int(str(result["requests"])) >= 40
    assert "已入库" in str(result["upload"])


def test_readers_share_the_store_without_a_lock_while_a_report_is_ingested(tmp_path: Path, seeded_copy: Path) -> None:
    """Eight threads ask at once through one shared assistant (each thread reads the store through its
    own connection; no lock) while another thread ingests a report: every answer is the one asked alone."""
    import threading

    from index.ingest import ingest_paths
    from index.settings import Settings
    from qa.assistant import load_assistant

    settings = Settings.from_env(data=seeded_copy)
    assistant = load_assistant(settings, shared=True)
    questions = {"岳阳市科技局局机关的公务接待费是多少？": "1.46", "2021年向上争取了多少资金？": "9783.6",
                 "岳阳市科技局局机关的收入合计是多少？": "874.61"}
    failures: list[str] = []

    def reader() -> None:
        for _ in range(6):
            for question, expected in questions.items():
                try:
                    answer = assistant.ask(question)
                    if not answer.found or answer.figures[0].figure.value != expected:  # type: ignore[attr-defined]
                        failures.append(f"{question} → {answer.text[:60]}")
                except Exception as exc:  # noqa: BLE001 - any error under concurrency is the finding
                    failures.append(f"{question}: {type(exc).__name__}: {exc}")

    def writer() -> None:
        ingest_paths([reports.write_docx(tmp_path / "xiangtan-2022.docx")], settings, progress=False,
                     embedder=assistant.retriever.embedder)
        assistant.reload()

    threads = [threading.Thread(target=reader) for _ in range(8)] + [threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert failures == []
    assert "湘潭县农业农村局" in {r.department for r in assistant.reports.values()}
    assert assistant.ask("湘潭县农业农村局的自评得分是多少？").figures[0].figure.value == "88"  # type: ignore[attr-defined]
