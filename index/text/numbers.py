"""Numbers as written in the reports: cell values, numbers with units in prose, Chinese numerals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from index.text.vocabulary import (
    CHARACTER_NUMERAL_COUNTERS,
    COUNT_UNITS,
    LARGE_COUNT_UNITS,
    MEASURE_UNITS,
    MONEY_UNITS,
    unit_alternation,
)

# Longest first, so `万元` wins over `万` and `个百分点` over `个`.
UNITS = tuple(sorted(MONEY_UNITS + COUNT_UNITS + MEASURE_UNITS + LARGE_COUNT_UNITS + ("万", "亿"), key=len, reverse=True))
_UNIT_PATTERN = unit_alternation(UNITS)

_ARABIC = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A number, an optional 余/多 ("100余个"), an optional unit with an optional per-unit ("万元/台").
_NUMBER_RE = re.compile(
    rf"(?<![0-9A-Za-z.\-])(?P<num>{_ARABIC})(?P<approx>余|多)?\s*(?P<unit>(?:{_UNIT_PATTERN})(?:/[台人个项次件户亩](?:[*·]?[月年天])?)?)?"
)
_CN_NUMBER_RE = re.compile(rf"(?<![第“\"‘星])(?P<num>[零〇一二两三四五六七八九十百千万亿]+)(?P<approx>余|多)?(?P<unit>[{CHARACTER_NUMERAL_COUNTERS}])")
_PLAIN_NUMBER_RE = re.compile(rf"^[￥¥$]?\s*(?P<num>{_ARABIC})\s*(?P<unit>{_UNIT_PATTERN})?$")
_PAREN_NEGATIVE_RE = re.compile(r"^[（(]\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*[)）]$")


@dataclass(frozen=True)
class NumberMatch:
    """A number found in text: `value` as written (separators removed), its reading, unit and span."""

    value: str
    number: Decimal
    unit: str | None
    start: int
    end: int
    approx: bool = False


def to_decimal(value: str) -> Decimal | None:
    """Decimal reading of a plain numeral (`1,156.44`, `-3.2`); None when it is not one."""
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        return None


def parse_cell_number(text: str) -> NumberMatch | None:
    """A table cell holding only a number (`1156.44`, `1,156.44`, `￥1,156.44`, `（12）`, `-3.2%`)."""
    compact = text.strip().replace(" ", "")
    if not compact:
        return None
    negative = _PAREN_NEGATIVE_RE.match(compact)
    if negative:
        raw = "-" + negative["num"].replace(",", "")
        return NumberMatch(raw, Decimal(raw), None, 0, len(text))
    match = _PLAIN_NUMBER_RE.match(compact)
    if not match:
        return None
    raw = match["num"].replace(",", "")
    return NumberMatch(raw, Decimal(raw), match["unit"], 0, len(text))


def _is_noise(text: str, start: int) -> bool:
    """Ordinals (`第3项`) and numbers inside document numbers (`〔2013〕`) are not figures."""
    return text[max(0, start - 1):start] in ("第", "〔", "[", "【")


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number with a unit (or a percentage) in running text, in order; years and dates excluded."""
    found: list[NumberMatch] = []
    for match in _NUMBER_RE.finditer(text):
        unit = match["unit"]
        if unit is None or _is_noise(text, match.start("num")):
            continue
        raw = match["num"].replace(",", "")
        found.append(NumberMatch(raw, Decimal(raw), unit, match.start(), match.end(), match["approx"] is not None))
    for match in _CN_NUMBER_RE.finditer(text):
        try:
            number = cn2an.cn2an(match["num"], "smart")
        except (ValueError, KeyError):
            continue
        found.append(
            NumberMatch(str(number), Decimal(str(number)), match["unit"], match.start(), match.end(), match["approx"] is not None)
        )
    found.sort(key=lambda m: m.start)
    return found


def numbers_in(text: str) -> list[NumberMatch]:
    """Numbers with units in the text, or the text itself when it is one bare number (`93`)."""
    found = find_numbers(text)
    if found:
        return found
    whole = parse_cell_number(text)
    return [whole] if whole is not None else []


MONEY_SCALE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def decimals_of(number: Decimal) -> int:
    """How many decimals a number was written with (`873617.00` → 2)."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def rounding_tolerance(*numbers: Decimal) -> Decimal:
    """How far a sum of written numbers may stray from an exact one: half a unit of the finest decimal
    written, per number (each may have been rounded)."""
    step = Decimal(10) ** -max((decimals_of(n) for n in numbers), default=0)
    return step * len(numbers) / 2


def in_money_unit(amount: Decimal, unit: str, target: str) -> Decimal:
    """An amount in one money unit expressed in another, exactly (873617.00 元 → 87.3617 万元)."""
    return amount * MONEY_SCALE[unit] / MONEY_SCALE[target]


def same_amount(a: str, a_unit: str | None, b: str, b_unit: str | None) -> bool:
    """Two values as written state the same amount: equal numbers, or two money units that agree once
    the finer is converted into the coarser's unit and rounded to its decimals (31214205.80 元 and
    3121.42 万元 — a report restating a table's 元 in 万元 rounds); a coarser value without decimals
    must be met exactly. Text values compare as text."""
    x, y = to_decimal(a), to_decimal(b)
    if x is None or y is None:
        return a == b
    if a_unit == b_unit or a_unit not in MONEY_SCALE or b_unit not in MONEY_SCALE:
        return x == y
    step_x = MONEY_SCALE[a_unit] * Decimal(10) ** -decimals_of(x)  # each value's precision, in 元
    step_y = MONEY_SCALE[b_unit] * Decimal(10) ** -decimals_of(y)
    (fine, fine_unit), (coarse, coarse_unit) = ((x, a_unit), (y, b_unit)) if step_x <= step_y else ((y, b_unit), (x, a_unit))
    in_coarse = in_money_unit(fine, fine_unit, coarse_unit)
    if not decimals_of(coarse):  # 3 万元 may be exact or rounded: only an exact 30000 元 is the same
        return in_coarse == coarse
    return in_coarse.quantize(Decimal(10) ** -decimals_of(coarse)) == coarse


def _far_apart(a: Amount, b: Amount) -> bool:
    """Whether two amounts cannot state the same amount, judged on floats: agreeing amounts differ by
    at most half a unit of the coarser one's money unit (and by nothing when not both are money)."""
    both_money = a.unit in MONEY_SCALE and b.unit in MONEY_SCALE
    scale_a = float(MONEY_SCALE[str(a.unit)]) if both_money else 1.0
    scale_b = float(MONEY_SCALE[str(b.unit)]) if both_money else 1.0
    try:
        return abs(float(a.value) * scale_a - float(b.value) * scale_b) > max(scale_a, scale_b)
    except ValueError:
        return False  # a text value: compared as text


@dataclass(frozen=True, eq=False)
class Amount:
    """A value with its unit that equals another stating the same amount (see `same_amount`): a lead
    over a candidate saying the same thing in another unit is no lead."""

    value: str
    unit: str | None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Amount):
            return False
        # The exact comparison is skipped for amounts far apart: the answer path asks this of every candidate.
        return not _far_apart(self, other) and same_amount(self.value, self.unit, other.value, other.unit)

    __hash__ = None  # type: ignore[assignment]  # equality is not transitive across rounding
