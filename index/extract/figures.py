"""Figures with provenance: table cells, form fields, numbers in prose, and target–actual pairs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from index.extract.table_labels import (
    clean_label,
    is_column_numbering,
    names_something,
    render_row,
    row_label_width,
)
from index.extract.text_fields import text_field_figures
from index.records import Block, Figure, FigureKind, LabelValue, Paragraph, Span, Table
from index.text.cell_values import cell_number, unit_from_text, without_unit_declaration
from index.text.numbers import NumberMatch, find_numbers, numbers_in, parse_cell_number
from index.text.vocabulary import (
    ACTUAL_HEADERS,
    ATTRIBUTE_UNITS,
    CODE_WORDS,
    DATE_WORDS,
    LABEL_UNITS,
    LIST_OPENS,
    MONEY_UNITS,
    NOUN_COUNTERS,
    OWN_OFFICE_ENTITIES,
    SELF_REFERENCES,
    STARTS_WITH_CHANGE,
    TARGET_HEADERS,
    TOTAL_QUALIFIER,
    YEAR_DIGITS,
    YEAR_MENTION,
    alternation,
    batches_named,
    label_unit,
)

_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
INDICATOR_WORD = "指标"
_NAMING = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CLAUSE_BREAK = "，,；;：:（(）)、"
_LEAD_FILLERS = ("其中", "另外", "另", "共计", "共", "累计", "合计", "总计", "完成", "实现", "和", "及", "并", "全年", "已")
_TRAIL_FILLERS = tuple(sorted(("达到", "达", "为", "共计", "共", "约", "计", "是", "有", "总计", "合计", "的"), key=len, reverse=True))
# A bare money or count word names nothing on its own: `…专项计划10项，资金660万元` is that plan's money.
# Words whose last character is a filler on its own (下达 is not 下 + 达): never clipped.
_WORDS_ENDING_IN_FILLERS = ("下达", "到达", "送达", "抵达", "表达", "发达", "作为", "行为", "认为", "设计", "统计", "预计",
                            "会计", "审计", "估计", "所有", "拥有", "具有", "享有", "目的")
_GENERIC_METRICS = ("资金", "金额", "经费", "投入", "总数", "总额", "总量", "数量", "合计", "总计")
_QUOTES = str.maketrans("", "", "“”‘’\"《》「」")
# A time before a subject (截至2021年底, 2021年) says when, not what: clipped from a name.
_TIME_PREFIX = re.compile(rf"^(?:截至|截止|至|到)?\s*(?:{YEAR_DIGITS}\s*年度?)(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?)?(?:末|底|内|以来)?[，,]?")
_TEXT_VALUE_LABELS = CODE_WORDS + DATE_WORDS
_COMPARATORS = "≥≤><=＞＜约不低于高于少于超过以上以下内"
_ORG_HINT = re.compile(r"(汇总|合计|局|中心|机关|本级|办公室|委员会|部门|单位|站|所|院|队|处|科)$")
_ENTITY_HEADER = ("机构名称", "单位名称", "预算单位名称", "部门名称", "单位", "部门", "机构")


@dataclass(frozen=True)
class FigureContext:
    """What figure extraction needs to know about the report as a whole."""

    fiscal_year: int | None
    entities: tuple[str, ...]


def _money_unit(unit: str | None, metric: str) -> str | None:
    """`资金3600万` means 万元: a bare 万/亿 next to a money word is a money unit."""
    if unit in ("万", "亿") and re.search(r"资金|经费|费|元|金额|收入|支出|预算|投入|投资|拨款", metric):
        return unit + "元"
    return unit


def _clip_metric(raw: str) -> str:
    """The naming phrase without time words, self-references and filler verbs."""
    text = raw.translate(_QUOTES).strip()
    changed = True
    while changed and text:
        changed = False
        for self_name in SELF_REFERENCES:
            if text.startswith(self_name):
                text, changed = text[len(self_name):], True
        clipped = _TIME_PREFIX.sub("", text).strip()
        if clipped != text:
            text, changed = clipped, True
        for filler in _LEAD_FILLERS:
            if text.startswith(filler) and len(text) > len(filler):
                text, changed = text[len(filler):], True
        for filler in _TRAIL_FILLERS:
            if text.endswith(filler) and len(text) > len(filler) and not text.endswith(_WORDS_ENDING_IN_FILLERS):
                text, changed = text[: -len(filler)], True
    return _FLATTENED_CELLS.sub("", text).strip(" “”\"")


# A flattened indicator row's name between the cells around it: `10 10 资金拨付率%90%85%` — the bare
# 分值/得分 of the row before, and the unit column (%) before the row's own numbers.
_FLATTENED_CELLS = re.compile(r"^(?:\d+(?:\.\d+)?\s+)+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s*[%％]$")


def split_entity(metric: str, entities: tuple[str, ...]) -> tuple[str | None, str]:
    """Take a leading organisation off a metric phrase: `局本级实际在职人员` -> (`局本级`, `实际在职人员`)."""
    for self_name in SELF_REFERENCES:
        if metric.startswith(self_name):
            metric = metric[len(self_name):]
            break
    for name in sorted(set(entities) | set(OWN_OFFICE_ENTITIES), key=len, reverse=True):
        if name and metric.startswith(name) and len(metric) > len(name):
            return name, metric[len(name):]
    if metric.startswith("本级") and len(metric) > 2:
        return "局本级", metric[2:]
    return None, metric


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > begin:
            yield begin, match.end()
        begin = match.end()
    if begin < len(text):
        yield begin, len(text)


# `项目支出2604.1万元,其中:案件审判414.35万元;案件执行6.25万元;…`: a list of parts opened by 其中 runs
# on past its semicolons, to the sentence's full stop.
_FULL_STOP = re.compile(r"[。！？!?\n]")


def _list_opening(text: str, begin: int) -> int:
    """Where a sentence's quote begins: the sentence itself, or — when it is an item after a semicolon —
    the start of the sentence its items share, where that sentence opens a list of parts (案件执行 of
    `项目支出…，其中：…；`: the total it is part of) or of batches (`二批项目道路工程…；修缮小桥2座…；7个乡镇58个
    村庄1510盏路灯。`, `收到衔接资金5520万元，分三批下达：第一批…；第二批1860万元…；`: the batch and the money it
    is of), so that an item's evidence names what it is an item of as its reader sees it. Other
    semicolons end the quote: its neighbours' words would otherwise be said of it."""
    if begin == 0 or text[begin - 1] not in "；;":
        return begin
    stop = max((m.end() for m in _FULL_STOP.finditer(text, 0, begin)), default=0)
    first = min((i for c in "；;" if (i := text.find(c, stop, begin)) >= 0), default=begin)
    return stop if LIST_OPENS.search(text, stop, begin) or batches_named(text[stop:first]) else begin


