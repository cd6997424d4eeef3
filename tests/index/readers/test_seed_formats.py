"""The seed re-published double-spaced, as docx with merged header cells and as a ruled pdf (written by
tests/seed_formats.py) reads back to the seed's figures and answers the seed's questions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import seed_formats
from testdata import TESTS

from index.ingest import ingest_paths
from index.pipeline import parse_report
from index.records import Figure, ParsedReport
from index.settings import Settings
from qa.assistant import load_assistant
from qa.evaluate import evaluate_items, read_questions

pytestmark = [pytest.mark.slow, pytest.mark.model]

HERE = TESTS
SEED_QA = HERE / "data" / "seed_qa.jsonl"


def _figure_key(figure: Figure) -> tuple[object, ...]:
    return (figure.kind, figure.entity, figure.metric, figure.qualifier, figure.value, figure.unit, figure.year)


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("layouts")
    return {name: write(seed_path, folder / f"yueyang-2021-{name}") for name, write in seed_formats.WRITERS.items()}


@pytest.mark.parametrize("layout", sorted(seed_formats.WRITERS))
def test_each_layout_reads_to_the_seed_s_figures(layout: str, layouts: dict[str, Path], seed: ParsedReport) -> None:
    path = layouts[layout]
    parsed = parse_report(path, path.read_bytes(), Settings.from_env())
    assert (parsed.meta.department, parsed.meta.fiscal_year) == (seed.meta.department, seed.meta.fiscal_year)
    assert [t.columns for t in parsed.tables] == [t.columns for t in seed.tables]
    # Every figure of the txt, and no other: a figure read twice from two places may count once more.
    assert {_figure_key(f) for f in parsed.figures} == {_figure_key(f) for f in seed.figures}


def test_the_pdf_joins_a_table_and_a_sentence_broken_by_the_page_end(layouts: dict[str, Path]) -> None:
    from index.readers.pdf import pdf_to_text

    text = pdf_to_text(layouts["ruled.pdf"].read_bytes())
    assert text.count("整体支出绩效定量目标及实施计划完成情况") == 1  # the header repeated on each page, once
    assert "湖南省科学技术进步奖二等奖1个" in text  # 奖二 | 等奖 across the page break
    assert "同比增长28.71%、32.62%" in text  # a cell's wrapped lines joined, 32.62 not taken for item 32.


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory, layouts: dict[str, Path]) -> Callable[[str], object]:
    data = tmp_path_factory.mktemp("layouts-data")
    settings = Settings.from_env(data=data)
    ingest_paths(list(layouts.values()), settings, progress=False)
    assistant = load_assistant(settings)
    questions = read_questions(SEED_QA)

    def ask_all(layout: str) -> object:
        return evaluate_items(assistant, [dict(q, report=layouts[layout].name) for q in questions])

    return ask_all


@pytest.mark.parametrize("layout", sorted(seed_formats.WRITERS))
def test_each_layout_answers_the_seed_s_questions(layout: str, answers: Callable[[str], object]) -> None:
    result = answers(layout)
    overall = result.overall  # type: ignore[attr-defined]
    assert overall.get("figure", "wrong") == 0, result.misses  # type: ignore[attr-defined]
    assert overall.get("figure", "right") >= 0.95 * overall.total("figure"), result.misses  # type: ignore[attr-defined]
    assert overall.get("absent", "right") == overall.total("absent")
