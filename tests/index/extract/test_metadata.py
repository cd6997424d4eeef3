"""Report metadata read from the opening: the short names a report defines for its own department."""

from __future__ import annotations

import pytest

from index.extract.metadata import short_names_defined


def test_a_short_name_defined_after_the_department_is_the_departments() -> None:
    # 33_hubei_cl_cjrsy_2018's opening, as written.
    opening = "根据《省财政厅关于开展2018年度省级财政支出绩效自评工作的通知》(鄂财函[2019]118号)的规定,湖北残疾人联合会(以下简称“省残联”)成立绩效自评工作领导小组"
    assert short_names_defined(opening, "湖北残疾人联合会") == ("省残联",)
    # A short name for a document or for another body is not the department's.
    cited = "根据《岳阳市预算绩效管理办法》(以下简称“办法”),市财政局(以下简称“财政局”)组织各部门自评"
    assert short_names_defined(cited, "岳阳市科学技术局") == ()
    assert short_names_defined(opening, None) == ()



def test_the_reports_word_for_itself_is_no_short_name() -> None:
    # Written here in the genre's words: a department's report calling itself 我单位 or 本局.
    opening = "某市某区某街道办事处(以下简称“我单位”)对2021年度部门整体支出开展了绩效自评"
    assert short_names_defined(opening, "某市某区某街道办事处") == ()
    bureau = "某县林业局（以下简称本局）高度重视绩效自评，某县林业局(以下简称“县林业局”)成立领导小组"
    assert short_names_defined(bureau, "某县林业局") == ("县林业局",)


def _department_of(tmp_path, opening: str) -> str | None:  # type: ignore[no-untyped-def]
    from index.pipeline import parse_report
    from index.settings import Settings

    path = tmp_path / "report.txt"
    path.write_text(opening, encoding="utf-8")
    return parse_report(path, path.read_bytes(), Settings()).meta.department


# Openings written here in the genre's words, each with the department it names.
_ORGAN_OPENINGS = [
    # A 县委's 统战部 and 编办, a 区人民政府's 街道办事处: each was cut at 县委 or 人民政府, which then named
    # every organ of that committee or government.
    ("中共临江县委统一战线工作部2024年度部门整体支出绩效自评报告\n一、部门基本情况\n县委统战部内设股室4个，核定编制12人。\n",
     "中共临江县委统一战线工作部"),
    ("中共临江县委机构编制委员会办公室2017年度部门整体支出绩效自评报告\n一、部门概况\n内设股室3个，行政编制8人。\n",
     "中共临江县委机构编制委员会办公室"),
    ("临江市东风区人民政府东风街道办事处2021年度部门整体支出绩效自评报告\n一、基本情况\n下辖社区居委会5个和村委会1个。\n",
     "临江市东风区人民政府东风街道办事处"),
    # 委员会 after the place is the committee itself; a sentence after a name is not part of it.
    ("中国人民政治协商会议临江县委员会2021年度部门整体支出绩效自评报告\n一、部门概况\n机关内设5个科室。\n",
     "中国人民政治协商会议临江县委员会"),
    ("关于2018年度部门整体支出绩效自评情况的报告\n一、部门基本情况\n临江县住房和城乡建设局是县政府工作部门，内设股室8个。\n",
     "临江县住房和城乡建设局"),
    # After any other body a longer run is a unit under it, not its name (the seed's 科技事务中心).
    ("临江市科学技术局2021年度部门整体支出绩效自评报告\n一、部门概况\n临江市科学技术局科技事务中心为下属单位。\n",
     "临江市科学技术局"),
]


@pytest.mark.parametrize(("opening", "department"), _ORGAN_OPENINGS)
def test_the_organs_of_a_government_or_party_committee_keep_their_whole_names(
        tmp_path, opening: str, department: str) -> None:  # type: ignore[no-untyped-def]
    assert _department_of(tmp_path, opening) == department
