"""Text builders that remember where every character came from, and line-to-cell splitting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.records import Paragraph, Span
from index.text.numbers import UNITS, parse_cell_number

_CJK = re.compile(r"[\u3400-\u9fff]")
_TOKEN = re.compile(r"\S+")


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


@dataclass
class TextBuilder:
    """Accumulates text pieces with the normalized-text offset of every character."""

    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    def add(self, text: str, start: int) -> None:
        self.chars.extend(text)
        self.offsets.extend(range(start, start + len(text)))

    def add_collapsed(self, text: str, start: int) -> None:
        """Add text without the spaces that sit between two CJK characters (`姓  名` -> `姓名`)."""
        for i, ch in enumerate(text):
            if ch == " ":
                before = text[:i].rstrip()[-1:]
                after = text[i:].lstrip()[:1]
                if before and after and is_cjk(before) and is_cjk(after):
                    continue
            self.chars.append(ch)
            self.offsets.append(start + i)

    def add_joiner(self, joiner: str) -> None:
        anchor = self.offsets[-1] + 1 if self.offsets else 0
        self.chars.extend(joiner)
        self.offsets.extend([anchor] * len(joiner))

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def span(self) -> Span:
        if not self.offsets:
            return Span("", 0, 0)
        contiguous = self.offsets[-1] - self.offsets[0] + 1 == len(self.offsets)
        return Span(self.text, self.offsets[0], self.offsets[-1] + 1, () if contiguous else tuple(self.offsets))

    def paragraph(self) -> Paragraph:
        return Paragraph(self.text, tuple(self.offsets))


def stripped(text: str, start: int) -> tuple[str, int]:
    """Strip whitespace and report where the remaining text starts."""
    lead = len(text) - len(text.lstrip())
    return text.strip(), start + lead


def _lone_cjk(token: str) -> bool:
    """One CJK character, perhaps with punctuation (`数`, `码:`): a word broken by wrapping."""
    return len(_CJK.findall(token)) == 1 and len(token.rstrip(":：")) == 1


def _is_unit(token: str) -> bool:
    return token in UNITS


def split_line_cells(text: str, start: int) -> list[Span]:
    """Split a line into cells at whitespace, undoing line-wrap spaces.

    `合    计` and `在职人 数 57 人` come from PDF or Word line wrapping: a lone CJK character joins its
    neighbour and a unit joins the number before it, so they become `合计` and `在职人数` / `57人`.
    """
    tokens = [Span(m.group(), start + m.start(), start + m.end()) for m in _TOKEN.finditer(text)]
    merged: list[Span] = []
    for token in tokens:
        if merged:
            prev = merged[-1]
            lone = _lone_cjk(token.text) or _lone_cjk(prev.text)
            unit_after_number = _is_unit(token.text) and parse_cell_number(prev.text) is not None
            both_text = parse_cell_number(prev.text) is None and parse_cell_number(token.text) is None
            if unit_after_number or (lone and both_text):
                merged[-1] = Span(prev.text + token.text, prev.start, token.end)
                continue
        merged.append(token)
    return merged