_INNER_WORD = re.compile(r"[\u4e00-\u9fff]+(?<![一二三四五六七八九十])")  # not a numbering: (一)
_SHORT_BRACKET = 4  # `因公出国（境）费`: a bracket this short belongs to the name it stands in


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos - 1
    while i >= floor:
        if text[i] in "）)":
            opening = max(text.rfind("（", floor, i), text.rfind("(", floor, i))
            inside = text[opening + 1:i] if opening >= 0 else ""
            if 0 < len(inside) <= _SHORT_BRACKET and pos - i - 1 <= 2 and _INNER_WORD.fullmatch(inside):
                i = opening - 1  # step over the bracket, inside the name
                continue
        if text[i] in _CLAUSE_BREAK:
            return i + 1
        i -= 1
    return floor


def _phrase_after(text: str, pos: int, limit: int) -> str:
    end = pos
    while end < limit and text[end] not in _CLAUSE_BREAK and not _SENTENCE_END.match(text[end]):
        end += 1
    return text[pos:end]


@dataclass(frozen=True)
class _Found:
    match: NumberMatch
    metric: str
    entity: str | None
    year: int | None
    compares: bool = False  # named after its subject by a comparison (机关运行经费预算比上年增加)
    total: bool = False  # said to be a total (合计批复总投资, 资金共1737万元), a word its name drops


def _prose_metrics(text: str, begin: int, end: int, context: FigureContext) -> list[_Found]:
    """Name every number of one sentence by the phrase before it, lists and comparisons included."""
    sentence = text[begin:end]
    matches = [m for m in find_numbers(sentence) if not _BATCH_ORDINAL.match(sentence, m.start)]
    found: list[_Found] = []
    i = 0
    while i < len(matches):
        group = [matches[i]]
        while i + len(group) < len(matches):
            nxt = matches[i + len(group)]
            gap = sentence[group[-1].end:nxt.start]
            if gap.strip() not in ("、", "和", "及"):
                break
            group.append(nxt)
        floor = found_end = found[-1].match.end if found else 0
        start = _clause_start(sentence, group[0].start, max(floor, found_end))
        raw = sentence[start:group[0].start]
        year_match = YEAR_MENTION.search(sentence[:group[0].start])
        year = int(year_match.group(1)) if year_match else context.fiscal_year
        metric = _clip_metric(raw)
        quoted = _QUOTED_BEFORE.search(sentence[:group[0].start]) if not _NAMING.search(metric) else None
        if quoted:  # `“…初步调查项目”(723万元)`: the amount in brackets is the quoted item's
            metric = quoted.group(1).strip()
        total = bool(_STATES_TOTAL.search(raw.strip()))
        named_year = YEAR_MENTION.search(metric)
        if named_year:  # `2022年12月23日…下达2023年中央土壤污染防治资金1300万元`: the money's year is in its name
            year = int(named_year.group(1))
        entity, metric = split_entity(metric, context.entities)
        if len(metric) <= 2:
            after = _phrase_after(sentence, group[-1].end, len(sentence)).translate(_QUOTES)
            metric = (metric + after).strip() if after else metric
        if metric.startswith("中") and found and not sentence[found_end:start].strip():
            metric, entity = found[-1].metric + metric, found[-1].entity  # `奖励资金31714万元中分配20977.80万元`
        purpose = _PURPOSE.match(sentence, group[-1].end)
        if purpose and len(group) == 1:
            metric += purpose.group()  # `分配20977.80万元用于住房保障`: what the money is for names it
        if not metric and found:
            metric, entity = found[-1].metric, found[-1].entity
        elif metric in _GENERIC_METRICS and found and found[-1].match.unit != group[0].unit:
            metric, entity = found[-1].metric + metric, found[-1].entity
        subjects = [f for f in found if f.metric]
        if len(group) > 1 and len(subjects) >= len(group):
            for k, match in enumerate(group):
                subject = subjects[-len(group) + k]
                found.append(_Found(match, subject.metric + metric, subject.entity, year, total=total))
        else:
            compares = bool(STARTS_WITH_CHANGE.match(metric)) and bool(subjects) and not entity
            if compares:
                # `…增加12.3万元，增长5.67%`: the rate is the subject's, not the change's (not …增加增长).
                subject = next((f for f in reversed(subjects) if not f.compares), subjects[-1])
                entity = subject.entity
                metric = subject.metric + metric
            for match in group:
                found.append(_Found(match, metric, entity, year, compares, total))
        i += len(group)
    return _scoped_by_brackets(sentence, _name_enumerated_counts(
        sentence, _name_possessed_counts(sentence, _name_counted_chains(sentence, found))))


