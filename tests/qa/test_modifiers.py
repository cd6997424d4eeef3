"""The verify stage's check that the figure's own label does not put another qualifier where the
question's stands (qa/modifiers.py), on short sentences of the genre."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.records import Figure
from qa.lexicon import load_lexicon
from qa.modifiers import swapped_modifier
from qa.question_parser import parse_question


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_lexicon()


def _prose(metric: str, value: str, unit: str, quote: str) -> Figure:
    return Figure(metric, value, float(value), unit, "prose", (), quote, quote.find(value), quote.find(value) + len(value))


def _swapped(lexicon, question: str, words: tuple[str, ...], figure: Figure,  # type: ignore[no-untyped-def]
             searched: tuple[str, ...] = ()) -> str | None:
    asked = replace(parse_question(question, lexicon), words=words)  # the words as the index segments them
    return swapped_modifier(asked, figure, "", (figure.quote, *searched))


def test_a_sibling_qualifier_in_the_label_is_no_answer_to_the_one_asked(lexicon) -> None:  # type: ignore[no-untyped-def]
    rural = _prose("农村自来水普及率", "93.4", "%", "农村自来水普及率达到93.4%")
    assert "农村" in _swapped(lexicon, "城镇自来水普及率是多少？", ("城镇", "自来水", "普及率"), rural)
    assert _swapped(lexicon, "农村自来水普及率是多少？", ("农村", "自来水", "普及率"), rural) is None
    # The qualifier may begin a word of the question: 专用 of 专用设备, 小微 of 小微企业.
    assets = "固定资产原值86214.53万元，其中房屋建筑物71360.22万元、通用设备9847.15万元"
    general = _prose("通用设备", "9847.15", "万元", assets)
    assert "通用设备" in _swapped(lexicon, "专用设备原值是多少？", ("专用设备", "原值"), general)
    assert _swapped(lexicon, "通用设备原值是多少？", ("通用设备", "原值"), general) is None
    contracts = _prose("授予中小企业合同金额", "4106.20", "万元", "其中授予中小企业合同金额4106.20万元")
    assert "中小" in _swapped(lexicon, "授予小微企业的合同金额是多少？", ("授予", "小微", "企业", "合同", "金额"),
                            contracts)


def test_a_qualifier_the_report_writes_is_the_asker_s_wording_of_what_it_states(lexicon) -> None:  # type: ignore[no-untyped-def]
    # Alone, 省级财政衔接资金 puts 衔接 where 发展 of 省级水利发展资金 stands; a report that also writes
    # 中央水利发展资金 may call its provincial money so too, and the check leaves it to the others.
    provincial = _prose("省级财政衔接资金", "1450", "万元", "省级财政衔接资金1450万元")
    words = ("省级", "水利", "发展", "资金")
    assert "衔接" in _swapped(lexicon, "省级水利发展资金多少？", words, provincial)
    central = "到位资金中，中央水利发展资金2600万元"
    assert _swapped(lexicon, "省级水利发展资金多少？", words, provincial, searched=(central,)) is None


def test_a_label_that_goes_on_otherwise_is_another_phrase_not_a_sibling(lexicon) -> None:  # type: ignore[no-untyped-def]
    # 国家基本公共卫生 is no sibling of 承担基本公卫: after 基本 the label and the question part ways.
    clinics = _prose("社区卫生所全面实施国家基本公共卫生服务项目", "24", "家",
                     "24家社区卫生所全面实施国家基本公共卫生服务项目")
    words = ("承担", "基本", "公卫", "社区卫生", "所有")
    assert _swapped(lexicon, "承担基本公卫的社区卫生所有几家？", words, clinics) is None


def test_a_count_before_a_noun_says_how_many_not_which(lexicon) -> None:  # type: ignore[no-untyped-def]
    grade = _prose("专项资金绩效自评等次", "90", "分", "战略专项资金绩效自评得分90分")
    assert _swapped(lexicon, "两个专项的自评得分是多少？", ("两个", "专项", "自评", "得分"), grade) is None


def test_a_phase_word_in_the_label_is_no_sibling_qualifier(lexicon) -> None:  # type: ignore[no-untyped-def]
    # 07_hengshan's table: `2023 年实际在职人数 50` answers the overview's 实有在职人数是多少.
    staff = _prose("2023 年实际在职人数", "50", "人", "2023 年实际在职人数 50")
    assert _swapped(lexicon, "实有在职人数是多少？", ("实有", "在职", "人数"), staff) is None


def test_a_qualifier_the_report_writes_as_a_sibling_of_the_label_s_still_swaps(lexicon) -> None:  # type: ignore[no-untyped-def]
    # A written opening: the report writes 农村 (农村低保), but as the sibling of 城市 (城市低保1204人、农村低保8622人),
    # so 农村社区日间照料中心 is not its 城市社区日间照料中心.
    centres = _prose("城市社区日间照料中心", "6", "个", "全县有乡镇敬老院24所和城市社区日间照料中心6个，床位总数2160张")
    words = ("农村", "社区", "日间", "照料", "中心")
    aid = "全年累计保障城乡低保对象9826人（其中城市低保1204人、农村低保8622人）"
    assert "城市社区" in _swapped(lexicon, "农村社区日间照料中心有几个？", words, centres, searched=(aid,))
    # …and 新建 opens another item of the figure's own sentence: 新建塘坝 is not the 整治塘坝 stated.
    sentence = "新建泵站6座，整治塘坝38口。"
    ponds = Figure("整治塘坝", "38", 38.0, "口", "prose", (), sentence, sentence.index("38"), sentence.index("38") + 2)
    assert "整治塘坝" in _swapped(lexicon, "新建塘坝多少口？", ("新建", "塘坝"), ponds)
    assert _swapped(lexicon, "整治塘坝多少口？", ("整治", "塘坝"), ponds) is None


def test_a_qualifier_the_report_writes_elsewhere_only_is_the_asker_s_wording(lexicon) -> None:  # type: ignore[no-untyped-def]
    # 22_lvliang's 护工 training: its 参训学员 are the 护工学员 asked of; 护工 is written, though never with 学员.
    passed = _prose("参训学员结业考核通过率", "98.79", "%", "参训学员结业考核通过率：目标 100%，实际 98.79%")
    task = "完成2021年吕梁山护工培训任务 | 12500名 | 12166名"
    words = ("护工", "学员", "结业", "考核", "通过率", "实际")
    assert _swapped(lexicon, "护工学员结业考核通过率实际是多少？", words, passed, searched=(task,)) is None
