"""Crash safety: `kill -9` an ingest at several moments; what was indexed before keeps answering, the
doctor sees what is behind, `--repair` and a new ingest finish the job."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from testdata import TESTS

from index.admin.doctor import check, repair
from index.ingest import ingest_paths
from index.settings import Settings
from index.store.sqlite import Store
from qa.assistant import load_assistant

import reports

pytestmark = [pytest.mark.slow, pytest.mark.model, pytest.mark.crash]

HERE = TESTS


@pytest.fixture()
def data(seeded_copy: Path) -> Path:
    return seeded_copy


def _new_reports(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for name in ("liuyang-2022-wenlvju.txt", "pingjiang-2022-xiangmu-zichu.txt"):
        shutil.copy(HERE / "data" / name, folder / name)
    reports.write_docx(folder / "xiangtan-2022.docx")
    reports.write_html(folder / "xiangtan-2022-web.html")
    return folder


def _seed_still_answers(data: Path) -> None:
    assistant = load_assistant(Settings.from_env(data=data))
    answer = assistant.ask("岳阳市科技局向上争取了多少资金？")
    assert answer.found and answer.figures[0].figure.value == "9783.6"  # type: ignore[attr-defined]
    assistant.retriever.store.close()


# Moments of an ingest, by the log line that opens them: the first report stored, the model loading,
# figure statements being embedded, chunks being embedded. (A kill before the first report is stored
# — "supported files" — changes nothing on disk; it was dropped to keep the suite within its time.)
MOMENTS = ["ingested ", "loading embedding model", "figure statements", "new chunks"]


def _kill_at(command: list[str], marker: str) -> int:
    """Run the command and SIGKILL it the moment its output shows `marker`; its return code."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if marker in line:
            process.send_signal(signal.SIGKILL)
            break
    process.stdout.close()
    return process.wait(timeout=60)


@pytest.mark.parametrize("moment", MOMENTS)
def test_kill_during_ingest_keeps_the_previous_index_usable(data: Path, tmp_path: Path, moment: str) -> None:
    batch = _new_reports(tmp_path / "batch")
    code = _kill_at([sys.executable, "-m", "ui.cli", "ingest", str(batch), "--data", str(data)], moment)
    assert code == -signal.SIGKILL, f"the ingest ended ({code}) before the kill at {moment!r} landed"

    _seed_still_answers(data)
    with Store.open(Settings.from_env(data=data).db_path) as store:
        for report in store.reports():  # every report is whole or absent, never half-written
            rows = store.figures(report=report.id)
            assert len(rows) == report.n_figures
    repair(Settings.from_env(data=data))
    with Store.open(Settings.from_env(data=data).db_path) as store:
        assert check(Settings.from_env(data=data), store) == []
    ingest_paths([batch], Settings.from_env(data=data), progress=False)
    assistant = load_assistant(Settings.from_env(data=data))
    assert assistant.ask("湘潭县农业农村局的自评得分是多少？").figures[0].figure.value == "88"  # type: ignore[attr-defined]
    assert not assistant.retriever.index.stale


def test_doctor_finds_tampering_and_repair_mends_it(data: Path) -> None:
    import sqlite3

    settings = Settings.from_env(data=data)
    db = sqlite3.connect(settings.db_path)
    db.execute("DELETE FROM figures WHERE metric = '公务接待费'")
    db.execute("DELETE FROM vectors WHERE rowid IN (SELECT rowid FROM vectors LIMIT 3)")
    db.commit()
    db.close()
    with Store.open(settings.db_path) as store:
        problems = [f.problem for f in check(settings, store)]
    assert any("与记录的" in p for p in problems)
    assert any("没有" in p and "的向量" in p for p in problems)
    actions = repair(settings)
    assert any("已从保存的文本重建 yueyang" in a for a in actions)
    with Store.open(settings.db_path) as store:
        assert check(settings, store) == []
    _seed_still_answers(data)
