"""The self-evaluation form (自评表) read from its cells in order, whatever layout carried them.

The 项目支出 / 部门整体 / 转移支付 自评表 follows one national template: fields (项目名称, 主管部门,
实施单位, 负责人, 联系电话), a funds grid (年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 ·
得分 against 年度资金总额 and its parts), an indicator grid (三级指标 · 年度指标值 · 实际完成值 ·
分值 · 得分) and a 总分. Published copies arrive as `|` rows broken in odd places, one cell per line,
or cells glued into one run-on line by a PDF or a document mirror. The table reader cannot rebuild
such a grid, but the template's own words can: this module walks the cells as one stream and reads
each part by its labels. Every figure it keeps is placed by a label the template defines, and a
funds row whose cells do not line up is kept only when its own 执行率 confirms the placement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from index.extract.table_labels import clean_label, names_something
from index.records import Figure
from index.text.cell_values import is_blank_value, unit_from_text
from index.text.numbers import UNITS, parse_cell_number
from index.text.vocabulary import GRADES, YEAR_DIGITS, YEAR_MENTION, label_unit

# Cells are separated by table rules, line breaks, tabs, and runs of two or more spaces.
_CELL = re.compile(r"[^|\n\t]+")
_WIDE_GAP = re.compile(r" {2,}|\u3000+")
_ANY_GAP = re.compile(r"[ \u3000]+")

# Fields of the template, by what their value must look like.
_FIELDS: dict[str, str] = {
    **{label: "name" for label in ("项目名称", "专项资金名称", "转移支付(项目)名称", "转移支付项目名称", "资金名称",
                                   "专项名称", "项目(资金)名称")},
    **{label: "org" for label in ("主管部门", "县级主管部门", "市级主管部门", "省级主管部门", "中央主管部门",
                                  "地方主管部门", "实施单位", "资金使用单位", "预算部门、单位名称", "部门(单位)名称",
                                  "单位名称", "部门名称", "预算单位", "项目实施单位")},
    **{label: "person" for label in ("项目负责人", "负责人", "联系人", "部门联系人", "填报人", "单位负责人")},
    **{label: "person_phone" for label in ("负责人及电话", "联系人及电话", "负责人及联系电话")},
    **{label: "phone" for label in ("联系电话", "联络电话", "电话")},
    **{label: "number" for label in ("人员编制", "编制数", "实有人数", "自评总分", "自评得分", "自评总分(分)")},
}
# The unit a count or score label implies, by its ending (人员编制 -> 人, 自评总分 -> 分).

# Funds grid columns: 年初预算数, 全年(调整)预算数(A), 2023年决算数, 执行率(B/A), 分值, 得分.
_FUND_COLUMN = re.compile(rf"^(?:{YEAR_DIGITS}年)?(?:年初|全年|调整后|全年\(调整\))?(?:预算|决算|执行)数$|^(?:预算)?执行率$"
                          r"|^(?:执行率|自评)?(?:分值|得分|权重)$|^执行率(?:权重|得分)$")
_MONEY_CAPTION = re.compile(r"(?:项目资金|资金投入情况|年度预算申请|经费控制情况)\((?P<unit>万元|元)")
_BLOCK_END = re.compile(r"^(?:年度总体目标|总体目标|年度绩效目标|年初设定目标|预期目标|一级指标|绩效指标|楼堂馆所控制情况"
                        r"|资金管理情况|总分|说明)")
_INDICATOR_HEAD = re.compile(r"^(?:一级指标|二级指标|三级指标|指标性质|度量单位|(?:年度)?(?:\(/?项目\))?指标值|(?:实际|全年)完成值|全年实际值"
                             r"|分值|得分|权重|偏差原因分析及改进措施|未完成原因(?:分析)?和改进措施|.{0,4}原因.{0,8}措施|备注)$")
_INDICATOR_LEVEL = re.compile(r"^(?:产出|效益|满意度|成本|数量|质量|时效|经济效益|社会效益|生态效益|可持续影响|服务对象满意度"
                              r"|社会公众满意度)指标(?:等)?$")
_COMPARATOR = re.compile(r"^[≥≤≧≦═=＞＜><]+$")
_NUMBER_WITH_UNIT = re.compile(r"^(?P<op>[≥≤≧≦═=＞＜><]{0,2})(?P<num>\d+(?:\.\d+)?)(?P<unit>%|[\u4e00-\u9fff/*·a-zA-Z²³]{1,6})?$")
_BARE_UNIT = re.compile(r"^(?:%|[\u4e00-\u9fff]{1,3}|[\u4e00-\u9fff]{1,2}/[\u4e00-\u9fff]{1,2}(?:[*·][\u4e00-\u9fff])?)$")
_INLINE_AMOUNT = re.compile(r"^(?P<label>[^:\d]{2,16}(?::[^:\d]{2,12})?):(?P<value>\d[\d,]*(?:\.\d+)?)$")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[、，,][\u4e00-\u9fff]{2,4})*$")
_PHONE = re.compile(r"1\d{10}|(?:0\d{2,3}[-－]?)?\d{7,8}")
_QUALITATIVE = ("有效", "显著", "明显", "较好", "良好", "达标", "合格", "满意", "提高", "提升", "改善")


@dataclass(frozen=True)
class Cell:
    text: str  # without spaces and a trailing colon
    raw: str
    start: int
    end: int


def _normal(text: str) -> str:
    text = re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").replace("：", ":")
    return text.rstrip(":")


def _label_pattern() -> re.Pattern[str]:
    labels = sorted({*_FIELDS, "年度资金总额", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分",
                     "年度总体目标", "一级指标", "项目资金", "其中:", "其他资金", "资金投入情况", "二级指标", "三级指标", "年度指标值", "全年完成值", "实际完成值",
                     "总分"}, key=len, reverse=True)
    alternatives = "|".join(re.escape(label).replace(r"\(", r"[(（]").replace(r"\)", r"[)）]") for label in labels)
    return re.compile(f"(?:{alternatives})(?:[(（][^()（）]{{0,12}}[)）])?")


_GLUED_LABEL = _label_pattern()


def cells_of(text: str) -> list[Cell]:
    """The text as cells in reading order; a run-on line holding several template labels is cut at them."""
    cells: list[Cell] = []
    for line in _CELL.finditer(text):
        position = line.start()
        gap = _WIDE_GAP
        if len(line.group()) > 80 and " " in line.group() and len(_GLUED_LABEL.findall(line.group())) >= 3:
            gap = _ANY_GAP  # a whole form on one line with single spaces between its cells
        for piece in gap.split(line.group()):
            start = text.index(piece, position) if piece else position
            position = start + len(piece)
            stripped = piece.strip()
            if not stripped:
                continue
            offset = start + piece.index(stripped)
            cells.extend(_cut_glued(Cell(_normal(stripped), stripped, offset, offset + len(stripped))))
    return cells


def _cut_glued(cell: Cell) -> list[Cell]:
    if len(cell.raw) < 30:
        return [cell]
    cuts = [m.start() for m in _GLUED_LABEL.finditer(cell.raw)]
    if len(cuts) < 2:
        return [cell]
    pieces: list[Cell] = []
    bounds = [0, *cuts, len(cell.raw)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a == b:
            continue
        match = _GLUED_LABEL.match(cell.raw, a)
        ends = [a, match.end(), b] if match and a in cuts else [a, b]
        for x, y in zip(ends, ends[1:], strict=False):
            raw = cell.raw[x:y].strip()
            if raw:
                pieces.append(Cell(_normal(raw), raw, cell.start + x, cell.start + y))
    return pieces


@dataclass(frozen=True)
class FormFigure:
    """A figure the template places, before its section is known."""

    metric: str
    value: str
    number: float | None
    unit: str | None
    quote: str
    start: int
    end: int
    qualifier: str | None = None
    target: str | None = None
    kind: str = "label_value"


def _is_value(cell: Cell) -> bool:
    return is_blank_value(cell.text) or parse_cell_number(cell.text) is not None


def _label_unit(label: str) -> str | None:
    return label_unit(label)


def _field_value(kind: str, cell: Cell) -> list[tuple[str, str, float | None]]:
    """(metric suffix, value, number) read from the cell after a field label; empty when it does not fit."""
    text = cell.text
    if text in _FIELDS or _is_fund_column(cell) or _INDICATOR_HEAD.match(text) or len(text) > 40:
        return []
    if kind == "person":
        return [("", text, None)] if _PERSON.match(text) else []
    if kind == "phone":
        return [("", text, None)] if _PHONE.fullmatch(text.replace(" ", "")) else []
    if kind == "person_phone":
        phone = _PHONE.search(text)
        name = text[: phone.start()] if phone else text
        found: list[tuple[str, str, float | None]] = [("", name.rstrip("、，, "), None)] if _PERSON.match(name.rstrip("、，, ")) else []
        return found + ([("电话", phone.group(), None)] if phone else [])
    if kind == "number":
        parsed = parse_cell_number(text)
        return [("", parsed.value, float(parsed.number))] if parsed else []
    if _is_value(cell) or len(text) < 2:
        return []
    return [("", cell.raw, None)]


def field_figures(cells: list[Cell]) -> list[FormFigure]:
    found: list[FormFigure] = []
    for cell, following in zip(cells, cells[1:], strict=False):
        kind = _FIELDS.get(cell.text)
        if kind is None:
            continue
        for suffix, value, number in _field_value(kind, following):
            metric = (cell.text.replace("及电话", "").replace("及联系电话", "") + suffix) if suffix else cell.text
            metric = re.sub(r"\(分\)$", "", metric)
            found.append(FormFigure(metric, value, number, _label_unit(metric) if number is not None else None,
                                    f"{cell.raw}：{following.raw}", following.start, following.end))
    return found


# ---------------------------------------------------------------- funds grid


def split_glued_numbers(text: str, parts: int) -> list[list[str]]:
    """Ways to read `194.9194.9100%` as `parts` numbers (the last may end in %)."""
    body = text.rstrip("%")
    if not re.fullmatch(r"[\d.]+", body):
        return []
    readings = []
    for cuts in combinations(range(1, len(body)), parts - 1):
        pieces = [body[a:b] for a, b in zip((0, *cuts), (*cuts, len(body)), strict=False)]
        if all(re.fullmatch(r"(?:0|[1-9]\d*)(?:\.\d{1,2})?", p) for p in pieces):
            if text.endswith("%"):
                pieces[-1] += "%"
            readings.append(pieces)
    return readings


def _number(text: str) -> Decimal | None:
    parsed = parse_cell_number(text)
    return parsed.number if parsed else None


def _rate_holds(placed: dict[str, str]) -> bool | None:
    """Whether 执行数 / 预算数 gives the stated 执行率 (None when the row does not state all three)."""
    rate_key = next((k for k in placed if k.endswith("执行率")), None)
    budget_key = next((k for k in placed if "全年" in k and "预算" in k), None) or next(
        (k for k in placed if "预算" in k), None)
    actual_key = next((k for k in placed if "执行数" in k or "决算数" in k), None)
    if not (rate_key and budget_key and actual_key):
        return None
    rate, budget, actual = (_number(placed[k]) for k in (rate_key, budget_key, actual_key))
    if rate is None or budget is None or actual is None:
        return None
    if budget == 0:
        return actual == 0
    return abs(actual / budget * 100 - rate) <= Decimal("1")


def _place_row(columns: list[str], values: list[str]) -> dict[str, str] | None:
    """Which column each value of a funds row belongs to; None when that cannot be told."""
    if len(values) == len(columns):
        placed = dict(zip(columns, values, strict=True))
        return placed if _rate_holds(placed) is not False else None
    rate_column = next((i for i, c in enumerate(columns) if c.endswith("执行率")), None)
    percents = [i for i, v in enumerate(values) if v.endswith("%")]
    if rate_column is None or len(percents) != 1 or len(values) > len(columns):
        return None
    shift = rate_column - percents[0]
    if shift < 0 or shift + len(values) > len(columns):
        return None
    placed = {columns[i + shift]: v for i, v in enumerate(values)}
    return placed if _rate_holds(placed) else None


def _column_name(cell: Cell) -> str:
    """`全年预算数(A)` -> 全年预算数, `预算执行率(B/A×100%)` -> 预算执行率."""
    return re.sub(r"\([^()]*\)$", "", cell.text)


def _is_fund_column(cell: Cell) -> bool:
    return bool(_FUND_COLUMN.match(_column_name(cell)))


def _unit_for(column: str, value: str, money_unit: str) -> str | None:
    if value.endswith("%") or column.endswith("执行率"):
        return "%"
    if column.endswith(("分值", "得分")):
        return "分"
    if column.endswith("权重"):
        return "%"
    return money_unit


def funds_figures(cells: list[Cell]) -> list[FormFigure]:
    found: list[FormFigure] = []
    i = 0
    while i < len(cells):
        if not _is_fund_column(cells[i]):
            i += 1
            continue
        header_start = i
        while i < len(cells) and _is_fund_column(cells[i]):
            i += 1
        columns = [_column_name(c) for c in cells[header_start:i]]
        if len(columns) < 2 or not any(re.search(r"预算|决算|执行数", c) for c in columns):
            continue  # 分值 | 得分 alone head an indicator grid, not a funds grid
        before = cells[max(0, header_start - 4):header_start]
        caption = next((m["unit"] for c in before if (m := _MONEY_CAPTION.search(c.text))), None)
        money_unit = caption or next((u for c in before if (u := unit_from_text(c.raw)) in ("元", "万元", "亿元")), "万元")
        i = _read_fund_rows(cells, i, columns, money_unit, found)
    return found


def _read_fund_rows(cells: list[Cell], i: int, columns: list[str], money_unit: str, found: list[FormFigure]) -> int:
    while i < len(cells):
        label = cells[i]
        if _is_fund_column(label) or _BLOCK_END.match(label.text) or len(label.text) > 30:
            return i
        if _is_value(label):
            i += 1
            continue
        inline = _INLINE_AMOUNT.match(label.text)
        if inline:  # 按支出性质分:1925.67 / 其中:基本支出:900.47
            parsed = parse_cell_number(inline["value"])
            if parsed is not None:
                found.append(FormFigure(clean_label(inline["label"]).rstrip(":"), parsed.value, float(parsed.number),
                                        money_unit, label.raw, label.start, label.end))
            i += 1
            continue
        j = i + 1
        while j < len(cells) and (_is_value(cells[j]) or re.fullmatch(r"[\d.]+%?", cells[j].text)):
            j += 1
        row = cells[i + 1:j]
        values = [c.text for c in row]
        placed = _place_row(columns, values)
        if placed is None and len(row) == 1:
            readings = [p for n in range(2, len(columns) + 1) for r in split_glued_numbers(row[0].text, n)
                        if (p := _place_row(columns, r)) is not None]
            placed = readings[0] if len(readings) == 1 else None
        if placed:
            name = clean_label(label.raw).rstrip(":：")
            quote = f"{label.raw}：" + "，".join(f"{c} {v}" for c, v in placed.items())
            for column, value in placed.items():
                if is_blank_value(value):
                    continue
                parsed = parse_cell_number(value)
                if parsed is None:
                    continue
                found.append(FormFigure(name, parsed.value, float(parsed.number), _unit_for(column, value, money_unit),
                                        quote, row[0].start, row[-1].end, qualifier=column, kind="table_cell"))
        i = max(j, i + 1)
    return i


# ---------------------------------------------------------------- indicator grid


def _merge_values(cells: list[Cell]) -> list[tuple[str, Cell]]:
    """Comparator, number and unit cells joined into one value each (`≧ | 735 | 人次` -> `≧735人次`)."""
    merged: list[tuple[str, Cell]] = []
    pending = ""
    for cell in cells:
        if _COMPARATOR.match(cell.text):
            pending = cell.text
            continue
        if merged and _BARE_UNIT.match(cell.text) and re.search(r"\d$", merged[-1][0]) and not pending:
            merged[-1] = (merged[-1][0] + cell.text, merged[-1][1])
            continue
        merged.append((pending + cell.text, cell))
        pending = ""
    return merged


_HEAD_KINDS = (("target", re.compile(r"指标值$")), ("actual", re.compile(r"(?:完成值|实际值)$")),
               ("weight", re.compile(r"^(?:分值|权重)$")), ("score", re.compile(r"^得分$")))


def _indicator_columns(cells: list[Cell], at: int) -> list[str]:
    """The value columns of the indicator grid in the order its header gives them (`分值` may come
    before or after the target), read from the run of header cells around `三级指标`."""
    first = at
    while first > 0 and _INDICATOR_HEAD.match(cells[first - 1].text):
        first -= 1
    last = at
    while last + 1 < len(cells) and _INDICATOR_HEAD.match(cells[last + 1].text):
        last += 1
    kinds: list[str] = []
    for cell in cells[first:last + 1]:
        kind = next((k for k, pattern in _HEAD_KINDS if pattern.search(cell.text)), None)
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds


def indicator_figures(cells: list[Cell]) -> list[FormFigure]:
    start = next((i for i, c in enumerate(cells) if c.text == "三级指标"), None)
    if start is None:
        return []
    kinds = _indicator_columns(cells, start)
    if "target" not in kinds or "actual" not in kinds:
        return []
    found: list[FormFigure] = []
    i = start + 1
    while i < len(cells):
        cell = cells[i]
        if cell.text.startswith(("总分", "说明", "其他需要说明", "注:")):
            break
        if (_INDICATOR_HEAD.match(cell.text) or _INDICATOR_LEVEL.match(cell.text) or _is_value(cell)
                or len(cell.text) < 3 or cell.text in _QUALITATIVE
                or _NUMBER_WITH_UNIT.match(cell.text) or _COMPARATOR.match(cell.text)):
            i += 1
            continue
        j, row = i + 1, list[Cell]()
        while j < len(cells) and (_is_value(cells[j]) or _NUMBER_WITH_UNIT.match(cells[j].text)
                                  or _COMPARATOR.match(cells[j].text) or cells[j].text == cell.text
                                  or (row and _BARE_UNIT.match(cells[j].text) and not _INDICATOR_LEVEL.match(cells[j].text))):
            if cells[j].text != cell.text:
                row.append(cells[j])
            j += 1
        values = [(v, c) for v, c in _merge_values(row) if not is_blank_value(v)]
        placed = _place_indicator(kinds, values)
        if placed is not None:
            found.extend(_indicator_row(cell, placed))
        i = j
    return found


def _place_indicator(kinds: list[str], values: list[tuple[str, Cell]]) -> dict[str, tuple[str, Cell]] | None:
    """Values by column: positional when every column has one; target and actual alone when the
    header puts them first and only they are filled."""
    if len(values) == len(kinds):
        placed = dict(zip(kinds, values, strict=True))
    elif len(values) == 2 and kinds[:2] == ["target", "actual"]:
        placed = dict(zip(kinds[:2], values, strict=True))
    else:
        return None
    if not _NUMBER_WITH_UNIT.match(placed["actual"][0]):
        return None
    weight, score = placed.get("weight"), placed.get("score")
    for side in (weight, score):
        if side is not None and not re.fullmatch(r"\d+(?:\.\d+)?", side[0]):
            return None
    if weight and score and Decimal(score[0]) > Decimal(weight[0]):
        return None  # a score above its weight: the columns are not where the header says
    return placed


def indicator_name(raw: str) -> str:
    """The indicator without template marks: `★★★农村低保标准(≥**元/人·月)` -> 农村低保标准."""
    name = re.sub(r"\s+", "", raw).lstrip("★☆*")
    name = re.sub(r"[(（][^()（）]*\*\*[^()（）]*[)）]", "", name)
    name = re.sub(r"[≥≤<>=]+\*\*.*$", "", name)
    return re.sub(r"^(?:其中[:：]|指标\d+[:：])", "", name) or raw


def _indicator_row(name: Cell, placed: dict[str, tuple[str, Cell]]) -> list[FormFigure]:
    metric = indicator_name(name.raw)
    target = placed["target"][0]
    actual, actual_cell = placed["actual"]
    target_match = _NUMBER_WITH_UNIT.match(target)
    actual_match = _NUMBER_WITH_UNIT.match(actual)
    assert actual_match is not None
    unit = actual_match["unit"] or (target_match["unit"] if target_match else None)
    quote = f"{name.raw}：目标 {target}，实际 {actual}"
    if "weight" in placed:
        quote += f"，分值 {placed['weight'][0]}"
    if "score" in placed:
        quote += f"，得分 {placed['score'][0]}"
    figures = [FormFigure(metric, actual_match["num"], float(actual_match["num"]), unit, quote,
                          actual_cell.start, actual_cell.end, target=target, kind="target_actual")]
    for kind, column in (("weight", "分值"), ("score", "得分")):
        if kind in placed:
            value, cell = placed[kind]
            figures.append(FormFigure(metric, value, float(value), "分", quote, cell.start, cell.end,
                                      qualifier=column, kind="table_cell"))
    return figures


# ---------------------------------------------------------------- indicator rows glued into one run

# The indicator grid's header glued into one run of text (`指标名称计量单位指标性质指标值指标权重(分)
# 全年完成值指标得分(分)说明`): its column words in the order the rows give their numbers.
_GLUED_HEAD = re.compile(
    r"指标名称(?P<columns>(?:计量单位|度量单位|指标性质|(?:年度)?指标值|(?:指标)?权重(?:[(（]分[)）])?|分值"
    r"|(?:全年|实际)?完成值|实际值|(?:指标)?得分(?:[(（]分[)）])?)+)(?:说明|备注)?")
_GLUED_COLUMN_KINDS = (("target", re.compile(r"指标值")), ("weight", re.compile(r"权重|分值")),
                       ("actual", re.compile(r"完成值|实际值")), ("score", re.compile(r"得分")))
_UNIT_ALTERNATION = "|".join(re.escape(u) for u in UNITS)
# A row: the indicator's name, its unit, an optional comparator, then the numbers of every column
# with nothing between them (`森林火灾受害率%0.910010`).
_GLUED_ROW = re.compile(rf"(?P<name>[\u4e00-\u9fff()（）、]{{2,30}}?)(?P<unit>{_UNIT_ALTERNATION})"
                        r"(?P<op>[≥≤≧≦=＞＜><]{0,2})(?P<run>\d[\d.]*)")


def _glued_head_kinds(columns: str) -> list[str]:
    """The number columns a glued header names, in its order (its unit and 指标性质 columns carry no
    number of their own)."""
    found = sorted((m.start(), kind) for kind, pattern in _GLUED_COLUMN_KINDS
                   for m in [pattern.search(columns)] if m)
    return [kind for _, kind in found]


def _glued_row_readings(run: str, kinds: list[str], unit: str) -> list[dict[str, str]]:
    """The ways to cut a row's numbers into its columns that a scored grid allows: a weight above 0 and
    at most the form's 100 points, and a score no higher than its weight. Full marks are the norm (a
    lost point is the exception a report explains), so where some cuts give the score its whole weight
    only those stay; of those, a rate's target above 100% is the cut that borrowed the next column's
    digits."""
    readings = []
    for pieces in split_glued_numbers(run, len(kinds)):
        placed = dict(zip(kinds, pieces, strict=True))
        weight, score = placed.get("weight"), placed.get("score")
        if weight is not None and not 0 < Decimal(weight) <= 100:
            continue
        if weight is not None and score is not None and Decimal(score) > Decimal(weight):
            continue
        readings.append(placed)
    full_marks = [r for r in readings if "weight" in r and "score" in r and Decimal(r["weight"]) == Decimal(r["score"])]
    readings = full_marks or readings
    if unit == "%" and len(readings) > 1:
        readings = [r for r in readings if Decimal(r["target"]) <= 100] or readings
    return readings


def glued_row_figures(text: str) -> list[FormFigure]:
    """Indicator rows whose cells a PDF glued into one run (`森林火灾受害率%0.910010` under a header
    `指标值 · 指标权重 · 全年完成值 · 指标得分`): each row's numbers are cut into the header's columns, and a
    row is read only when exactly one cut gives a weight and a score that a scored grid allows — the
    target column then holds the target, and the actual is not taken for it."""
    found: list[FormFigure] = []
    for head in _GLUED_HEAD.finditer(text):
        kinds = _glued_head_kinds(head.group("columns"))
        if "target" not in kinds or "actual" not in kinds or not {"weight", "score"} & set(kinds):
            continue
        at = head.end()
        while (row := _GLUED_ROW.match(text, at)) is not None:
            at = row.end()
            readings = _glued_row_readings(row.group("run"), kinds, row.group("unit"))
            if len(readings) != 1:
                continue
            found.append(_glued_row(row, readings[0]))
    return found


def _glued_row(row: re.Match[str], placed: dict[str, str]) -> FormFigure:
    """The row's value reached, quoted as the report writes its cells: the name with its unit
    (`森林火灾受害率%`), then each number as it stands in the run. Its 分值 and 得分 stay in the quote: read as
    figures of their own, six rows' 得分 10 outranked the report's 自评总分 97.93 for 自评得分 (the
    overview's item)."""
    unit, op, name = row.group("unit"), row.group("op"), row.group("name")
    # The actual's place in the run: after the numbers of the columns before it.
    columns = list(placed)
    start = row.start("run") + sum(len(placed[kind]) for kind in columns[:columns.index("actual")])
    quote = f"{name}{unit}：目标 {op}{placed['target']}，实际 {placed['actual']}"
    quote += "".join(f"，{column} {placed[kind]}" for kind, column in (("weight", "分值"), ("score", "得分")) if kind in placed)
    actual = placed["actual"]
    return FormFigure(indicator_name(name), actual, float(actual), unit, quote, start, start + len(actual),
                      target=f"{op}{placed['target']}{unit}", kind="target_actual")


# A planned value in a 绩效目标表: `≥13459.00(平方米)`, `=100.00(%)`, `≥12.00(次)`.
_PLANNED = re.compile(r"^(?P<op>[≥≤≧≦═=＞＜><]{0,2})(?P<num>\d+(?:\.\d+)?)[(（]?(?P<unit>%|[\u4e00-\u9fff/*·a-zA-Z²³]{1,6})?[)）]?$")


def _project_before(cells: list[Cell], at: int) -> str | None:
    """The 项目名称 the grid at `at` belongs to: the value after the last such label before it."""
    for i in range(at - 1, 0, -1):
        if _FIELDS.get(cells[i - 1].text) == "name":
            return cells[i].text
    return None


def planned_target_figures(cells: list[Cell]) -> list[FormFigure]:
    """The indicator grids of 绩效目标表 (budget disclosures: 一级 · 二级 · 三级指标 · 年度指标值, no
    actual column), one per project: each indicator's planned value, named by the indicator and its
    project. Placeholders that are words only (及时率, 合规) are not values and are skipped."""
    found: list[FormFigure] = []
    for start in (i for i, c in enumerate(cells) if c.text == "三级指标"):
        if _indicator_columns(cells, start) != ["target"]:
            continue
        project = _project_before(cells, start)
        i = start + 1
        while i < len(cells) and _INDICATOR_HEAD.match(cells[i].text):
            i += 1
        while i + 1 < len(cells) and not _FIELDS.get(cells[i].text) and cells[i].text != "三级指标":
            name, value = cells[i], cells[i + 1]
            planned = _PLANNED.match(value.text)
            if _INDICATOR_LEVEL.match(name.text) or name.text == "绩效指标" or planned is None:
                i += 1
                continue
            # Named as the planned side of a target–actual pair is (index/extract/statements.planned_side).
            found.append(FormFigure(f"{indicator_name(name.raw)}（目标）", planned["num"], float(planned["num"]),
                                    planned["unit"], f"{name.raw}：目标 {value.raw}", value.start, value.end,
                                    qualifier=project, kind="target"))
            i += 2
    return found


def paired_figures(cells: list[Cell]) -> list[FormFigure]:
    """A row of labels over a row of as many values (`编制数 | 实际在职人数 | 控制率` then `46 | 50 |
    108.70%`), one cell per line; a caption before the labels (`财政供养人员情况(人`) gives the unit."""
    found: list[FormFigure] = []
    i = 0
    while i < len(cells):
        j = i
        while (j < len(cells) and not _is_value(cells[j]) and 2 <= len(cells[j].text) <= 16
               and cells[j].text not in GRADES + _QUALITATIVE and not _NUMBER_WITH_UNIT.match(cells[j].text)):
            j += 1
        k = j
        while k < len(cells) and _is_value(cells[k]):
            k += 1
        labels, values = cells[i:j], cells[j:k]
        caption_unit = None
        if len(labels) == len(values) + 1 and ("情况" in labels[0].text or "(" in labels[0].text):
            caption = re.search(r"\((人|万元|元|个)", labels[0].text)
            caption_unit = caption.group(1) if caption else None
            labels = labels[1:]
        plain = not any(_is_fund_column(c) or _INDICATOR_HEAD.match(c.text) or _INDICATOR_LEVEL.match(c.text)
                        for c in labels)
        if 2 <= len(values) <= 6 and len(labels) == len(values) and plain:
            quote = "，".join(f"{a.raw} {b.raw}" for a, b in zip(labels, values, strict=True))
            for label, cell in zip(labels, values, strict=True):
                parsed = parse_cell_number(cell.text)
                if parsed is None:
                    continue
                name = re.sub(r"\s+", "", clean_label(label.raw))
                unit = parsed.unit or _label_unit(name)
                unit = unit or (caption_unit if caption_unit != "人" or "人" in name else None)
                found.append(FormFigure(name, parsed.value, float(parsed.number), unit, quote, cell.start, cell.end,
                                        kind="table_cell"))
        i = max(k, i + 1)
    return found


def total_figures(cells: list[Cell]) -> list[FormFigure]:
    """`总分 | 100 | 96 | 优`: the score (the second number when the first is the full mark) and the grade."""
    found: list[FormFigure] = []
    for i, cell in enumerate(cells):
        if cell.text not in ("总分", "合计总分", "自评总分"):
            continue
        following = cells[i + 1:i + 4]
        numbers = []
        for c in following:
            if parse_cell_number(c.text) is None:
                break
            numbers.append(c)
        if not numbers:
            continue
        score = numbers[1] if len(numbers) >= 2 and numbers[0].text in ("100", "100.00") else numbers[0]
        quote = f"{cell.raw}：" + " | ".join(c.raw for c in following)
        found.append(FormFigure("总分", score.text, float(_number(score.text) or 0), "分", quote, score.start, score.end,
                                kind="table_cell"))
        after = cells[i + 1 + len(numbers)] if i + 1 + len(numbers) < len(cells) else None
        if after is not None and after.text in GRADES:
            found.append(FormFigure("自评等级", after.text, None, None, quote, after.start, after.end))
    return found


def form_figures(text: str, section_at: Callable[[int], tuple[str, ...]], *, year: int | None) -> list[Figure]:
    """Every figure the template places, as Figures in document order."""
    cells = cells_of(text)
    found = [*field_figures(cells), *funds_figures(cells), *indicator_figures(cells), *glued_row_figures(text),
             *planned_target_figures(cells),
             *total_figures(cells)]
    placed = {(f.start, f.value) for f in found}
    found += [f for f in paired_figures(cells) if (f.start, f.value) not in placed]
    figures = [
        Figure(metric=f.metric, value=f.value, number=f.number, unit=f.unit, kind=f.kind,  # type: ignore[arg-type]
               section=section_at(f.start), quote=f.quote, start=f.start, end=f.end, qualifier=f.qualifier,
               year=_year_of(f.qualifier) or year, target=f.target)
        for f in found
    ]
    figures.sort(key=lambda f: f.start)
    return figures


def _year_of(column: str | None) -> int | None:
    match = YEAR_MENTION.match(column or "")
    return int(match.group(1)) if match else None


def _overlaps(a: Figure, b: Figure) -> bool:
    return a.start < b.end and b.start < a.end


def merge_form_figures(figures: list[Figure], form: list[Figure]) -> list[Figure]:
    """The other readers' figures with the form's added, one reading per cell. Where a rebuilt table
    and the form read the same cell as the same value, the table's naming stays (its grid was
    verified) — unless the table named it by no label at all (`≧`). Otherwise a cell the form placed by the template's labels is the form's: another
    reading of it (another value from a misaligned row, a field read one cell off such as
    `公开14表` -> `项目名称`) is dropped, and so is a cell named by a comparator alone. Prose read from a long
    cell stays."""
    def same_value(a: Figure, b: Figure) -> bool:
        return a.number == b.number if a.number is not None and b.number is not None else a.value == b.value

    confirmed = {id(g) for g in form for f in figures
                 if f.kind == "table_cell" and _overlaps(f, g) and same_value(f, g) and names_something(f.metric)}
    placed = [g for g in form if id(g) not in confirmed]
    kept = [f for f in figures
            if not (f.kind in ("table_cell", "label_value", "target_actual")
                    and any(_overlaps(f, g) and not (f.kind == "table_cell" and same_value(f, g) and names_something(f.metric))
                        for g in placed))
            and not (f.kind == "label_value" and _normal(f.value) in _FIELDS)
            and not _COMPARATOR.match(f.metric)]  # a grid that lost a column names its row by `≧`
    merged = kept + placed
    merged.sort(key=lambda f: f.start)
    return merged
