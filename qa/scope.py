"""Stage 2, scope: which reports may answer a question, and — for a figure over reports of several
departments — the groups each department is asked in on its own. Reads the library's list of reports
(`Library`); of the reports' texts only which of the question's words each holds (`groups_saying_most`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from index.extract.metadata import short_names_defined
from index.store.rows import ReportRow
from index.store.sqlite import Store
from index.text.places import Gazetteer, holds_place, place_core
from index.text.vocabulary import YEARS_BACK
from qa.question_parser import distinctive_chars, named_places
from qa.records import Filters, Passage, Question, YearRead, report_names

OPENING_CHARS = 1500  # a report's title, cover and first paragraphs: where it says which place it is about
SCAN_ALL_BELOW = 5000  # figures; above this only figures of retrieved chunks and named metrics are scored
MAX_DEPARTMENTS_LISTED = 8


@dataclass(frozen=True)
class Library:
    """What the store holds, read once after each ingest or removal: the reports and the names
    questions may use (organisations, departments and projects)."""

    reports: dict[str, ReportRow]
    entities: tuple[str, ...]
    departments: tuple[str, ...]
    # Each department or project name: the places (县, 市, 乡 …) its reports are about (农村公路养护专项资金
    # → 平江县, 岳阳市, 湖南省); a name whose reports name no place has none.
    seats: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Each report: the places its department's name and its opening name, with the places those lie in
    # (a fund's report naming 巴彦淖尔市 → 巴彦淖尔市, 内蒙古自治区).
    report_places: Mapping[str, frozenset[str]] = field(default_factory=dict)
    places: frozenset[str] = frozenset()  # every place some report of the archive is about
    # The short names reports define for their departments (省残联 → 湖北残疾人联合会), each with the
    # departments it names.
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Of `departments`, the names that are a project's or fund's (义务教育营养改善计划专项资金), not a body's.
    projects: frozenset[str] = frozenset()


def read_library(store: Store, gazetteer: Gazetteer) -> Library:
    reports = {r.id: r for r in store.reports()}
    openings = store.openings(OPENING_CHARS)
    names = {r.department for r in reports.values() if r.department}
    projects = {r.project for r in reports.values() if r.project} - fund_kinds(list(reports.values()), openings, gazetteer)
    names |= projects
    report_places = {r.id: frozenset(gazetteer.with_parents(gazetteer.named_in(
        f"{r.department or ''}\n{r.project or ''}\n{openings.get(r.id, '')}"))) for r in reports.values()}
    aliases: dict[str, list[str]] = {}
    seats: dict[str, set[str]] = {}
    for report in reports.values():
        for alias in short_names_defined(openings.get(report.id, ""), report.department):
            aliases.setdefault(alias, []).append(str(report.department))
        for name in (report.department, report.project):
            if name:
                seats.setdefault(name, set()).update(named_places(report.department or ""), report_places[report.id])
    return Library(reports, tuple(sorted(store.entities())), tuple(sorted(names)),
                   {name: frozenset(places) for name, places in seats.items()}, report_places,
                   frozenset().union(*report_places.values()),
                   {alias: tuple(dict.fromkeys(names)) for alias, names in aliases.items()},
                   frozenset(projects - {r.department for r in reports.values()}))


# What a project's name opens with besides what it is: its year, its batch, its level (自治区大气污染防治资金,
# 县级储备粮, 2021年第一批中央大气污染防治资金).
_NAME_YEAR = re.compile(r"^\d{4}年度?")
_NAME_BATCH = re.compile(r"^第?[一二三四五六七八九十\d]+批(?:次)?")
_NAME_LEVEL = re.compile(r"^(?:自治区|国家|中央|省级|市级|县级|区级|省|市|县)")


def name_core(name: str, gazetteer: Gazetteer) -> str:
    """A project's name without its year, the place it opens with, its batch and its level (大气污染防治资金
    of 自治区大气污染防治资金 and of 2021年第一批中央大气污染防治资金, 困难大学新生入学补助项目 of
    南宁市困难大学新生入学补助项目)."""
    core = _NAME_YEAR.sub("", name)
    place = next(iter(gazetteer.named_in(core)), "")
    if place and core.startswith(place):
        core = core[len(place):]
    return _NAME_LEVEL.sub("", _NAME_BATCH.sub("", core))


def fund_kinds(reports: list[ReportRow], openings: Mapping[str, str], gazetteer: Gazetteer) -> set[str]:
    """The projects whose names another report's opening also writes (临时救助 in 山东's and 福田's 困难群众
    救助 reports, 大气污染防治资金 in 咸宁's and 巴彦淖尔's): a kind of fund many departments hold, not one
    report's name. A question saying it is asked of every department whose report says it, never scoped
    to the one report whose project bears the name."""
    kinds = set()
    for project in {r.project for r in reports if r.project}:
        core = name_core(project, gazetteer)
        # As a mention must (qa/question_parser.named_department): two characters no fund's name shares.
        if len(distinctive_chars(core)) >= 2 and any(core in openings.get(r.id, "") for r in reports if r.project != project):
            kinds.add(project)
    return kinds


def report_in(store: Store, filters: Filters | None) -> ReportRow | None:
    """The one report a filter fixes (id, id prefix or file name), looked up once per question."""
    return store.find_report(filters.report) if filters and filters.report else None


def filtered(library: Library, filters: Filters | None) -> list[ReportRow]:
    """The library as the user's filters (department, year, type) narrow it — for archive questions."""
    if filters is None:
        return list(library.reports.values())
    return [r for r in library.reports.values()
            if filters.department in (None, r.department) and filters.year in (None, r.fiscal_year)
            and filters.doc_type in (None, r.kind)]


