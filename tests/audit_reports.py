"""Generated 部门预算-style reports for the audit: consistent ones, and the same with one planted error.

Each report states, with random amounts that agree: a total and its two complementary parts (其中：基本
支出…，项目支出…), a total followed by a sentence listing its parts, an 执行率 with its two amounts, a
growth rate with its amounts, a 功能分类 table in 元 (类 / 款 / 项 rows, 合计 = 基本支出 + 项目支出), a
prose line restating one 项 in 万元, and an indicator table whose 得分 add up to its 总分 (分值 100). A
plant changes one thing the way a typo would.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from index.readers.canonical import render_paragraph, render_table

PLANTS = ("cell", "prose_total", "restated", "execution_rate", "growth_rate", "indicator_score")
# What the audit must call each planted error; a changed cell that the prose restates is also a
# restatement that no longer agrees.
ALSO_FOUND = {"cell": {"restated"}}
EXPECTED_KIND = {"cell": "table_identity", "prose_total": "total_vs_parts", "restated": "restated",
                 "execution_rate": "rate", "growth_rate": "rate", "indicator_score": "indicator_scores"}


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def _wan(value: Decimal) -> Decimal:
    return (value / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _typo(value: Decimal, rng: random.Random) -> Decimal:
    """The value with one digit changed: a misprint, off by at least 1 % of it."""
    while True:
        text = format(value, "f")
        digits = [i for i, ch in enumerate(text) if ch.isdigit()]
        at = rng.choice(digits[: max(1, len(digits) // 2)])  # a leading digit: a visible slip
        changed = text[:at] + str((int(text[at]) + rng.randint(1, 9)) % 10) + text[at + 1:]
        new = Decimal(changed)
        if new != 0 and abs(new - value) >= abs(value) / 100:
            return new


def generate(seed: int, plant: str | None = None) -> str:
    """The text of one report (canonical txt: tables as tab-led cell lines), with `plant` applied."""
    rng = random.Random(seed)
    department = rng.choice(["某县财政局", "某区民政局", "某市科学技术局", "某县文化馆"])
    year = rng.randint(2019, 2025)
    basic, project = _amount(rng, 200, 900), _amount(rng, 10, 300)
    total = basic + project
    parts = [_amount(rng, 50, 900) for _ in range(3)]
    raised = sum(parts, Decimal(0))
    planned = _amount(rng, 500, 3000)
    spent = (planned * Decimal(rng.randint(700, 1000)) / 1000).quantize(Decimal("0.01"))
    rate = (spent / planned * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    previous = _amount(rng, 5, 60)
    change = _amount(rng, 1, 9)
    current = previous + change
    growth = (change / previous * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    # 功能分类 in 元: two 项 under one 款 under one 类, and a second 类 with one 款 and one 项.
    items = [(_amount(rng, 100000, 9000000), _amount(rng, 0, 900000)) for _ in range(3)]
    rows_yuan = [(b + p, b, p) for b, p in items]
    kuan_1 = tuple(sum((r[k] for r in rows_yuan[:2]), Decimal(0)) for k in range(3))
    lei_2 = rows_yuan[2]
    grand = tuple(kuan_1[k] + lei_2[k] for k in range(3))
    restated_wan = _wan(rows_yuan[0][0])
    # Indicator table: weights adding to 100, each score at most its weight (one decimal at times).
    weights = [20, 20, 30, 20, 10]
    scores = [Decimal(rng.randint(w * 6, w * 10)) / 10 if rng.random() < 0.3 else Decimal(rng.randint(w * 6 // 10, w))
              for w in weights]
    total_score = sum(scores, Decimal(0))

    if plant == "prose_total":
        total = _typo(total, rng)
    elif plant == "execution_rate":
        rate = _typo(rate, rng)
    elif plant == "growth_rate":
        growth = _typo(growth, rng)
    elif plant == "restated":
        restated_wan = _typo(restated_wan, rng)
    elif plant == "indicator_score":
        which = rng.randrange(len(scores))
        scores[which] = scores[which] - rng.randint(1, 3)  # one score misprinted; the 总分 row kept
    cell_rows = [list(r) for r in rows_yuan]
    if plant == "cell":
        which = rng.randrange(3)
        cell_rows[which][rng.randrange(3)] = _typo(cell_rows[which][0], rng)

    def amounts(values: tuple[Decimal, ...] | list[Decimal]) -> list[str]:
        return [_yuan(v) for v in values]

    table = [
        ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
        ["201", "", "", "一般公共服务支出", *amounts(kuan_1)],
        ["201", "06", "", "财政事务", *amounts(kuan_1)],
        ["201", "06", "01", "行政运行", *amounts(cell_rows[0])],
        ["201", "06", "02", "一般行政管理事务", *amounts(cell_rows[1])],
        ["208", "", "", "社会保障和就业支出", *amounts(lei_2)],
        ["208", "05", "", "行政事业单位养老支出", *amounts(lei_2)],
        ["208", "05", "05", "机关事业单位基本养老保险缴费支出", *amounts(cell_rows[2])],
        ["合计", *amounts(grand)],
    ]
    paragraphs = [
        f"{department}{year}年部门预算",
        "一、部门收支预算情况",
        f"{year}年，{department}支出预算{total}万元，其中：基本支出{basic}万元，项目支出{project}万元。",
        f"全年累计向上争取资金{raised}万元。",
        f"中央专项资金{parts[0]}万元；省级专项资金{parts[1]}万元；市级配套资金{parts[2]}万元。",
        "二、预算执行情况",
        f"项目资金共{planned}万元，截至年底已完成拨付{spent}万元，执行率{rate}%。",
        f"三公经费预算{current}万元，比上年增加{change}万元，增长{growth}%，主要原因是公务接待增加。",
        "三、一般公共预算支出功能分类预算表",
        f"编制部门：{department} 单位：元",
    ]
    text = "".join(render_paragraph(p) for p in paragraphs) + render_table(table)
    text += render_paragraph("四、预算编制说明")
    indicators = [["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"],
                  ["产出指标", "数量指标", "服务人次", "20", "≥500人次", "520人次", str(scores[0])],
                  ["产出指标", "质量指标", "合格率", "20", "≥95%", "96%", str(scores[1])],
                  ["效益指标", "社会效益指标", "群众获得感", "30", "明显提升", "明显提升", str(scores[2])],
                  ["满意度指标", "服务对象满意度指标", "服务对象满意度", "20", "≥90%", "92%", str(scores[3])],
                  ["", "", "预算执行率", "10", "100%", "98%", str(scores[4])],
                  ["总分", "", "", "100", "", "", str(total_score)]]
    text += render_paragraph(f"1.“一般公共服务支出（类）财政事务（款）行政运行（项）”{restated_wan}万元，主要用于机关日常运转。")
    text += render_paragraph("五、绩效自评情况") + render_table(indicators)
    return text
