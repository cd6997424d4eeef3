"""HTML for the chat: answer cards with the figure, whose it is, and its citation. Every report text is
escaped, so a report containing `<script>` or Markdown shows literally."""

from __future__ import annotations

import html
import re

from index.records import Figure
from index.store import PATH_SEPARATOR, ReportRow
from qa.records import Answer, FigureHit, Passage


def escape_text(text: object) -> str:
    """Escape for HTML and neutralize Markdown, which the chat would otherwise interpret."""
    escaped = html.escape(str(text), quote=True)
    return re.sub(r"([*_`#\[\]|~\\])", lambda m: f"&#{ord(m.group(1))};", escaped)


def highlight(quote: str, value: str) -> str:
    """The quote with the first occurrence of the value marked (commas in the quote allowed)."""
    pattern = re.escape(value).replace(r"\.", r"[.．]")
    match = re.search(rf"(?<![\d.]){pattern}(?![\d])", quote.replace(",", ""))
    if match is None:
        return escape_text(quote)
    plain = quote.replace(",", "")
    return escape_text(plain[: match.start()]) + f"<mark>{escape_text(match.group())}</mark>" + escape_text(plain[match.end():])


def _figure(hit: FigureHit) -> Figure:
    figure = hit.figure
    assert isinstance(figure, Figure)
    return figure


def figure_card(hit: FigureHit, report: ReportRow | None, *, main: bool) -> str:
    f = _figure(hit)
    who = " · ".join(escape_text(x) for x in (report.department if report else None, f.entity, f"{f.year}年" if f.year else None) if x)
    section = escape_text(PATH_SEPARATOR.join(f.section) or "封面")
    qualifier = f"<span class='rq-qual'>（{escape_text(f.qualifier)}）</span>" if f.qualifier else ""
    target = f"<div class='rq-target'>目标：{escape_text(f.target)}</div>" if f.target else ""
    size = "rq-main" if main else "rq-alt"
    return (
        f"<div class='rq-card {size}'>"
        f"<div class='rq-value'><b>{escape_text(f.value)}</b> <span class='rq-unit'>{escape_text(f.unit or '')}</span></div>"
        f"<div class='rq-metric'>{escape_text(f.metric)}{qualifier}</div>"
        f"<div class='rq-who'>{who}</div>{target}"
        f"<div class='rq-cite'>来源：{escape_text(hit.report)} › {section}<br><q>{highlight(f.quote, f.value)}</q></div>"
        "</div>"
    )


def passage_block(passage: Passage, rank: int) -> str:
    chunk = passage.chunk
    body = chunk.text.split("\n", 1)[-1]
    title = escape_text(PATH_SEPARATOR.join(chunk.section) or "封面")
    return (
        f"<details><summary>{rank}. {escape_text(chunk.report)} › {title}</summary>"
        f"<div class='rq-passage'>{escape_text(body)}</div></details>"
    )


def answer_html(answer: Answer, reports: dict[str, ReportRow]) -> str:
    """The whole reply: sentence, figure cards (answer first), then the passages to expand."""
    parts = [f"<div class='rq-answer{'' if answer.found else ' rq-missing'}'>{escape_text(answer.text)}</div>"]
    for index, hit in enumerate(answer.figures[:4]):
        parts.append(figure_card(hit, reports.get(hit.report_id), main=index == 0))
    if answer.passages:
        label = "相关段落" if answer.found else "最接近的段落"
        blocks = "".join(passage_block(p, i) for i, p in enumerate(answer.passages[:5], 1))
        parts.append(f"<div class='rq-passages'><div class='rq-label'>{label}</div>{blocks}</div>")
    return "".join(parts)


CSS = """
.rq-answer { font-size: 1.05em; margin-bottom: .4em; }
.rq-missing { color: #8a4b00; }
.rq-card { border: 1px solid #d0d7de; border-radius: 8px; padding: .5em .75em; margin: .35em 0; background: #f8fafc; }
.rq-card.rq-main { border-color: #2563eb; background: #eff6ff; }
.rq-value b { font-size: 1.6em; color: #1d4ed8; }
.rq-alt .rq-value b { font-size: 1.1em; color: #334155; }
.rq-metric { font-weight: 600; }
.rq-who, .rq-target { color: #475569; font-size: .9em; }
.rq-cite { color: #334155; font-size: .85em; margin-top: .3em; }
.rq-cite mark { background: #fde68a; padding: 0 .15em; }
.rq-passages details { margin: .2em 0; }
.rq-passage { white-space: pre-wrap; font-size: .9em; color: #334155; }
.rq-label { font-size: .85em; color: #64748b; margin-top: .4em; }
"""
