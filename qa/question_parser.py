"""Reading a question's words (pure): what is asked (figure or passage), in which unit, for whom and
which year, and every cue the later stages decide on. The only place a question's text is read;
qa/understand.py applies it to a turn."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from index.text.places import holds_place, place_core
from index.text.vocabulary import (
    ACTUAL_PHASE,
    ASKED_YEAR,
    ASKS_CHANGE,
    BUDGET_PHASE,
    CODE_WORDS,
    COUNT_UNITS,
    MONEY_UNITS,
    ORGANISATION_SHORT_FORMS,
    PER_HEAD,
    PLAN_VERBS,
    RELATIVE_YEAR,
    YEARS_BACK,
    alternation,
    government_levels,
    pinned_members,
    unit_alternation,
    unit_family,
)
from qa.across import across_ask
from qa.archive import archive_ask
from qa.arithmetic import parse_operation
from qa.lexicon import Lexicon
from qa.records import Question, Wants
from qa.wordshare import han_pairs

MAX_QUESTION_CHARS = 500  # longer input is cut: a question, not a document


class QuestionError(ValueError):
    """The question has nothing to search for (empty, only punctuation)."""


def clean_question(text: str) -> str:
    """Normalized, stripped and capped question text; raises QuestionError when nothing is left."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    if not re.search(r"[\w]", cleaned):
        raise QuestionError("问题是空的或只有标点：请问报告中的一个数字或一个主题，例如“去年向上争取了多少资金？”")
    return cleaned[:MAX_QUESTION_CHARS]


# Words that only make a question a question; removed before matching.
_QUESTION_WORDS = (
    "是多少", "有多少", "多少钱", "多少个", "多少家", "多少项", "多少份", "多少人", "多少名", "多少分", "多少次", "多少", "几个", "几家",
    "几项", "几名", "几人", "哪几", "几", "是什么", "什么", "有哪些", "哪些", "哪个", "哪儿", "是谁", "谁", "为什么", "为何", "怎么样", "怎么",
    "如何", "多大", "多高", "多长", "多深", "多远", "请问", "一下", "一共", "总共", "共", "吗", "呢", "吧", "呀", "报告里说", "报告中", "报告里",
    "里面", "请", "告诉我", "帮我查", "查一下", "了", "的", "是", "这次",
)
# Words of how people talk, not of what they ask about (这笔资金后来调减了多少): no report's wording
# answers them, so they weigh nothing when a text is matched against the question's words. (The
# question words above are already gone from a question's content.)
FILLER_WORDS = frozenset((
    "这笔", "这项", "这个", "那个", "那笔", "这些", "那些", "后来", "已经", "目前", "现在", "当时", "截至",
    "大概", "到底", "究竟", "具体", "知道", "想问", "我们", "咱们", "你们", "他们", "这份", "那次",
    "是不是", "有没有", "能不能", "可以", "一个", "一项",
))
_STARTS_DATE = re.compile(r"\s*\d{1,2}\s*月")
_NOISE = re.compile(r"[\s，。？！、：；,.?!:;“”\"'（）()【】《》\-—]+")

# Cue words -> the unit family the answer should have.
_UNIT_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("percent", ("百分之", "比例", "占比", "比重", "率", "增长了多少", "降低了多少", "下降了多少", "增幅", "降幅", "同比", "百分点")),
    ("money", ("多少钱", "资金", "经费", "费用", "费", "金额", "拨款", "预算", "决算", "收入", "支出", "结余", "结转", "万元", "元", "花了", "用了", "投入", "投资", "余额", "产值", "增加值", "成交额", "资产", "工资", "贴息")),
    ("score", ("得分", "多少分", "几分", "分数", "评分", "打分")),
    ("people", ("多少人", "几人", "几名", "多少名", "人数", "人员", "编制", "人才", "人口")),
    ("area", ("面积", "平方公里", "平方千米", "平方米", "亩")),
)
# 能占资金总规模多少, 中央资金占多少: a part of something, asked as its share or its amount (占地 is land; 占比
# names the share itself).
_SHARE_ASKED = re.compile(r"占(?!地|比)[^，。？?]{0,16}(?:多少|几成|百分之)")
# 公务接待批次是多少, 培训场次: a noun made of a counter and 次/数 asks a count in that counter, not the
# money its subject may carry (公务接待费).
_COUNTED_NOUN = re.compile(r"(?P<counter>[批场架车班户家件个座台项所])(?:次|数)(?:是|为|有|共|一共|多少|几|$)")
# 多少个, 几家: a count in that counter (people's counters are the people family, asked by 多少人).
_COUNT_CUE = re.compile(rf"(?:多少|几)(?P<counter>{unit_alternation(tuple(u for u in COUNT_UNITS if unit_family(u) != 'people'))})")
_FIGURE_CUES = ("多少", "几", "多大", "多高", "多长", "多深", "多远", "是什么", "什么", "电话", "联系人", "得分", "等次", "等级", "比例", "占比", "增长", "降低", "下降", "差", "是谁", "哪天", "日期", "编码")
_PASSAGE_CUES = ("哪些", "为什么", "为何", "原因", "怎么", "如何", "措施", "问题", "职责", "负责", "任务", "内容", "情况", "做了", "成绩", "管理", "建设", "工作")


