"""The verify stage on short sentences of the genre: a figure is claimed only when its own label accounts
for the qualifier the question pins down — refusals checked as well as answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.records import Figure
from index.text.vocabulary import SIBLING_SETS, batches_named, pinned_members
from qa.accounts import enclosing_items, listed_under, own_item
from qa.accounts import unaccounted as unaccounted_hit
from qa.elsewhere import named_elsewhere
from qa.evidence import unsaid_words
from qa.lexicon import load_lexicon
from qa.question_parser import parse_question
from qa.records import FigureHit
from qa.scorer import load_scorer
from qa.verify import Verifier, another_value, refused


def unaccounted(question, figure: Figure, coverage: float = 1.0) -> str | None:  # type: ignore[no-untyped-def]
    return unaccounted_hit(question, FigureHit("r", "r", figure, 0.9, coverage, {}))


def _figure(metric: str, *, qualifier: str | None = None, entity: str | None = None,
            section: tuple[str, ...] = (), value: str = "8", unit: str = "人") -> Figure:
    return Figure(metric, value, float(value), unit, "prose", section, "", 0, 1, qualifier=qualifier, entity=entity)


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_lexicon()


@pytest.mark.parametrize(("question", "label", "claimed"), [
    ("环卫处退休人员有多少？", "退休人员", True),
    ("环卫处退休人员有多少？", "在职在编人员", False),  # a sibling
    ("环卫处退休人员有多少？", "现有人员", False),  # the whole, not the part asked
    ("事业编制是多少？", "事业编制数", True),
    ("事业编制是多少？", "行政编制", False),
    ("事业编制是多少？", "编制数", False),  # 合计
    ("差额事业编制有几个？", "事业编制", False),  # not stated: 差额 is not in the label
    ("在职人员多少人？", "在编人员", True),  # a spelling of the same member
    ("在岗人员有多少？", "实有人数", True),  # 实有: the staff in post
    ("基本支出是多少？", "基本支出", True),
    ("基本支出是多少？", "支出合计", False),
    # 离退休 is both together: no answer to 退休 asked alone; asked, it pins neither.
    ("退休人员有多少人？", "离退休人员", False),
    ("退休人员有多少人？", "退休", True),
    ("离退休人员有多少人？", "退休人员", True),
    # Staff by the category of their post, as 编制 are.
    ("实有在职的事业人员有多少？", "实有在职人员", False),
    ("实有在职的事业人员有多少？", "事业人员 截至2022年底实有在职人员89人", True),
    ("事业单位人员有多少？", "实有人员", True),  # 事业单位 is a kind of organisation, not a category of staff
    ("参公事业编制有多少？", "事业编制", False),
    ("参公事业编制有多少？", "参照公务员法管理事业编制", True),
    # The 三公 parts, and a car's purchase beside its running.
    ("公务接待费是多少？", "三公经费", False),
    ("公务用车购置费是多少？", "公务用车运行维护费", False),
    ("公务用车运行维护费是多少？", "公务用车购置及运行维护费", False),
    ("公务用车运行维护费是多少？", "公务用车运行维护费", True),
    # Income by where it comes from.
    ("政府性基金收入是多少？", "收入总计", False),
    ("事业收入是多少？", "事业收入", True),
])
def test_a_pinned_qualifier_must_be_named_by_the_figure_s_own_label(
    lexicon, question: str, label: str, claimed: bool,  # type: ignore[no-untyped-def]
) -> None:
    asked = parse_question(question, lexicon)
    unit = "万元" if asked.unit_family == "money" else "人"  # staff are counted, money is an amount
    assert (unaccounted(asked, _figure(label, unit=unit)) is None) is claimed


def test_the_column_or_the_heading_a_figure_stands_under_names_it_too(lexicon) -> None:  # type: ignore[no-untyped-def]
    asked = parse_question("年初预算的支出合计是多少？", lexicon)
    assert unaccounted(asked, _figure("支出合计", qualifier="年初预算数", unit="万元")) is None
    assert unaccounted(asked, _figure("支出合计", section=("二、部门预算", "（一）年初预算情况"), unit="万元")) is None
    assert unaccounted(asked, _figure("支出合计", qualifier="全年预算数", unit="万元")) is not None


def test_a_question_naming_no_member_pins_nothing(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert unaccounted(parse_question("人员编制是多少？", lexicon), _figure("编制数")) is None
    # 行政 without 编制, 项目 without 支出: words of a name, not a qualifier asked.
    assert pinned_members("行政运行经费是多少？") == ()
    assert pinned_members("项目名称是什么？") == ()


def test_matching_funds_asked_are_answered_by_matching_funds_only(lexicon) -> None:  # type: ignore[no-untyped-def]
    # 02_yunnan states 省级配套资金2088万元; 25_shandong's 省财政共安排省级…救助资金 is another fund.
    asked = parse_question("省级配套资金安排了多少？", lexicon)
    assert unaccounted(asked, _figure("省财政共安排省级困难群众基本生活救助资金", unit="万元")) is not None
    assert unaccounted(asked, _figure("省级配套资金", unit="万元")) is None
    assert unaccounted(parse_question("农村公路养护专项资金配套资金缺口多少？", lexicon),
                       _figure("配套资金缺口", unit="万元")) is None
    # 配套 in a project's name (益阳's 市级就业资金配套项目) asks for no matching funds.
    assert pinned_members("益阳市级就业资金配套项目2021年自评打了多少分？") == ()


def test_every_sibling_set_has_two_members_or_more_and_a_word_that_makes_it_apply() -> None:
    for siblings in SIBLING_SETS:
        assert len(siblings.members) >= 2 and siblings.when, siblings.name
        for member in siblings.members:
            # It pins that member and no sibling of it (编制 of 编制行政 is another set's member).
            pinned = pinned_members(siblings.when[0] + member[0])
            assert member in pinned and not any(m in pinned for m in siblings.members if m != member), (siblings.name, member)


def test_a_zero_is_claimed_only_when_its_evidence_says_every_word_asked(lexicon) -> None:  # type: ignore[no-untyped-def]
    def zero(question: str, words: tuple[str, ...], figure: Figure, owner: str = "") -> str | None:
        asked = replace(parse_question(question, lexicon), words=words)  # the words as the index segments them
        return unaccounted_hit(asked, FigureHit("r", "r", figure, 0.9, 1.0, {}, unsaid_words(asked, figure, owner)))

    row = Figure("三公经费", "0", 0.0, "万元", "table_cell", (), "三公经费:：2022年决算数 0，2023年预算数 0，2023年决算数 0",
                 0, 1, qualifier="2023年决算数")
    # The department is its report's (贯塘乡's row need not say 贯塘乡); 决算 is the column's.
    assert zero("贯塘乡2023年三公经费决算数是多少？", ("贯塘", "三公经费", "决算"), row, "衡山县贯塘乡人民政府") is None
    assert zero("贯塘乡2023年三公经费决算数是多少？", ("贯塘", "三公经费", "决算"), row) is not None
    # 安排 is said by the budget column, 资金 by the unit.
    budget = replace(row, metric="因公出国(境)费", qualifier="2023年“三公”经费预算数")
    assert zero("因公出国（境）费安排了多少？", ("因公", "出国", "安排"), budget) is None
    # Another column's empty cell is not the amount asked: 公务接待 is said nowhere.
    assert "公务接待" in zero("公务接待费安排了多少？", ("公务接待", "安排"), budget)
    # The rule is for zeros: a stated amount is weighed by the ranker, not refused for a word unsaid
    # (接待费用)…
    stated = replace(budget, metric="公务接待费", value="1.58", number=1.58)
    assert zero("接待费用安排了多少？", ("接待费用", "安排"), stated) is None
    # …but another part of the 三公 spending is refused whatever its value: 因公出国 is no 公务接待.
    assert "公务接待" in zero("公务接待费安排了多少？", ("公务接待", "安排"), replace(budget, value="1.58", number=1.58))


def test_a_stated_change_answers_only_the_change_of_what_it_names(lexicon) -> None:  # type: ignore[no-untyped-def]
    # `本年收入决算数为991.58万元,本年收入决算数比上年减少105.95万元` (01_deqin): no answer to 三公经费 or 支出.
    change = Figure("本年收入决算数比上年减少", "105.95", 105.95, "万元", "prose", ("(三)部门整体收支情况",),
                    "本年收入决算数为991.58万元,本年收入决算数比上年减少105.95万元", 0, 1)

    def asked(text: str, words: tuple[str, ...]):  # type: ignore[no-untyped-def]
        return replace(parse_question(text, lexicon), words=words)  # the words as the index segments them

    def verdict(question) -> str | None:  # type: ignore[no-untyped-def]
        return refused(question, FigureHit("r", "r", change, 0.9, 1.0, {}))

    assert verdict(asked("本年收入决算数比上年减少了多少？", ("年收入", "决算", "数比", "上年", "减少"))) is None
    assert "三公经费" in verdict(asked("三公经费比上年减少了多少？", ("三公经费", "上年", "减少")))
    assert verdict(asked("本年支出决算数比上年增加了多少？", ("支出", "决算", "数比", "上年", "增加"))) is not None
    # How the change is asked (百分之多少) and a generic amount noun (经费) are not what changed.
    assert verdict(asked("本年收入决算数比上年减少了百分之多少？", ("年收入", "决算", "上年", "减少", "百分之"))) is None
    # An amount is never the change asked.
    amount = replace(change, metric="本年收入决算数", value="991.58", number=991.58)
    assert refused(asked("本年收入决算数比上年减少了多少？", ("年收入", "决算")), FigureHit("r", "r", amount, 0.9, 1.0, {}))


def test_another_value_listed_beside_an_answer_states_the_same_measure(lexicon) -> None:  # type: ignore[no-untyped-def]
    """另有不同的数字 lists a report's other statement of what was answered — the budget beside the actual,
    the target beside what was done — never a value whose own label measures something else."""
    def hit(metric: str, value: str, *, qualifier: str | None = None, entity: str | None = None,
            quote: str = "") -> FigureHit:
        figure = Figure(metric, value, float(value), "万元", "prose", (), quote, 0, 1, qualifier=qualifier, entity=entity)
        return FigureHit("r", "r", figure, 0.9, 1.0, {})

    def listed(question: str, words: tuple[str, ...], best: FigureHit, other: FigureHit) -> bool:
        return another_value(replace(parse_question(question, lexicon), words=words), best, other)

    # The seed: 公务接待费 1.46 (局机关) beside 公务接待费本年人均 0.058 — 人均 changes the measure.
    reception = hit("公务接待费", "1.46", entity="局机关")
    assert not listed("局机关的公务接待费是多少？", ("局机关", "公务接待费"), reception,
                      hit("公务接待费本年人均", "0.058", quote="公务接待费本年人均0.058万元"))
    # 出租 of 固定资产, 同比增长 of 研发强度: not another value of the total or the rate.
    assets = hit("固定资产合计", "144.71")
    assert not listed("固定资产合计是多少？", ("固定资产", "合计"), assets, hit("出租固定资产", "0"))
    # A phase, column or total word does not: the 决算 column beside 年初 (the seed's 项目支出 10.80 / 262.78).
    budget = hit("项目支出", "10.80", quote="项目支出10.80万元")
    assert listed("项目支出是多少？", ("项目", "支出"), budget, hit("项目支出", "262.78", qualifier="决算金额 · 科技部门"))
    assert listed("项目支出是多少？", ("项目", "支出"), budget, hit("项目支出预算数", "12.00"))
    # A value whose evidence does not say a word of the question the answer says: another sub-unit's budget
    # is not 科技事务中心's income (the seed's 收入预算合计 511.07 beside 科技事务中心 281.83).
    unit = hit("收入合计", "281.83", entity="科技事务中心")
    assert not listed("科技事务中心的收入合计是多少？", ("科技事务中心", "收入", "合计"), unit,
                      hit("收入预算合计", "511.07", qualifier="科技局"))


def _cell(metric: str, value: str, unit: str | None, *, kind: str = "prose", qualifier: str | None = None,
          quote: str = "", target: str | None = None, start: int = 0) -> Figure:
    number = float(value) if value.replace(".", "", 1).isdigit() else None
    return Figure(metric, value, number, unit, kind, (), quote, start, start + 1,  # type: ignore[arg-type]
                  qualifier=qualifier, target=target)


def test_the_target_asked_is_never_the_value_reached_nor_the_reverse(lexicon) -> None:  # type: ignore[no-untyped-def]
    # An indicator row of 濉溪's 临时救助 table: 特困人员救助供养人数 目标 >=4754人, 实际 4604人.
    reached = _cell("特困人员救助供养人数(按月平均)", "4604", "人", kind="target_actual", target=">=4754人")
    assert "目标" in unaccounted(parse_question("特困人员救助供养人数的目标是多少？", lexicon), reached)
    assert unaccounted(parse_question("特困人员救助供养人数实际是多少？", lexicon), reached) is None
    planned = _cell("筹集配租型保障性住房（目标）", "40422", "套", kind="target")
    assert unaccounted(parse_question("配租型保障性住房实际筹集了多少套？", lexicon), planned) is not None
    # A column of what was done is not the target asked: 吕梁's 完成值 12166 of a 目标值 12500 名.
    done = _cell("完成2021年吕梁山护工培训任务", "12166", "名", kind="table_cell", qualifier="完成值")
    assert unaccounted(parse_question("吕梁山护工培训任务的目标是多少名？", lexicon), done) is not None


def test_a_prose_number_its_own_name_calls_a_target_is_no_value_reached(lexicon) -> None:  # type: ignore[no-untyped-def]
    # `受益群众满意度目标≥90%，经问卷调查实际满意度为96.8%` (written here): 90 is what was planned.
    planned = _cell("受益群众满意度目标≥", "90", "%")
    assert "目标" in unaccounted(parse_question("群众满意度实际是多少？", lexicon), planned)
    assert unaccounted(parse_question("群众满意度的目标是多少？", lexicon), planned) is None
    assert unaccounted(parse_question("群众满意度实际是多少？", lexicon), _cell("经问卷调查实际满意度", "96.8", "%")) is None


def test_an_area_a_length_or_a_time_is_no_amount_of_money(lexicon) -> None:  # type: ignore[no-untyped-def]
    area = _cell("改造提升", "1.18", "万亩", kind="target_actual", target="1.2万亩")
    assert "金额" in unaccounted(parse_question("改造提升的资金是多少？", lexicon), area)
    assert unaccounted(parse_question("改造提升完成了多少？", lexicon), area) is None


def test_money_is_no_answer_to_how_many_of_a_noun(lexicon) -> None:  # type: ignore[no-untyped-def]
    # p19 (written here): `发放资助资金2986.45万元，其中国家助学金1820.30万元、营养改善计划补助1166.15万元`.
    meals = _cell("营养改善计划补助", "1166.15", "万元")
    assert "学生" in unaccounted(parse_question("营养改善计划惠及多少学生？", lexicon), meals)
    assert unaccounted(parse_question("营养改善计划补助发了多少？", lexicon), meals) is None
    # A count of buildings is no investment: `新建校舍4栋` for 新建校舍投资多少.
    assert "金额" in unaccounted(parse_question("新建校舍投资多少？", lexicon), _cell("新建校舍", "4", "栋"))


def test_a_word_quoted_in_the_report_is_the_word_asked(lexicon) -> None:  # type: ignore[no-untyped-def]
    # `2022年“三公”经费…较上年减少3.12万元`: the change is of 三公经费, though the report quotes 三公.
    change = _cell("实际支出较上年减少", "3.12", "万元",
                   quote="2022年“三公”经费预算22.5万元，实际支出18.36万元，较上年减少3.12万元。")
    asked = parse_question("三公经费比上年减少了多少？", lexicon)
    assert "三公经费" not in unsaid_words(asked, change)
    assert refused(asked, FigureHit("r", "r", change, 0.9, 1.0, {})) is None


def test_a_count_asked_by_its_counted_noun_is_never_an_amount(lexicon) -> None:  # type: ignore[no-untyped-def]
    asked = parse_question("公务接待批次是多少？", lexicon)
    assert (asked.unit_family, asked.unit_stated) == ("count:批", True)
    assert parse_question("公务接待费是多少？", lexicon).unit_family == "money"


def test_the_budget_column_is_not_what_was_executed_nor_the_reverse(lexicon) -> None:  # type: ignore[no-untyped-def]
    budget = _cell("就业补助资金", "808.1", "万元", kind="table_cell", qualifier="全年预算数(A)")
    executed = replace(budget, value="692.98", number=692.98, qualifier="全年执行数(B)")
    assert unaccounted(parse_question("就业补助资金全年执行了多少？", lexicon), budget) is not None
    assert unaccounted(parse_question("就业补助资金全年执行了多少？", lexicon), executed) is None
    assert unaccounted(parse_question("就业补助资金全年预算是多少？", lexicon), executed) is not None
    assert unaccounted(parse_question("就业补助资金全年预算是多少？", lexicon), budget) is None
    # A question of both sides (预算执行率) pins neither.
    rate = _cell("就业补助资金", "86", "%", kind="table_cell", qualifier="预算执行率(B/A×100%)")
    assert unaccounted(parse_question("就业补助资金的预算执行率是多少？", lexicon), rate) is None


def test_a_target_asked_is_answered_only_by_a_value_stated_as_planned(lexicon) -> None:  # type: ignore[no-untyped-def]
    # A value its sentence states as done is no target (受害森林面积 114.48 for its 目标值).
    burnt = _cell("受害森林面积", "114.48", "公顷", quote="全省受害森林面积114.48公顷。")
    assert "目标" in unaccounted(parse_question("受害森林面积的目标值是多少？", lexicon), burnt)
    assert unaccounted(parse_question("受害森林面积是多少？", lexicon), burnt) is None
    # Stated as planned by its sentence (目标任务为), its label (计划投资) or a bound (≥928小时).
    task = _cell("筹集配租型保障性住房", "40422", "套", quote="2024年目标任务为:筹集配租型保障性住房40422套")
    assert unaccounted(parse_question("配租型保障性住房的筹集目标是多少套？", lexicon), task) is None
    invested = _cell("通村道路建设项目计划投资", "2179", "万元", quote="我县2022年农村公路通村道路建设项目计划投资2179万元")
    assert unaccounted(parse_question("通村道路项目计划投资多少？", lexicon), invested) is None
    hours = _cell("飞机飞行时长≥", "928", "小时", quote="飞机飞行时长≥928小时,实际飞行时长909.93小时")
    assert unaccounted(parse_question("飞机飞行时长的目标是多少小时？", lexicon), hours) is None
    # A plan asked in passing (计划资助多少名) is not a target named: the report's statement answers it.
    helped = _cell("继续资助困难新生", "3000", "名", quote="2018年继续资助困难新生3000名")
    assert unaccounted(parse_question("2018年计划资助多少名困难新生？", lexicon), helped) is None


def test_a_period_asked_is_answered_only_by_evidence_naming_it(lexicon) -> None:  # type: ignore[no-untyped-def]
    year = _cell("项目执行率", "88.74", "%", quote="全年项目执行率88.74%")
    half = _cell("项目执行率", "52.1", "%", quote="2022年上半年项目执行率52.1%")
    assert "上半年" in unaccounted(parse_question("上半年项目执行率是多少？", lexicon), year)
    assert unaccounted(parse_question("上半年项目执行率是多少？", lexicon), half) is None
    assert unaccounted(parse_question("第三季度项目执行率是多少？", lexicon), half) is not None
    # A month the question runs to: the sentence's date names it (r098's 截至2022年12月8日), a year-end amount does not.
    paid = _cell("项目资金拨付", "2113.63", "万元", quote="截至2022年12月8日,已完成拨付2113.63万元")
    assert unaccounted(parse_question("截至2022年12月8日衔接资金已经拨付了多少？", lexicon), paid) is None
    assert "6月" in unaccounted(parse_question("截至6月底衔接资金拨付了多少？", lexicon), paid)
    # 上年: the value of the year before, said as such; 比上年 (a change) and 上年结转 pin nothing here.
    spent = _cell("决算支出", "785.59", "万元", quote="本年决算支出785.59万元")
    assert unaccounted(parse_question("上年决算支出是多少？", lexicon), spent) is not None
    assert unaccounted(parse_question("上年决算支出是多少？", lexicon),
                       _cell("上年决算支出", "935.11", "万元", quote="上年决算支出935.11万元")) is None
    assert unaccounted(parse_question("部门上年结转资金有多少？", lexicon), _cell("结转资金", "186.72", "万元")) is None


def test_a_rate_asked_by_name_is_answered_only_by_that_rate(lexicon) -> None:  # type: ignore[no-untyped-def]
    progress = _cell("项目资金支出进度比率", "100", "%", quote="项目资金支出进度比率100%")
    assert "完成率" in unaccounted(parse_question("两庭建设的完成率是多少？", lexicon), progress)
    # The rate named by the row's column (年度资金总额 under 执行率), or by the words right before its value.
    column = _cell("年度资金总额", "86", "%", kind="table_cell", qualifier="执行率")
    assert unaccounted(parse_question("就业补助资金的预算执行率是多少？", lexicon), column) is None
    done = _cell("率", "100", "%", quote="项目已完成竣工验收,完成率100%。")
    assert unaccounted(parse_question("项目实施进度完成率是多少？", lexicon), done) is None


def test_money_of_another_level_of_government_is_not_the_money_asked(lexicon) -> None:  # type: ignore[no-untyped-def]
    central = _cell("其中:中央财政资金", "808.1", "万元", kind="table_cell", qualifier="全年预算数(A)")
    assert unaccounted(parse_question("就业补助资金里地方财政资金安排了多少？", lexicon), central) is not None
    assert unaccounted(parse_question("就业补助资金里中央财政资金安排了多少？", lexicon), central) is None
    assert unaccounted(parse_question("就业补助资金安排了多少？", lexicon), central) is None  # no level asked
    county = _cell("县财政", "1038.66", "万元", kind="label_value", qualifier="计划安排")
    assert unaccounted(parse_question("县财政计划安排了多少资金？", lexicon), county) is None
    assert unaccounted(parse_question("省财政计划安排了多少资金？", lexicon), county) is not None


def test_money_of_a_level_asked_is_answered_only_by_evidence_that_names_a_level(lexicon) -> None:  # type: ignore[no-untyped-def]
    def hit(figure: Figure, owner: str = "") -> FigureHit:
        return FigureHit("r", "r", figure, 0.9, 1.0, {}, owner=owner)

    # A total that names no level is not the 省财政 part of it; nor is another row of a table.
    total = _cell("实际到位资金", "1020.02", "万元", kind="label_value", quote="实际到位资金(万元)：1020.02")
    assert unaccounted_hit(parse_question("这个专项省财政实际到位资金多少？", lexicon), hit(total)) is not None
    assert unaccounted_hit(parse_question("这个专项实际到位资金多少？", lexicon), hit(total)) is None
    row = _cell("文化活动经费", "141.93", "万元", kind="table_cell", qualifier="计划支出数(万元)",
                quote="文化活动经费：计划支出数(万元) 141.93 万元")
    assert unaccounted_hit(parse_question("文化活动专项县财政计划安排了多少？", lexicon), hit(row)) is not None
    # The level said in the sentence before the value, or by the project the report is about, names it.
    part = _cell("城乡低保", "154664", "万元", quote="省财政共安排省级困难群众基本生活救助资金178514万元，其中城乡低保154664万元")
    assert unaccounted_hit(parse_question("其中省级城乡低保安排了多少？", lexicon), hit(part)) is None
    assert unaccounted_hit(parse_question("县级城乡低保安排了多少？", lexicon), hit(part)) is not None
    # The nearest clause naming a level is the value's: 市县下达 of 中央下达9056万元，市县下达2040.56万元.
    local = _cell("困难群众救助资金", "2040.56", "万元", quote="中央下达9056万元，省级下达804万元，市县下达2040.56万元")
    assert unaccounted_hit(parse_question("市级困难群众救助资金是多少？", lexicon), hit(local)) is None
    assert unaccounted_hit(parse_question("省级困难群众救助资金是多少？", lexicon), hit(local)) is not None
    budget = _cell("年度资金总额", "194.9", "万元", kind="label_value", quote="年度资金总额：194.9")
    asked = parse_question("县级储备粮专项的年度资金总额是多少？", lexicon)
    assert unaccounted_hit(asked, hit(budget, owner="衡山县商务和粮食局 县级储备粮")) is None
    assert unaccounted_hit(asked, hit(budget)) is not None
    # A clause listing the levels' shares names the parts: the amount after it is the whole's, not the part
    # asked (a written opening's 困难群众救助补助资金; 8,905.31 is placed though written with separators).
    sentence = ("全年到位困难群众救助补助资金8,914.60万元，其中中央资金6,102.00万元、省级资金1,980.00万元、"
                "县级资金832.60万元，实际支出8,905.31万元。")
    spent = _cell("到位困难群众救助补助资金实际支出", "8905.31", "万元", quote=sentence)
    assert "多个层级" in unaccounted_hit(parse_question("困难群众救助补助资金中县级资金实际支出多少？", lexicon),
                                      hit(spent))
    assert unaccounted_hit(parse_question("困难群众救助补助资金实际支出多少？", lexicon), hit(spent)) is None
    county = _cell("县级资金", "832.60", "万元", quote=sentence)
    assert unaccounted_hit(parse_question("困难群众救助补助资金中县级资金有多少？", lexicon), hit(county)) is None
    # 省财政厅 is who commissioned the evaluation, not money of the province.
    covered = _cell("涉及资金", "593697.88", "万元", quote="组织对专项资金开展绩效自评,共涉及资金593,697.88万元")
    assert unaccounted_hit(parse_question("省财政厅组织自评的专项资金涉及多少？", lexicon), hit(covered)) is None


def test_money_asked_as_arrived_is_answered_only_by_money_said_to_have_arrived(lexicon) -> None:  # type: ignore[no-untyped-def]
    allotted = _cell("批复下达预算资金", "10", "万元", quote="2020年批复下达预算资金10万元")
    arrived = _cell("实际到位资金", "10", "万元", quote="实际到位资金10万元")
    asked = parse_question("创建专项资金实际到位了多少？", lexicon)
    assert unaccounted(asked, allotted) is not None
    assert unaccounted(asked, arrived) is None
    assert unaccounted(parse_question("创建专项资金批复下达了多少？", lexicon), allotted) is None
    assert unaccounted(parse_question("资金到位率是多少？", lexicon), _cell("资金到位率", "100", "%")) is None


def test_a_batch_asked_is_answered_only_by_a_figure_its_evidence_puts_in_that_batch(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = ("一批项目县级批复总投资3374.3万元(其中建筑工程3292万元),"
                "二批项目县级批复总投资2069.51万元(其中建筑工程1975.775万元)")
    first = _cell("建筑工程", "3292", "万元", quote=sentence)
    second = _cell("建筑工程", "1975.775", "万元", quote=sentence)
    asked = parse_question("二批项目的建筑工程投资是多少？", lexicon)
    assert "第2批" in unaccounted(asked, first)
    assert unaccounted(asked, second) is None
    assert unaccounted(parse_question("第一批项目的建筑工程投资是多少？", lexicon), first) is None
    # A sentence that names no batch does not say which batch its amount is.
    unnamed = _cell("中央土壤污染防治资金", "437", "万元", quote="向我市下达2023年中央土壤污染防治资金437万元。")
    assert unaccounted(parse_question("第二批中央土壤污染防治资金是多少？", lexicon), unnamed) is not None
    assert unaccounted(parse_question("中央土壤污染防治资金是多少？", lexicon), unnamed) is None
    # A report about one batch's money (its project, `转移支付(项目)名称`) puts every figure naming no batch in it.
    total = FigureHit("r", "r", _cell("年度资金总额", "2380.91", "万元", quote="年度资金总额: 2380.91"), 0.9, 1.0, {},
                      owner="咸宁市生态环境局 2021年第一批中央大气污染防治资金")
    assert unaccounted_hit(parse_question("第一批中央大气污染防治资金年度总额是多少？", lexicon), total) is None
    assert unaccounted_hit(parse_question("第二批中央大气污染防治资金年度总额是多少？", lexicon), total) is not None
    # 批复 is no batch.
    assert batches_named("批复下达预算资金10万元") == ()
    assert batches_named("第二批中央资金和三批项目") == ((0, 2), (8, 3))
    # 分三批下达 counts the batches: the amount after 第一批 is the first batch's.
    assert batches_named("分三批下达：第一批3120万元") == ((6, 1),)
    first = _cell("省级资金", "720", "万元", quote="衔接资金5520万元，分三批下达：第一批3120万元（其中中央资金2100万元，省级资金720万元）")
    assert unaccounted(parse_question("第一批中的省级资金是多少？", lexicon), first) is None
    assert unaccounted(parse_question("第二批中的省级资金是多少？", lexicon), first) is not None


def test_a_rate_is_never_an_amount_and_a_standard_per_person_never_a_total(lexicon) -> None:  # type: ignore[no-untyped-def]
    amount = _cell("2022年衔接资金", "105", "万元")
    assert unaccounted(parse_question("衔接资金的执行率是多少？", lexicon), amount) is not None
    # A share asked by its noun (占比, 比重) is a share, not the amount (项目支出占比 is no 705.19 万元); 占多少
    # alone may ask either.
    spent = _cell("项目支出", "705.19", "万元")
    assert unaccounted(parse_question("项目支出占比是多少？", lexicon), spent) is not None
    assert unaccounted(parse_question("项目支出的比重是多少？", lexicon), spent) is not None
    assert unaccounted(parse_question("项目支出占比是多少？", lexicon), _cell("项目支出占比", "48.5", "%")) is None
    assert unaccounted(parse_question("项目支出占总支出多少？", lexicon), spent) is None
    # Nor is a rate of another kind a share: 资金到位率 answers 到位比例, not 中央资金占比.
    arrived = _cell("资金到位率", "100", "%")
    assert unaccounted(parse_question("中央转移支付资金占比是多少？", lexicon), arrived) is not None
    assert unaccounted(parse_question("资金到位比例是多少？", lexicon), arrived) is None
    assert unaccounted(parse_question("涉及资金占比是多少？", lexicon), _cell("涉及资金占专项资金支出总额", "100", "%")) is None
    assert unaccounted(parse_question("衔接资金下达了多少？", lexicon), amount) is None
    # Nor a count or any quantity with a unit (a garbled 面积万亩 2110110 天 for 森林火灾受害率); a rate
    # stated without a unit, or in ‰, may be one.
    days = _cell("面积万亩", "2110110", "天")
    assert unaccounted(parse_question("森林火灾受害率的指标值是多少？", lexicon), days) is not None
    assert unaccounted(parse_question("森林火灾受害率的指标值是多少？", lexicon),
                       _cell("森林火灾受害率", "0.9", "‰", quote="森林火灾受害率指标值0.9‰")) is None
    assert unaccounted(parse_question("森林火灾受害率是多少？", lexicon), _cell("森林火灾受害率", "0.9", None)) is None
    total = _cell("城乡低保", "154664", "万元")
    assert unaccounted(parse_question("城乡低保平均标准是多少？", lexicon), total) is not None
    standard = _cell("资助标准", "4000", "元/人")
    assert unaccounted(parse_question("困难新生入学补助的标准是每人多少？", lexicon), standard) is None
    assert unaccounted(parse_question("困难新生入学补助资金一共多少？", lexicon), standard) is not None
    # A standard whose unit only its column says (就业奖补标准(元/人) 400) is no amount received either.
    column = _cell("就业奖补标准(元/人)", "400", None, kind="table_cell")
    assert unaccounted(parse_question("好大姐职业培训学校拿到多少就业奖补资金？", lexicon), column) is not None


def test_the_words_before_a_value_and_the_items_enclosing_it_name_it(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = "全年支出3056.8万元,其中基本支出1890.6万元(工资福利支出1502.3万元、商品和服务支出388.3万元),项目支出1166.2万元"
    wages = _cell("工资福利支出", "1502.3", "万元", quote=sentence)
    assert enclosing_items(wages) == ("其中基本支出1890.6万元",)
    assert enclosing_items(_cell("项目支出", "1166.2", "万元", quote=sentence)) == ()
    assert unaccounted(parse_question("基本支出里工资福利支出多少？", lexicon), wages) is None
    # 全年 dropped from the metric as a filler is still said right before the value.
    year_budget = _cell("预算", "2310.6", "万元", quote="年初预算1865.4万元,全年预算2310.6万元,决算支出2288.9万元")
    assert own_item(year_budget) == "全年预算"
    assert unaccounted(parse_question("全年预算多少？", lexicon), year_budget) is None
    # A value is found as a number of its own: the 0 of a column, not the 0 of 2022.
    assert own_item(_cell("三公经费", "0", "万元", quote="2022年决算数 0，2023年预算数 0")) == "2022年决算数 "


def test_an_item_of_a_qizhong_list_is_part_of_the_whole_that_opens_it(lexicon) -> None:  # type: ignore[no-untyped-def]
    # 16_danzhou's 项目支出 list: 案件执行 6.25 is a 项目支出, not a 基本支出.
    sentence = "2.项目支出2604.1万元,其中:案件审判414.35万元;案件执行6.25万元;"
    execution = _cell("案件执行", "6.25", "万元", quote=sentence)
    assert listed_under(execution) == "2.项目支出2604.1万元"
    assert unaccounted(parse_question("案件执行项目支出多少？", lexicon), execution) is None
    assert unaccounted(parse_question("案件执行基本支出多少？", lexicon), execution) is not None
    # 其中 without its colon opens a list too; one inside a parenthesis closed before the value does not.
    staff = _cell("事业人员", "55", "人", quote="截至2022年底实有在职人员89人，其中行政人员30人、事业人员55人、工勤人员4人；")
    assert listed_under(staff) == "截至2022年底实有在职人员89人"
    batches = "一批项目县级批复总投资3374.3万元(其中建筑工程3292万元),三批项目县级批复投资778.59万元"
    assert listed_under(_cell("三批项目县级批复投资", "778.59", "万元", quote=batches)) == ""
    # The whole itself, and a value of no 其中 list, are part of nothing.
    assert listed_under(_cell("项目支出", "2604.1", "万元", quote=sentence)) == ""
    assert listed_under(_cell("案件执行", "6.25", "万元", quote="案件执行6.25万元")) == ""


def test_posts_allowed_and_staff_in_post_are_siblings(lexicon) -> None:  # type: ignore[no-untyped-def]
    # p16: `核定编制38名…；年末在职人员35人，其中局机关15人、市退役军人服务中心13人` states no 编制 of the 中心.
    asked = parse_question("市退役军人服务中心的编制有多少名？", lexicon)
    assert unaccounted(asked, _figure("年末在职人员 市退役军人服务中心", value="13")) is not None
    assert unaccounted(asked, _figure("市退役军人服务中心核定编制", value="22")) is None
    # 07_hengshan / the seed: 实有人数 is no answer to 编制数, and the reverse.
    assert unaccounted(parse_question("科技局的人员编制是多少？", lexicon), _figure("实有人数", value="38")) is not None
    assert unaccounted(parse_question("实有人数是多少？", lexicon), _figure("核定编制", value="25")) is not None


def test_urban_and_rural_are_siblings_and_their_sum_answers_neither(lexicon) -> None:  # type: ignore[no-untyped-def]
    rural = _figure("农村低保发放人数(按月平均)")
    assert unaccounted(parse_question("城市低保发放了多少人？", lexicon), rural) is not None
    assert unaccounted(parse_question("农村低保发放了多少人？", lexicon), rural) is None
    assert unaccounted(parse_question("农村低保对象有多少人？", lexicon), _figure("城乡低保对象")) is not None


def test_the_asked_side_of_an_indicator_row_is_claimed_from_the_same_row(lexicon) -> None:  # type: ignore[no-untyped-def]
    reached = _cell("特困人员救助供养人数(按月平均)", "4604", "人", kind="target_actual", target=">=4754人", start=40)
    planned = _cell("特困人员救助供养人数(按月平均)（目标）", "4754", "人", kind="target", start=40)
    other_row = _cell("农村低保发放人数(按月平均)", "21980", "人", kind="target_actual", target=">=21933人", start=10)
    parts = {"confidence": 0.99, "logit": 5.0}
    hits = [FigureHit("r", "r", f, 0.9, 1.0, parts) for f in (reached, other_row, planned)]
    verifier = Verifier(load_scorer(), None)  # type: ignore[arg-type]
    assert verifier.confident(hits, parse_question("特困人员救助供养人数的目标是多少？", lexicon))[0].figure is planned
    assert verifier.confident(hits, parse_question("特困人员救助供养人数是多少？", lexicon))[0].figure is reached


def test_a_best_hit_its_evidence_does_not_account_for_gives_way_to_the_next_one_that_it_does(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = "年初预算1865.4万元,全年预算2310.6万元,决算支出2288.9万元"
    first = _cell("年初预算", "1865.4", "万元", quote=sentence)
    year = _cell("预算", "2310.6", "万元", quote=sentence)
    hits = [FigureHit("r", "r", first, 0.95, 1.0, {"confidence": 0.99, "logit": 3.0}),
            FigureHit("r", "r", year, 0.72, 1.0, {"confidence": 0.99, "logit": 1.5})]
    verifier = Verifier(load_scorer(), None)  # type: ignore[arg-type]
    assert [h.figure for h in verifier.confident(hits, parse_question("全年预算多少？", lexicon))] == [year]
    assert verifier.confident(hits, parse_question("年初预算是多少？", lexicon))[0].figure is first
    # However far below the best, but only as confident in it as the kind of value asked needs, once the
    # best is set aside.
    far = [hits[0], replace(hits[1], parts={"confidence": 0.99, "logit": -2.0})]
    assert [h.figure for h in verifier.confident(far, parse_question("全年预算多少？", lexicon))] == [year]
    unsure = [hits[0], replace(hits[1], parts={"confidence": 0.2, "logit": 1.5})]
    assert verifier.confident(unsure, parse_question("全年预算多少？", lexicon)) == []


def test_a_figure_is_not_claimed_when_the_report_names_what_was_asked_in_another_clause(lexicon) -> None:  # type: ignore[no-untyped-def]
    def elsewhere(question: str, words: tuple[str, ...], figure: Figure, texts: tuple[str, ...] = ()) -> str | None:
        asked = replace(parse_question(question, lexicon), words=words)  # the words as the index segments them
        return named_elsewhere(asked, FigureHit("r", "r", figure, 0.9, 1.0, {}), list(texts))

    # 四川's targets: 开工 198007 (no unit, so no figure) and 基本建成 99890 套, in one sentence.
    targets = ("目标任务为:棚户区住房改造开工198007(其中,城镇棚户区197825套,国有工矿棚户区182),"
               "棚户区住房改造基本建成99890套。")
    built = _cell("棚户区住房改造基本建成", "99890", "套", quote=targets)
    assert "开工" in elsewhere("棚户区住房改造开工目标是多少套？", ("棚户区", "住房", "改造", "开工", "目标"), built)
    assert elsewhere("棚户区住房改造基本建成多少套？", ("棚户区", "住房", "改造", "基本", "建成"), built) is None
    # 虎林: the page hid the 天然商品林停伐管护补助 amount; 集体和个人商品林管护补助 7.36 is not it.
    funds = "其中:天然商品林停伐管护补助 点击查看>> 万元,集体和个人商品林管护补助7.36万元,造林补助2.35万元"
    care = _cell("集体和个人商品林管护补助", "7.36", "万元", quote=funds)
    assert elsewhere("天然商品林停伐管护补助是多少？", ("天然", "商品", "林停", "管护", "补助"), care) is not None
    assert elsewhere("集体和个人商品林管护补助是多少？", ("集体", "个人", "商品", "管护", "补助"), care) is None
    # A clause that shares only the asked word names another thing (the seed's 向上争取资金 total is not the
    # 中央引导地方科技发展专项计划's), and a clause counting something else is not beside an amount.
    project = _cell("中央引导地方科技发展专项计划资金", "660", "万元", quote="中央引导地方科技发展专项计划资金660万元")
    assert elsewhere("中央引导地方科技发展专项计划争取了多少资金？", ("中央", "引导", "地方", "科技", "发展", "专项",
                     "计划", "争取", "资金"), project, ("2021年度共向上争取资金9783.6万元",)) is None
    road = _cell("道路建设", "141330", "平方米", quote="主要建设内容为道路建设141330平方米")
    assert elsewhere("二批项目建了多少平方米道路？", ("二批", "项目", "平方米", "道路"), road,
                     ("二批项目道路工程覆盖25个村庄、路灯工程覆盖7个乡镇58个村庄",)) is None
    # A title or a section path scopes a figure; it is not a quantity beside it.
    total = _cell("自评总分", "97.93", "分", kind="label_value", quote="自评总分(分)：97.93")
    assert elsewhere("林业局部门整体绩效自评总分是多少？", ("林业局", "部门", "整体", "绩效", "自评", "总分"), total,
                     ("1、重庆市梁平区林业局2023年度部门整体绩效自评表",)) is None


def test_of_several_departments_the_one_whose_evidence_says_every_word_asked_is_claimed(lexicon) -> None:  # type: ignore[no-untyped-def]
    """The question names no department and two departments' reports pass: the one whose own evidence
    says every word asked is claimed, the other named beside it with the words it leaves unsaid; when
    both say them all, or the other says them after a fashion (characters in order), none is."""
    def hit(report: str, figure: Figure) -> tuple[FigureHit, ...]:
        return (FigureHit(report, report, figure, 0.95, 1.0, {"confidence": 0.99, "logit": 3.0}),)

    verifier = Verifier(load_scorer(), None)  # type: ignore[arg-type]
    asked = replace(parse_question("局机关的基本支出是多少？", lexicon), words=("局机关", "基本", "支出"))
    office = hit("a", _cell("局机关基本支出", "900", "万元"))
    whole = hit("b", _cell("基本支出", "500.27", "万元"))
    claims = verifier.claims(asked, (whole, office))
    assert [pair[1][0].figure.value for pair in claims.found] == ["900"]
    assert [(h.report_id, words) for h, words in claims.partial] == [("b", ("局机关",))]
    assert claims.apart == ()
    # Both say every word: which department is asked is not known.
    both = verifier.claims(asked, (hit("b", _cell("局机关基本支出", "500.27", "万元")), office))
    assert both.found == () and len(both.apart) == 2
    # The report's name says what its row need not (局机关 of a report whose owner is the 局机关).
    owned = verifier.claims(asked, (whole, office), owners={"b": "某县局机关"})
    assert owned.found == () and len(owned.apart) == 2
    # 年初…预算 in a heading says 年初预算 after a fashion: not a neighbour set aside.
    phase = replace(parse_question("基本支出年初预算多少？", lexicon), words=("基本", "支出", "年初预算"))
    stated = hit("a", _cell("基本支出", "900", "万元", qualifier="年初预算数"))
    heading = hit("b", replace(_cell("基本支出", "500.27", "万元"), section=("1、年初总收支预算情况",)))
    assert verifier.claims(phase, (stated, heading)).found == ()


def test_money_asked_as_spent_is_answered_only_by_evidence_that_it_was_spent(lexicon) -> None:  # type: ignore[no-untyped-def]
    # Written here: an allotment never said to be spent, beside one that was.
    sentence = "2022年安排法律援助专项经费68万元，实际支出66.8万元，共办理法律援助案件436件。"
    allotted = _cell("法律援助专项经费", "68", "万元", quote=sentence)
    spent = _cell("实际支出", "66.8", "万元", quote=sentence)
    asked_spent = parse_question("法律援助专项经费实际支出多少？", lexicon)
    assert "支出" in unaccounted(asked_spent, _cell("社区矫正经费", "40", "万元", quote="社区矫正经费40万元，年末在册社区矫正对象138人。"))
    assert unaccounted(asked_spent, allotted) is not None
    assert unaccounted(asked_spent, spent) is None
    # 实际 alone asks no spending (实际到位 is the 资金环节's to tell).
    assert unaccounted(parse_question("社区矫正经费实际是多少？", lexicon),
                       _cell("社区矫正经费", "40", "万元", quote="社区矫正经费40万元。")) is None
    # Money only: an indicator's 实际完成 is no phase of an amount.
    assert unaccounted(parse_question("新建灌溉渠道实际完成多少公里？", lexicon),
                       _cell("新建灌溉渠道", "91.3", "公里", kind="target_actual", target="86公里")) is None


def test_a_group_of_indicators_asked_is_answered_only_by_that_group_s_figure(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = "其中产出指标得分45.5分（满分50分），效益指标得分27.7分（满分30分），满意度指标得分9分（满分10分）。"
    output = _cell("产出指标得分", "45.5", "分", quote=sentence)
    assert "成本" in unaccounted(parse_question("成本指标得分多少？", lexicon), output)
    assert unaccounted(parse_question("项目管理指标得了多少分？", lexicon), output) is not None
    assert unaccounted(parse_question("产出指标得了多少分？", lexicon), output) is None
    # A table row names its group without 指标 (11_daying's 成本（目标） 10 万元).
    cost = _cell("成本（目标）", "10", "万元", kind="target", quote="成本：目标 10万元")
    assert unaccounted(parse_question("双心及文明城市创建项目的成本指标是多少？", lexicon), cost) is None


def test_an_indicator_s_weight_asked_is_never_its_score(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = "效益指标得分27.7分（满分30分）。"
    score = _cell("效益指标得分", "27.7", "分", quote=sentence)
    assert "分值" in unaccounted(parse_question("效益指标满分多少分？", lexicon), score)
    assert unaccounted(parse_question("效益指标得了多少分？", lexicon), score) is None
    weight = _cell("满分", "30", "分", quote=sentence, start=11)
    assert unaccounted(parse_question("效益指标满分多少分？", lexicon), weight) is None


def test_last_year_asked_is_said_before_the_value(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = "2023年“三公”经费预算15.6万元，决算12.38万元，较上年决算13.05万元减少0.67万元。"
    this_year = _cell("三公经费预算", "15.6", "万元", quote=sentence)
    assert "上年" in unaccounted(parse_question("上年三公经费预算是多少？", lexicon), this_year)
    assert unaccounted(parse_question("三公经费预算是多少？", lexicon), this_year) is None
    last_year = _cell("上年决算", "13.05", "万元", quote=sentence, start=sentence.index("13.05"))
    assert unaccounted(parse_question("上年三公经费决算是多少？", lexicon), last_year) is None


def test_a_number_the_question_states_must_be_in_the_evidence(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = "固定资产原值3865.42万元，其中车辆7辆，单价50万元以上设备23台（套）。"
    devices = _cell("单价50万元以上设备", "23", "台", quote=sentence)
    assert "100" in unaccounted(parse_question("单价100万元以上设备有多少台？", lexicon), devices)
    assert unaccounted(parse_question("单价50万元以上设备有多少台？", lexicon), devices) is None
    # A year is no stated number.
    assert unaccounted(parse_question("2023年单价50万元以上设备有多少台？", lexicon), devices) is None
    # Nor a month or a batch, read in either spelling by their own checks.
    paid = _cell("已完成拨付", "2113.63", "万元", quote="截止2022年十二月八日,已完成拨付2113.63万元")
    assert unaccounted(parse_question("截至2022年12月8日已经拨付了多少？", lexicon), paid) is None


def test_wages_and_interest_subsidies_are_money(lexicon) -> None:  # type: ignore[no-untyped-def]
    posts = _cell("开发公益性岗位", "350", "个", quote="开发公益性岗位350个。")
    assert parse_question("公益性岗位发放了多少工资？", lexicon).unit_family == "money"
    assert parse_question("助学贷款贴息多少？", lexicon).unit_family == "money"
    assert parse_question("开发了多少个公益性岗位？", lexicon).unit_family != "money"
    assert unaccounted(parse_question("开发了多少个公益性岗位？", lexicon), posts) is None


def test_money_named_by_what_it_is_paid_as_is_money(lexicon) -> None:  # type: ignore[no-untyped-def]
    for question in ("城市低保对象发放了多少低保金？", "孤儿基本生活保障金安排了多少？", "慰问金发了多少？",
                     "特困供养金发放了多少？"):
        assert parse_question(question, lexicon).unit_family == "money", question
    assert parse_question("金融机构有多少家？", lexicon).unit_family != "money"
    assert parse_question("租赁补贴发放了多少户？", lexicon).unit_family == "count:户"  # a count asked of it
    paid_to = _cell("城市低保", "1204", "人", quote="全年累计保障城乡低保对象9826人（其中城市低保1204人、农村低保8622人）")
    assert unaccounted(parse_question("城市低保对象发放了多少低保金？", lexicon), paid_to) is not None


def test_a_rate_is_no_amount_of_money(lexicon) -> None:  # type: ignore[no-untyped-def]
    quote = "省级财政资金：年初预算数 1,120，全年预算数 1,120，全年执行数 1,006.4，执行率 89.86%"
    rate = _cell("省级财政资金", "89.86", "%", kind="table_cell", qualifier="执行率", quote=quote)
    executed = _cell("省级财政资金", "1006.4", None, kind="table_cell", qualifier="全年执行数", quote=quote)
    asked = parse_question("省级财政资金执行了多少？", lexicon)
    assert unaccounted(asked, rate) == "问题问金额，该数字以“%”计"
    assert unaccounted(asked, executed) is None
    assert unaccounted(parse_question("省级财政资金执行率是多少？", lexicon), rate) is None
    # A change may be stated as a rate.
    grown = _cell("本年决算支出比上年增加", "2.69", "%", quote="上年决算支出935.11万元,本年决算支出比上年增加2.69%")
    assert unaccounted(parse_question("本年决算支出比上年增加是多少？", lexicon), grown) is None


def test_money_said_to_be_used_for_something_was_spent(lexicon) -> None:  # type: ignore[no-untyped-def]
    used = _cell("灌溉与排水", "1894.2", "万元", quote="资金主要用于土地平整1,326.5万元、灌溉与排水1,894.2万元。")
    assert unaccounted(parse_question("灌溉与排水花了多少钱？", lexicon), used) is None
    stated = _cell("灌溉与排水", "1894.2", "万元", quote="灌溉与排水1894.2万元。")
    assert "未载明已支出" in unaccounted(parse_question("灌溉与排水花了多少钱？", lexicon), stated)


def test_an_amount_per_mu_is_answered_by_a_label_that_says_so(lexicon) -> None:  # type: ignore[no-untyped-def]
    per_mu = _cell("亩均投资", "1550", "元", kind="target_actual", target="≤1550元", quote="亩均投资：目标 ≤1550元，实际 1550元")
    total = _cell("项目总投资", "4960", "万元", quote="项目总投资4960万元")
    asked = parse_question("亩均投资是多少？", lexicon)
    assert unaccounted(asked, per_mu) is None
    assert unaccounted(asked, total) is not None


def test_a_value_written_with_thousands_separators_is_placed_in_its_sentence() -> None:
    spent = _cell("实际支出", "8905.31", "万元", quote="到位资金8,914.60万元，实际支出8,905.31万元。")
    assert own_item(spent) == "实际支出"
    assert own_item(_cell("到位资金", "234", "万元", quote="到位资金1,234万元，结余234万元")) == "结余"


def test_a_unit_under_the_department_asked_is_answered_only_by_evidence_naming_it(lexicon) -> None:  # type: ignore[no-untyped-def]
    total = _cell("项目支出", "8742.57", "万元", quote="基本支出3461.2万元，项目支出8742.57万元。")
    assert "疾控中心" in unaccounted(parse_question("区疾控中心的项目支出是多少？", lexicon), total)
    assert unaccounted(parse_question("项目支出是多少？", lexicon), total) is None
    staff = _cell("区疾控中心", "58", "人", quote="实有在职人员172人，其中局机关21人，区疾控中心58人")
    assert unaccounted(parse_question("区疾控中心的在职人员有多少？", lexicon), staff) is None
    # The report of the unit itself names it as its owner.
    income = FigureHit("r", "r", _cell("事业收入", "155.1", "万元", quote="事业收入155.1万元"), 0.9, 1.0, {},
                       owner="白沙县博物馆")
    assert unaccounted_hit(parse_question("县博物馆的事业收入是多少？", lexicon), income) is None


def test_a_prose_item_opening_with_a_plan_and_its_verb_is_a_target(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = "计划完成水土流失治理面积15平方公里，实际完成16.8平方公里。"
    planned = _cell("计划完成水土流失治理面积", "15", "平方公里", quote=sentence)
    reached = _cell("实际完成", "16.8", "平方公里", quote=sentence, start=sentence.index("16.8"))
    asked_actual = parse_question("水土流失治理实际完成多少平方公里？", lexicon)
    assert unaccounted(asked_actual, planned) is not None
    assert unaccounted(asked_actual, reached) is None
    # 计划生育 is a programme's name, no plan.
    grant = _cell("计划生育奖励扶助资金", "36", "万元", quote="计划生育奖励扶助资金36万元")
    assert unaccounted(parse_question("计划生育奖励扶助资金实际发放多少？", lexicon), grant) is None


def test_a_change_answers_only_a_question_about_a_change(lexicon) -> None:  # type: ignore[no-untyped-def]
    """`比年初预算减少3.38万元` is how much 三公经费 fell short of its budget, not the budget; a baseline
    stated before a change (`较2021年的6.42万元`) is 2021's amount."""
    sentence = "2021年“三公”经费支出合计14.62万元，比年初预算减少3.38万元。"
    change = FigureHit("r", "r", _cell("比年初预算减少", "3.38", "万元", quote=sentence), 0.9, 1.0, {})
    assert refused(parse_question("三公经费年初预算是多少？", lexicon), change) is not None
    assert refused(parse_question("三公经费比年初预算减少了多少？", lexicon), change) is None
    baseline = FigureHit("r", "r", _cell("决算数较2021年", "6.42", "万元",
                                         quote="决算数较2021年的6.42万元减少0.56万元。"), 0.9, 1.0, {})
    assert refused(parse_question("2021年三公经费是多少？", lexicon), baseline) is None


