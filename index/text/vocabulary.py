"""The genre's words, once: how reports of this kind and the people asking about them say a year, a unit,
a change, a plan and its execution, the department itself, a score, a grade and a value kept as text.

Extraction (index/) and answering (qa/) read the same lists, so a word added here is understood on both
sides: before this module the comparison words were written five ways and disagreed (a figure named
`比去年增长` was a change to the question reader and an amount to the figure reader), the year pattern
four ways. Report-specific items never belong here; the synonyms people use for report terms are in
qa/data/synonyms.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


def alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """A regex alternation of literal words, longest first (so 不合格 is tried before 合格)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- Years ---------------------------------------------------------------------------------------
YEAR_DIGITS = r"(?<!\d)(?:19|20)\d\d(?!\d)"
# A year as a report writes one: 2021年, 2021 年度.
YEAR_MENTION = re.compile(rf"({YEAR_DIGITS})\s*年度?")
# A year as a question may write one: also bare (`2021向上争取资金`), which a report's number never is.
ASKED_YEAR = re.compile(rf"({YEAR_DIGITS})\s*年?度?")
# A column header that is only a year (2021 | 2020).
BARE_YEAR = re.compile(rf"^\s*{YEAR_DIGITS}\s*$")
# A year in brackets under a title: （2021年度）.
BRACKETED_YEAR = re.compile(rf"[（(]\s*({YEAR_DIGITS})\s*(?:年度?)?\s*[)）]")
# The words naming a year relative to today's, each with how many years before it it means. 比去年 /
# 较上年度 compare, and 上年度结转 is a report's own carry-over: neither names a year to answer from.
YEARS_BACK = {"前年": 2, "去年": 1, "上年度": 1, "上一年": 1, "今年": 0}
RELATIVE_YEAR = re.compile(rf"(?<![比较])({alternation(tuple(YEARS_BACK))})(?!结转|结余)")

# --- Units ---------------------------------------------------------------------------------------
MONEY_UNITS = ("亿元", "万元", "千元", "元")
# Counters: what a count is counted in. Longest first where one contains another (人次 before 人).
COUNT_UNITS = (
    "人次", "人", "名", "个", "家", "项", "份", "台", "辆", "次", "篇", "件", "所", "场", "套", "批", "户",
    "条", "座", "处", "本", "册", "种", "倍", "天", "吨", "期", "起", "盏", "株", "棵", "间", "头", "只", "口", "眼",
    "宗", "栋", "张", "块", "架次", "架", "支",
    # A counter and 次, one visit or run each (执法检查1286家次, 接待23批次): a count of its own.
    "家次", "户次", "车次", "台次", "场次", "批次", "艘次", "艘",
)
# A counter that also begins other words after a number: 支 of 3支队伍, not of 支出 / 支付 / 支持 / 支部.
_COUNTER_NOT_BEFORE = {"支": "出付持撑援部"}


def unit_alternation(units: tuple[str, ...]) -> str:
    """`alternation` of units, each counter that also begins other words guarded against them."""
    return "|".join(re.escape(u) + (f"(?![{_COUNTER_NOT_BEFORE[u]}])" if u in _COUNTER_NOT_BEFORE else "")
                    for u in sorted(units, key=len, reverse=True))


# After a numeral written in characters only these count: 一期, 一起, 一块, 一头, 一口 are words of
# their own (一期工程, 一起), not the number one.
CHARACTER_NUMERAL_COUNTERS = "个家项人名份台辆次篇件所场套批户条座处种倍"
# Counters that stand between a number and the noun it counts (`58个村庄`, `1510盏路灯`); not 次, 倍
# or 天, which count no noun after them.
NOUN_COUNTERS = frozenset("个盏座家所条台辆套项处名间户栋张块只头眼口宗株棵起架支")
# Units of a thing's size: before a counted noun (`300米深机井1座`) they measure it.
ATTRIBUTE_UNITS = frozenset(("米", "公里", "千米", "吨", "平方米", "立方米", "㎡", "亩", "千瓦", "公斤", "千克"))
MEASURE_UNITS = ("个百分点", "平方公里", "平方千米", "平方米", "立方米", "㎡", "亩", "公顷", "公里", "千米", "米", "公斤", "千克",
                 "千瓦", "小时", "%", "‰", "分")