# 计划 asks for the plan as a verb (计划建设多少个, 计划投资), not inside a name (营养改善计划的知晓率).
_ASKS_TARGET = re.compile(rf"目标|预期|指标值|应达到|计划(?:要|将)?(?:{alternation(PLAN_VERBS)}|是|为|多少|几)")


# A place named in a question (新开镇, 福田区, 德钦县): an answer from a department of another place
# is not an answer to it.
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治区|省|市|县|区|镇|乡|街道|旗)")
# 省份, 市级, 县委, 市场, 区域, 省直, 乡镇: the suffix begins another word, not a place name.
_SUFFIX_STARTS_WORD = frozenset("份级长委场域民内外直属情镇")
# Words that end as places do but name a kind of area (四川棚户区, A级景区): no place.
_AREA_WORD = re.compile(r"(?:棚户|景|园|社|小|辖|城|片|库|灾|山|牧|校|开发|示范|保护|试验|功能|保税)区$")
# A year before a place (2019年四川…) is no part of it.
_YEAR_BEFORE = re.compile(r"\d{2,4}\s*年度?")
_QUESTION_WORD = re.compile(r"多少|几|哪|什么")
_NOT_PLACE_LEAD = re.compile(r"^(?:其中|全|本|该|各|我|这个|这|那|县级|市级|省级|市县|区县|县区|城区|社区|园区|辖区|小区|地区|城市|城乡|乡镇)+")


# What kind of value answers: a person (是谁), a code kept as text (电话, 文号), other words (哪个单位,
# 什么等级), or a number (the rest; 哪一年 and 哪个…多少 ask a number).
_ASKS_NUMBER = re.compile(r"哪一?年|什么时候|多少|几")
_ANSWER_TYPES = (
    ("person", re.compile(r"是谁|谁$|哪位")),
    ("code", re.compile(alternation(CODE_WORDS))),
    ("text", re.compile(r"哪个|哪家|哪一|什么等|等级|等次|评级|性质|名称|叫什么|什么项目|什么单位|什么结论|结论是什么")),
)


def answer_type(text: str) -> str:
    for kind, pattern in _ANSWER_TYPES:
        if pattern.search(text) and not (kind == "text" and _ASKS_NUMBER.search(text)):
            return kind
    return "number"


def named_places(text: str) -> tuple[str, ...]:
    text = _YEAR_BEFORE.sub(" ", text)
    places = []
    for match in _PLACE_NAME.finditer(text):
        if text[match.end():match.end() + 1] in _SUFFIX_STARTS_WORD:
            continue
        place = _NOT_PLACE_LEAD.sub("", re.split(r"[的了在于向给对从到达和与及是为始把被由]", match.group())[-1])
        if (len(place) >= 3 and not _NOT_PLACE_LEAD.match(place[-2:]) and not _QUESTION_WORD.search(place)
                and not _AREA_WORD.search(place)):
            places.append(place)
    return tuple(dict.fromkeys(places))


# How the question asks for its answer outranks what it is about: 资金到位及时率给了几分 asks a score.
_ANSWER_FORM_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("score", ("多少分", "几分", "打分", "得分", "评分", "分值", "满分", "分数")),
    ("money", ("多少钱", "多少万元", "多少元")),
    ("people", ("多少人", "几人", "几名", "多少名")),
    ("percent", ("百分之几", "百分之多少", "百分点")),
    ("duration", ("多少小时", "几小时", "多长时间", "几个小时")),
    ("length", ("多深", "多远", "多长", "多少米", "几米", "多少公里", "几公里", "多少千米")),
)