_OPENING_BRACKET = re.compile(r"\s*[（(]")
# A sub-unit's name: a few characters ending as organisations do (局本级, 环卫处, 执法大队, 机关本级).
_SUB_UNIT = re.compile(r"[\u4e00-\u9fff]{1,10}(?:局|中心|机关|本级|办公室|委员会|站|所|院|队|处|科|股|室)")


def _scoped_by_brackets(sentence: str, found: list[_Found]) -> list[_Found]:
    """Nested enumeration: `其中局本级187人（在职139人、退休8人），环卫处1707人（在职132人、退休148人）`. A
    bracket right after a sub-unit's count lists that sub-unit's parts, so each number inside belongs to it
    (its entity): without it the two 退休 figures are indistinguishable. Only a sub-unit scopes so: a part
    of any other whole (`困难新生3000名（其中市直属学校1150人）`) named after its whole would outrank the
    whole itself when the whole is asked."""
    scoped = list(found)
    for k, outer in enumerate(found):
        opening = _OPENING_BRACKET.match(sentence, outer.match.end)
        if not opening or not _SUB_UNIT.fullmatch(outer.metric):
            continue
        closing = _closing_bracket(sentence, opening.end())
        for j in range(k + 1, len(found)):
            if found[j].match.start >= closing:
                break
            if found[j].entity is None:
                scoped[j] = replace(found[j], entity=outer.metric)
    return scoped


def _closing_bracket(sentence: str, inside: int) -> int:
    """Where the bracket opened just before `inside` closes (nested brackets counted); the sentence's end
    when it never does."""
    depth = 1
    for i in range(inside, len(sentence)):
        if sentence[i] in "（(":
            depth += 1
        elif sentence[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return len(sentence)


_QUOTED_BEFORE = re.compile(r"[“\"]([^“”\"]{2,60})[”\"]\s*[（(]\s*$")

# 合计批复总投资6222.4万元, 资金共1737万元: the sentence says the number is a total of what it lists.
_STATES_TOTAL = re.compile(r"^(?:合计|总计|共计|一共|总共|累计)|(?:合计|总计|共计|共|累计)$")

# `一批项目县级批复总投资3374.3万元`: 一批 before what it names is the first batch (第一批), not a count of one,
# and it names the number that follows; `该项目分三批实施` counts.
_BATCH_ORDINAL = re.compile(r"第?[一二三四五六七八九十]批(?=项目|资金|任务|工程|计划)")
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff]{2,6}")
# `社区居委会3个和村民委员会14个`: after a conjunction comes the next item's name, said before its own
# count — the 3 counts 社区居委会, not 和村民委员会.
_JOINS_NEXT_ITEM = re.compile(r"^(?:和|与|及|以及|或|并)")
_PURPOSE = re.compile(r"用于[\u4e00-\u9fff]{2,12}")


def _name_counted_chains(sentence: str, found: list[_Found]) -> list[_Found]:
    """`7个乡镇58个村庄1510盏路灯`: in a run of counted nouns each number counts the noun after it, so
    each is named by that noun (the phrase before the run would name them all alike)."""
    chained = [False] * len(found)
    for k in range(1, len(found)):
        a, b = found[k - 1].match, found[k].match
        gap = sentence[a.end:b.start]
        if a.unit in NOUN_COUNTERS and b.unit in NOUN_COUNTERS and _NOUN_AFTER.fullmatch(gap) \
                and not _JOINS_NEXT_ITEM.match(gap):
            chained[k - 1] = chained[k] = True
    renamed = []
    for k, (item, in_chain) in enumerate(zip(found, chained, strict=True)):
        noun = (_NOUN_AFTER.match(sentence, item.match.end) if in_chain or _counts_a_list(sentence, found, k)
                else _measured_noun(sentence, found, k))
        renamed.append(replace(item, metric=noun.group()) if noun else item)
    return renamed


# Verbs after which a count's noun follows it (`共有8个支出项目`, `覆盖25个村庄`): the phrase before names
# who has them, not what is counted.
_HAVING = re.compile(r"(?:有|设有|下设|下辖|辖有|覆盖|包括|包含|涉及|惠及)\s*$")


def _name_possessed_counts(sentence: str, found: list[_Found]) -> list[_Found]:
    """`我院2018年共有8个支出项目`: a count right after a verb of having counts the noun after it, so
    that noun completes its name (我院2018年支出项目), which the phrase before alone (我院2018年) leaves
    out. Fires on 16_danzhou (支出项目) and 14_lincheng (覆盖25个村庄)."""
    named = []
    for k, item in enumerate(found):
        floor = found[k - 1].match.end if k else 0
        noun = _NOUN_AFTER.match(sentence, item.match.end)
        if item.match.unit in NOUN_COUNTERS and noun and noun.group() not in item.metric \
                and _HAVING.search(sentence[floor:item.match.start]):
            item = replace(item, metric=item.metric + noun.group())
        named.append(item)
    return named


# `全县15家乡镇卫生院、5家政府办社区服务机构、190家村卫生室`: an enumeration of counts, each followed by the
# noun it counts and a 、 before the next.
_ENUMERATED_NOUN = re.compile(r"([\u4e00-\u9fff]{2,12})、\s*$")


