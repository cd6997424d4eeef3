"""Stage 5, verify: the claim decision. A ranked candidate is shown as the answer only when the fitted
confidence in it reaches the line for the kind of value asked, and a passage only when it holds
enough of the question's words and meaning. Everything that decides whether something is *claimed*
lives here; the answerers after it only phrase what was claimed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from index.records import Figure
from index.text.vocabulary import (
    BASELINE_WORDS,
    CHANGE_WORDS,
    PARTS_OPEN,
    alternation,
)
from qa.accounts import (
    SAME_MEASURE_WORDS,
    before_value,
    own_item,
    own_label,
    side_asked_first,
    unaccounted,
    value_at,
)
from qa.elsewhere import named_elsewhere
from qa.evidence import figure_evidence, unquoted, unsaid_words
from qa.features import figure_label
from qa.lookup import asks_comparison, states_change
from qa.modifiers import swapped_modifier
from qa.records import Claims, FigureHit, Passage, Question
from qa.scorer import Scorer
from qa.sentences import SentenceMeaning
from qa.wordshare import not_even_spelt, word_share

SHOWN_CANDIDATES = 3  # the closest candidates shown as 可能相关 when nothing is claimed


def refused(question: Question, hit: FigureHit) -> str | None:
    """Why a candidate is not claimed however confident the scorer is in it, or None: its evidence does
    not account for the question (`unaccounted`), it is not the change asked (`change_unanswered`), or it
    is a change not asked (`change_unasked`). The verify stage, and `make calibrate` as it, weighs the
    best of the candidates this and `claimable` pass."""
    return unaccounted(question, hit) or change_unanswered(question, hit) or change_unasked(question, hit)


def claimable(question: Question, hits: list[FigureHit], walked: int | None = None) -> Iterator[FigureHit]:
    """The ranked hits that may be claimed, best first: those `refused` passes that also say every word of
    the question that a hit ranked above them says. A hit set aside above says what the question is
    about; one below that drops it answers about something else — the whole 学生资助资金's 中央资金 for
    学前教育资助资金中央资金, below the 学前教育 amount refused for naming no level. Lazily, and only the
    first `walked` hits (all when None): a caller that can use none after them does not pay for checking
    them. Every hit is still a neighbour of those walked."""
    said_above: set[str] = set()
    parts = declared_parts(hits)
    for hit in hits[:walked]:
        said = said_words(question, hit)
        if set_aside(question, hit, hits, parts) is None and said_above <= said:
            yield hit
        else:
            said_above |= said


def set_aside(question: Question, hit: FigureHit, hits: list[FigureHit], parts: list[frozenset[str]]) -> str | None:
    """Why the hit is set aside whatever its rank, or None: `refused`, or its neighbours among the candidates
    say the question is about something else — an item after it in its sentence names a word asked
    (`_named_by_a_later_item`), or the question names one of the parts its report lists and the hit's
    evidence not (`declared_parts`). `make calibrate` reads the same per candidate."""
    if reason := refused(question, hit):
        return reason
    if later := _named_by_a_later_item(question, hit, hits):
        return f"问题所问的“{'、'.join(sorted(later))}”是该句中另一项的"
    if part := _other_declared_part(question, hit, parts):
        return f"问题问“{part}”，该数字的出处未载明"
    return None


def _named_by_a_later_item(question: Question, hit: FigureHit, hits: list[FigureHit]) -> frozenset[str]:
    """The question's words that an item after the hit's value in its own sentence names as its own and
    neither the hit's label nor its sentence before it says: 职工医保 of `参保率97.4%，其中职工医保参保9.85万人`
    is that part's, not the rate's. An item before the value may name the whole the value is of (`基本医疗保险参保人数81.26万人，参保率
    97.4%`); one after it names a neighbour or a part."""
    at = value_at(hit.figure.quote, hit.figure.value)
    if at < 0 or hit.figure.kind != "prose":  # items in order are a sentence's; a table row's cells are not
        return frozenset()
    label = own_label(hit.figure)
    later = " ".join(figure_label(h.figure) + " " + own_item(h.figure) for h in hits
                     if h.figure.kind == "prose" and h.figure.quote == hit.figure.quote
                     and value_at(h.figure.quote, h.figure.value) > at)
    # Its own: its label, its sentence before it and its clause after it (`资金3.30亿元支持住房保障，其中…`).
    quote = hit.figure.quote
    own = " ".join((label, before_value(hit.figure), quote[at:min((i for c in "，,；;。" if (i := quote.find(c, at)) >= 0),
                                                                default=len(quote))]))
    return frozenset(w for w in question.words if w in later and w not in own) - _NAMES_NO_SUBJECT


_PART_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,12}$")


def declared_parts(hits: list[FigureHit]) -> list[frozenset[str]]:
    """The parts the candidates' sentences list after 其中, each list as the set of its items' names:
    {县道, 乡道, 村道} of `总里程4218.6公里，其中县道612.3公里、乡道1385.1公里、村道2221.2公里` — a report's own
    siblings, as 行政 / 事业 / 工勤 are the genre's."""
    by_quote: dict[str, list[str]] = {}
    for hit in hits:
        quote = hit.figure.quote
        opened = PARTS_OPEN.search(quote)
        at = value_at(quote, hit.figure.value)
        if opened is None or at < opened.end():
            continue
        name = _PART_NAME.search(PARTS_OPEN.sub("", own_item(hit.figure)).strip())
        if name and name.group() not in by_quote.setdefault(quote, []):
            by_quote[quote].append(name.group())
    return [frozenset(names) for names in by_quote.values() if len(names) >= 2]