# Counts in tens of thousands: `1856.3万人次`, `12万亩`.
LARGE_COUNT_UNITS = ("万人次", "万人", "万户", "万亩", "万吨", "万平方米", "万件", "万册", "亿人次")
# The families an answer's unit may belong to; any other unit (个, 家, 项) is a count family of its own.
UNIT_FAMILIES: dict[str, frozenset[str]] = {
    "money": frozenset(MONEY_UNITS + ("万", "亿")),
    "people": frozenset(("人", "名", "人次", "万人", "万人次")),
    "percent": frozenset(("%", "个百分点", "‰")),
    "score": frozenset(("分",)),
    "area": frozenset(("㎡", "平方米", "亩", "万亩", "万平方米", "平方公里", "平方千米")),
    "length": frozenset(("米", "公里", "千米")),
    "duration": frozenset(("小时",)),
}
# A label ending in one of these counts in that unit when the table states none (编制数 21 is 21 人).
LABEL_UNITS = (("人数", "人"), ("编制数", "人"), ("编制", "人"), ("人员", "人"), ("得分", "分"), ("总分", "分"),
               ("分数", "分"), ("评分", "分"))


def unit_family(unit: str | None) -> str | None:
    """The family a unit belongs to (`万元` -> money, `万元/台` too); counters (个, 家) are their own family."""
    if unit is None:
        return None
    base = unit.split("/")[0]
    for family, units in UNIT_FAMILIES.items():
        if base in units:
            return family
    return "count:" + base


def label_unit(label: str) -> str | None:
    """The unit a label implies by its last word (`在职人数` -> 人, `自评得分` -> 分)."""
    return next((unit for suffix, unit in LABEL_UNITS if label.endswith(suffix)), None)


# --- Totals ----------------------------------------------------------------------------------------
# A number its sentence calls a total (合计批复总投资6222.4万元, 资金共1737万元) is marked by this qualifier:
# its name drops the word, as it drops every filler.
TOTAL_QUALIFIER = "合计"


# --- Changes and shares ----------------------------------------------------------------------------
# A change in a value: 增加, 下降, 增幅. The baseline it is measured against: 比上年, 同比, 比2024年.
CHANGE_WORDS = ("增长", "增加", "减少", "下降", "降低", "上升", "增幅", "降幅")
BASELINE_WORDS = ("同比", "比上年", "较上年", "比去年", "较去年", "与上年相比", "比上年度", "较上年度")
SHARE_WORDS = ("占比", "占")
_BASELINE_YEAR = r"[比较](?:19|20)\d\d年"
# A figure's name or the words right after its subject that make it a change or a share rather than
# an amount (`公务接待费比上年降低` 23.16%, `占比` 12%, `比2024年预算增加`).
STATES_CHANGE = re.compile(rf"{alternation(CHANGE_WORDS + BASELINE_WORDS + SHARE_WORDS)}|{_BASELINE_YEAR}|比.{{0,8}}[少多]")
STARTS_WITH_CHANGE = re.compile(rf"^(?:{alternation(CHANGE_WORDS + BASELINE_WORDS + SHARE_WORDS)}|{_BASELINE_YEAR})")
# A question asking how much something changed (with 多少/几 checked by the caller).
ASKS_CHANGE = re.compile(alternation(CHANGE_WORDS + BASELINE_WORDS + ("变化",)))
# Words before a number in its clause that make the number a change (比上年增加107.62万元), including
# the adjustments of a budget (调增, 调减) and the bare 比/较 of `较2020年`.
CHANGE_BEFORE_NUMBER = re.compile(alternation(CHANGE_WORDS + ("比", "较", "同比", "持平", "节约", "调减", "调增", "调整")))

# --- Plan and execution ----------------------------------------------------------------------------
# Money phases: the budget side (预算, 年初, 安排) and the executed side (执行, 决算, 实际).
BUDGET_WORDS = ("预算", "年初", "计划", "安排", "指标", "一开始", "最初", "起初")  # 一开始下达: what was first allotted
ACTUAL_WORDS = ("执行", "决算", "实际", "完成")
BUDGET_PHASE = re.compile(alternation(BUDGET_WORDS))
ACTUAL_PHASE = re.compile(alternation(ACTUAL_WORDS))
# Where a list of parts opens (`项目支出2604.1万元,其中:案件审判414.35万元;案件执行6.25万元`): its items are
# parts of the whole named before it.
LIST_OPENS = re.compile(r"其中\s*[:：]")
# The same without its colon (`实有在职人员89人，其中行政人员30人、事业人员55人`): what follows are parts of
# the whole before it, though the list may run on past the clause.
PARTS_OPEN = re.compile(r"其中\s*[:：]?")
# Indicator tables: the column headers of the planned value and of the value reached.
# The verbs a plan is stated with (计划新建, 计划改造3座, 计划抽检3200批次): 计划 before one of them plans a
# number, in a report's sentence as in a question; 计划 before a noun is a programme's name (计划生育,
# 营养改善计划资金).
PLAN_VERBS = ("完成", "新建", "建设", "投资", "安排", "实施", "培训", "发放", "达到", "资助", "改造", "治理", "抽检", "检查",
              "开展", "举办", "招聘", "采购")