def reports_for(library: Library, question: Question, filters: Filters | None, within: ReportRow | None) -> list[ReportRow]:
    rows = list(library.reports.values())
    if within is not None:
        rows = [r for r in rows if r.id == within.id]
    if filters and filters.doc_type:
        rows = [r for r in rows if r.kind == filters.doc_type]
    department = (filters.department if filters else None) or question.department
    if department:
        rows = [r for r in rows if any(name and (department in name or name in department)
                                       for name in (r.department, r.project))] or rows
    year = (filters.year if filters else None) or question.year
    if year is not None:
        # A report of year N also states N-1 figures (比上年, the 2020 column of a 2021 report).
        rows = [r for r in rows if r.fiscal_year == year or r.fiscal_year is None or r.fiscal_year - 1 == year]
    # 去年 and 今年 are read against today's date (`relative_year_reports`).
    return rows


def relative_year_reports(rows: list[ReportRow], question: Question, filters: Filters | None,
                          today: date) -> tuple[list[ReportRow], YearRead | None]:
    """The reports a relative year (去年, 今年, 前年) asks of, read against today's date: 去年 asked in 2026
    is the 2025 fiscal year. Each department answers from its report of that year, else from its latest
    report before it — the answer says which years answer (`YearRead`), never silently another. A
    department whose reports are all later (a 2026 budget for 去年) does not answer; an undated report may."""
    word = question.relative_year
    if word is None or question.year is not None or (filters and filters.year is not None):
        return rows, None
    asked = today.year - YEARS_BACK[word]
    latest: dict[str, int] = {}
    for report in rows:
        if report.fiscal_year is not None and report.fiscal_year <= asked:
            department = report.department or report.name
            latest[department] = max(latest.get(department, report.fiscal_year), report.fiscal_year)
    kept = [r for r in rows if r.fiscal_year is None or r.fiscal_year == latest.get(r.department or r.name)]
    years = tuple(sorted({r.fiscal_year for r in kept if r.fiscal_year is not None}, reverse=True))
    if not years:
        return rows, None
    return kept, YearRead(word, asked, years)


def filter_conflict(library: Library, question: Question, filters: Filters | None) -> str | None:
    """The sentence that says a question names a department or project the chosen 部门 filter excludes:
    the answer then comes from the filter's reports, and the user is told how to ask the one named."""
    chosen = filters.department if filters else None
    named = question.department
    if not chosen or not named:
        return None
    within = [r for r in library.reports.values() if r.department == chosen]
    if any(name and (named in name or name in named) for r in within for name in (r.department, r.project)):
        return None
    return (f"注意：问题提到“{named}”，但当前的部门筛选是“{chosen}”，以下只在“{chosen}”的报告中查找；"
            f"要问“{named}”，请把部门筛选改为“全部”后再问。")


