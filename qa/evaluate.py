"""Score a question set (schema of seed_qa.jsonl): figure = top-1 value, passage = evidence in top 3, absent = refused."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from qa.assistant import Assistant
from qa.compose import answer_json
from qa.records import Filters
from qa.retrieve import QuestionError


@dataclass
class EvalResult:
    """Per-kind counts and the misses with what was answered instead."""

    total: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    misses: list[dict[str, object]] = field(default_factory=list)


def _same_value(got: object, gold: object) -> bool:
    if isinstance(gold, (int, float)) and isinstance(got, (int, float)):
        return abs(float(got) - float(gold)) < 1e-9
    return str(got) == str(gold)


def judge(item: dict[str, object], answer: dict[str, object]) -> bool:
    kind = item["kind"]
    figures = answer["figures"]
    passages = answer["passages"]
    if kind == "figure":
        return bool(answer["found"]) and bool(figures) and _same_value(figures[0]["value"], item["value"])  # type: ignore[index]
    if kind == "passage":
        return bool(answer["found"]) and any(str(item["evidence"]) in str(p["text"]) for p in passages[:3])  # type: ignore[index]
    if kind == "absent":
        return not answer["found"]
    raise ValueError(f"unknown question kind {kind!r}; choose from figure, passage, absent")


def evaluate(assistant: Assistant, path: Path) -> EvalResult:
    """Each question is asked of the report its `report` field names when that report is indexed
    (a data folder may hold many reports; the question set says which one it is about)."""
    result = EvalResult()
    indexed = {r.name for r in assistant.reports.values()}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        kind = str(item["kind"])
        result.total[kind] = result.total.get(kind, 0) + 1
        try:
            scope = Filters(report=str(item["report"])) if item.get("report") in indexed else None
            answer = answer_json(assistant.ask(str(item["question"]), filters=scope))
        except QuestionError as exc:
            answer = {"found": False, "answer": str(exc), "figures": [], "passages": []}
        if judge(item, answer):
            result.right[kind] = result.right.get(kind, 0) + 1
        else:
            top = answer["figures"][0] if answer["figures"] else None  # type: ignore[index]
            result.misses.append({"id": item.get("id"), "kind": kind, "question": item["question"],
                                  "gold": item.get("value") if kind == "figure" else item.get("evidence"),
                                  "found": answer["found"], "got": top, "answer": answer["answer"]})
    return result


def format_report(result: EvalResult, *, verbose: bool = False) -> str:
    lines = []
    for kind, total in sorted(result.total.items()):
        right = result.right.get(kind, 0)
        lines.append(f"{kind}: {right}/{total} = {right / total:.1%}")
    all_total = sum(result.total.values())
    all_right = sum(result.right.values())
    lines.append(f"all: {all_right}/{all_total} = {all_right / max(1, all_total):.1%}")
    misses = [f"miss {m['id']} [{m['kind']}] {m['question']} → gold {m['gold']!r}; found={m['found']}; "
              f"got {(m['got'] or {}).get('value') if isinstance(m['got'], dict) else None!r} "
              f"{(m['got'] or {}).get('metric') if isinstance(m['got'], dict) else ''}" for m in result.misses]
    if verbose:
        misses = [*misses, *(f"   answer: {m['answer']}" for m in result.misses)]
    return "\n".join(misses + lines)
