"""Answers against a recorded snapshot: every seed question, and every question of one real report,
asked as `reportqa ask --json` asks them (its report alone in a data folder, no filter). A change to
the answer path that moves any answer — a figure, a sentence, a passage, a candidate — fails here
until the snapshot is deliberately re-recorded in a commit that says why:
    .venv/bin/python bench/snapshot.py write DIR --sets seed,real --modes per-report
then copy DIR/seed.per-report.jsonl and the real report's lines into tests/data/snapshots/.

Floats are compared to 1e-5: the snapshot's scores are rounded to six places, and another CPU's BLAS
may move the last bit of what is rounded."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from testdata import DATA

from bench.snapshot import RECORDED_ON
from index.ingest import ingest_paths
from index.settings import Settings
from qa.assistant import Assistant, load_assistant
from qa.compose import answer_json
from qa.evaluate import read_questions

SNAPSHOTS = DATA / "snapshots"
REAL_REPORT = "35_xinjiang_sthjt_dqwr_2022-2024.txt"


def _same(got: object, want: object, where: str = "") -> list[str]:
    """Where two JSON values differ (floats within 1e-5), as paths."""
    if isinstance(want, float) or isinstance(got, float):
        ok = isinstance(got, (int, float)) and isinstance(want, (int, float)) and math.isclose(got, want, abs_tol=1e-5)
        return [] if ok else [f"{where}: {got!r} != {want!r}"]
    if isinstance(want, dict) and isinstance(got, dict):
        if set(want) != set(got):
            return [f"{where}: keys {sorted(got)} != {sorted(want)}"]
        return [d for k in want for d in _same(got[k], want[k], f"{where}.{k}")]
    if isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            return [f"{where}: {len(got)} items != {len(want)}"]
        return [d for n, (g, w) in enumerate(zip(got, want, strict=True)) for d in _same(g, w, f"{where}[{n}]")]
    return [] if got == want else [f"{where}: {got!r} != {want!r}"]


def _differences(assistant: Assistant, questions: list[dict[str, object]], snapshot: Path) -> list[str]:
    recorded = [json.loads(line) for line in snapshot.read_text(encoding="utf-8").splitlines()]
    assert len(recorded) == len(questions) >= 6  # a reader that stopped ingesting cannot pass as "no change"
    return [f"{item['id']} {item['question']}{d}" for item, want in zip(questions, recorded, strict=True)
            for d in _same(answer_json(assistant.ask(str(item["question"]), today=RECORDED_ON)), want)]


def test_the_seed_s_answers_match_the_snapshot(seeded_template: Path) -> None:
    assistant = load_assistant(Settings.from_env(data=seeded_template))
    questions = read_questions(DATA / "seed_qa.jsonl")
    assert len(questions) == 55
    differences = _differences(assistant, questions, SNAPSHOTS / "seed.per-report.jsonl")
    assert not differences, "\n".join(differences[:20])


@pytest.mark.slow
@pytest.mark.model
def test_a_real_report_s_answers_match_the_snapshot(tmp_path: Path) -> None:
    settings = Settings.from_env(data=tmp_path / "data")
    ingest_paths([DATA / "real" / REAL_REPORT], settings, progress=False)
    questions = [i for i in read_questions(DATA / "real" / "qa.jsonl") if i["report"] == REAL_REPORT]
    differences = _differences(load_assistant(settings), questions, SNAPSHOTS / "35_xinjiang.per-report.jsonl")
    assert not differences, "\n".join(differences[:20])
