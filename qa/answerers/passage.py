"""A what / why / which question answered by one of the three best passages, whole, with its source."""

from __future__ import annotations

from qa.answerers.kit import Kit, shown
from qa.compose import passage_answer
from qa.records import Answer, Turn


def answer(turn: Turn, kit: Kit) -> Answer | None:
    covering = next((p for p in turn.passages[:3] if kit.verifier.passage_covers(turn.question, p, turn.vector)), None)
    if covering is None:
        return None
    report = kit.library.reports.get(covering.chunk.report_id)
    return Answer(question=turn.question.text, found=True, text=passage_answer([covering], report),
                  passages=shown(turn), wants="passage")
