"""What a table cell's text holds as a value: a number, a unit stated in a caption or header, or
nothing (—, /, blank)."""

from __future__ import annotations

import re
from decimal import Decimal

from index.records import Span
from index.text.numbers import parse_cell_number
from index.text.vocabulary import BOUND_WORDS, MONEY_UNITS, alternation

# A unit declaration closing a form's line (`编制部门：万里街道办事处 单位：元`): the table's unit, not
# part of the value beside it.
_TRAILING_UNIT_DECLARATION = re.compile(rf"\s*[（(]?\s*(?:金额)?单位\s*[:：]\s*(?:{alternation(MONEY_UNITS)}|人|个|%)\s*[)）]?\s*$")
_UNIT_RE = re.compile(rf"(?:单位\s*[:：]\s*(?P<u1>{alternation(MONEY_UNITS)}|人|个|%))|[（(]\s*(?P<u2>{alternation(MONEY_UNITS)})\s*[)）]")


def unit_from_text(text: str) -> str | None:
    """The unit a caption or header declares: `年度收入情况（万元）`, `单位：万元`, `(单位:元)`."""
    match = _UNIT_RE.search(text)
    if not match:
        return None
    return match["u1"] or match["u2"]


def without_unit_declaration(text: str) -> str:
    """The text without a unit declaration closing it (`上海市普陀区人民政府万里街道办事处 单位：元` → the
    office's name; `单位：元` alone → empty)."""
    return _TRAILING_UNIT_DECLARATION.sub("", text)


def cell_number(span: Span) -> Decimal | None:
    parsed = parse_cell_number(span.text)
    return parsed.number if parsed else None


_NO_VALUE = {"—", "——", "–", "-", "－", "/", "／", "\\"}


def is_blank_value(text: str) -> bool:
    """Empty, or a dash or slash that a table uses for `nothing here`."""
    return not text.strip() or text.strip() in _NO_VALUE


# A target written with its bound in one cell (`≥95%`, `≤90万元`, `不低于48万人`): a value of its column, not a
# row's label.
_BOUNDED_NUMBER = re.compile(rf"^\s*(?:[≥≤＞＜><≧≦]=?|{alternation(BOUND_WORDS)})\s*(?P<number>\S+)\s*$")


def is_value_cell(span: Span) -> bool:
    """Numbers, bounded numbers and blanks (dashes included) are values; text is a label."""
    if is_blank_value(span.text) or cell_number(span) is not None:
        return True
    bounded = _BOUNDED_NUMBER.match(span.text)
    return bounded is not None and parse_cell_number(bounded["number"]) is not None