# 标准 inside a name is no standard per head: 高标准农田 is farmland built to a standard, 标准化 a process.
_RATE_CUE = re.compile(rf"每|{PER_HEAD}|(?<!高)标准(?!化)|单价|平均")


def asks_rate(text: str) -> bool:
    """Does the question ask an amount per person, month or item (每人每月多少钱, 补助标准)?"""
    return bool(_RATE_CUE.search(text))


def states_unit(text: str) -> bool:
    """Does the question say in what unit it wants its answer (多少万元, 几分, 百分之几, 多少小时; 批次 of
    公务接待批次是多少 asks a count)?"""
    return any(cue in text for _, cues in _ANSWER_FORM_CUES for cue in cues) or bool(_COUNTED_NOUN.search(text))


# 多少学生, 多少游客: 多少 right before a noun asks how many of it — unless the question names money
# anywhere (多少一般公共预算支出, 投了多少预算, 多少防灾减灾补助).
# (多少万斤, 多少万剂次: a magnitude begins a unit, which the unit cues read.)
_HOW_MANY_OF = re.compile(r"多少(?P<noun>(?![万亿千百])[\u4e00-\u9fff]{2})")
_MONEY_NOUNS = (*dict(_UNIT_CUES)["money"], "补助", "补贴", "资助", "奖励", "奖补", "救助", "金", "款", "价", "成本", "薪", "息",
                "收费", "税")


def counted_noun(text: str) -> str | None:
    """The noun 多少 counts (学生 of 营养改善计划惠及多少学生) when the question names no money: an amount of
    money is never its answer."""
    asked = _HOW_MANY_OF.search(text)
    return asked.group("noun") if asked and not any(word in text for word in _MONEY_NOUNS) else None


# Money named by what it is paid as (低保金, 孤儿基本生活保障金, 慰问金) rather than by 资金 or 费: 城市低保对象
# 发放了多少低保金 asks an amount, never the 1204 人 paid it. (金融, 金牌 name no money. 补贴 is not read so:
# `发放城镇住房保障家庭租赁补贴53986户` — the households are as often what 发放租赁补贴是多少 asks.)
_PAID_AS = re.compile(r"(?<=[\u4e00-\u9fff])金(?![融牌秋属])")


def _asked_family(text: str) -> str | None:
    for family, cues in _ANSWER_FORM_CUES:
        if any(cue in text for cue in cues):
            return family
    if _SHARE_ASKED.search(text):
        return None  # 中央资金占多少 is as often answered with the amount (2855万元) as with the share (5%)
    count = _COUNT_CUE.search(text)
    for family, cues in _UNIT_CUES:
        if family == "money" and count:
            continue  # 多少个项目 asks a count even though 项目 could carry money
        if any(cue in text for cue in cues) or (family == "money" and _PAID_AS.search(text)):
            return family
    if count:
        return "count:" + count.group("counter")
    if counted := _COUNTED_NOUN.search(text):
        return "count:" + counted.group("counter")
    return None


def _kind(text: str) -> str:
    if any(w in text for w in ("为什么", "为何", "原因")):
        return "why"
    if any(w in text for w in ("哪些", "哪几", "有什么", "列出")):  # 从哪几块来, 花在哪几类支出上
        return "list"
    if any(w in text for w in ("比上年", "相比", "差多少", "相差", "多出", "增长了多少", "减少了多少")):
        return "compare"
    if "是谁" in text or text.startswith("谁"):
        return "who"
    if any(w in text for w in ("什么时候", "何时", "哪天", "日期")):
        return "when"
    if _COUNT_CUE.search(text) or "几" in text:
        return "how_many"
    if any(w in text for w in ("多少", "多大", "多高", "多深", "多远", "多长")):
        return "how_much"
    return "what"


_ASKS_WEIGHT = re.compile(r"分值|权重|满分|占多少分|占几分")
_ASKED_MONEY = re.compile(f"({alternation(MONEY_UNITS)})")
def asks_change(text: str) -> bool:
    """Does the question ask how much something changed (比上年减少了多少), not what it is?"""
    return bool(ASKS_CHANGE.search(text)) and ("多少" in text or "几" in text)


