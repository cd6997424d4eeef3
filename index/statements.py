"""A figure said in words, for matching questions by meaning.

The statement names what the figure is — whose (department, row organisation), what (metric, the
column or qualifier that names the cell), in which unit, under which heading — and ends with the
sentence or table row it came from, cut short. The number itself is left out: a question never
contains its answer, so the value would only add noise to the similarity.
"""

from __future__ import annotations

import hashlib

from index.records import Figure

QUOTE_CHARS = 60  # enough of the sentence or row to carry its words, short enough to embed fast


def figure_statement(figure: Figure, department: str | None) -> str:
    """`岳阳市科学技术局 局机关 向上争取资金 万元 · 一、部门概况 · 争取资金9783.6万元…`."""
    who = " ".join(part for part in (department, figure.entity) if part)
    what = " ".join(part for part in (figure.metric, figure.qualifier, figure.unit) if part)
    heading = figure.section[-1] if figure.section else ""
    quote = figure.quote.replace("\n", " ").replace("\t", " ")[:QUOTE_CHARS]
    return " · ".join(part for part in (f"{who} {what}".strip(), heading, quote) if part)


def statement_key(statement: str) -> str:
    """The content key a statement's vector is stored under (per model): equal text, one vector."""
    return hashlib.sha1(statement.encode("utf-8")).hexdigest()[:20]
