"""Report metadata read from the opening: the short names a report defines for its own department."""

from __future__ import annotations

from index.extract.metadata import short_names_defined


def test_a_short_name_defined_after_the_department_is_the_departments() -> None:
    # 33_hubei_cl_cjrsy_2018's opening, as written.
    opening = "根据《省财政厅关于开展2018年度省级财政支出绩效自评工作的通知》(鄂财函[2019]118号)的规定,湖北残疾人联合会(以下简称“省残联”)成立绩效自评工作领导小组"
    assert short_names_defined(opening, "湖北残疾人联合会") == ("省残联",)
    # A short name for a document or for another body is not the department's.
    cited = "根据《岳阳市预算绩效管理办法》(以下简称“办法”),市财政局(以下简称“财政局”)组织各部门自评"
    assert short_names_defined(cited, "岳阳市科学技术局") == ()
    assert short_names_defined(opening, None) == ()

