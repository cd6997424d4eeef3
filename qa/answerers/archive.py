"""有哪些单位的报告 / 科技局有几年的报告: answered from the library's list of reports."""

from __future__ import annotations

from qa.answerers.kit import Kit
from qa.archive import archive_answer
from qa.records import Answer, Turn
from qa.scope import filtered


def answer(turn: Turn, kit: Kit) -> Answer | None:
    if turn.question.archive is None:
        return None
    return archive_answer(turn.question.archive, turn.question, filtered(kit.library, turn.filters))
