"""Score a question set (schema of seed_qa.jsonl).

Every answer is one of three outcomes: right, refused (`found: false`), or wrong — something claimed
as found that is not the answer. For a figure question, wrong means a wrong number (or field value)
shown as the answer: the outcome that hurts users most, counted on its own. A figure question
answered with a passage and no figure claims no number: it counts as refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from index.text.normalize import simplified
from index.text.numbers import numbers_in, same_amount
from qa.assistant import Assistant
from qa.compose import answer_json, question_error_json
from qa.question_parser import QuestionError
from qa.records import Filters

OUTCOMES = ("right", "refused", "wrong")


@dataclass
class Tally:
    """Right / refused / wrong per question kind."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0))[outcome] += n

    def total(self, kind: str) -> int:
        return sum(self.counts.get(kind, {}).values())

    def get(self, kind: str, outcome: str) -> int:
        return self.counts.get(kind, {}).get(outcome, 0)


@dataclass
class EvalResult:
    """Counts overall and per report, and the misses with what was answered instead."""

    overall: Tally = field(default_factory=Tally)
    per_report: dict[str, Tally] = field(default_factory=dict)
    misses: list[dict[str, object]] = field(default_factory=list)
    # Passage questions whose evidence is among the three passages the answer shows, answered or not: a
    # refusal lists them as the nearest passages. Retrieval's share of the passage score, apart from the line.
    evidence_shown: int = 0
    # Refused figure questions whose right value is among the candidates shown (可能相关): the answer a
    # user still gets from a refusal.
    refused_with_candidate: int = 0

    # Kept for callers that read totals and rights by kind.
    @property
    def total(self) -> dict[str, int]:
        return {k: self.overall.total(k) for k in self.overall.counts}

    @property
    def right(self) -> dict[str, int]:
        return {k: self.overall.get(k, "right") for k in self.overall.counts}


def same_value(got: object, gold: object, *, got_unit: object = None, gold_unit: object = None) -> bool:
    """Equal values; an amount in another money unit than the gold's is equal when it states the same
    amount (31,214,205.80 元 for 3121.42 万元): the answer shows it as written and converted."""
    if isinstance(gold, (int, float)) and isinstance(got, (int, float)):
        return same_amount(_written(got), _unit(got_unit), _written(gold), _unit(gold_unit))
    if isinstance(gold, str) and isinstance(got, (int, float)):
        # A gold written in characters (六個 in `電教中心六個內設處室`) is the number it reads as, in its counter.
        written = simplified(gold)
        read = numbers_in(written)
        whole = len(read) == 1 and read[0].start == 0 and read[0].end == len(written)
        return whole and read[0].unit == _unit(got_unit) and same_amount(_written(got), None, read[0].value, None)
    # Reports in traditional characters are read and cited in simplified ones (index/text/normalize.py):
    # labels written from the traditional source are compared in the same script.
    return str(got) == str(gold) or simplified(str(got)) == simplified(str(gold))


# What an overview item shown against its hand-written gold counts as (tests/data/overview_gold.jsonl).
OVERVIEW_VERDICTS = ("right", "missing", "wrong")


def overview_verdict(value: object, unit: object, gold: list[str | None] | None) -> str:
    """right: a value the gold accepts, or 报告未载明 where the gold allows it (null: the report does not
    state it; a list holding null: stating it is optional); missing: 报告未载明 for a stated value; wrong:
    any other value shown (a number the report does not state as this item)."""
    accepted = gold if gold is not None else [None]
    if value is None:
        return "right" if None in accepted else "missing"
    for written in accepted:
        if written is None:
            continue
        read = numbers_in(written)
        if read and read[0].start == 0 and read[0].end == len(written) and isinstance(value, (int, float)):
            if same_amount(_written(value), _unit(unit), read[0].value, read[0].unit):
                return "right"
        elif same_value(value, written):
            return "right"
    return "wrong"


def _written(number: int | float) -> str:
    """A JSON number as digits (repr keeps a float's shortest exact form: 3121.42, not 3121.4200000000001)."""
    return repr(number) if isinstance(number, float) else str(number)


def _unit(unit: object) -> str | None:
    return str(unit) if unit else None


def outcome(item: dict[str, object], answer: dict[str, object]) -> str:
    """right, refused or wrong for one answer to one labelled question."""
    kind = item["kind"]
    figures = answer["figures"]
    if kind == "table":
        right, missed, wrong = table_cells(item, answer)
        return "wrong" if wrong else ("refused" if missed else "right")
    if not answer["found"]:
        return "right" if kind == "absent" else "refused"
    if kind == "figure":
        if not figures:
            return "refused"
        top = figures[0]  # type: ignore[index]
        ok = same_value(top["value"], item["value"], got_unit=top.get("unit"), gold_unit=item.get("unit"))
    elif kind == "passage":
        ok = evidence_shown(item, answer)
    elif kind == "absent":
        ok = False
    else:
        raise ValueError(f"unknown question kind {kind!r}; choose from figure, passage, absent, table")
    return "right" if ok else "wrong"