def _other_declared_part(question: Question, hit: FigureHit, members: list[frozenset[str]]) -> str | None:
    """The one part of a listed whole the question names (村道养护支出: 村道 of 县道 / 乡道 / 村道) that the
    hit's evidence does not say: it is about the whole or another part."""
    evidence = figure_evidence(hit.figure, hit.owner)
    for names in members:
        asked = [n for n in names if n in question.text]
        if len(asked) == 1 and asked[0] not in evidence:
            return asked[0]
    return None



def said_words(question: Question, hit: FigureHit) -> frozenset[str]:
    """The words of the question the hit's evidence says."""
    return frozenset(question.words) - frozenset(unsaid_words(question, hit.figure, hit.owner))


def change_unanswered(question: Question, hit: FigureHit) -> str | None:
    """Why a change question is not answered by the figure, or None: an amount (公务接待费 1.46 for
    比上年减少了多少), or the stated change of something else."""
    if not question.asks_change:
        return None
    if not states_change(hit.figure):
        return "问题问的是变化，该数字不是变化量"
    if unsaid := _change_subject_unsaid(question, hit.figure):
        return f"问题问“{'、'.join(unsaid)}”的变化，该数字的标签“{own_label(hit.figure)}”是别的数的变化"
    return None


def change_unasked(question: Question, hit: FigureHit) -> str | None:
    """Why a question that asks what something is, not how it changed, is not answered by a figure that
    is a change, or None: `比年初预算减少3.38万元` is no answer to 三公经费年初预算是多少."""
    if question.asks_change or asks_comparison(question):
        return None
    figure = hit.figure
    # A change word, not a baseline alone: `决算数较2021年的6.42万元减少0.56万元` states 2021's amount as 6.42.
    if _CHANGE_WORD.search(figure.metric) or _CHANGE_WORD.search(figure.qualifier or ""):
        return f"问题问的不是变化，该数字“{own_label(figure)}”是变化量"
    return None


_CHANGE_WORD = re.compile(alternation(CHANGE_WORDS))


_MEASURE_WORD = re.compile(alternation(SAME_MEASURE_WORDS))
_CJK = re.compile(r"[\u4e00-\u9fff]")


