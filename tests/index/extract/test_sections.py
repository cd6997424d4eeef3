"""Section tree from the numbering schemes the reports mix, tolerant of publishers' mistakes."""

from __future__ import annotations

import pytest

from index.extract.sections import build_sections, is_numbered_heading, parse_numbering
from index.records import Heading, Paragraph


@pytest.mark.parametrize(
    "line, scheme, number",
    [
        ("第二部分 收支情况", "part", 2),
        ("一、部门（单位）基本概况", "cn", 1),
        ("（三）主要工作职责", "cn_paren", 3),
        ("(二) 存在的问题", "cn_paren", 2),
        ("1.年度工作", "arabic", 1),
        ("12、科技人才", "arabic", 12),
        ("（1）本年预算投入", "arabic_paren", 1),
        ("③ 数量指标", "circled", 3),
    ],
)
def test_numbering_schemes(line: str, scheme: str, number: int) -> None:
    numbering = parse_numbering(line)
    assert numbering is not None and (numbering.scheme, numbering.number) == (scheme, number)


@pytest.mark.parametrize("line", ["1.5万元", "2021年度", "（1）本年预算投入10.80万元，实际投入262.78万元。", "1.负责全市科学技术进步的宏观管理和统筹协调。贯彻"])
def test_sentences_and_numbers_are_not_headings(line: str) -> None:
    assert not is_numbered_heading(line)


def _tree(lines: list[str]) -> list[tuple[str, ...]]:
    blocks = []
    pos = 0
    for line in lines:
        if line.startswith("P:"):
            text = line[2:]
            blocks.append(Paragraph(text, tuple(range(pos, pos + len(text)))))
        else:
            blocks.append(Heading(line, pos, pos + len(line)))
        pos += len(line) + 1
    _, paths = build_sections(tuple(blocks), pos)
    return paths


def test_nesting_follows_scheme_rank() -> None:
    paths = _tree(["一、概况", "（一）人员", "1、编制", "P:编制41人。", "（二）职责", "二、收支"])
    assert paths[3] == ("一、概况", "（一）人员", "1、编制")
    assert paths[4] == ("一、概况", "（二）职责")
    assert paths[5] == ("二、收支",)


def test_repeated_and_skipped_numbers_stay_siblings() -> None:
    paths = _tree(["一、甲", "二、乙", "二、丙", "五、丁"])
    assert paths == [("一、甲",), ("二、乙",), ("二、丙",), ("五、丁",)]


def test_numbering_that_jumps_back_nests_under_the_previous_part() -> None:
    # The seed's 五、评价报告综述 restarts at 二、 for its own chapters.
    paths = _tree(["四、评价人员", "五、评价报告综述", "基本概况", "P:我局为主管全市科技工作的人民政府工作机构。", "二、部门整体支出规模", "三、管理情况"])
    assert paths[4] == ("五、评价报告综述", "二、部门整体支出规模")
    assert paths[5] == ("五、评价报告综述", "三、管理情况")
    assert paths[2] == ("五、评价报告综述", "基本概况")


def test_seed_section_paths(seed) -> None:  # type: ignore[no-untyped-def]
    paths = {s.path for s in seed.sections}
    assert ("一、部门（单位）基本概况", "年度部门（单位）总体运行情况及取得的成绩") in paths
    assert ("五、评价报告综述（文字部分）", "基本概况", "（二）人员情况") in paths
    assert any(p[-1] == "存在的主要问题" for p in paths)
    assert ("五、评价报告综述（文字部分）", "七、改进措施和建议：") in paths


def test_a_table_of_contents_is_not_the_outline() -> None:
    # The 普陀区 disclosures: a 目 录 of bare numbered titles, then the document's own headings.
    paths = _tree(["P:目 录", "一、部门主要职能", "二、部门机构设置", "P:1. 2023年部门财务收支预算总表", "三、名词解释",
                   "一、部门主要职能", "P:万里街道办事处是普陀区政府的派出机关。", "二、部门机构设置"])
    assert paths[5] == ("一、部门主要职能",) and paths[6] == ("一、部门主要职能",)
    assert paths[7] == ("二、部门机构设置",)
    assert all(path == () for path in paths[:5])  # the entries are text under no heading


def test_entries_with_dot_leaders_are_never_headings() -> None:
    from index.extract.sections import is_plain_heading

    assert not is_numbered_heading("一、部门主要职能 ……………………………………")
    assert not is_plain_heading("目 录")
    assert not is_numbered_heading("3. 部门支出预算总表..........12")