def test_a_hit_below_one_set_aside_must_say_what_that_one_said_of_the_question(lexicon) -> None:  # type: ignore[no-untyped-def]
    """学前教育资助资金中央资金: the 学前教育 amount names no level and is set aside; the whole programme's
    中央资金 below it does not say 学前教育 — it is about something else, and nothing is claimed."""
    sentence = "2022年学生资助资金共计2863.5万元，其中中央资金1946.7万元，省级资金572.4万元。"
    preschool = _cell("学前教育幼儿资助资金", "86.4", "万元", quote="学前教育幼儿资助资金86.4万元，资助幼儿1440人次")
    central = _cell("中央资金", "1946.7", "万元", quote=sentence)
    hits = [FigureHit("r", "r", preschool, 0.97, 1.0, {"confidence": 0.99, "logit": 2.2}),
            FigureHit("r", "r", central, 0.79, 1.0, {"confidence": 0.99, "logit": -1.3})]
    verifier = Verifier(load_scorer(), None)  # type: ignore[arg-type]
    # (the words as the index segments them)
    asked = replace(parse_question("学前教育资助资金中央资金是多少？", lexicon), words=("学前教育", "资助", "资金", "中央"))
    assert verifier.confident(hits, asked) == []
    # Asked of the whole programme, the 中央资金 is claimed: the hit above says nothing it does not.
    whole = replace(parse_question("学生资助资金中的中央资金是多少？", lexicon), words=("学生", "资助", "资金", "中央"))
    assert [h.figure for h in verifier.confident(hits, whole)] == [central]


