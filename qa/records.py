"""The records the answer stages hand down: the question as understood, the turn that grows as each
stage adds what it found, candidate figures, passages and the answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

import numpy as np

from index.records import Figure
from index.store.rows import ChunkRow, ReportRow


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to a report (id, prefix or file name), department, fiscal year, section or
    document type (部门预算, 部门决算, …绩效自评)."""

    report: str | None = None
    department: str | None = None
    year: int | None = None
    section: str | None = None
    doc_type: str | None = None

    def active(self) -> bool:
        return any(v is not None for v in (self.report, self.department, self.year, self.section, self.doc_type))


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and the rank each retriever gave it (None: not found)."""

    chunk: ChunkRow
    score: float
    dense_rank: int | None
    bm25_rank: int | None
    meaning: float | None = None  # cosine of the question and the chunk (None: not among the dense results)


@dataclass(frozen=True)
class ArchiveAsk:
    """A question about the archive itself (qa/archive.py): the units (reports) or the years it holds."""

    asks: str  # "reports" or "years"
    type_word: str | None  # 自评, 预算, 决算: the document type asked about, if any


@dataclass(frozen=True)
class AcrossAsk:
    """A question across departments or years (qa/across.py): what each department (or year) is asked,
    `metric`, and how the claimed answers are put together."""

    kind: Literal["rank", "filter", "change", "table", "series"]
    metric: str  # the figure each department is asked for: 三公经费, 2021年自评得分
    counts: bool = False  # 有几个单位…: how many, besides which
    lowest: bool = False  # rank: 最少 / 最低 / 后三名 first
    top: int | None = None  # rank: 前五 → 5, 哪个单位…最多 → 1; None: every department in order
    comparator: str | None = None  # filter: <, <=, >, >=
    threshold: Decimal | None = None  # filter: 90 of 低于90分
    threshold_unit: str | None = None  # filter: 分, %, 万元
    direction: str | None = None  # change: up (增加) or down (减少)
    years: int | None = None  # series: 近三年 → 3; None with no span: every year held
    first_year: int | None = None  # series: 2019 of 2019年到2021年
    last_year: int | None = None


Wants = Literal["figure", "passage"]
AnswerKind = Literal["figure", "passage", "list", "archive"]


@dataclass(frozen=True)
class Operation:
    """What to compute and the two sub-questions whose figures it needs (qa/arithmetic.py)."""

    kind: Literal["difference", "share", "sum", "year_change"]
    first: str
    second: str
    earlier_year: int | None = None  # year_change against a named year (和2021年比), else the year before


@dataclass(frozen=True)
class Question:
    """What a question asks, as far as words tell: its content words, kind, unit, entity and year."""

    text: str
    content: str  # the question without question words, years and entity words
    terms: tuple[str, ...]  # report terms the lexicon maps the question's words to
    variants: tuple[str, ...]  # the question's words that the lexicon mapped
    wants: Wants
    kind: str  # how_much, how_many, what, who, when, why, list, compare
    unit_family: str | None  # money, people, count, percent, score, area, …
    entity_class: str | None  # main, unit, total (from entities.tsv)
    entity_text: str | None  # an organisation named literally, e.g. 科技事务中心
    year: int | None
    relative_year: str | None  # 去年, 上年度, 今年, 前年 as written (index/text/vocabulary.YEARS_BACK); not 比去年
    department: str | None  # a department or project name the question names
    department_mention: str | None = None  # the words that named it (县人大 for two counties' 人民代表大会常务委员会)
    search_text: str = ""  # the question without that name and the year it asks of: they scope, they do not rank
    unnamed_text: str = ""  # the question without the name only (its years kept): what arithmetic is read from
    asks_target: bool = False  # 目标是多少 / 计划建设多少: the planned side of a target–actual pair
    asks_actual: bool = False  # 实际筹集了多少: what was done, which a stated target (目标筹集40422套) never answers
    answer_type: str = "number"  # number, person (是谁), code (电话, 文号: kept as text), text (哪个单位, 什么等级)
    places: tuple[str, ...] = ()  # places the question names (新开镇, 福田区): answers come from their departments
    archive: ArchiveAsk | None = None  # 有哪些单位的报告: answered from the library, not from a report
    across: AcrossAsk | None = None  # 哪个单位…最多 / …低于90分的单位 / 近三年: each department asked on its own
    unit_stated: bool = False  # the question says the unit it wants (多少万元, 几分, 多少小时), not only what it is about
    counted_noun: str | None = None  # 多少学生 with no money word: a count of it is asked, never an amount (question_parser)
    asks_rate: bool = False  # 每人多少, 补助标准, 人均: a per-unit amount (元/人) may answer; otherwise it never does
    words: tuple[str, ...] = ()  # the content's words as the search index segments them (two characters or more)
    word_rarity: tuple[float, ...] = ()  # each word's BM25 rarity in the archive, in the order of `words`
    # The same over the archive and a background of chunks holding none of them: what passages are weighed
    # by, so that whether one answers does not depend on how much else the archive holds.
    passage_rarity: tuple[float, ...] = ()
    # Each word's other spellings a report may write (Lexicon.spellings: 向上争取资金 by 上级资金), in the order
    # of `words`.
    word_spellings: tuple[tuple[str, ...], ...] = ()
    levels: frozenset[str] = frozenset()  # levels of government named (中央, 省级, 市县…): index/text/vocabulary.government_levels
    # What the stages after this one need of the wording, read once here so that none reads the text again:
    asks_budget: bool = False  # names the budget phase (预算, 安排, 批复…: index/text/vocabulary.BUDGET_PHASE)
    asks_executed: bool = False  # names the executed phase (执行, 实际, 决算…: index/text/vocabulary.ACTUAL_PHASE)
    asks_change: bool = False  # how much something changed (比上年减少了多少), not what it is
    asks_weight: bool = False  # an indicator's 分值 / 权重 / 满分, not its 得分
    money_unit_asked: str | None = None  # 万元 in 多少万元: an amount in another money unit is shown in this one too
    in_chinese: bool = True  # holds a Chinese character (else the answer says the reports are in Chinese)
    text_pairs: frozenset[str] = frozenset()  # the text's adjacent Chinese character pairs (qa/features.metric_extra)
    operation: Operation | None = None  # the arithmetic it asks for, if any
    # The qualifier siblings it names (退休 of 在职 / 退休 / 离休…: index/text/vocabulary.SIBLING_SETS), each as
    # its spellings: a claimed figure's own label must name every one.
    pinned: tuple[tuple[str, ...], ...] = ()
    # The operation's sub-questions as understood in this question's scope (one for a change against a
    # year: the same figure in two years), each with the text its query vector is made from.
    sides: tuple[Question, ...] = ()
    embed_text: str = ""  # what the query vector is made of (cleaned, simplified)
    query_tokens: tuple[str, ...] = ()  # what BM25 searches with (its search text's tokens)


@dataclass(frozen=True)
class FigureHit:
    """A candidate figure and why it scored as it did (`parts`: the lexical terms, then the ranker's
    `logit`, and its `confidence` were the candidates ranked above it set aside)."""

    report: str
    report_id: str
    figure: Figure
    score: float
    coverage: float
    parts: dict[str, float]
    unsaid: tuple[str, ...] = ()  # of a 0: the question's words its evidence does not say (qa/evidence.unsaid_words)
    owner: str = ""  # the department and project its report bears (qa/records.report_names): what it need not repeat


@dataclass(frozen=True, kw_only=True)
class Answer:
    """The answer to one question: found or not, the sentence, figures best first, passages best first."""

    question: str
    found: bool
    text: str
    figures: tuple[FigureHit, ...] = ()
    passages: tuple[Passage, ...] = ()
    wants: AnswerKind
    # Not sure enough to answer: the figures that came closest, shown as 可能相关 (never as the answer).
    candidates: tuple[FigureHit, ...] = ()
    items: tuple[str, ...] = ()  # a list question's answer: the section's items, whole, in order
    across: str | None = None  # a question across departments or years: its kind (a series is drawn by year)


@dataclass(frozen=True)
class Claims:
    """What the verify stage decided of a figure question's candidates."""

    # Per department group whose best candidate may be claimed: (its ranked hits, the hits shown as
    # found), most confident first.
    found: tuple[tuple[tuple[FigureHit, ...], tuple[FigureHit, ...]], ...] = ()
    # The closest candidates over every group, shown as 可能相关 when nothing is claimed.
    unsure: tuple[FigureHit, ...] = ()
    # Several departments' best candidates that would each pass, the question naming none of them: listed
    # with their sources, none claimed.
    apart: tuple[FigureHit, ...] = ()
    # Beside a claim the verify stage took from several departments' (`Verifier.claims`): the other
    # departments' best candidates, each with the words of the question it leaves unsaid — named, never claimed.
    partial: tuple[tuple[FigureHit, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class YearRead:
    """A relative year read against today's date: 去年 asked on 2026-12-06 is the 2025 fiscal year (its
    report is written in 2026). When the archive holds no report of that year, each department's latest
    report before it answers, and the answer says so."""

    word: str  # 去年, 今年, 前年 as the question wrote it
    asked: int  # the fiscal year the word means today
    answering: tuple[int, ...]  # the fiscal years of the reports that answer, latest first


@dataclass(frozen=True)
class Turn:
    """One question on its way down the stages; each stage returns it with its own part filled in."""

    question: Question
    filters: Filters | None
    within: ReportRow | None  # the one report a filter fixes
    reports: tuple[ReportRow, ...] = ()  # scope: the reports that may answer
    year_read: YearRead | None = None  # scope: the year 去年 / 今年 / 前年 was read as, and the years answering
    vector: np.ndarray = field(default_factory=lambda: np.zeros(0))  # retrieve: the query vector
    passages: tuple[Passage, ...] = ()  # retrieve: the 20 best passages of the scoped reports
    groups: tuple[tuple[str, ...], ...] = ()  # rank: report ids per department asked on its own
    held: int = 0  # rank: how many department groups the scope holds (before narrowing to the likeliest)
    searched: int = 0  # rank: how many of them were weighed (the likeliest), before those saying fewer of the
    # question's words were set aside (qa/scope.groups_saying_most)
    weighed: tuple[tuple[str, ...], ...] = ()  # rank: the groups searched, before those saying fewer words went
    ranked: tuple[tuple[FigureHit, ...], ...] = ()  # rank: each group's candidates, best first
    claims: Claims = Claims()  # verify

    @property
    def report_ids(self) -> list[str]:
        return [r.id for r in self.reports]


def report_names(report: ReportRow) -> str:
    """The department and project names a report bears: what a place the question names is looked for
    in, and what its figures need not repeat."""
    return " ".join(n for n in (report.department, report.project) if n)