# An amount per head, household, 亩 or student (人均, 户均, 亩均投资, 生均公用经费): asked or stated, the value is a
# rate, not a total — one pattern for the question (qa/question_parser) and the label (qa/accounts).
PER_HEAD = r"[人户亩生]均"
# The words a bound is written with before its number (不低于90%, 不超过5万元): what it states is a target.
BOUND_WORDS = ("不低于", "不少于", "不高于", "不超过")
TARGET_HEADERS = ("绩效目标", "预期目标", "年度目标", "目标值", "指标值", "计划值", "计划")
ACTUAL_HEADERS = ("完成情况", "实际完成", "完成值", "实际值", "实际完成值", "执行情况")

# --- The department itself -------------------------------------------------------------------------
SELF_REFERENCES = ("我局", "本局", "我单位", "本单位", "我部门", "本部门", "我委", "本委", "我中心")
# Rows that stand for the department's own office rather than a unit under it.
OWN_OFFICE_ENTITIES = ("局机关", "局本级", "机关本级")

# --- Scores and grades ------------------------------------------------------------------------------
GRADES = ("优秀", "良好", "合格", "不合格", "较好", "一般", "较差", "优", "良", "中", "差")
GRADE_PATTERN = alternation(GRADES)
GRADE_LABELS = ("评价等次", "评价等级", "等次", "等级", "评价结论", "自评结论", "评价结果", "自评结果")
SCORE_LABELS = ("绩效自评综合得分", "自评综合得分", "综合得分", "自评得分", "评价得分", "总得分", "总分", "得分")

# --- Values kept as text ---------------------------------------------------------------------------
# A number under these labels is an identifier, not a quantity: it keeps its leading 0 and is never summed.
CODE_WORDS = ("电话", "号码", "文号", "编码", "代码", "传真", "手机", "邮编", "账号")
DATE_WORDS = ("日期", "时间")
# The people a report names with their role (联系人 李薇).
PERSON_ROLES = ("联系人", "负责人", "组长", "副组长", "填报人", "经办人", "审核人", "评价人")


# The level of government money belongs to (GLOSSARY: scope words that make two figures different
# quantities). 中央下达 9056 and 市县下达 2040.56 are both 困难群众救助资金; 市县层面 asks the second.
# 县级储备粮 names a fund of the county, as a question about it does: both sides say the level alike.
GOVERNMENT_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("central", re.compile(r"中央")),
    ("province", re.compile(r"省级|省本级|省财政|省内|自治区级|自治区本级")),
    ("city", re.compile(r"市级|市本级|市财政|市县|州级")),
    ("county", re.compile(r"县级|县本级|县财政|市县|区县|县区|区级")),
)


def government_levels(text: str) -> frozenset[str]:
    """The levels of government a text names (市县 names two)."""
    return frozenset(level for level, pattern in GOVERNMENT_LEVELS if pattern.search(text))


# Qualifier siblings: words that tell apart figures of one kind (编制 of 行政 / 事业 / 工勤; 在职 / 退休
# people; 年初 / 调整 / 全年 budgets; 基本 / 项目 支出). A question that names one member asks for that
# member only: a figure whose own label does not name it (the total, or a sibling) does not answer it.
# Each set applies only when the question speaks of its kind (`when`), so that 行政 in 一般公共服务·行政运行
# or 项目 in 项目名称 pins nothing. Members are written as their spellings.
@dataclass(frozen=True)
class SiblingSet:
    name: str
    when: tuple[str, ...]  # words of the question that make the set apply
    members: tuple[tuple[str, ...], ...]  # each member's spellings, the first its name
    # Words that hold a member's spelling but do not name that member (事业单位 names a kind of
    # organisation, not 事业 staff).
    not_members: tuple[str, ...] = ()
    # Words naming several members together (离退休 = 离休 + 退休): not the member a spelling inside them
    # is; asked, they pin what they hold (离退休人员 asked, 退休人员 or 离退休人员 answers, 在职人员 does not).
    combined: tuple[str, ...] = ()