def test_a_saving_asked_is_answered_only_by_a_figure_named_as_the_saving(lexicon) -> None:  # type: ignore[no-untyped-def]
    """政府采购节约了多少资金: the sentence's 政府采购预算 is what was saved from, not the saving."""
    sentence = "全年政府采购预算820万元，实际采购金额776.3万元，节约资金43.7万元，节约率5.33%。"
    budget, saved = _cell("政府采购预算", "820", "万元", quote=sentence), _cell("节约资金", "43.7", "万元", quote=sentence)
    asked = parse_question("政府采购节约了多少资金？", lexicon)
    assert "节约" in unaccounted(asked, budget)
    assert unaccounted(asked, saved) is None
    assert unaccounted(parse_question("政府采购预算是多少？", lexicon), budget) is None
    left = _cell("结余", "11.36", "万元", quote="实际支出208.64万元，预算执行率94.84%，结余11.36万元。")
    assert unaccounted(parse_question("项目结余了多少？", lexicon), left) is None


def test_a_heading_over_targets_met_states_no_target(lexicon) -> None:  # type: ignore[no-untyped-def]
    """三、项目绩效目标完成情况 heads what was reached: 立案查处28件 under it is no 目标 asked."""
    sentence = "抽检发现不合格样品47批次，立案查处28件，罚没款36.2万元。"
    cases = Figure("立案查处", "28", 28.0, "件", "prose", ("三、项目绩效目标完成情况", "（一）产出。"), sentence, 0, 1)
    assert "目标" in unaccounted(parse_question("立案查处的目标是多少件？", lexicon), cases)
    assert unaccounted(parse_question("立案查处了几件？", lexicon), cases) is None
    planned = Figure("全年计划完成食品抽检", "3200", 3200.0, "批次", "prose", ("三、项目绩效目标完成情况",),
                     "全年计划完成食品抽检3200批次，实际完成抽检3356批次", 0, 1)
    assert unaccounted(parse_question("食品抽检的目标是多少批次？", lexicon), planned) is None


