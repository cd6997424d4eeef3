"""The seed's flattened 收支 tables rebuild cell by cell: entity, metric, value and unit."""

from __future__ import annotations

import pytest

from index.records import ParsedReport

ENTITIES = ("局机关及二级机构汇总", "局机关", "科技事务中心")

# Gold grids typed from the report: one row per entity, one value per leaf column ('' = blank cell).
INCOME = (
    ("收入合计", "上年结转", "公共财政拨款", "政府基金拨款", "纳入专户管理的非税收入拨款", "其他收入"),
    (("1156.44", "186.72", "932.66", "0", "0", "37.06"),
     ("874.61", "162.13", "675.42", "0", "0", "37.06"),
     ("281.83", "24.59", "257.24", "0", "0", "0")),
)
EXPENDITURE = (
    ("支出合计", "基本支出", "人员支出", "公用支出", "项目支出", "当年结余", "累计结余"),
    (("1091.32", "828.54", "783.26", "45.27", "262.78", "", "65.12"),
     ("832.45", "569.67", "549.67", "20", "262.78", "", "42.16"),
     ("258.87", "258.87", "233.59", "25.27", "", "", "22.96")),
)
SANGONG = (
    ("三公经费合计", "公务接待费", "公务用车运维费", "公务用车购置费", "因公出国费"),
    (("1.86", "1.74", "0.12", "0", "0"),
     ("1.58", "1.46", "0.12", "0", "0"),
     ("0.28", "0.28", "0", "0", "0")),
)
ASSETS = (
    ("固定资产合计", "在用固定资产", "出租固定资产", "其他"),
    (("144.71", "123.31", "0", ""),
     ("80.86", "59.46", "0", ""),
     ("63.85", "63.85", "0", "")),
)
GOLD = {"收入合计": INCOME, "支出合计": EXPENDITURE, "三公经费合计": SANGONG, "固定资产合计": ASSETS}


def _gold_cells(grid: tuple) -> set[tuple[str, str, str, str]]:
    columns, rows = grid
    return {
        (entity, metric, value, "万元")
        for entity, row in zip(ENTITIES, rows, strict=True)
        for metric, value in zip(columns, row, strict=True)
        if value
    }


def _table_cells(seed: ParsedReport, first_metric: str) -> set[tuple[str, str, str, str]]:
    table = next(t for t in seed.tables if first_metric in t.columns)
    span = (table.start, table.end)
    return {
        (f.entity or "", f.metric, f.value, f.unit or "")
        for f in seed.figures
        if f.kind == "table_cell" and span[0] <= f.start < span[1]
    }


@pytest.mark.parametrize("first_metric", list(GOLD))
def test_flattened_table_cells_match_the_report(seed: ParsedReport, first_metric: str) -> None:
    gold = _gold_cells(GOLD[first_metric])
    got = _table_cells(seed, first_metric)
    right = gold & got
    assert len(right) / len(gold) >= 0.95, sorted(gold - got)
    wrong = got - gold
    assert not wrong, f"cells assigned to a wrong column or entity: {sorted(wrong)}"


def test_flattened_tables_rebuild_leaf_columns_in_order(seed: ParsedReport) -> None:
    for first_metric, (columns, _) in GOLD.items():
        table = next(t for t in seed.tables if first_metric in t.columns)
        assert table.columns == ("机构名称", *columns)
        assert table.mapping == "structure"
        assert [r[0].text for r in table.rows] == ["局机关及二级机构汇总", "1、局机关", "2、科技事务中心"]


def test_blank_cells_stay_blank_columns(seed: ParsedReport) -> None:
    expenditure = next(t for t in seed.tables if "支出合计" in t.columns)
    this_year = expenditure.columns.index("当年结余")
    assert all(row[this_year].text == "" for row in expenditure.rows)
    assert [row[-1].text for row in expenditure.rows] == ["65.12", "42.16", "22.96"]


def test_arithmetic_identities_verify_the_column_mapping(seed: ParsedReport) -> None:
    identities = {i.split("（")[0] for t in seed.tables for i in t.identities}
    assert "收入合计 = 上年结转 + 公共财政拨款 + 政府基金拨款 + 纳入专户管理的非税收入拨款 + 其他收入" in identities
    assert "支出合计 = 基本支出 + 项目支出" in identities
    assert "基本支出 = 人员支出 + 公用支出" in identities  # 828.54 vs 828.53: within rounding
    assert "三公经费合计 = 公务接待费 + 公务用车运维费 + 公务用车购置费 + 因公出国费" in identities
    # 144.71 != 123.31 + 0: the report leaves 其他 blank, and the table says so rather than guessing.
    assets = next(t for t in seed.tables if "固定资产合计" in t.columns)
    assert assets.identities == ()


def test_units_come_from_captions_and_carry_to_uncaptioned_tables(seed: ParsedReport) -> None:
    income = next(t for t in seed.tables if "收入合计" in t.columns)
    assert income.caption == "年度收入情况（万元）" and income.unit == "万元"
    sangong = next(t for t in seed.tables if "三公经费合计" in t.columns)
    assert sangong.caption is None and sangong.unit == "万元"


def test_narrative_tables_laid_out_one_cell_per_line_rebuild(seed: ParsedReport) -> None:
    compare = next(t for t in seed.tables if t.columns[0] == "费用项目")
    assert compare.columns == ("费用项目", "局部门 2020", "局部门 2021")
    assert [[c.text for c in r] for r in compare.rows][0] == ["公务接待费", "1.90", "1.46"]
    final = next(t for t in seed.tables if t.columns == ("比较项目", "支出项目", "科技部门"))
    assert [c.text for c in final.rows[4]] == ["决算金额", "项目支出", "262.78"]  # row label spans rows
    receipts = next(t for t in seed.tables if "财政拨款收入" in t.columns)
    assert receipts.caption == "财政拨款收入决算情况"
