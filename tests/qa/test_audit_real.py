"""The audit on real development documents, not only generated ones: the two kinds of genuine error
published 部门预算 hold — a change rate its own two amounts contradict, a prose total its own tables
contradict — planted by perturbing one number of each sentence or figure the audit reads, and its
precision on the documents as they are (every finding there is a disagreement the document states)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from testdata import DATA, ROOT

from index.pipeline import parse_report
from index.records import ParsedReport
from index.settings import Settings
from index.store.rows import StoredFigure
from index.text.numbers import find_numbers
from index.text.vocabulary import MONEY_UNITS
from qa.audit import _CHANGE_RATE, _EXECUTION_RATE, _GROWTH, stated_rates, stated_totals

pytestmark = [pytest.mark.slow]
DOCUMENTS = (DATA / "disclosures" / "shanghai-putuo-2023-wanlijiedao-bumenyusuan.pdf",
             DATA / "disclosures" / "shanghai-putuo-2025-caizhengju-bumenyusuan.pdf",
             ROOT / "corpus" / "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt",
             *sorted((DATA / "real").glob("*.txt")))
# Disagreements the documents themselves state (checked by hand: the arithmetic is in the finding).
STATED_IN_THE_DOCUMENTS = {"比2022年预算执行数增加314.82%", "比2022年预算执行数增加60.54%"}


@pytest.fixture(scope="module")
def documents() -> list[ParsedReport]:
    settings = Settings.from_env()
    return [parse_report(path, path.read_bytes(), settings) for path in DOCUMENTS]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。\n]", text) if s.strip()]


def test_no_finding_on_the_documents_as_they_are_but_their_own_disagreements(documents: list[ParsedReport]) -> None:
    findings = [f for d in documents for f in stated_rates(d.text)]
    findings += [f for d in documents for f in stated_totals([StoredFigure(d.report_id, d.name, f) for f in d.figures])]
    unexplained = [f.quotes[0] for f in findings if not any(s in f.quotes[0] for s in STATED_IN_THE_DOCUMENTS)]
    assert len(documents) >= 38 and unexplained == []


def _amounts(text: str) -> list[Decimal]:
    """The money amounts a text states, changes (比上年增加107.62万元) left out."""
    return [n.number for n in find_numbers(text) if n.unit in MONEY_UNITS
            and not re.search(r"(?:增加|减少|增长|下降|降低)$", text[:n.start].rstrip())]


def test_a_changed_rate_is_found_in_every_sentence_stating_it_with_its_amounts(documents: list[ParsedReport]) -> None:
    """Every rate stated with the amounts it is computed from (two amounts before a 比…增加 p% or an
    执行率; for 增加 X 万元，增长 p%, one amount besides the change), none of them 0, is changed by 7
    points: the audit must find it."""
    planted = found = 0
    for document in documents:
        for sentence in _sentences(document.text):
            if stated_rates(sentence):
                continue  # a disagreement the document already states
            for pattern, amounts_needed in ((_CHANGE_RATE, 2), (_EXECUTION_RATE, 2), (_GROWTH, 1)):
                for match in pattern.finditer(sentence):
                    amounts = _amounts(sentence[:match.start()])
                    if len(amounts) < amounts_needed or 0 in amounts:
                        continue
                    rate = match["rate"]
                    changed = sentence[:match.start("rate")] + str(Decimal(rate) + 7) + sentence[match.end("rate"):]
                    planted += 1
                    found += bool(stated_rates(changed))
    assert planted >= 8  # the two PDFs alone state more than eight rates with their amounts
    assert found / planted >= 0.95, (found, planted)


def test_a_changed_prose_total_is_found(documents: list[ParsedReport]) -> None:
    planted = found = 0
    for document in documents:
        figures = [StoredFigure(document.report_id, document.name, f) for f in document.figures]
        if stated_totals(figures):
            continue
        for k, item in enumerate(figures):
            f = item.figure
            if f.kind != "prose" or f.metric not in ("收入预算", "支出预算", "收入总计", "支出总计") or f.number is None:
                continue
            if not any(o.figure.kind == "table_cell" and o.figure.metric == f"{f.metric[:2]}总计" for o in figures):
                continue  # no table of the document states this total
            value = str(Decimal(f.value) + 1)
            changed = [*figures[:k], replace(item, figure=replace(f, value=value, number=float(value))), *figures[k + 1:]]
            planted += 1
            found += bool(stated_totals(changed))
    assert planted >= 4 and found == planted, (found, planted)
