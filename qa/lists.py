"""A section's text as a list of items: 存在的问题, 改进措施, 主要职责, 绩效目标 read as numbered items,
each whole — never a paragraph cut off with "…".

Pure functions over text: the items are the lines numbered in the section's first numbering scheme
(1、 / （一） / 一、 …); lines numbered in another scheme, and unnumbered lines, continue the item above
them (sub-points belong to their point); the lines before the first item are the lead-in. When the first
number is 2, the publisher dropped the 1: the lines after the lead-in's colon (如下：) are item 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.extract.sections import parse_numbering
from index.records import Section


@dataclass(frozen=True)
class ItemList:
    """A section read as a list: the lead-in sentence(s), then the items without their own numbers."""

    lead: str
    items: tuple[str, ...]


def section_items(body: str) -> ItemList:
    """The items of a section's body (its text without its heading line). A body without numbered
    lines is one item per paragraph."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    numbered = [parse_numbering(line) for line in lines]
    first = next((n for n in numbered if n is not None), None)
    if first is None:
        return ItemList("", tuple(lines))
    lead: list[str] = []
    items: list[str] = []
    for line, numbering in zip(lines, numbered, strict=True):
        if numbering is not None and numbering.scheme == first.scheme:
            items.append(numbering.title.strip())
        elif items:
            items[-1] += "\n" + line
        else:
            lead.append(line)
    if first.number == 2 and lead:
        cut = max((i + 1 for i, line in enumerate(lead) if line.endswith(("：", ":"))), default=1)
        if cut < len(lead):
            items.insert(0, "\n".join(lead[cut:]))
            lead = lead[:cut]
    return ItemList("".join(lead), tuple(items))


def section_body(text: str, section: Section) -> str:
    """A section's text in the report `text`, without its own heading line: what its items are read from."""
    return text[section.start:section.end].split("\n", 1)[-1]