def parse_question(
    text: str, lexicon: Lexicon, *, entities: tuple[str, ...] = (), departments: tuple[str, ...] = (),
    seats: Mapping[str, frozenset[str]] | None = None, known_places: frozenset[str] = frozenset(),
    aliases: Mapping[str, tuple[str, ...]] | None = None, projects: frozenset[str] = frozenset(),
) -> Question:
    """Read a question against the lexicon and the organisations and departments the index knows
    (`seats`: the places each name's reports are seated in, qa/scope.Library.seats; `known_places`: the
    places the archive's reports are about, qa/scope.Library.places; `aliases`: the short names reports
    define for their departments, qa/scope.Library.aliases)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    year_match = ASKED_YEAR.search(cleaned)
    year = int(year_match.group(1)) if year_match else None
    relative = relative_year.group(1) if (relative_year := RELATIVE_YEAR.search(cleaned)) else None
    places = named_places(cleaned)
    places += places_by_own_name(cleaned, known_places, places)
    department, mention, short = named_department(cleaned, departments, aliases)
    if department and _seated_elsewhere(department, places, departments, seats, known_places):
        # The question names a place (西平县) that the name it seemed to mention is seated elsewhere than
        # (农村公路… of 平江县's 农村公路养护专项资金) while another department's name holds it: the
        # mention was another report's; the place, written as it is, scopes the question instead.
        department, mention = None, None
    kind = _kind(cleaned)
    # 哪个单位…最多 / …低于90分的有哪些单位: asked of each department, before it asks about the reports
    # themselves (2021年自评得分低于90分的有哪些单位 holds 自评 and 哪些单位, as 有哪些单位的自评报告 does).
    across = across_ask(cleaned)
    if across is not None and across.first_year is not None:
        year = None  # 2019年到2021年: the span chooses the reports, no one year
    has_figure_cue = any(cue in cleaned for cue in _FIGURE_CUES)
    has_passage_cue = any(cue in cleaned for cue in _PASSAGE_CUES)
    wants: Wants = "figure" if across or has_figure_cue and kind not in ("why", "list") else (
        "passage" if has_passage_cue or kind in ("why", "list") else "figure")
    # The name that scopes the question does not rank: it is left out of the searched text. A short name
    # (省残联, 人大, 中院) stays: reports write their own short names in their text (省残联成立绩效自评工作领导小组);
    # so does a project's or fund's name (`projects`) when a passage is asked: its words say what is asked of
    # it (就业补助资金主要花在哪些地方 without 就业补助资金 asks nothing). A figure's words are weighed
    # against its own labels, which never repeat the project the whole report is about.
    scoping = None if short or (wants == "passage" and department in projects) else mention
    unnamed = _NOISE.sub(" ", cleaned.replace(scoping, " ")).strip() if scoping else cleaned
    without_department = cleaned.replace(scoping, " ") if scoping else cleaned
    entity_text = _best_overlap(without_department, entities, minimum=3)
    terms, variants = lexicon.terms_for(without_department)
    content = without_department
    if year_match:
        content = content.replace(year_match.group(0), " ")
    for word in YEARS_BACK:
        content = content.replace(word, " ")
    for word in sorted(_QUESTION_WORDS, key=len, reverse=True):
        content = content.replace(word, " ")
    content = _NOISE.sub(" ", content).strip()
    asks_target = bool(_ASKS_TARGET.search(cleaned))
    # Nor, when a passage is wanted, the year it is asked of: 2021年 in `2021年科技局的主要职责有哪些？`
    # drew the passages that mention 2021 (人员情况) over 主要工作职责. A figure's year is part of what
    # is asked (2021年第一批…资金, a 2021年预算数 column), and a year that begins a date (2022年12月8日) too.
    scoping_year = year_match.group(0) if (year_match and wants == "passage"
                                           and not _STARTS_DATE.match(cleaned, year_match.end())) else ""
    search_text = _NOISE.sub(" ", unnamed.replace(scoping_year, " ", 1)).strip() if scoping_year else unnamed
    return Question(
        text=cleaned, content=content, terms=terms, variants=variants, wants=wants, kind=kind,
        unit_family=_asked_family(cleaned), unit_stated=states_unit(cleaned), asks_rate=asks_rate(cleaned),
        counted_noun=counted_noun(cleaned),
        entity_class=lexicon.entity_class(cleaned), entity_text=entity_text,
        year=year, relative_year=relative, department=department, department_mention=mention,
        search_text=search_text or cleaned,
        unnamed_text=unnamed or cleaned,
        asks_target=asks_target, asks_actual="实际" in cleaned and not asks_target,
        places=places, answer_type=answer_type(cleaned),
        archive=None if across else archive_ask(cleaned), across=across, levels=government_levels(without_department),
        asks_budget=bool(BUDGET_PHASE.search(cleaned)), asks_executed=bool(ACTUAL_PHASE.search(cleaned)),
        asks_change=asks_change(cleaned), asks_weight=bool(_ASKS_WEIGHT.search(cleaned)),
        money_unit_asked=money.group(1) if (money := _ASKED_MONEY.search(cleaned)) else None,
        in_chinese=any("\u4e00" <= ch <= "\u9fff" for ch in cleaned), text_pairs=han_pairs(cleaned),
        operation=parse_operation(unnamed or cleaned), pinned=pinned_members(unnamed or cleaned),
    )


# Characters every department or fund name shares: a mention must carry two others to name one.
_GENERIC_NAME_CHARS = set("市县区省州镇乡局委办中心厅室处站所院队部门单位专项资金项目工作和的及与年度")


def distinctive_chars(text: str) -> set[str]:
    """The characters of a name that can tell it from others: Chinese, and not the generic ones. A
    project's year (`2020年公共文化活动专项资金`) names no project: 专项2020年 is not a mention of it."""
    return {c for c in text if "\u4e00" <= c <= "\u9fff"} - _GENERIC_NAME_CHARS


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def places_by_own_name(text: str, known_places: frozenset[str], found: tuple[str, ...]) -> tuple[str, ...]:
    """The archive's places the question names without their level (枞阳 for 枞阳县, 巴彦淖尔 for
    巴彦淖尔市, 山东 in 山东省级), as written; not one inside a place already found (乌拉特后 of 乌拉特后旗).
    A place of two characters (南县, 横县), which has no shorter name and which `named_places` passes over,
    counts where it opens a word (`_opens_word`)."""
    named: list[str] = []
    for place in sorted(known_places, key=len, reverse=True):
        core = place_core(place)
        if any(core in other for other in (*found, *named)):
            continue
        if (core != place and core in text) or (len(place) == 2 and _opens_word(text, place)):
            named.append(core)
    return tuple(named)


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _opens_word(text: str, place: str) -> bool:
    """A two-character place written where a word begins — at the start, after a year or a particle, not
    inside another word (湖南县级 holds 南县, 市和县级资金 holds 和县) nor before 级 (县级)."""
    for match in re.finditer(re.escape(place), text):
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end():match.end() + 1]
        if (not _CJK_CHAR.match(before) or before in "年的在问") and after != "级":
            return True
    return False