def _name_enumerated_counts(sentence: str, found: list[_Found]) -> list[_Found]:
    """`主要依靠全县15家乡镇卫生院、5家政府办社区服务机构…`: the items after the first are named by the noun
    after their count (nothing stands before them), the first by the phrase before it (主要依靠全县), which
    says whose the count is but not what it counts — so the noun after it completes its name
    (主要依靠全县乡镇卫生院). Fires on 18_zongyang (乡镇卫生院) and 04_hengshan (5000吨稻谷、500吨成品粮)."""
    named = list(found)
    for k in range(len(found) - 1):
        item, following = found[k], found[k + 1]
        noun = _ENUMERATED_NOUN.fullmatch(sentence[item.match.end:following.match.start])
        counted = item.match.unit in NOUN_COUNTERS or item.match.unit in ATTRIBUTE_UNITS
        # The items after the first already hold their noun (named by the phrase after them).
        if noun and counted and item.match.unit == following.match.unit and noun.group(1) not in item.metric:
            named[k] = replace(item, metric=item.metric + noun.group(1))
    return named


# `有教务处、思政处、…、电教中心六个内设处室`: the last items of an enumeration right before the count.
_LIST_TAIL = re.compile(r"[\u4e00-\u9fff]{2,10}(?:、[\u4e00-\u9fff]{2,10})+$")


def _counts_a_list(sentence: str, found: list[_Found], k: int) -> bool:
    """A count right after the enumeration it counts is named by the noun after it (内设处室), not by the
    list's last item (电教中心)."""
    floor = found[k - 1].match.end if k else 0
    return found[k].match.unit in NOUN_COUNTERS and bool(_LIST_TAIL.search(sentence[floor:found[k].match.start]))


def _measured_noun(sentence: str, found: list[_Found], k: int) -> re.Match[str] | None:
    """`新建300米深机井1座`, `20米100吨水塔1座`: a measure standing before a counted noun (after any other
    measures of it) is that noun's size, named by the noun rather than by the phrase before the run."""
    if found[k].match.unit not in ATTRIBUTE_UNITS:
        return None
    j = k
    while j + 1 < len(found) and found[j + 1].match.unit in ATTRIBUTE_UNITS and found[j].match.end == found[j + 1].match.start:
        j += 1
    if j + 1 >= len(found) or found[j + 1].match.unit not in NOUN_COUNTERS:
        return None
    return _NOUN_AFTER.fullmatch(sentence, found[j].match.end, found[j + 1].match.start)


def _figure_at(
    match: NumberMatch,
    offsets: tuple[int, ...],
    base: int,
    *,
    metric: str,
    kind: FigureKind,
    section: tuple[str, ...],
    quote: str,
    entity: str | None = None,
    year: int | None = None,
    target: str | None = None,
) -> Figure:
    """A figure for a number found at `base + match.start` of a text whose characters map to `offsets`."""
    return Figure(
        metric=metric,
        value=match.value,
        number=float(match.number),
        unit=_money_unit(match.unit, metric),
        kind=kind,
        section=section,
        quote=quote,
        start=offsets[base + match.start],
        end=offsets[base + match.end - 1] + 1,
        entity=entity,
        year=year,
        target=target,
    )


# A disclosure's item of spending opens with its 科目 path: `25.“城乡社区支出（类）城乡社区管理事务（款）
# 行政运行（项）”1837.36万元，…2022年当年预算执行数为2695.80万元…减少31.84%。`
_SUBJECT_PATH = re.compile(r"^\s*(?:\d+\s*[.．、]\s*)?[“\"]?\s*(?P<kind>[^“”\"（）()]{2,20})[（(]类[)）]"
                           r"(?:\s*(?P<item>[^“”\"（）()]{2,24})[（(]款[)）])?(?:\s*(?P<line>[^“”\"（）()]{2,30})[（(]项[)）])?[”\"]?")


def subject_path(text: str) -> tuple[str, str | None, int]:
    """(the 科目 a paragraph is about, the 科目 above it, where the path ends), from its opening
    `类 / 款 / 项` path; ("", None, -1) when it opens with none."""
    match = _SUBJECT_PATH.match(text)
    if not match:
        return "", None, -1
    names = [n.strip() for n in (match["kind"], match["item"], match["line"]) if n]
    return names[-1], (names[-2] if len(names) > 1 else None), match.end()