def test_a_part_inside_one_unit_s_parenthesis_is_not_another_unit_s(lexicon) -> None:  # type: ignore[no-untyped-def]
    """`局机关17人（行政编制14人、工勤人员3人），市医疗保险事务中心22人（事业编制20人、编外聘用2人）`: the unit before
    a parenthesis scopes what is inside it."""
    sentence = "实有人员39人，其中局机关17人（行政编制14人、工勤人员3人），市医疗保险事务中心22人（事业编制20人、编外聘用2人）。"
    janitors = _cell("工勤人员", "3", "人", quote=sentence)
    career = _cell("事业编制", "20", "人", quote=sentence)
    assert "局机关" in unaccounted(parse_question("市医疗保险事务中心有几个工勤人员？", lexicon), janitors)
    assert unaccounted(parse_question("局机关工勤人员有几个？", lexicon), janitors) is None
    assert unaccounted(parse_question("工勤人员有几个？", lexicon), janitors) is None
    assert "医疗保险事务中心" in unaccounted(parse_question("局机关事业编制有多少？", lexicon), career)
    assert unaccounted(parse_question("医疗保险事务中心事业编制有几个人？", lexicon), career) is None


def test_the_unit_after_mei_divides_what_is_asked(lexicon) -> None:  # type: ignore[no-untyped-def]
    """预防性养护每公里成本: 120 公里 is how far, not the cost of one; 3286 元 a kilometre is."""
    length = _cell("实施预防性养护", "120", "公里", quote="实施预防性养护120公里，改造危桥18座")
    assert "每公里" in unaccounted(parse_question("预防性养护每公里成本是多少？", lexicon), length)
    assert unaccounted(parse_question("预防性养护完成了多少公里？", lexicon), length) is None
    houses = _cell("C级危房改造", "286", "户", quote="C级危房改造286户")
    assert unaccounted(parse_question("C级危房每户补助多少？", lexicon), houses) is not None


