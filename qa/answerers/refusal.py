"""Not found: no report in scope, a figure asked that nothing was confident enough to claim, or nothing
that answers at all. Each says what was looked for, the nearest passage, and the closest candidates as
可能相关 with their sources — never as the answer."""

from __future__ import annotations

from qa.answerers.kit import Kit, shown
from qa.compose import not_found_answer
from qa.records import Answer, AnswerKind, Turn


def no_report(turn: Turn, kit: Kit) -> Answer | None:
    """No report matches the department or year asked."""
    if turn.reports:
        return None
    question = turn.question
    return Answer(question=question.text, found=False, text=not_found_answer(question, []), wants=question.wants)


def unclaimed_figure(turn: Turn, kit: Kit) -> Answer | None:
    """A figure asked (how much, how many…) and none claimed: a passage does not answer it either."""
    question = turn.question
    if question.wants != "figure" or (question.kind in ("what", "list", "why") and turn.passages):
        return None
    return _refused(turn, kit, "figure")


def nothing_answers(turn: Turn, kit: Kit) -> Answer:
    return _refused(turn, kit, turn.question.wants)


def _refused(turn: Turn, kit: Kit, wants: AnswerKind) -> Answer:
    unsure = turn.claims.unsure
    text = not_found_answer(turn.question, list(shown(turn)), unsure, kit.library.reports)
    return Answer(question=turn.question.text, found=False, text=text, passages=shown(turn),
                  wants=wants, candidates=unsure)
