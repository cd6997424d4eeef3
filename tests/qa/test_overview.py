"""报告概览 of the seed: the JSON contract, items filled with their sources, and 报告未载明 (null) for
what the seed does not state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui.cli import main

SEED = "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"


def test_seed_overview_fills_its_items_each_with_a_source(capsys: pytest.CaptureFixture[str], seeded_template: Path) -> None:
    assert main(["overview", SEED, "--json", "--data", str(seeded_template)]) == 0
    overview = json.loads(capsys.readouterr().out)
    assert set(overview) == {"report", "department", "year", "type", "items"}
    assert (overview["report"], overview["department"], overview["year"]) == (SEED, "岳阳市科学技术局", 2021)
    assert all(set(item) == {"name", "value", "unit", "quote", "section"} for item in overview["items"])
    filled = [item for item in overview["items"] if item["value"] is not None]
    assert len(filled) >= 12 and all(item["quote"] and item["section"] for item in filled)
    by_name = {item["name"]: item for item in overview["items"]}
    assert (by_name["收入合计"]["value"], by_name["收入合计"]["unit"]) == (1156.44, "万元")
    assert (by_name["人员编制"]["value"], by_name["自评得分"]["value"], by_name["评价等次"]["value"]) == (41, 97, "优秀")
    assert by_name["全年执行数"]["value"] is None and by_name["全年执行数"]["quote"] is None  # not stated: no guess
    problems = by_name["存在的问题"]["value"]
    assert isinstance(problems, list) and any("项目资金结余较大" in line for line in problems)
    measures = by_name["改进措施"]["value"]
    assert isinstance(measures, list) and any("三公经费" in line for line in measures)