SIBLING_SETS: tuple[SiblingSet, ...] = (
    # 参公 (参照公务员法管理) 事业编制 is a category of its own: 事业编制 582 is no answer to it.
    SiblingSet("编制类别", ("编制",), (("行政",), ("事业",), ("工勤",), ("参公", "参照公务员法管理", "参照公务员管理"))),
    SiblingSet("编制经费形式", ("编制",), (("全额",), ("差额",), ("自收自支",))),
    # The posts a body is allowed (编制) or the staff it has (实有, 在职): 在职人员13人 is no answer to how
    # many 编制 a sub-unit has, nor 核定编制38名 to how many are 实有.
    SiblingSet("编制或实有", ("人", "名", "编制", "职工"), (("编制",), ("实有", "在职", "在岗", "在编"))),
    # 离退休 is both together: it answers neither 离休 nor 退休 asked alone.
    SiblingSet("人员状态", ("人员", "人数", "多少人", "几人", "多少名", "几名", "职工"),
               (("在职", "在编", "在岗", "实有"), ("退休",), ("离休",), ("临聘", "聘用", "编外", "临时"),
                ("协管",), ("遗属",)), combined=("离退休",)),
    # The staff counted by the category of their post, as 编制 are: 实有在职人员 89 is no answer to how
    # many 事业人员 there are.
    SiblingSet("人员类别", ("人员", "人数", "职工"), (("行政",), ("事业",), ("工勤",), ("行政事业",)),
               not_members=("事业单位", "行政单位", "行政执法", "行政审批", "行政许可", "行政处罚", "行政运行")),
    # Where a department's money comes from (the 收入决算 categories, which also qualify what it funds:
    # 财政拨款的机关运行经费预算): 收入总计 is no answer to 政府性基金收入, 支出预算 none to 上级补助支出预算.
    SiblingSet("收入来源", ("收入", "拨款", "支出", "预算", "经费"),
               (("财政拨款", "财政补助"), ("一般公共预算",), ("政府性基金",), ("国有资本经营",), ("事业收入",),
                ("经营收入",), ("上级补助",), ("附属单位上缴",), ("其他收入",))),
    # The parts of the 三公 spending: 公务接待费 is no answer to 公务用车 asked, nor 三公经费 to either.
    SiblingSet("三公", ("费", "经费", "支出", "预算", "决算"),
               (("因公出国", "出国"), ("公务接待", "接待"), ("公务用车", "公车"))),
    # A car's purchase or its running: 公务用车运行维护费 16.2 is no answer to 公务用车购置费 (not stated).
    # 购置及运行 is the 三公 category itself (reports with no purchase state its 运行维护 part under it):
    # asked, it pins neither part.
    SiblingSet("公务用车", ("公务用车", "公车"), (("购置",), ("运行维护", "运维", "运行")),
               not_members=("购置及运行维护", "购置及运行", "购置和运行")),
    SiblingSet("预算时点", ("预算",), (("年初",), ("调整",), ("全年",))),
    SiblingSet("支出类型", ("支出",), (("基本支出",), ("项目支出",))),
    # The stage money has reached: arrived (到位 / 到账) or paid on (拨付). 10 万元 批复下达 is no answer to
    # how much 实际到位.
    SiblingSet("资金环节", ("资金", "经费", "款"), (("到位", "到账"), ("拨付",))),
    # Where money comes from besides what is sent down: a level's own matching share or a unit's own
    # funds. 25_shandong's 省财政共安排省级…救助资金 is no answer to 省级配套资金安排了多少 (02_yunnan's). The
    # money sent down (补助资金) is left out: it is also a fund's own name (就业补助资金).
    SiblingSet("资金来源", ("资金",), (("配套资金",), ("自筹资金",))),
    # The first-level groups of a 绩效指标 table, each scored on its own (产出指标得分45.5分, 效益指标得分27.7分):
    # 产出指标's score is no answer to 成本指标 asked. A table row names its group without 指标 (`成本（目标）`).
    # 效益 holds 社会效益 / 经济效益 / 生态效益, the groups under it.
    SiblingSet("指标类别", ("指标",), (("产出",), ("效益",), ("满意度",), ("成本",), ("决策",), ("过程",),
                                      ("项目管理", "管理指标"))),
    # Who runs a school: 公办幼儿园15所 is no answer to how many 民办 there are.
    SiblingSet("办学性质", ("学校", "幼儿园", "中小学", "小学", "中学", "学生", "教师", "园"), (("公办",), ("民办",))),
    # 城乡低保 is the sum of both: it answers neither 城市低保 nor 农村低保 (濉溪 states 农村 only).
    SiblingSet("城乡", ("低保", "特困", "救助", "居民", "人口", "医保", "养老"), (("城市", "城镇"), ("农村",))),
)


