"""Stage 6, answer: each answerer phrases one kind of answer from what the stages before it found and
claimed, `answer(turn, kit) -> Answer | None`; the first that answers wins, in this order."""

from __future__ import annotations

from collections.abc import Callable

from qa.answerers import across, archive, computed, figure, listing, passage, reason, refusal
from qa.answerers.kit import Kit
from qa.records import Answer, Turn

Answerer = Callable[[Turn, Kit], Answer | None]

ANSWERERS: tuple[Answerer, ...] = (
    archive.answer,  # 有哪些单位的报告: the library's list, not a report
    refusal.no_report,  # no report matches the department or year asked
    across.answer,  # 哪个单位…最多 / …低于90分的单位 / 近三年: each department's claimed figure, as a table
    computed.answer,  # a difference, share, sum or change of two claimed figures
    figure.answer,  # a claimed figure (said to be one department's when none is named over several)
    figure.departments_apart,  # several departments' figures, none named: listed, none claimed
    refusal.unclaimed_figure,  # a number asked and none claimed: no passage stands in for it
    reason.answer,  # 为什么: a figure and the reason the report states after it
    listing.answer,  # 有哪些问题: a section read as a list
    passage.answer,  # a passage that holds the answer
)


def first_answer(turn: Turn, kit: Kit) -> Answer:
    """The first answerer's answer, else not found with the closest candidates and passages."""
    for answerer in ANSWERERS:
        found = answerer(turn, kit)
        if found is not None:
            return found
    return refusal.nothing_answers(turn, kit)