def prose_figures(paragraph: Paragraph, section: tuple[str, ...], context: FigureContext) -> list[Figure]:
    """Numbers with units in running text, each named by the phrase that precedes it. A paragraph about
    one 科目 (`…（款）行政运行（项）”`) names every number in it after that 科目: the amount right after the
    path is the 科目's own, the later ones (执行数, 减少31.84%) carry it as their qualifier."""
    text = paragraph.text
    figures: list[Figure] = []
    subject, parent, path_end = subject_path(text)
    # An indicator table flattened into running text (`适龄儿童疫苗接种率 100.00% 97.30% 2 1.9`) states
    # target then actual side by side, in the genre's column order (年度指标值, 实际完成值); read as such
    # when the text carries both headers, or speaks of 指标 (a table split over paragraphs leaves its
    # headers in the first: `…储备粮管理专户管理率100%100%`).
    indicator_text = (any(h in text for h in TARGET_HEADERS) and any(h in text for h in ACTUAL_HEADERS)
                      or INDICATOR_WORD in text)
    scored_text = indicator_text and "分值" in text and "得分" in text  # …and its 分值 and 得分 columns
    for begin, end in _sentences(text):
        quote = text[_list_opening(text, begin):end].strip()
        items = _prose_metrics(text, begin, end, context)
        planned: dict[int, _Found] = {}
        if indicator_text:
            for first, second in zip(items, items[1:], strict=False):
                gap = text[begin + first.match.end: begin + second.match.start]
                if (not gap.strip() and first.match.unit and first.match.unit == second.match.unit
                        and _NAMING.search(first.metric) and id(first) not in planned):
                    planned[id(second)] = first
        planned.update(_stated_pairs(text, begin, items))
        targets = {id(f) for f in planned.values()}
        for item in items:
            if id(item) in targets:
                continue
            target = planned.get(id(item))
            metric, comparator = _planned(target.metric) if target else (item.metric, "")
            if not _NAMING.search(metric):  # a metric must name something
                continue
            acted_on = _acted_on(items, item)
            metric = acted_on + metric if acted_on else metric  # `…救助补助资金` + `调减`
            qualifier = TOTAL_QUALIFIER if item.total else None
            if subject:
                qualifier = " · ".join(n for n in (parent, subject) if n)
                if begin + item.match.start == path_end:
                    metric, qualifier = subject, parent  # `…行政运行（项）”1837.36万元`
            kind: FigureKind = "target_actual" if target else (
                "target" if _states_target(text, begin + item.match.start) else "prose")
            figure = _figure_at(item.match, paragraph.offsets, begin, metric=metric,
                                kind=kind, section=section, quote=quote,
                                entity=item.entity, year=item.year,
                                target=f"{comparator}{target.match.value}{target.match.unit or ''}" if target else None)
            figures.append(replace(figure, qualifier=qualifier) if qualifier else figure)
            if target and scored_text:
                figures.extend(_weight_and_score(text, begin + item.match.end, metric, paragraph, section, quote, item.year))
    return figures


# `新建灌溉渠道目标86公里，实际完成91.3公里`: a target named by what it plans, then (past any clause break)
# the value reached named by nothing but 实际 (完成, 达到): the second number is the indicator's actual,
# the first its target.
_NAMED_TARGET = re.compile(r"^(?P<subject>[\u4e00-\u9fff（）()]{2,}?)(?:年度)?(?:目标值?|计划数?|预期值?)(?:为|是)?"
                           r"(?P<op>[≥≤＞＜>=]{0,2})$")
_ONLY_REACHED = re.compile(r"^(?:全年)?(?:实际|实)(?:完成|达到|实现)?(?:值|数)?(?:为|是)?$|^(?:已)?完成$")


def _stated_pairs(text: str, begin: int, items: list[_Found]) -> dict[int, _Found]:
    """The values reached (by id) after a target of the same unit the sentence names just before them."""
    pairs: dict[int, _Found] = {}
    for first, second in zip(items, items[1:], strict=False):
        stated = text[begin + first.match.end: begin + second.match.start].lstrip("，,；; ")
        if (_NAMED_TARGET.match(first.metric) and first.match.unit == second.match.unit
                and _ONLY_REACHED.match(stated)):
            pairs[id(second)] = first
    return pairs


def _planned(metric: str) -> tuple[str, str]:
    """What a target's name plans and its comparator (新建灌溉渠道, `≥` of 工程验收合格率目标≥), or the name
    itself and none."""
    named = _NAMED_TARGET.match(metric)
    return (named["subject"], named["op"]) if named else (metric, "")


# A name that only says what was done (调减, 全年实际下达, 已完成拨付): the money it was done to is the
# sentence's subject, named by its first number (`救助补助资金下达我区111万元，…调减40万元`).
_ACTION_ONLY = re.compile(r"^(?:全年|当年|实际|已|已经|累计|共|共计|后|再|又|完成|已完成|及时|全部|全额)*"
                          r"(?:下达|拨付|下拨|调减|调增|追加|到位|支出|执行|安排|发放|划转|使用|兑付|落实|分配|结余|结转)$")


def _acted_on(items: list[_Found], item: _Found) -> str | None:
    if not _ACTION_ONLY.match(item.metric):
        return None
    earlier = items[:items.index(item)]
    subject = next((f for f in earlier if _NAMING.search(f.metric) and not _ACTION_ONLY.match(f.metric)), None)
    if subject is None:
        return None
    # The money itself, without what was done to it (`…救助补助资金下达我区`).
    return _ACTION_TAIL.sub("", subject.metric) or subject.metric


_ACTION_TAIL = re.compile(r"(?:下达|拨付|下拨|到位|安排|分配|发放)[\u4e00-\u9fff]{0,3}$")


# `绩效目标：一是筹集保障性住房5440套；…`, `目标为`: what follows states a plan, until the sentence ends or
# the text turns to what was done.
_TARGET_OPENING = re.compile(r"目标(?:值)?(?:[:：]|为|是)")
_TURNS_TO_RESULT = re.compile(r"[。！？!?\n]|完成|实际|实现|达到了|已")


def _states_target(text: str, at: int) -> bool:
    """Does the number at `at` stand in a statement of targets opened earlier in its paragraph?"""
    openings = [m.end() for m in _TARGET_OPENING.finditer(text, 0, at)]
    return bool(openings) and not _TURNS_TO_RESULT.search(text, openings[-1], at)


# After an indicator's target and actual in a flattened 自评表 (`早孕建册数 120人 69人 2 1`): its 分值 and 得分,
# two bare numbers, the score never above the weight.
_WEIGHT_SCORE = re.compile(r"\s+(?P<weight>\d{1,3}(?:\.\d+)?)\s+(?P<score>\d{1,3}(?:\.\d+)?)(?=\s|$)")