def table_cells(item: dict[str, object], answer: dict[str, object]) -> tuple[int, int, int]:
    """(right, missed, wrong) cells of a question across departments: each figure the answer lists as a
    cell (a change's computed figure, not the two it is computed from) against the gold table's cell
    of the same report. A cell of a report the gold table has none for, or another value, is a wrong
    number; a gold cell not listed is missed."""
    figures = answer["figures"] if answer["found"] else []
    assert isinstance(figures, list)
    computed = [f for f in figures if f.get("kind") == "computed"]
    cells = computed or figures
    gold = item.get("cells") or []
    assert isinstance(gold, list)
    matched: set[int] = set()
    right = wrong = 0
    for cell in cells:
        at = next((i for i, g in enumerate(gold) if g["report"] == cell["report"] and i not in matched), None)
        if at is not None and same_value(cell["value"], gold[at]["value"], got_unit=cell.get("unit"),
                                          gold_unit=gold[at].get("unit")):
            right += 1
            matched.add(at)
        else:
            wrong += 1
    return right, len(gold) - len(matched), wrong


def evidence_shown(item: dict[str, object], answer: dict[str, object]) -> bool:
    """Is a passage question's evidence in one of the first three passages the answer shows?"""
    evidence = simplified(str(item["evidence"]))
    return any(evidence in simplified(str(p["text"])) for p in answer["passages"][:3])  # type: ignore[index]


def candidate_shown(item: dict[str, object], answer: dict[str, object]) -> bool:
    """Is a refused figure question's right value among the candidates the refusal lists?"""
    candidates = answer.get("candidates") or []
    assert isinstance(candidates, list)
    return any(same_value(c["value"], item["value"], got_unit=c.get("unit"), gold_unit=item.get("unit"))
               for c in candidates)


def judge(item: dict[str, object], answer: dict[str, object]) -> bool:
    return outcome(item, answer) == "right"


def read_questions(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(assistant: Assistant, path: Path, *, scoped: bool = True) -> EvalResult:
    return evaluate_items(assistant, read_questions(path), scoped=scoped)


def evaluate_items(assistant: Assistant, items: list[dict[str, object]], *, scoped: bool = True) -> EvalResult:
    """Each question is asked of the report its `report` field names when that report is indexed
    (a data folder may hold many reports; the question set says which one it is about). With
    `scoped=False` every question is asked of the whole archive, as a user would ask it."""
    result = EvalResult()
    indexed = {r.name for r in assistant.reports.values()}
    for item in items:
        kind = str(item["kind"])
        try:
            scope = Filters(report=str(item["report"])) if scoped and item.get("report") in indexed else None
            # A question with 去年 / 今年 is labelled for the day it was asked on (`asked_on`).
            asked_on = date.fromisoformat(str(item["asked_on"])) if item.get("asked_on") else None
            answer = answer_json(assistant.ask(str(item["question"]), filters=scope, today=asked_on))
        except QuestionError as exc:
            answer = question_error_json(str(item["question"]), exc)
        got = outcome(item, answer)
        result.overall.add(kind, got)
        if kind == "table":
            right, missed, wrong = table_cells(item, answer)
            for cell_outcome, n in (("right", right), ("refused", missed), ("wrong", wrong)):
                result.overall.add("cell", cell_outcome, n)
        result.evidence_shown += kind == "passage" and evidence_shown(item, answer)
        result.refused_with_candidate += kind == "figure" and got == "refused" and candidate_shown(item, answer)
        result.per_report.setdefault(str(item.get("report") or "?"), Tally()).add(kind, got)
        if got != "right":
            top = answer["figures"][0] if answer["figures"] else None  # type: ignore[index]
            result.misses.append({"id": item.get("id"), "kind": kind, "outcome": got, "question": item["question"],
                                  "report": item.get("report"),
                                  "gold": item.get("value") if kind == "figure" else item.get("evidence"),
                                  "found": answer["found"], "got": top, "answer": answer["answer"]})
    return result


def _tally_lines(tally: Tally, indent: str = "") -> list[str]:
    lines = []
    for kind in sorted(tally.counts):
        total = tally.total(kind)
        right, refused, wrong = (tally.get(kind, o) for o in OUTCOMES)
        lines.append(f"{indent}{kind}: right {right}/{total} = {right / total:.1%}, refused {refused}, "
                     f"wrong {wrong}" + (" (wrong numbers claimed as found)" if kind == "figure" and wrong else ""))
    return lines


def format_report(result: EvalResult, *, verbose: bool = False, per_report: bool = False, misses: bool = True) -> str:
    """Totals per kind; with `misses`, each miss first (never for the frozen validation part)."""
    missed: list[str] = []
    for m in result.misses if misses else []:
        got = m["got"] if isinstance(m["got"], dict) else {}
        missed.append(f"{m['outcome']} {m['id']} [{m['kind']}] {m['question']} → gold {m['gold']!r}; "
                      f"got {got.get('value')!r} {got.get('metric') or ''}")
        if verbose:
            missed.append(f"   answer: {m['answer']}")
    lines = list(missed)
    if per_report:
        for report in sorted(result.per_report):
            lines.append(f"{report}:")
            lines.extend(_tally_lines(result.per_report[report], "  "))
    lines.extend(_tally_lines(result.overall))
    if result.overall.total("passage"):
        lines.append(f"passage evidence among the 3 passages shown, answered or refused: "
                     f"{result.evidence_shown}/{result.overall.total('passage')}")
    if result.overall.get("figure", "refused"):
        lines.append(f"refused figure questions whose right value is among the candidates shown: "
                     f"{result.refused_with_candidate}/{result.overall.get('figure', 'refused')}")
    # Questions only: a table's cells are counted on their own line, not again as questions.
    all_total = sum(n for kind, n in result.total.items() if kind != "cell")
    all_right = sum(n for kind, n in result.right.items() if kind != "cell")
    lines.append(f"all: {all_right}/{all_total} = {all_right / max(1, all_total):.1%} (questions)")
    return "\n".join(lines)