def another_value(question: Question, best: FigureHit, hit: FigureHit) -> bool:
    """Is the hit another value of what the claimed answer states, worth listing beside it as 另有不同的数字
    (a report's conflicting statement, the budget beside the actual)? Its metric and the answer's differ
    by no word that changes the measure (not 人均 added, not 在用 dropped: the total is not its part), it
    accounts for the question (`unaccounted`) and leaves none of the question's words unsaid that the
    answer says."""
    own, answered = (set(_CJK.findall(_MEASURE_WORD.sub("", f.metric))) for f in (hit.figure, best.figure))
    if own != answered or unaccounted(question, hit, sides=False):
        return False
    said_by_best = set(question.words) - set(unsaid_words(question, best.figure))
    return not any(w in said_by_best for w in unsaid_words(question, hit.figure))


# Words of a change question that say how it is asked, not what changed: the change itself, its
# baseline, the year it is of (全年支出比上年增加了多少 asks how 支出 changed) and the form of the answer
# (百分之多少) — and, as words of their own, the generic nouns of an amount (经费 of 行政运行经费; 三公经费
# still names what changed).
_CHANGE_TALK = (*CHANGE_WORDS, *BASELINE_WORDS, "去年", "上年", "全年", "本年", "当年", "变化", "百分之", "百分点", "幅度")
_AMOUNT_NOUNS = ("经费", "资金", "金额", "费用", "数额")

# Words that say when or how whole a value is, not what it is of (全年支出 beside 较上年支出增加)…
# …and the generic nouns of an amount (资金 of 年中追加 beside 上级补助资金).
_NAMES_NO_SUBJECT = frozenset({"全年", "本年", "当年", "年度", "今年", "累计", "合计", "总计", "共计", *_AMOUNT_NOUNS})


def _change_subject_unsaid(question: Question, figure: Figure) -> list[str]:
    """The words naming what the question asks the change of (三公经费 of 三公经费比上年减少了多少) that
    neither the stated change's own label nor its sentence before the value holds: `本年收入决算数比上年减少
    105.95万元` is no answer to how 三公经费 changed. (Its sentence, not the label alone: a 科目's change
    is stated in the paragraph its path opens, `…行政运行（项）”…减少31.84%`; before the value only: what
    follows is the reason, `本年决算支出比上年增加2.69%,主要是:…一级主任科员1人`.)"""
    evidence = unquoted(own_label(figure) + " " + before_value(figure))
    subject = [w for w in question.words
               if w not in _AMOUNT_NOUNS and not any(w in talk or talk in w for talk in _CHANGE_TALK)]
    return [w for w in subject if w not in evidence]