def _weight_and_score(text: str, at: int, metric: str, paragraph: Paragraph, section: tuple[str, ...], quote: str,
                      year: int | None) -> list[Figure]:
    found = _WEIGHT_SCORE.match(text, at)
    if found is None or Decimal(found["score"]) > Decimal(found["weight"]):
        return []
    figures = []
    for column, name in (("weight", "分值"), ("score", "得分")):
        raw = found[column]
        match = NumberMatch(raw, Decimal(raw), "分", found.start(column), found.end(column))
        figure = _figure_at(match, paragraph.offsets, 0, metric=metric, kind="table_cell", section=section,
                            quote=quote, year=year)
        figures.append(replace(figure, qualifier=name))
    return figures


_UNIT_BRACKET = re.compile(rf"[（(](?:{alternation(MONEY_UNITS)}|人|个|%)[)）]$")


def field_figure(field: LabelValue, section: tuple[str, ...], context: FigureContext) -> Figure | None:
    """A form field (`人员编制` / `41`); codes, phones and dates stay text, counts get a unit from the label."""
    label = clean_label(field.label.text)
    raw = without_unit_declaration(field.value.text.strip())
    if not label or not raw or len(raw) > 40 or not re.search(r"[0-9A-Za-z\u4e00-\u9fff]", raw):
        return None  # a value of only rules or dashes (`|`, `——`) is a cell border, not a value
    parsed = parse_cell_number(raw)
    keep_text = any(word in label for word in _TEXT_VALUE_LABELS) or (parsed is not None and raw.startswith("0") and len(raw) > 4)
    number = None if parsed is None or keep_text else float(parsed.number)
    value = parsed.value if parsed is not None and not keep_text else raw
    unit = parsed.unit if parsed is not None and not keep_text else None
    if number is not None and unit is None:
        unit = unit_from_text(field.label.text) or label_unit(label)
    return Figure(
        metric=_UNIT_BRACKET.sub("", label) or label,  # 项目资金总额（元）: the unit is the figure's, not its name's
        value=value,
        number=number,
        unit=unit,
        kind="label_value",
        section=section,
        quote=f"{label}：{raw}",
        start=field.value.start,
        end=field.value.end,
        year=context.fiscal_year,
    )


def _is_entity_table(table: Table, label_width: int) -> bool:
    first = clean_label(table.columns[0]) if table.columns else ""
    if first in _ENTITY_HEADER or first.endswith("名称") and "项目" not in first:
        return True
    # A column of organisations after a 序号 or a type column (序号 | 学校性质 | 培训机构 | …).
    named_by = clean_label(table.columns[label_width - 1]) if table.columns else ""
    if named_by in _ENTITY_HEADER or named_by.endswith("机构"):
        return True
    labels = [clean_label(r[label_width - 1].text) for r in table.rows
              if r[label_width - 1].text.strip() and not is_column_numbering(r)]
    return bool(labels) and all(_ORG_HINT.search(label) for label in labels)


def _column_unit(column: str, table_unit: str | None) -> str | None:
    """Score, rate and head-count columns are not in the table's money unit (`得分`, `执行率`, `编制数`)."""
    if re.search(r"得分|分值|分数|评分", column):
        return "分"
    if re.search(r"(率|比例|占比)$", column):
        return "%"
    if table_unit is None:
        return next((unit for suffix, unit in LABEL_UNITS if column.endswith(suffix) or suffix + "数" in column), None)
    return table_unit


def _indicator_columns(table: Table) -> tuple[int, int] | None:
    """(target, actual) columns of an indicator table, if it has both."""
    target, actual = _column(table, TARGET_HEADERS), _column(table, ACTUAL_HEADERS)
    if target is None or actual is None or target == actual:
        return None
    return target, actual


_GENERIC_COLUMN = re.compile(r"^(合计|小计|总计|其中|金额|预算数|决算数)$")


def _header_path_name(table: Table, column: int) -> tuple[str, str | None]:
    """(metric, qualifier) of a column named only by its header levels: the lowest label that names a
    thing (公务接待费; 公务用车购置及运行费 for its 小计), the other levels as qualifier (“三公”经费预算数)."""
    path: list[str] = []
    for level in table.header_rows:
        label = clean_label(level[column]) if column < len(level) else ""
        if label and label not in path:
            path.append(label)
    if not path:
        path = [clean_label(table.columns[column])]
    named = [label for label in path if not _GENERIC_COLUMN.match(label)] or path
    metric = named[-1]
    rest = [label for label in path if label != metric]
    return metric, " · ".join(rest) or None


def table_figures(table: Table, section: tuple[str, ...], context: FigureContext) -> list[Figure]:
    """One figure per numeric cell of a verified table, named by its row and column labels.

    In an indicator table the labels are the columns before the target column, and the target and
    actual columns become target–actual pairs instead (see `target_actual_figures`).
    """
    if table.mapping == "unverified":
        return []
    indicator = _indicator_columns(table)
    width = indicator[0] if indicator else row_label_width(table)
    if width >= len(table.columns):
        return []
    by_entity = _is_entity_table(table, width)
    figures: list[Figure] = []
    for row in table.rows:
        labels = [clean_label(c.text) for c in row[:width]]
        named = [x for x in labels if x]
        quote = render_row(table, row, label_width=width)
        for j, (column, cell) in enumerate(zip(table.columns[width:], row[width:], strict=False), start=width):
            number = cell_number(cell)
            if number is None or (indicator and j in indicator):
                continue
            column_label = clean_label(column)
            year_match = YEAR_MENTION.search(column + "年") if re.search(YEAR_DIGITS, column) else None
            year = int(year_match.group(1)) if year_match else context.fiscal_year
            parsed = parse_cell_number(cell.text)
            if not width:  # a table of values only: every name is in the header (三公经费表)
                entity, (metric, qualifier) = None, _header_path_name(table, j)
            elif not named:  # a row of values under a row of labels (三公经费 | 年初预算数 | 全年执行数 | 执行率)
                entity, metric = None, column_label
                qualifier = clean_label(table.columns[0]) if table.columns[0] else None
            elif by_entity:
                entity, metric, qualifier = named[-1], column_label, None
            else:
                entity, metric = None, named[-1]
                qualifier = " · ".join([*named[:-1], column_label]) or None
            if not metric:
                continue
            figures.append(
                Figure(
                    metric=metric,
                    value=parsed.value if parsed else cell.text.strip(),
                    number=float(number),
                    unit=(parsed.unit if parsed and parsed.unit else _column_unit(column_label, table.unit)),
                    kind="table_cell",
                    section=section,
                    quote=quote,
                    start=cell.start,
                    end=cell.end,
                    entity=entity,
                    qualifier=qualifier,
                    year=year,
                )
            )
    return figures


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _column(table: Table, names: tuple[str, ...]) -> int | None:
    """The column named exactly so, else the last one whose label contains a name."""
    labels = [clean_label(c) for c in table.columns]
    exact = [j for j, label in enumerate(labels) if label in names]
    if exact:
        return exact[-1]
    containing = [j for j, label in enumerate(labels) if any(name in label for name in names)]
    return containing[-1] if containing else None


