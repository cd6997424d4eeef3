"""The frozen validation part (real reports 36–52, never fitted on, never read miss by miss) asked as
users ask: each report alone in a data folder, the question with no report named. A gate on totals:
a change that claims more wrong numbers on reports nobody tuned on, or answers fewer, fails here.
Measured when the gate was last raised (bench/snapshot.py score, per-report): figures 85/112 right, 6
wrong numbers of 133 figure + absent questions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from testdata import DATA

from index.embed.embedder import load_embedder
from index.ingest import ingest_paths
from index.settings import Settings
from qa.assistant import load_assistant
from qa.compose import answer_json
from qa.evaluate import outcome, read_questions

pytestmark = [pytest.mark.slow, pytest.mark.model]
VALIDATION = DATA / "validation"


def test_the_validation_part_asked_as_users_ask(tmp_path: Path) -> None:
    questions = read_questions(VALIDATION / "qa.jsonl")
    reports = sorted({str(q["report"]) for q in questions})
    assert len(questions) == 164 and len(reports) == 17  # a reader that stops ingesting cannot pass
    embedder = load_embedder(Settings.from_env())
    counts: Counter[tuple[str, str]] = Counter()
    for report in reports:
        settings = Settings.from_env(data=tmp_path / report)
        ingest_paths([VALIDATION / report], settings, progress=False, embedder=embedder)
        assistant = load_assistant(settings, embedder=embedder)
        for item in (q for q in questions if q["report"] == report):
            counts[(str(item["kind"]), outcome(item, answer_json(assistant.ask(str(item["question"])))))] += 1
        assistant.retriever.store.close()
    figures = sum(n for (kind, _), n in counts.items() if kind == "figure")
    wrong = counts[("figure", "wrong")] + counts[("absent", "wrong")]
    assert figures == 112
    assert counts[("figure", "right")] >= 85, counts
    assert wrong <= 6, counts