def test_a_plan_verb_asks_the_target_in_the_question_as_in_the_report(lexicon) -> None:  # type: ignore[no-untyped-def]
    """计划改造, 计划抽检: one list of the verbs a plan is stated with, read the same way on both sides."""
    assert parse_question("危桥改造计划改造多少座？", lexicon).asks_target
    assert parse_question("全年计划抽检多少批次？", lexicon).asks_target
    assert not parse_question("营养改善计划资金有多少？", lexicon).asks_target
    sentence = "危桥改造计划18座，实际完成16座。"
    reached = _cell("危桥改造", "16", "座", kind="target_actual", target="18座", quote=sentence, start=sentence.index("16"))
    assert unaccounted(parse_question("危桥改造计划改造多少座？", lexicon), reached) is not None
    assert unaccounted(parse_question("危桥实际改造了多少座？", lexicon), reached) is None


def test_the_year_a_change_is_of_is_no_subject_of_it(lexicon) -> None:  # type: ignore[no-untyped-def]
    """全年支出比上年增加了多少: 全年 says which year, 支出 what changed."""
    sentence = "较上年支出1588.9万元增加113.46万元，增长7.14%。"
    rise = FigureHit("r", "r", _cell("较上年支出增加", "113.46", "万元", quote=sentence), 0.9, 1.0, {})
    # (the words as the index segments them)
    asked = replace(parse_question("全年支出比上年增加了多少？", lexicon), words=("全年", "支出", "上年", "增加"))
    assert refused(asked, rise) is None
    income = replace(parse_question("全年收入比上年增加了多少？", lexicon), words=("全年", "收入", "上年", "增加"))
    assert refused(income, rise) is not None