def _cell_paragraph(cell: Span) -> Paragraph:
    return Paragraph(cell.text, cell.char_offsets())


def _best_actual(target: _Found, actuals: list[tuple[int, _Found]], used: set[int]) -> int | None:
    """The achieved number for a planned one: same unit, a name sharing enough of the target's words.

    Among names that share nearly as much as the best one, the earliest wins: the first sentence of
    a 完成情况 cell usually states the headline result, later ones list details.
    """
    wanted = _bigrams(target.metric)
    need = max(2, round(0.3 * len(wanted)))
    scored = [
        (index, len(wanted & _bigrams(actual.metric)))
        for index, (_, actual) in enumerate(actuals)
        if index not in used and actual.match.unit == target.match.unit
    ]
    scored = [(index, score) for index, score in scored if score >= need]
    if not scored:
        return None
    top = max(score for _, score in scored)
    return next(index for index, score in scored if score >= 0.6 * top)


def _is_bare_value(text: str) -> bool:
    """`≥300公里`, `100%`, `8座`: a value with nothing naming it, so the row's indicator must."""
    rest = text.strip()
    for match in reversed(numbers_in(rest)):
        rest = rest[: match.start] + rest[match.end:]
    return bool(text.strip()) and len(rest.strip(_COMPARATORS + " ")) <= 1


def _row_indicator(row: tuple[Span, ...], target_col: int) -> str:
    """The indicator an indicator row is about: its last label before the target column."""
    return next((clean_label(c.text) for c in reversed(row[:target_col]) if c.text.strip()), "")


def _short_target_figure(
    row: tuple[Span, ...], target_col: int, actual_col: int, section: tuple[str, ...], context: FigureContext
) -> Figure | None:
    """`养护农村公路里程` | `≥300公里` | `326公里`: the row's indicator names the pair."""
    name = _row_indicator(row, target_col)
    target, actual = row[target_col], row[actual_col]
    wanted, found = numbers_in(target.text), numbers_in(actual.text)
    if not name or not found:
        return None
    unit = wanted[0].unit if wanted else None
    match = next((m for m in found if m.unit == unit), found[0])
    if match.unit is None and unit is not None:  # `93` under a target of `≥90%`
        match = replace(match, unit=unit)
    offsets = actual.char_offsets()
    return _figure_at(
        match, offsets, 0, metric=name, kind="target_actual", section=section,
        quote=f"{name}：目标 {target.text.strip()}，实际 {actual.text.strip()}", year=context.fiscal_year,
        target=target.text.strip() or None,
    )


_MAX_WORDED_TARGET_CHARS = 20  # `至少全年完成2次宣传`, `不少于12种`: a target said in a few words, not a paragraph


def _worded_target_figure(row: tuple[Span, ...], target_col: int, section: tuple[str, ...],
                          context: FigureContext) -> Figure | None:
    """`宣传次数` | `至少全年完成2次宣传`: a target cell that says its one number in a few words is the row
    indicator's planned value (named as `index/extract/statements.planned_side` names a pair's target)."""
    name = _row_indicator(row, target_col)
    target = row[target_col]
    wanted = numbers_in(target.text)
    if not name or len(wanted) != 1 or len(target.text.strip()) > _MAX_WORDED_TARGET_CHARS:
        return None
    return _figure_at(wanted[0], target.char_offsets(), 0, metric=f"{name}（目标）", kind="target",
                      section=section, quote=f"{name}：目标 {target.text.strip()}", year=context.fiscal_year)


def worded_target_figures(table: Table, section: tuple[str, ...], context: FigureContext) -> list[Figure]:
    """A 绩效目标表 (a target column, no achieved one) whose target cells say their number in words:
    each is its row indicator's planned value. Bare values (`10万元`) are `table_figures`' cells."""
    target_col = _column(table, TARGET_HEADERS)
    if target_col is None or _column(table, ACTUAL_HEADERS) is not None:
        return []
    found = [_worded_target_figure(row, target_col, section, context) for row in table.rows
             if cell_number(row[target_col]) is None]
    return [f for f in found if f is not None]


