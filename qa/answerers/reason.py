"""为什么…: the best candidates of the question's subject, the first whose report states a reason
right after it (主要原因是…), answered with the figure and that reason."""

from __future__ import annotations

from qa.answerers.kit import Kit, shown
from qa.compose import figure_sentence
from qa.reasons import reason_after
from qa.records import Answer, Turn

EXPLAINED_CANDIDATES = 8  # a reason is looked for after the best few candidates only…
MIN_EXPLAINED_COVERAGE = 0.5  # …that say at least half of what the question asks about


def answer(turn: Turn, kit: Kit) -> Answer | None:
    question = turn.question
    if question.kind != "why":
        return None
    texts: dict[str, str] = {}
    ranked = kit.ranker.rank(kit.library, question, turn.report_ids, list(turn.passages), turn.vector)
    for hit in ranked[:EXPLAINED_CANDIDATES]:
        if hit.coverage < MIN_EXPLAINED_COVERAGE:
            continue
        if hit.report_id not in texts:
            texts[hit.report_id] = kit.retriever.store.report_text(hit.report_id)
        reason = reason_after(texts[hit.report_id], hit.figure.end)
        if reason:
            text = f"{figure_sentence(hit, kit.library.reports.get(hit.report_id))}。报告所述原因：{reason}。"
            return Answer(question=question.text, found=True, text=text, figures=(hit,), passages=shown(turn),
                          wants="passage")
    return None