def _ranked(*figures: Figure) -> list[FigureHit]:
    return [FigureHit("r", "r", f, 0.9, 1.0, {"confidence": 0.99, "logit": 2.0 - i}) for i, f in enumerate(figures)]


def test_a_word_an_item_after_the_value_names_is_that_item_s(lexicon) -> None:  # type: ignore[no-untyped-def]
    """`参保人数81.26万人，参保率97.4%，其中职工医保参保9.85万人`: 职工医保 is the part's, so 97.4 is no
    职工医保参保率; 基本医疗保险 before the rate names the whole it is of."""
    sentence = "2022年全市基本医疗保险参保人数81.26万人，参保率97.4%，其中职工医保参保9.85万人，城乡居民医保参保71.41万人。"
    insured = _cell("全市基本医疗保险参保人数", "81.26", "万人", quote=sentence)
    rate = _cell("参保率", "97.4", "%", quote=sentence, start=sentence.index("97.4"))
    workers = _cell("职工医保参保", "9.85", "万人", quote=sentence, start=sentence.index("9.85"))
    verifier = Verifier(load_scorer(), None)  # type: ignore[arg-type]
    hits = _ranked(rate, workers, insured)
    asked = replace(parse_question("职工医保参保率是多少？", lexicon), words=("职工", "医保", "参保"))
    assert verifier.confident(hits, asked) == []
    whole = replace(parse_question("基本医疗保险参保率是多少？", lexicon), words=("基本", "医疗保险", "参保"))
    assert [h.figure for h in verifier.confident(hits, whole)][:1] == [rate]