# The batches one allotment is sent in (第一批 1300 万元, 第二批 437 万元; 一批项目 / 二批项目): a question
# naming one asks that batch only. Read as the batch's number — not 分三批下达 / 共两批, which count the
# batches (14_lincheng's `该项目分三批实施` and a written opening's `分三批下达` before their 第一批).
_BATCH = re.compile(r"(?<![分共])第?([一二三四五六七八九十]|[1-9]\d?)批(?!准|复|示|次)")
_CHARACTER_ORDINALS = "一二三四五六七八九十"


def batches_named(text: str) -> tuple[tuple[int, int], ...]:
    """(position, batch number) of each batch a text names, in order (`二批项目` -> (0, 2))."""
    return tuple((m.start(), _CHARACTER_ORDINALS.index(m.group(1)) + 1 if m.group(1) in _CHARACTER_ORDINALS
                  else int(m.group(1))) for m in _BATCH.finditer(text))


# The level of government a fund comes from, with 地方 for any below the centre (中央财政资金 808.1 is no
# answer to 地方财政资金安排了多少).
LOCAL_LEVELS = frozenset({"province", "city", "county"})
_LOCAL = re.compile(r"地方")


def funding_levels(text: str) -> frozenset[str]:
    """`government_levels`, and 地方 read as every level below the centre."""
    return government_levels(text) | (LOCAL_LEVELS if _LOCAL.search(text) else frozenset())


def pinned_members(text: str) -> tuple[tuple[str, ...], ...]:
    """The sibling members a question pins down (each as its spellings): a member named in a text that
    speaks of the member's kind."""
    applying = [siblings for siblings in SIBLING_SETS if any(w in text for w in siblings.when)]
    return (*(member for siblings in applying for member in siblings.members if names_member(text, member)),
            *((word, *(s for member in siblings.members for s in member if s in word))
              for siblings in applying for word in siblings.combined if word in text))


@cache
def _longer_words(spelling: str) -> tuple[str, ...]:
    """The words of the sibling sets that hold this spelling but are not it, longest first (masked in that
    order): 离退休 for 退休, 事业单位 for 事业, 购置及运行维护 for 购置."""
    return tuple(sorted((word for siblings in SIBLING_SETS
                         for word in (*(w for member in siblings.members for w in member), *siblings.not_members,
                                      *siblings.combined)
                         if spelling in word and word != spelling), key=len, reverse=True))


def names_member(text: str, member: tuple[str, ...]) -> bool:
    """Does the text name this sibling member — a spelling of it standing for itself, not inside a longer
    word of the sets (退休 of 离退休人员 names 离退休, not 退休)?"""
    for spelling in member:
        masked = text
        for word in _longer_words(spelling):
            masked = masked.replace(word, "\x00")  # a character no text holds
        if spelling in masked:
            return True
    return False


# The short forms the genre and its readers use for organisations, each with the words of the full name
# it stands for: 县人大 is the county's 人民代表大会常务委员会, 中院 a 中级人民法院, 编办 a
# 机构编制委员会办公室. A question saying the short form names every department whose name holds the full words.
ORGANISATION_SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("人大常委会", "人民代表大会常务委员会"),
    ("人大", "人民代表大会"),
    ("政协", "政治协商会议"),
    ("中院", "中级人民法院"),
    ("法院", "人民法院"),
    ("检察院", "人民检察院"),
    ("残联", "残疾人联合会"),
    ("编办", "机构编制委员会办公室"),
    ("发改委", "发展和改革委员会"),
    ("卫健委", "卫生健康委员会"),
    ("卫计委", "卫生和计划生育委员会"),
    ("人社局", "人力资源和社会保障局"),
    ("住建局", "住房和城乡建设局"),
    ("住建厅", "住房和城乡建设厅"),
)
