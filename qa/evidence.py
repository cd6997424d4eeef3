"""Which of the question's words a figure's own evidence leaves unsaid: its metric, column, row,
target, sentence and headings, and the department and project whose report it stands in (贯塘乡's
report need not repeat 贯塘乡 in its 三公经费 row). Word by word, not by character pairs, so that the
pair across two words (`费决` of 三公经费决算数) is not a word to be said."""

from __future__ import annotations

import re

from index.records import Figure
from index.text.vocabulary import ACTUAL_PHASE, BUDGET_PHASE, unit_family
from qa.records import Question

# Head nouns a figure's unit already says: 多少资金 asks for money, 在岗人员 for people.
IMPLIED_BY_UNIT = {
    "people": ("人员", "人数", "人才"),
    "money": ("资金", "金额", "经费", "费用", "钱"),
    "percent": ("比例", "比重"),
    "score": ("分数", "得分"),
}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


# Quotation marks inside a term (`“三公”经费`): a question writes the term without them.
_QUOTE_MARKS = re.compile("[“”‘’\"']")


def unquoted(text: str) -> str:
    """The text with its quotation marks dropped, so that `“三公”经费` says 三公经费."""
    return _QUOTE_MARKS.sub("", text)


def figure_evidence(figure: Figure, owner: str = "") -> str:
    """Everything that says what the figure is: its own labels, its sentence, its headings, its report's owner."""
    return unquoted(" ".join([figure.metric, figure.qualifier or "", figure.entity or "", figure.target or "",
                              figure.quote, *figure.section, owner]))


def unsaid_words(question: Question, figure: Figure, owner: str = "") -> tuple[str, ...]:
    """The question's words (as the index segments them; its content's runs when it has none) that the
    evidence does not say. A word of the budget or executed phase (安排, 决算) is said by any word of the
    same phase (`预算数` says 安排); a head noun by the unit (资金 by 万元); a word the lexicon maps to a
    report term by that term (出国经费 by 因公出国费)."""
    evidence = figure_evidence(figure, owner)
    said_by_unit = IMPLIED_BY_UNIT.get(unit_family(figure.unit) or "", ())
    mapped = [variant for variant, term in zip(question.variants, question.terms, strict=True) if term in evidence]
    phases = [phase for phase in (BUDGET_PHASE, ACTUAL_PHASE) if phase.search(evidence)]
    asked = question.words or tuple(_CJK_RUN.findall(question.content))
    return tuple(word for word in asked
                 if word not in evidence
                 and word not in said_by_unit
                 and not any(word in variant for variant in mapped)
                 and not any(phase.fullmatch(word) for phase in phases))