def test_one_part_of_a_listed_whole_asked_must_be_said_by_the_answer(lexicon) -> None:  # type: ignore[no-untyped-def]
    """`其中县道612.3公里、乡道1385.1公里、村道2221.2公里` lists the report's own siblings: 村道养护支出 is not
    the whole 日常养护支出."""
    roads = "全县农村公路总里程4218.6公里，其中县道612.3公里、乡道1385.1公里、村道2221.2公里。"
    county = _cell("县道", "612.3", "公里", quote=roads, start=roads.index("612.3"))
    village = _cell("村道", "2221.2", "公里", quote=roads, start=roads.index("2221.2"))
    upkeep = _cell("日常养护支出", "1386.2", "万元", quote="其中日常养护支出1386.2万元，预防性养护支出812.4万元。")
    verifier = Verifier(load_scorer(), None)  # type: ignore[arg-type]
    hits = _ranked(upkeep, village, county)
    asked = replace(parse_question("村道养护支出是多少？", lexicon), words=("村道", "养护", "支出"))
    assert verifier.confident(hits, asked) == []
    plain = replace(parse_question("日常养护支出是多少？", lexicon), words=("日常", "养护", "支出"))
    assert [h.figure for h in verifier.confident(hits, plain)][:1] == [upkeep]


def test_a_count_in_one_counter_is_no_count_in_another(lexicon) -> None:  # type: ignore[no-untyped-def]
    """产业发展类项目惠及多少户: 42 个 counts projects, not households; 个 asked takes any counter."""
    projects = _cell("产业发展类项目", "42", "个", quote="全年共实施项目78个，其中产业发展类项目42个")
    assert "户" in unaccounted(parse_question("产业发展类项目惠及多少户？", lexicon), projects)
    assert unaccounted(parse_question("产业发展类项目有多少个？", lexicon), projects) is None
    households = _cell("惠及脱贫户", "1032", "户", quote="惠及脱贫户1032户")
    assert unaccounted(parse_question("惠及多少户？", lexicon), households) is None
    staff = _cell("事业编制", "2", "人", quote="事业编制2人")
    assert unaccounted(parse_question("事业编有几个？", lexicon), staff) is None


