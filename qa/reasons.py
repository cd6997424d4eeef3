"""The reason a report gives for a figure: `…减少31.84%。主要原因是：行政运行经费减少。`

Disclosures explain each change in the sentence after it (主要原因是…, 原因是…, 主要是由于…); a 为什么
question is answered with that sentence beside the figure it explains, never with a reason found far
from the figure.
"""

from __future__ import annotations

import re

_REASON = re.compile(r"(?:主要原因|增加原因|减少原因|变动原因|原因)(?:是|为|在于)?\s*[:：]?\s*(?P<reason>[^。\n]{2,200})")
REASON_WINDOW = 400  # characters after the figure
# The next item of a list or the next heading: a reason after it is that item's, not the figure's.
_NEXT_ITEM = re.compile(r"\n\s*(?:\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)")


def reason_after(text: str, end: int) -> str | None:
    """The reason stated after a figure ending at `end` — in its paragraph or the paragraphs that
    follow, up to the next item of the list or heading; None if none."""
    limit = min(len(text), end + REASON_WINDOW)
    next_item = _NEXT_ITEM.search(text, end, limit)
    match = _REASON.search(text, end, next_item.start() if next_item else limit)
    return match.group("reason").strip("：:，, ") if match else None
