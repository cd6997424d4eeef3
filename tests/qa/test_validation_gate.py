"""The frozen validation part (real reports 36–52, never fitted on, never read miss by miss) asked as
users ask: the question with no report named, over each report alone in a data folder, and over all
seventeen in one folder. Gates on totals: a change that claims more wrong numbers on reports nobody
tuned on, or answers fewer, fails here.
Measured when the gates were last raised (bench/snapshot.py score): per report, figures 85/112 right, 6
wrong numbers of 133 figure + absent questions; all seventeen in one folder, 78/112 and 6 wrong (82/112
and 11 wrong before the two changes the second test names)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from testdata import DATA

from index.embed.embedder import Embedder, load_embedder
from index.ingest import ingest_paths
from index.settings import Settings
from qa.assistant import load_assistant
from qa.compose import answer_json
from qa.evaluate import outcome, read_questions

pytestmark = [pytest.mark.slow, pytest.mark.model]
VALIDATION = DATA / "validation"


def _questions() -> tuple[list[dict[str, object]], list[str]]:
    questions = read_questions(VALIDATION / "qa.jsonl")
    reports = sorted({str(q["report"]) for q in questions})
    assert len(questions) == 164 and len(reports) == 17  # a reader that stops ingesting cannot pass
    return questions, reports


def _asked(data: Path, paths: list[Path], items: Iterable[dict[str, object]], embedder: Embedder) -> Counter[tuple[str, str]]:
    """(kind, outcome) counts of the items asked with no report named, over a folder holding `paths`."""
    settings = Settings.from_env(data=data)
    ingest_paths(paths, settings, progress=False, embedder=embedder)
    assistant = load_assistant(settings, embedder=embedder)
    counts = Counter((str(i["kind"]), outcome(i, answer_json(assistant.ask(str(i["question"]))))) for i in items)
    assistant.retriever.store.close()
    return counts


def _figures_and_wrong(counts: Counter[tuple[str, str]]) -> tuple[int, int]:
    return (sum(n for (kind, _), n in counts.items() if kind == "figure"),
            counts[("figure", "wrong")] + counts[("absent", "wrong")])


def test_the_validation_part_asked_as_users_ask(tmp_path: Path) -> None:
    questions, reports = _questions()
    embedder = load_embedder(Settings.from_env())
    counts: Counter[tuple[str, str]] = Counter()
    for report in reports:
        counts += _asked(tmp_path / report, [VALIDATION / report], (q for q in questions if q["report"] == report), embedder)
    figures, wrong = _figures_and_wrong(counts)
    assert figures == 112
    assert counts[("figure", "right")] >= 85, counts
    assert wrong <= 6, counts


def test_the_validation_part_all_in_one_folder(tmp_path: Path) -> None:
    """Seventeen departments in one folder and questions that name none: a department's figure must
    not be claimed for another's question (Verifier.claims lists several apart; scope sets aside the
    departments whose reports never say the question's words)."""
    questions, reports = _questions()
    counts = _asked(tmp_path / "all", [VALIDATION / r for r in reports], questions, load_embedder(Settings.from_env()))
    figures, wrong = _figures_and_wrong(counts)
    assert figures == 112
    assert counts[("figure", "right")] >= 78, counts
    assert wrong <= 6, counts
