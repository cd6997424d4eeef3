"""The verify stage on short sentences of the genre: a figure is claimed only when its own label accounts
for the qualifier the question pins down — refusals checked as well as answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.records import Figure
from index.text.vocabulary import SIBLING_SETS, pinned_members
from qa.evidence import unsaid_words
from qa.lexicon import load_lexicon
from qa.question_parser import parse_question
from qa.records import FigureHit
from qa.verify import another_value, refused
from qa.verify import unaccounted as unaccounted_hit


def unaccounted(question, figure: Figure, coverage: float = 1.0) -> str | None:  # type: ignore[no-untyped-def]
    return unaccounted_hit(question, FigureHit("r", "r", figure, 0.9, coverage, {}))


def _figure(metric: str, *, qualifier: str | None = None, entity: str | None = None,
            section: tuple[str, ...] = (), value: str = "8") -> Figure:
    return Figure(metric, value, float(value), "人", "prose", section, "", 0, 1, qualifier=qualifier, entity=entity)


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
])
def test_a_pinned_qualifier_must_be_named_by_the_figure_s_own_label(
    lexicon, question: str, label: str, claimed: bool,  # type: ignore[no-untyped-def]
) -> None:
    assert (unaccounted(parse_question(question, lexicon), _figure(label)) is None) is claimed


def test_the_column_or_the_heading_a_figure_stands_under_names_it_too(lexicon) -> None:  # type: ignore[no-untyped-def]
    asked = parse_question("年初预算的支出合计是多少？", lexicon)
    assert unaccounted(asked, _figure("支出合计", qualifier="年初预算数")) is None
    assert unaccounted(asked, _figure("支出合计", section=("二、部门预算", "（一）年初预算情况"))) is None
    assert unaccounted(asked, _figure("支出合计", qualifier="全年预算数")) is not None


def test_a_question_naming_no_member_pins_nothing(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert unaccounted(parse_question("人员编制是多少？", lexicon), _figure("编制数")) is None
    # 行政 without 编制, 项目 without 支出: words of a name, not a qualifier asked.
    assert pinned_members("行政运行经费是多少？") == ()
    assert pinned_members("项目名称是什么？") == ()


def test_every_sibling_set_has_two_members_or_more_and_a_word_that_makes_it_apply() -> None:
    for siblings in SIBLING_SETS:
        assert len(siblings.members) >= 2 and siblings.when, siblings.name
        for member in siblings.members:
            assert pinned_members(siblings.when[0] + member[0]) == (member,), (siblings.name, member)


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
    # Another column's empty cell is not the amount asked: 公务用车 is said nowhere.
    assert "公务用车" in zero("公务用车购置费安排了多少？", ("公务用车", "购置", "安排"), budget)
    # The rule is for zeros: a stated amount is weighed by the ranker, not refused here.
    assert zero("公务用车购置费安排了多少？", ("公务用车", "购置", "安排"), replace(budget, value="1.58", number=1.58)) is None


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