def department_groups(question: Question, reports: list[ReportRow], filters: Filters | None,
                      mentioning: Collection[str] = (),
                      report_places: Mapping[str, frozenset[str]] | None = None) -> list[list[str]]:
    """The scoped reports as one group, or one group per department when the question names no
    department over reports of several, or names one that several departments answer to (县人大 of two
    counties): each department is then asked on its own, so that one department's figure is never
    given as if it were the only one. A place the question names (新开镇…)
    keeps only the departments whose name holds it, or whose reports are about it (`report_places`:
    枞阳 for 枞阳县卫生健康委员会, 安徽 for it too) — or, when none is, the reports `mentioning` it
    (翟店镇卫生院 in a report of 稷山县卫生健康和体育局; see `places_unnamed`)."""
    if filters and (filters.report or filters.department):
        return [[r.id for r in reports]]
    if question.department and len({r.department or r.name for r in reports}) <= 1:
        return [[r.id for r in reports]]
    report_places = report_places or {}

    def about(report: ReportRow, place: str) -> bool:
        """Does the report's department name the place, or its opening (with the places those lie in)?"""
        return holds_place(report_names(report), place) or \
            place_core(place) in {place_core(p) for p in report_places.get(report.id, ())}

    groups: dict[str, list[str]] = {}
    for report in reports:
        # Read only for a question that names a place: over a large archive every question comes here.
        if all(about(report, place) for place in question.places) or report.id in mentioning:
            groups.setdefault(report.department or report.name, []).append(report.id)
    return list(groups.values())


def places_unnamed(question: Question, groups: list[list[str]]) -> bool:
    """The question names a place that no scoped department's name holds: the reports' texts decide."""
    return bool(question.places) and not groups


def narrows(library: Library, groups: list[list[str]], report_ids: list[str]) -> bool:
    """Many departments: only those whose passages rank best are searched, each on its figures that
    name the question's words or stand in those passages (every figure of a thousand departments took 50 s)."""
    return len(groups) > 1 and (len(groups) > MAX_DEPARTMENTS_LISTED
                                or sum(library.reports[r].n_figures for r in report_ids) > SCAN_ALL_BELOW)


def likeliest_groups(groups: list[list[str]], passages: list[Passage]) -> list[list[str]]:
    """The departments (groups of report ids) in the order their best passage ranks, at most
    MAX_DEPARTMENTS_LISTED; a department with no retrieved passage is not searched. The department of
    the passage the embedding ranks first, and of the one BM25 ranks first, is always among them: the
    only report writing the question's rare word (预拨, 清算) may rank low in the fusion when the
    embedding does not see it."""
    limit = MAX_DEPARTMENTS_LISTED
    group_of = {report_id: i for i, ids in enumerate(groups) for report_id in ids}
    held = [p for p in passages if p.chunk.report_id in group_of]
    order = list(dict.fromkeys(group_of[p.chunk.report_id] for p in held))
    leaders = {group_of[p.chunk.report_id] for p in _ranked_first(held)}
    missing = [i for i in order[limit:] if i in leaders]
    kept = set(order[:limit - len(missing)]) | set(missing)
    return [groups[i] for i in order if i in kept]


def _ranked_first(passages: list[Passage]) -> list[Passage]:
    """The passage the embedding ranks first and the one BM25 ranks first, of those given."""
    first = []
    for rank in (lambda p: p.dense_rank, lambda p: p.bm25_rank):
        ranked = [(rank(p), n) for n, p in enumerate(passages) if rank(p) is not None]
        if ranked:
            first.append(passages[min(ranked)[1]])
    return first


def groups_saying_most(question: Question, groups: list[list[str]], holding: Mapping[str, Collection[str]],
                       variants: Mapping[str, Sequence[str]] | None = None) -> list[list[str]]:
    """Of several departments asked on their own, those whose reports say the most of the question's
    words, each word weighted by its rarity (`holding`: each word and the reports whose text holds it).
    A department whose reports never say 营养餐 does not hold the 总分 of the 营养餐 project: its own
    总分 would be given as if it were the one asked. A word that is a term of the lexicon is also said in
    its `variants` (Lexicon.spellings: 人员编制 by 事业编制核定数, 编制 being one of them)."""
    if len(groups) < 2 or not question.words:
        return groups
    variants = variants or {}

    def says(report: str, word: str) -> bool:
        return any(report in holding.get(spelling, ()) for spelling in (word, *variants.get(word, ())))

    said = [sum(rarity for word, rarity in zip(question.words, question.word_rarity, strict=True)
                if any(says(report, word) for report in group)) for group in groups]
    return [group for group, share in zip(groups, said, strict=True) if share >= max(said)]
