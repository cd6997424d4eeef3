"""Heading numbering schemes (第X部分 一、 （一） 1. （1） ①) and the section tree built from them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cn2an

from index.records import Block, Heading, Paragraph, Section

_CN_DIGITS = "零〇一二三四五六七八九十百"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (scheme, rank, pattern). Rank orders the schemes from outermost to innermost, as the finance
# bureaus' templates nest them; 1. and 1、 are one scheme because publishers mix them freely.
_SCHEMES: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("part", 0, re.compile(rf"^第(?P<n>[{_CN_DIGITS}\d]+)(?:部分|章|篇)\s*[、:：.]?\s*")),
    ("cn", 1, re.compile(rf"^(?P<n>[{_CN_DIGITS}]+)\s*[、.．]\s*")),
    ("cn_paren", 2, re.compile(rf"^[（(]\s*(?P<n>[{_CN_DIGITS}]+)\s*[)）]\s*[、.]?\s*")),
    ("arabic", 3, re.compile(r"^(?P<n>\d{1,2})\s*(?:[、]|\.(?!\d))\s*")),
    ("arabic_paren", 4, re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[)）]\s*[、.]?\s*")),
    ("circled", 5, re.compile(rf"^(?P<n>[{_CIRCLED}])\s*")),
)
_SENTENCE_END = ("。", "；", "，", ";", ",", "！", "？")
MAX_HEADING_CHARS = 40


@dataclass(frozen=True)
class Numbering:
    """The numbering prefix of a heading: scheme, its rank, the number and the text after it."""

    scheme: str
    rank: int
    number: int
    title: str


def _to_int(raw: str) -> int:
    if raw.isascii() and raw.isdigit():
        return int(raw)
    if raw in _CIRCLED:
        return _CIRCLED.index(raw) + 1
    try:
        return int(cn2an.cn2an(raw, "smart"))
    except (ValueError, KeyError):
        return 0


def parse_numbering(text: str) -> Numbering | None:
    """The numbering scheme a line starts with, if any."""
    for scheme, rank, pattern in _SCHEMES:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return Numbering(scheme, rank, _to_int(match["n"]), text[match.end():])
    return None


# A table of contents is not the outline: its title and its entries (titles with dot leaders and page
# numbers) are text; the headings they list come later in the document.
_TOC_TITLE = re.compile(r"^目\s*录$")
_LEADERS = re.compile(r"[…]{2,}|[.·．]{4,}|[-─—_]{6,}")


def is_toc_line(text: str) -> bool:
    return bool(_TOC_TITLE.match(text.strip()) or _LEADERS.search(text))


def is_numbered_heading(text: str) -> bool:
    """A numbered line short enough to be a title and not a sentence (`（二）人员情况`, `七、改进措施和建议：`)."""
    if is_toc_line(text):
        return False
    numbering = parse_numbering(text)
    if numbering is None:
        return False
    title = numbering.title.strip()
    return 0 < len(title) <= MAX_HEADING_CHARS and "。" not in title and not title.endswith(_SENTENCE_END)


def is_plain_heading(text: str) -> bool:
    """An unnumbered title: short, no sentence punctuation, not a field label ending in a colon."""
    return (
        0 < len(text) <= 20
        and not is_toc_line(text)
        and not any(p in text for p in "。，；、：:,;！？")
        and not any(ch.isdigit() for ch in text[-1:])
    )


@dataclass
class _Open:
    rank: float
    scheme: str | None
    number: int
    title: str
    start: int


def build_sections(blocks: tuple[Block, ...], text_length: int) -> tuple[list[Section], list[tuple[str, ...]]]:
    """The section tree and the section path of every block.

    Tolerant of publishers' mistakes: repeated or skipped numbers stay siblings; a numbering that
    jumps back (五、 then 二、) starts a new sequence nested under the previous heading of that scheme.
    """
    stack: list[_Open] = []
    offsets: dict[str, float] = {}
    sections: list[Section] = []
    paths: list[tuple[str, ...]] = []

    def close(until: float, at: int) -> None:
        while stack and stack[-1].rank >= until:
            node = stack.pop()
            path = tuple(n.title for n in stack) + (node.title,)
            sections.append(Section(path, len(path), node.start, at))

    in_toc = False
    toc_numbers: dict[str, int] = {}
    for block in blocks:
        text = getattr(block, "text", "")
        if isinstance(text, str) and _TOC_TITLE.match(text.strip()):
            in_toc, toc_numbers = True, {}
        elif in_toc and isinstance(block, Heading):
            # An entry of a table of contents laid out as bare titles, until its numbering starts over
            # or an unnumbered title follows numbered entries (the document's first heading).
            numbering = parse_numbering(block.text)
            if (numbering is None and not toc_numbers) or (
                    numbering is not None and numbering.number > toc_numbers.get(numbering.scheme, 0)):
                if numbering is not None:
                    toc_numbers[numbering.scheme] = numbering.number
                paths.append(tuple(n.title for n in stack))
                continue
            in_toc = False
        elif in_toc and (not isinstance(block, Paragraph) or "。" in text or len(text) > 60):
            in_toc = False  # the first sentence or table: the contents are over
        if isinstance(block, Heading):
            numbering = parse_numbering(block.text)
            if numbering is not None and is_numbered_heading(block.text):
                rank = numbering.rank + offsets.get(numbering.scheme, 0.0)
                same = next((n for n in reversed(stack) if n.scheme == numbering.scheme and n.rank == rank), None)
                if same is not None and numbering.number < same.number - 1:
                    offsets[numbering.scheme] = offsets.get(numbering.scheme, 0.0) + 0.25
                    rank += 0.25
                close(rank, block.start)
                stack.append(_Open(rank, numbering.scheme, numbering.number, block.text, block.start))
            else:
                numbered = [n for n in stack if n.scheme is not None]
                if block.level is not None:
                    rank = float(block.level)
                elif stack and stack[-1].scheme is None:
                    rank = stack[-1].rank
                else:
                    rank = (numbered[-1].rank if numbered else 0.0) + 0.5
                close(rank, block.start)
                stack.append(_Open(rank, None, 0, block.text, block.start))
        paths.append(tuple(n.title for n in stack))
    close(float("-inf"), text_length)
    sections.sort(key=lambda s: (s.start, s.level))
    return sections, paths


def section_finder(sections: list[Section] | tuple[Section, ...]) -> Callable[[int], tuple[str, ...]]:
    """The deepest section holding a text position."""
    ordered = sorted(sections, key=lambda s: (s.start, -s.level))

    def section_at(position: int) -> tuple[str, ...]:
        best: tuple[str, ...] = ()
        for section in ordered:
            if section.start > position:
                break
            if section.end > position and len(section.path) >= len(best):
                best = section.path
        return best

    return section_at