def _seated_elsewhere(name: str, places: tuple[str, ...], names: tuple[str, ...],
                      seats: Mapping[str, frozenset[str]] | None, known_places: frozenset[str] = frozenset()) -> bool:
    """Does a name the question seemed to mention contradict the places it names? Its reports are
    seated only in other places (not merely unnamed: a report without a place contradicts nothing), and
    another known name holds the places, or the archive holds reports about them."""
    if not places or all(holds_place(name, place) for place in places):
        return False
    seated = {place_core(p) for p in (seats or {}).get(name, frozenset())}
    return (bool(seated) and not seated & {place_core(p) for p in places}
            and (any(all(holds_place(other, p) for p in places) for other in names)
                 or all(place_core(p) in {place_core(k) for k in known_places} for p in places)))


def find_department(text: str, departments: tuple[str, ...],
                    aliases: Mapping[str, tuple[str, ...]] | None = None) -> tuple[str | None, str | None]:
    """(name, the words that named it): `named_department` without whether it was a short name."""
    name, mention, _ = named_department(text, departments, aliases)
    return name, mention


# Before a department the question cites as the authority of what was done (按财政局…文号开展, 依据的是省财政厅
# …通知), with its place or level before it or not: it names whose document, not whose report is asked.
_CITES = r"(?:按照|按|根据|依据|依照)(?:的是)?"
_CITING = re.compile(_CITES + r"(?:[\u4e00-\u9fff]{0,3}[省市县区州])?$")
# …or a mention that opens with its level after the place's own name (按岳阳 | 市财政局).
_CITING_PLACE = re.compile(_CITES + r"[\u4e00-\u9fff]{1,3}$")
_LEVELS = "省市县区州旗"


