"""问题有哪些 / 改进措施 / 主要职责: the section among the best passages whose title says what the
question asks (存在的主要问题 for 存在哪些问题), read as a list, each item whole."""

from __future__ import annotations

from qa.answerers.kit import Kit, shown
from qa.compose import list_answer
from qa.lists import ItemList, section_body, section_items
from qa.lookup import bigrams
from qa.records import Answer, Passage, Turn

LIST_PASSAGES = 5  # a list question's section is looked for among the best few passages…
MAX_LIST_ITEMS = 30  # more numbered items than this is a part of the report, not a list


def answer(turn: Turn, kit: Kit) -> Answer | None:
    question = turn.question
    if question.kind != "list":
        return None
    asked = bigrams(question.content)
    titled = [(len(asked & bigrams(p.chunk.section[-1])), -rank, p)
              for rank, p in enumerate(turn.passages[:LIST_PASSAGES]) if p.chunk.section]
    best = max(titled, key=lambda t: t[:2], default=None)
    if best is None or best[0] == 0 or not kit.verifier.passage_covers(question, best[2], turn.vector):
        return None
    passage = best[2]
    listed = _section_list(kit, passage)
    if listed is None:
        return None
    text = list_answer(listed, passage, kit.library.reports.get(passage.chunk.report_id))
    return Answer(question=question.text, found=True, text=text, passages=shown(turn), wants="list", items=listed.items)


def _section_list(kit: Kit, passage: Passage) -> ItemList | None:
    """The passage's whole section read as a list, when it is one (two items or more, not a
    whole part of the report)."""
    store = kit.retriever.store
    section = next((s for s in store.section_records(passage.chunk.report_id) if s.path == passage.chunk.section), None)
    if section is None or not section.path:
        return None
    listed = section_items(section_body(store.report_text(passage.chunk.report_id), section))
    return listed if 2 <= len(listed.items) <= MAX_LIST_ITEMS else None
