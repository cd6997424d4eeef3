"""A figure said in words, for matching questions by meaning.

The statement names what the figure is — whose (the row organisation), what (metric, the column or
qualifier that names the cell), in which unit, under which heading — and ends with the words of the
sentence or table row it came from, cut short. The department is left out: every figure of a report
shares it, and questions are matched within one department's reports at a time (qa/assistant.py).
The number is left out too: a question never contains its answer. Short on purpose: every figure's
statement is embedded at ingest.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from index.records import Figure
from index.text.numbers import numbers_in

QUOTE_CHARS = 24  # the words of the sentence or row around the number; short: statements are embedded at every ingest


def figure_statement(figure: Figure) -> str:
    """`局机关 向上争取资金 万元 · 一、部门概况 · 累计向上争取科技项目共271个，争取资金`."""
    what = " ".join(part for part in (figure.entity, figure.metric, figure.qualifier, figure.unit) if part)
    heading = figure.section[-1] if figure.section else ""
    quote = figure.quote.replace("\n", " ").replace("\t", " ")[:QUOTE_CHARS]
    return " · ".join(part for part in (what, heading, quote) if part)


def statement_key(statement: str) -> str:
    """The content key a statement's vector is stored under (per model): equal text, one vector."""
    return hashlib.sha1(statement.encode("utf-8")).hexdigest()[:20]


def planned_side(figure: Figure) -> Figure | None:
    """The target of a target–actual pair as a figure of its own (目标是几座？ asks for it); its
    statement is embedded at ingest beside the pair's."""
    if figure.kind != "target_actual" or not figure.target:
        return None
    planned = numbers_in(figure.target)
    if not planned:
        return None
    match = planned[0]
    return replace(figure, metric=f"{figure.metric}（目标）", value=match.value, number=float(match.number),
                   unit=match.unit or figure.unit, kind="target", target=None,
                   quote=f"{figure.quote}（目标 {figure.target}）")


def statements_of(figure: Figure) -> list[str]:
    """The statements a stored figure is matched by: its own, and its planned side's."""
    planned = planned_side(figure)
    return [figure_statement(figure)] + ([figure_statement(planned)] if planned else [])
