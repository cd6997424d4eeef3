"""Is what was asked named elsewhere in the report? A figure whose label and own clause leave a word of the
question unsaid, while another clause of the report states a quantity of the same thing with that word
(棚户区住房改造开工198007 beside 棚户区住房改造基本建成99890套), is another quantity than the one asked."""

from __future__ import annotations

import re
from dataclasses import replace

from index.records import Figure
from index.text.numbers import find_numbers
from index.text.vocabulary import OWN_OFFICE_ENTITIES, SELF_REFERENCES, unit_family
from qa.accounts import value_at
from qa.evidence import unsaid_words
from qa.records import FigureHit, Question

# Where one stated quantity ends and the next begins: a clause of a sentence, a cell of a row.
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?\n|]")


def _own_clause(figure: Figure) -> str | None:
    """The clause of the figure's sentence that holds its value (None: the value is not written there)."""
    for clause in _CLAUSE_BREAK.split(figure.quote):
        if value_at(clause, figure.value) >= 0:
            return clause
    return None


# A stated quantity in a clause: a number that is not a year, a date or a document's number, or an amount
# whose number the page hid.
_QUANTITY = re.compile(r"(?<![\d.〔\[【])(?!(?:19|20)\d\d(?:年|\b))\d+(?:\.\d+)?(?![\d.]*\s*[月日号])|万元|亿元")
# A heading, a title or a section path: what scopes a figure, not a quantity beside it (1、2020年度县级
# 专项资金绩效目标自评表…; 三、部门整体支出管理及使用情况 › （一）基本支出).
_HEADING = re.compile(r"›|^\s*(?:[一二三四五六七八九十]+、|\d+[、.．]\D|[(（][一二三四五六七八九十\d]+[)）])|自评表|评价表|报告")


# Nouns that name whose a figure is (整个部门, 本单位, 局机关): the scope stage and the ranker's organisation
# match read them, not this check.
_OWNER_NOUNS = frozenset({"部门", "单位", "机关", "本级", "整个", "全部", *OWN_OFFICE_ENTITIES, *SELF_REFERENCES})


def _states_alike(clause: str, figure: Figure) -> bool:
    """Does the clause state a quantity that could be of the figure's kind: one in the figure's unit
    family, or a number (or a hidden amount) with no unit to tell (开工198007(其中…)?"""
    counted = find_numbers(clause)
    if counted:
        return any(unit_family(m.unit) == unit_family(figure.unit) for m in counted)
    return bool(_QUANTITY.search(clause))


def named_elsewhere(question: Question, hit: FigureHit, texts: list[str], owner: str = "") -> str | None:
    """A word of the question that neither the figure's label nor its own clause says, written by the
    report in another clause that names the same thing with it and states a quantity of its kind: the
    report names what was asked elsewhere, so this figure is another quantity — 棚户区住房改造开工198007
    beside 棚户区住房改造基本建成99890套, 天然商品林停伐管护补助 beside 集体和个人商品林管护补助7.36万元.
    The other clause must say every word of the question that the figure's clause says (it names the
    same thing, one word more) — a clause that only shares the asked word (共向上争取资金9783.6万元 for
    中央引导地方科技发展专项计划争取了多少资金) is another thing, and a word the report never writes is only
    the asker's wording (花了 for 支出)."""
    figure = hit.figure
    clause = _own_clause(figure)
    if clause is None:
        return None
    unsaid_by_clause = unsaid_words(question, replace(figure, quote=clause, section=()), owner)
    said = [w for w in question.words if w not in unsaid_by_clause]
    if not said:
        return None
    clauses = [c for text in (figure.quote, *texts) for c in _CLAUSE_BREAK.split(text)
               if c.strip() != clause.strip() and not _HEADING.search(c)]
    for word in unsaid_by_clause:
        if any(word in place for place in question.places) or word in _OWNER_NOUNS \
                or word in (question.entity_text or ""):
            continue
        other = next((c for c in clauses if word in c and all(w in c for w in said) and _states_alike(c, figure)), None)
        if other is not None:
            return f"问题所问的“{word}”见于报告别处（“{other.strip()[:40]}”），不在该数字的出处"
    return None