def test_money_in_is_not_money_out(lexicon) -> None:  # type: ignore[no-untyped-def]
    """财政拨款收入 asked of `其中财政拨款支出10284.6万元`: the other direction of the same money."""
    spent = _cell("财政拨款支出", "10284.6", "万元", quote="其中财政拨款支出10284.6万元，占总支出的84.27%。")
    assert "支出" in unaccounted(parse_question("财政拨款收入是多少？", lexicon), spent)
    assert unaccounted(parse_question("财政拨款支出是多少？", lexicon), spent) is None
    assert unaccounted(parse_question("财政拨款收入和支出各是多少？", lexicon), spent) is None


def test_a_value_after_a_bound_is_what_was_set_not_what_was_reached(lexicon) -> None:  # type: ignore[no-untyped-def]
    """`农村供水工程水质达标率 ≥90% 93.6%`, `飞机飞行时长≥928小时,实际飞行时长909.93小时`: ≥ states a target."""
    row = "农村供水工程水质达标率 ≥90% 93.6%"
    bound = _cell("农村供水工程水质达标率 ≥", "90", "%", quote=row, start=row.index("90"))
    assert unaccounted(parse_question("农村供水工程水质达标率实际多少？", lexicon), bound) is not None
    assert unaccounted(parse_question("农村供水工程水质达标率的目标是多少？", lexicon), bound) is None
    hours = "飞机飞行时长≥928小时,实际飞行时长909.93小时。"
    planned = _cell("飞机飞行时长≥", "928", "小时", quote=hours)
    assert unaccounted(parse_question("飞机实际飞行了多少小时？", lexicon), planned) is not None


def test_people_asked_are_never_money(lexicon) -> None:  # type: ignore[no-untyped-def]
    """`农村饮水安全巩固提升工程投入资金1845万元，…，受益人口3.6万人`: 受益人口 asked is never the 1845 万元."""
    sentence = "农村饮水安全巩固提升工程投入资金1845万元，新建集中供水工程12处，受益人口3.6万人。"
    money = _cell("农村饮水安全巩固提升工程投入资金", "1845", "万元", quote=sentence)
    people = _cell("受益人口", "3.6", "万人", quote=sentence)
    asked = parse_question("饮水安全巩固提升工程受益人口多少？", lexicon)
    assert "人数" in unaccounted(asked, money)
    assert unaccounted(asked, people) is None


def test_a_budget_asked_is_answered_only_by_evidence_that_speaks_of_a_budget(lexicon) -> None:  # type: ignore[no-untyped-def]
    """培训费预算 asked of `会议费4.2万元，培训费11.36万元`: what was spent, nothing said of what was planned."""
    spent = Figure("培训费", "11.36", 11.36, "万元", "prose", ("（四）会议费、培训费情况",), "会议费4.2万元，培训费11.36万元。", 0, 1)
    assert "预算" in unaccounted(parse_question("培训费预算是多少？", lexicon), spent)
    assert unaccounted(parse_question("培训费是多少？", lexicon), spent) is None
    planned = Figure("培训费", "12", 12.0, "万元", "prose", ("（四）预算安排",), "培训费12万元。", 0, 1)
    assert unaccounted(parse_question("培训费预算是多少？", lexicon), planned) is None
    # The report a budget document's owner names says it of every figure.
    hit = FigureHit("r", "r", Figure("培训费", "12", 12.0, "万元", "prose", (), "培训费12万元。", 0, 1), 0.9, 1.0, {},
                    owner="某县文化局2023年部门预算")
    assert unaccounted_hit(parse_question("培训费预算是多少？", lexicon), hit) is None


def test_money_asked_is_never_a_count(lexicon) -> None:  # type: ignore[no-untyped-def]
    """公益性岗位发放了多少工资: 开发公益性岗位350个 counts posts."""
    posts = _cell("开发公益性岗位", "350", "个", quote="开发公益性岗位350个。")
    assert "金额" in unaccounted(parse_question("公益性岗位发放了多少工资？", lexicon), posts)
    # 08_zhangjiajie: 财政拨款在职人员 asks the staff paid from the budget, a head count.
    staff = _cell("财政拨款在职人员", "104", "人", quote="财政拨款在职人员104人")
    assert unaccounted(parse_question("中院财政拨款在职人员有多少？", lexicon), staff) is None
    posts = _cell("差额拨款事业编制", "5", "名", quote="事业编制54名（全额拨款事业编制49名，差额拨款事业编制5名）")
    assert unaccounted(parse_question("差额拨款事业编制有多少？", lexicon), posts) is None