def _cited(text: str, mention: str, at: int | None = None, name: str = "") -> bool:
    """Is the mention (at `at`, else wherever the question holds it) the authority the question cites? A
    mention of a name starts where the question's run of that name's characters does (湖北省财政厅 cited
    whole, not from its 北)."""
    starts = [at] if at is not None else [m.start() for m in re.finditer(re.escape(mention), text)]
    starts = [_name_run_start(text, start, name) for start in starts]
    return bool(starts) and all(_CITING.search(text, 0, start) or (
        text[start] in _LEVELS and _CITING_PLACE.search(text, 0, start)) for start in starts)


def _name_run_start(text: str, start: int, name: str) -> int:
    """Where the run of the name's characters that holds `start` begins."""
    while start > 0 and text[start - 1] in name:
        start -= 1
    return start


def named_department(text: str, departments: tuple[str, ...], aliases: Mapping[str, tuple[str, ...]] | None = None
                     ) -> tuple[str | None, str | None, bool]:
    """(name, the words that named it, whether those are a short name) for a department or project named
    in the question.

    A mention is the full name, an abbreviation keeping the name's character order and last character
    (`科技局`, `浏阳文旅局` for 浏阳市文化旅游广电局), the first four or more characters of a long name
    (`农村公路养护专项` for 农村公路养护专项资金), a short name a report defines for its department
    (`aliases`: 省残联 for 湖北残疾人联合会, from its `以下简称`), or a short form of the genre
    (`ORGANISATION_SHORT_FORMS`: 中院, 县人大). A short form that fits several departments (two counties'
    人大) names the full words they share: each of those departments is then asked on its own. A mention
    the question cites as an authority (`_CITING`: 中院…按财政局哪个文号) ranks below every other."""
    # (rank, name, mention); a rank's first part puts a department asked about before one cited, its last a
    # name as written before a short name of the same length
    found: list[tuple[tuple[bool, int, bool, bool], str, str]] = []
    for alias, names in (aliases or {}).items():
        if alias in text:
            found += [((not _cited(text, alias), len(alias), True, False), name, alias) for name in names]
    for short, full in ORGANISATION_SHORT_FORMS:
        if short in text:
            found += [((not _cited(text, short), len(short), False, False), name, short)
                      for name in departments if name and full in name]
    asked = set(text)
    for name in departments:
        # A mention holds two distinctive characters of the name: most names of a large archive share
        # none with the question and are passed over without scanning it.
        if not name or len(distinctive_chars("".join(asked & set(name)))) < 2:
            continue
        for start in range(len(text)):
            if text[start] not in name:
                continue
            for end in range(min(len(text), start + len(name) + 1), start + 2, -1):
                mention = text[start:end]
                tail_ok = mention[-1] == name[-1] or (len(mention) >= 4 and name.startswith(mention))
                distinctive = len(distinctive_chars(mention)) >= 2
                if tail_ok and distinctive and _is_subsequence(mention, name[name.index(mention[0]):]):
                    # Of two names a mention fits equally, the one that holds it as written (林业局 in
                    # 梁平区林业局) before the one it abbreviates (林业和草原局).
                    found.append(((not _cited(text, mention, start, name), len(mention), mention in name, True), name, mention))
                    break
    if not found:
        return None, None, False
    top = max(rank for rank, _, _ in found)
    tied = list(dict.fromkeys(name for rank, name, _ in found if rank == top))
    mention = next(m for rank, _, m in found if rank == top)
    shared = _common_run(tied)
    # Several departments fit alike (县人大 of two counties): the words they share scope the question to
    # all of them, each asked on its own — never the first one silently.
    if len(tied) > 1 and len(distinctive_chars(shared)) >= 2:
        return shared, mention, not top[3]
    return tied[0], mention, not top[3]


def _common_run(names: list[str]) -> str:
    """The longest run of characters every name holds (人民代表大会常务委员会 of two counties' 人大)."""
    first = min(names, key=len)
    for length in range(len(first), 0, -1):
        for start in range(len(first) - length + 1):
            run = first[start:start + length]
            if all(run in other for other in names):
                return run
    return ""


def longest_common_run(a: str, b: str) -> int:
    """Length of the longest common substring (short strings: a plain dynamic programme)."""
    best = 0
    previous = [0] * (len(b) + 1)
    for ca in a:
        current = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _best_overlap(text: str, names: tuple[str, ...], *, minimum: int) -> str | None:
    """The name sharing the longest run of characters with the text (ties: the shorter name)."""
    scored = [(longest_common_run(text, name), -len(name), name) for name in names if name]
    scored = [s for s in scored if s[0] >= minimum]
    return max(scored)[2] if scored else None