@dataclass(frozen=True)
class Verifier:
    scorer: Scorer
    sentence_meaning: SentenceMeaning

    def confident(self, hits: list[FigureHit], question: Question) -> list[FigureHit]:
        """The hits that may be shown as found, the first of them the answer: of the candidates that may
        be claimed (`claimable` — 全年预算 when the ranker put 年初预算 first for 全年预算多少), the best,
        when the scorer is confident in it as the best of what is left (as confident as the kind of value
        asked needs); then the others left that it is as confident in and that state the same value
        elsewhere or another value of the same thing (`another_value`: a report's conflicting statement) —
        not a sibling's value (科技事务中心's beside 局机关's asked)."""
        line = self.scorer.threshold_for(question.answer_type)
        ordered = side_asked_first(question, hits) if hits else []
        # A hit after the last one confident enough can be neither the answer nor shown beside it.
        reaching = [i for i, h in enumerate(ordered) if h.parts["confidence"] >= line]
        kept = claimable(question, ordered, walked=reaching[-1] + 1) if reaching else iter(())
        answer = next(kept, None)
        if answer is None or answer.parts["confidence"] < line:
            return []
        return [answer, *(h for h in kept if h.parts["confidence"] >= line
                          and (h.figure.amount == answer.figure.amount or another_value(question, answer, h)))]

    def claimed(self, question: Question, hits: tuple[FigureHit, ...], passages: tuple[Passage, ...],
                owners: dict[str, str]) -> list[FigureHit]:
        """What one department group's ranked hits may claim (the first is its answer), or nothing: the
        scorer confident in a hit whose evidence accounts for the question (`confident`), its report
        not naming what was asked in another clause (`named_elsewhere`) and its label not putting another
        qualifier where the question's stands (`swapped_modifier`)."""
        found = self.confident(list(hits), question)
        if not found:
            return []
        best, owner = found[0], owners.get(found[0].report_id, "")
        texts = [p.chunk.text for p in passages if p.chunk.report_id == best.report_id]
        # A best hit whose report names what was asked in another clause (开工 beside 基本建成) is not it,
        # nor one whose label puts another qualifier where the question's stands (农村 for 城镇自来水普及率).
        if named_elsewhere(question, best, texts, owner) is not None \
                or swapped_modifier(question, best.figure, owner, (*texts, *(h.figure.quote for h in hits))):
            return []
        return found

    def claims(self, question: Question, ranked: tuple[tuple[FigureHit, ...], ...],
               passages: tuple[Passage, ...] = (), owners: dict[str, str] | None = None) -> Claims:
        """Per department group, what may be claimed (most confident group first), and the closest
        candidates over all groups for a refusal to show."""
        found = sorted(((hits, tuple(claimed)) for hits in ranked
                        if (claimed := self.claimed(question, hits, passages, owners or {}))),
                       key=lambda pair: -pair[1][0].parts["confidence"])
        unsure = tuple(sorted((h for hits in ranked for h in hits[:SHOWN_CANDIDATES]), key=lambda h: -h.score))
        if len(found) > 1:
            owners = owners or {}
            bests = [claimed[0] for _, claimed in found]
            unsaid = [unsaid_words(question, h.figure, owners.get(h.report_id, "")) for h in bests]
            lacking = [not_even_spelt(question, words, figure_evidence(h.figure, owners.get(h.report_id, "")))
                       for h, words in zip(bests, unsaid, strict=True)]
            if unsaid.count(()) == 1 and lacking.count(()) == 1:
                # One department's evidence says every word of the question, each other's leaves one
                # unsaid (局机关 asked: one report's row says 局机关, another's only 基本支出): that one states
                # what was asked, the others a neighbour — named beside the claim, never claimed. Over the
                # fitting reports in one folder it was the department asked in all 9 answers where this
                # fired (seed: 岳阳科技局; real: 山东民政厅, 淳安文广旅体局; extra; fresh); validation totals:
                # 3 right, 1 wrong.
                at = unsaid.index(())
                partial = tuple((h, words) for i, (h, words) in enumerate(zip(bests, lacking, strict=True)) if i != at)
                return Claims(found=(found[at],), unsure=unsure[:SHOWN_CANDIDATES], partial=partial)
            # Several departments each state a figure the question could mean, and it names none of them
            # (one group per department exists only then): which one it asks is not known, so none is
            # claimed. Measured over all reports in one folder, the most confident department was the one
            # asked in 14 of 27 such answers (seed, real and extra sets).
            return Claims(unsure=unsure[:SHOWN_CANDIDATES], apart=tuple(claimed[0] for _, claimed in found))
        return Claims(found=tuple(found), unsure=unsure[:SHOWN_CANDIDATES])

    def passage_covers(self, question: Question, passage: Passage, vector: np.ndarray) -> bool:
        """Does the passage answer the question? Its share of the question's words and its meaning,
        weighed by the line `make calibrate` fits on labelled passage and absent questions."""
        return self.scorer.passage_answers(*self.passage_fit(question, passage, vector))

    def passage_fit(self, question: Question, passage: Passage, vector: np.ndarray) -> tuple[float, float | None]:
        """(the share of the question's words the passage or its section titles hold, each word weighted
        by its rarity in the archive — 食堂 counts more than 管理; the question's cosine with the passage
        or with its closest sentence, whichever is higher)."""
        text = passage.chunk.text + " " + " ".join(passage.chunk.section)
        closest = self.sentence_meaning.best_cosine(passage.chunk.chunk_id, passage.chunk.text, vector)
        cosines = [c for c in (passage.meaning, closest) if c is not None]
        return word_share(question, text, rarity=question.passage_rarity), max(cosines) if cosines else None
