"""How a user names a report on the command line: its id or file name, a unique id prefix, a word of the
file name, or its department (issue 28: `reportqa overview 岳阳` said the name matched no report)."""

from __future__ import annotations

from index.store.rows import ReportRow, matching_reports


def _row(report_id: str, name: str, department: str | None) -> ReportRow:
    return ReportRow(report_id, name, department, 2021, None, None, None, None, None, 1, 1, 1, 1, "2026-12-05T04:13:11+00:00", ())


REPORTS = [
    _row("8b8e43f0a1c2d3e4", "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt", "岳阳市科学技术局"),
    _row("17ed6723a24fe9b9", "30_nanning_xszz_2018.txt", "南宁市学生资助管理办公室"),
    _row("22817afd031f820a", "34_xianning_sthjj_dqwr_2021.txt", "咸宁市生态环境局"),
    _row("2281aaaa00000000", "36_yueyang_szcg_2018.txt", "岳阳市城市管理监督指挥中心"),
]


def names(ref: str) -> list[str]:
    return [r.name for r in matching_reports(REPORTS, ref)]


def test_an_exact_id_or_file_name_names_one_report() -> None:
    assert names("17ed6723a24fe9b9") == ["30_nanning_xszz_2018.txt"]
    assert names("34_xianning_sthjj_dqwr_2021.txt") == ["34_xianning_sthjj_dqwr_2021.txt"]


def test_an_id_prefix_needs_six_characters_and_may_name_several() -> None:
    assert names("17ed67") == ["30_nanning_xszz_2018.txt"]
    assert names("2281") == []  # too short to be taken as an id, and no word of a name
    assert len(names("22817a")) == 1 and len(names("2281aa")) == 1


def test_a_word_of_the_file_name_or_the_department_names_it() -> None:
    assert names("kejiju") == ["yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"]
    assert names("XIANNING") == ["34_xianning_sthjj_dqwr_2021.txt"]
    assert names("岳阳市科学技术局") == ["yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"]
    assert names("学生资助") == ["30_nanning_xszz_2018.txt"]
    # Two departments of 岳阳: both are the choices, none is taken.
    assert names("岳阳") == ["yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt", "36_yueyang_szcg_2018.txt"]
    assert names("yueyang") == names("岳阳")
    assert names("沙尘暴") == [] and names("  ") == []