def target_actual_figures(table: Table, section: tuple[str, ...], context: FigureContext) -> list[Figure]:
    """Pair each planned number of an indicator row with the achieved number that matches it best."""
    indicator = _indicator_columns(table)
    if indicator is None:
        return []
    target_col, actual_col = indicator
    figures: list[Figure] = []
    for row in table.rows:
        target_cell, actual_cell = row[target_col], row[actual_col]
        if _is_bare_value(target_cell.text):
            figure = _short_target_figure(row, target_col, actual_col, section, context)
            if figure is not None:
                figures.append(figure)
            continue
        targets = [f for b, e in _sentences(target_cell.text) for f in _prose_metrics(target_cell.text, b, e, context)]
        actual_paragraph = _cell_paragraph(actual_cell)
        actuals = [
            (b, f) for b, e in _sentences(actual_cell.text) for f in _prose_metrics(actual_cell.text, b, e, context)
        ]
        used: set[int] = set()
        for target in targets:
            best = _best_actual(target, actuals, used)
            if best is None:
                continue
            used.add(best)
            begin, actual = actuals[best]
            sentence_end = next((e for b, e in _sentences(actual_cell.text) if b == begin), len(actual_cell.text))
            figures.append(
                _figure_at(
                    actual.match, actual_paragraph.offsets, begin, metric=target.metric, kind="target_actual",
                    section=section, quote=actual_cell.text[begin:sentence_end].strip(), entity=actual.entity,
                    year=context.fiscal_year,
                    target=f"{target.match.value}{_money_unit(target.match.unit, target.metric) or ''}",
                )
            )
    return figures


def table_entities(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    """Organisation names that head rows of entity tables; prose subjects are matched against them."""
    names: list[str] = []
    for block in blocks:
        if isinstance(block, Table) and block.mapping != "unverified":
            width = row_label_width(block)
            if 0 < width < len(block.columns) and _is_entity_table(block, width):
                names.extend(clean_label(r[width - 1].text) for r in block.rows if r[width - 1].text.strip())
    return tuple(dict.fromkeys(names))


def extract_figures(
    blocks: tuple[Block, ...], paths: list[tuple[str, ...]], *, fiscal_year: int | None
) -> list[Figure]:
    """Every figure of a report, in document order. Conflicting figures are all kept."""
    context = FigureContext(fiscal_year, table_entities(blocks))
    figures: list[Figure] = []
    for block, section in zip(blocks, paths, strict=True):
        if isinstance(block, Paragraph):
            figures.extend(prose_figures(block, section, context))
            figures.extend(text_field_figures(block, section, year=context.fiscal_year))
        elif isinstance(block, LabelValue):
            figure = field_figure(block, section, context)
            if figure is not None:
                figures.append(figure)
        elif isinstance(block, Table):
            figures.extend(table_figures(block, section, context))
            figures.extend(target_actual_figures(block, section, context))
            figures.extend(worded_target_figures(block, section, context))
            indicator = _indicator_columns(block)
            for row in block.rows:
                for j, cell in enumerate(row):
                    # A target cell states a plan, not a result: it lives on as the pair's `target`.
                    if indicator is not None and j == indicator[0]:
                        continue
                    if cell_number(cell) is None and len(cell.text) > 8:
                        figures.extend(prose_figures(_cell_paragraph(cell), section, context))
    figures.sort(key=lambda f: f.start)
    return with_project_names(named_by_labels(figures))


_LIST_MARK = re.compile(r"[.．、)）]")
# A number inside a name; dates and ranges (2022年12月8日, 0-6岁) are parts of names, not numbers of a row.
_NUMBER_IN_NAME = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:%|(?![%\d年月日号岁时\-—~至]))")


def run_on_label(metric: str) -> str | None:
    """A name holding several numbers is a list or a table run into one line. Of a numbered list
    (`1.保障…2.保障…3.完成每年调研课题`) the last item names what follows it; a table's row
    (`成品粮储备到位率100%100%库存数量真实率100%`) names nothing for sure: None. Other names are returned
    as they are."""
    numbers = list(_NUMBER_IN_NAME.finditer(metric))
    if len(numbers) < 3 and sum(n.group().endswith("%") for n in numbers) < 2:
        return metric
    if not _LIST_MARK.match(metric, numbers[-1].end()):
        return None  # a row of a table: its cells' names and numbers cannot be told apart
    rest = metric[numbers[-1].end():].strip(" .．、,，:：;；")
    return rest if names_something(rest) else None


def named_by_labels(figures: list[Figure]) -> list[Figure]:
    """Figures renamed by the label nearest them where a run-on line gave them a name of many numbers;
    a figure left with no name is dropped (a wrong name would be answered as if it were right)."""
    kept = []
    for figure in figures:
        metric = run_on_label(figure.metric)
        if metric is not None:
            kept.append(figure if metric == figure.metric else replace(figure, metric=metric))
    return kept


_PROJECT_NAME = "项目名称"


def with_project_names(figures: list[Figure]) -> list[Figure]:
    """Where one section holds several project forms (a disclosure's 项目绩效目标表 one after another), a
    form's fields are named after its 项目名称: 项目资金总额 of 就业援助基地补贴, not of the section. A
    section with one project form needs no such name: the report or section names it already."""
    forms: dict[tuple[str, ...], int] = {}
    for figure in figures:
        if figure.kind == "label_value" and figure.metric == _PROJECT_NAME:
            forms[figure.section] = forms.get(figure.section, 0) + 1
    out: list[Figure] = []
    project: tuple[tuple[str, ...], str] | None = None
    for figure in figures:
        if figure.kind == "label_value" and figure.metric == _PROJECT_NAME and forms[figure.section] > 1:
            project = (figure.section, figure.value)
        elif project and project[0] == figure.section and figure.qualifier is None and figure.kind != "prose":
            figure = replace(figure, qualifier=project[1])
        out.append(figure)
    return out
