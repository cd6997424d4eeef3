"""一致性检查: where a report disagrees with itself.

Kinds of finding, each with both values in one unit, the quotes and sections they come from, the
arithmetic and the tolerance it allowed (rounding to the figures' own decimals):

- `table_identity`: a statutory table breaks its own sum (index/extract/table_checks.py, found at ingest).
- `total_vs_parts`: prose states a total and then its parts, and the parts add up to more (`争取资金
  9783.6万元。…660万元；…5623.6万元；…3600万` → 9883.6), or a 其中 pair that splits a whole (基本支出
  and 项目支出) adds up to something else.
- `restated`: prose restates a statutory table's 合计 for a 科目 (887.36 万元) and the table says another
  amount (873,617.00 元 = 87.3617 万元), or states the document's whole income or spending (收入预算) and
  its 总计 rows say another; the table's own cells must agree first.
- `rate`: a stated rate that its two amounts do not give — 执行率 = 执行数 / 预算数 in a sentence or a
  table row, 增长率 = 增加额 / 上年数 in a `比上年增加…，增长…%` sentence, and the change between two
  amounts in `…执行数为A万元，…安排B万元，比…执行数增加p%` (B ÷ A − 1).
- `indicator_scores`: an indicator table's 得分 that do not add up to its 总分 row — only when the
  table is whole: its 分值 add up to the 总分 row's 分值 (or to 100 when that row states none), so a
  grid cut short (a page missing) is never taken for a wrong total.

Precision matters as much as recall: each rule only fires on the shapes it can read for certain, and a
list that may be partial (其中 naming some of the parts) is never taken for a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from index.extract.sections import section_finder
from index.records import Figure
from index.store.rows import StoredFigure, StoredTable, section_label
from index.store.sqlite import Store
from index.text.numbers import (
    MONEY_SCALE,
    NumberMatch,
    decimals_of,
    find_numbers,
    in_money_unit,
    parse_cell_number,
    rounding_tolerance,
    same_amount,
)
from index.text.vocabulary import CHANGE_BEFORE_NUMBER, MONEY_UNITS, YEAR_DIGITS, alternation

Severity = str  # "high" | "medium" | "low"
SEVERITY_NAMES = {"high": "高", "medium": "中", "low": "低"}  # how the UI and the brief say a severity
AUDIT_KINDS = {"table_identity": "表内勾稽不符", "total_vs_parts": "总数与分项之和不符", "restated": "正文与表格数字不符",
               "rate": "比率与金额不符", "indicator_scores": "指标得分之和与总分不符"}

_MONEY_ALIASES = {"万": "万元", "亿": "亿元"}  # `资金3600万` in a list of amounts in 万元
_COMPLEMENTS = (("基本支出", "项目支出"), ("人员经费", "公用经费"))
_SENTENCE_END = re.compile(r"[。\n]")


@dataclass(frozen=True)
class Finding:
    """One disagreement in one report. `values` are the disagreeing numbers in `unit`; `spans` the
    (start, end) offsets of the quotes in the report text, for their sections."""

    kind: str
    severity: Severity
    values: tuple[float, ...]
    unit: str | None
    quotes: tuple[str, ...]
    arithmetic: str
    spans: tuple[tuple[int, int], ...]
    report: str = ""
    sections: tuple[str, ...] = ()


def severity_of(a: Decimal, b: Decimal) -> Severity:
    """How far apart two values are: ≥ 1 % high, ≥ 0.1 % medium, else low (a rounding slip)."""
    scale = max(abs(a), abs(b))
    share = abs(a - b) / scale if scale else Decimal(0)
    return "high" if share >= Decimal("0.01") else "medium" if share >= Decimal("0.001") else "low"


def _fmt(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _money(match: NumberMatch, unit_family: str | None = None) -> str | None:
    unit = match.unit or ""
    unit = _MONEY_ALIASES.get(unit, unit) if unit_family is None or unit_family in MONEY_SCALE else unit
    return unit if unit in MONEY_SCALE else None


def _in_unit(match: NumberMatch, unit: str) -> Decimal:
    own = _money(match)
    assert own is not None
    return in_money_unit(match.number, own, unit)


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int


def _sentences(text: str) -> list[_Sentence]:
    out, begin = [], 0
    for match in _SENTENCE_END.finditer(text + "\n"):
        if text[begin:match.start()].strip():
            out.append(_Sentence(text[begin:match.start()], begin))
        begin = match.end()
    return out


def _is_change(sentence: str, match: NumberMatch) -> bool:
    """A number stating a change (比上年增加107.62万元), not an amount."""
    clause_start = max(sentence.rfind(p, 0, match.start) for p in "，,；;：:、") + 1
    return bool(CHANGE_BEFORE_NUMBER.search(sentence[clause_start:match.start]))


def _sum_finding(total: NumberMatch, parts: list[NumberMatch], sentence_total: _Sentence,
                 sentence_parts: _Sentence, *, whole: bool) -> Finding | None:
    unit = _money(total)
    if unit is None:
        return None
    values = [_in_unit(p, unit) for p in parts]
    stated = total.number
    found = sum(values, Decimal(0))
    tolerance = rounding_tolerance(stated, *values)
    over = found - stated > tolerance
    under = whole and stated - found > tolerance
    if not (over or under):
        return None
    written = " + ".join(_fmt(v) for v in values)
    relation = "之和大于总数" if over else "之和小于总数"
    arithmetic = (f"{written} = {_fmt(found)} {unit}，而总数为 {_fmt(stated)} {unit}（{relation}，"
                  f"差 {_fmt(abs(found - stated))}；容差 {_fmt(tolerance)}）")
    quoted = (sentence_total,) if sentence_total is sentence_parts else (sentence_total, sentence_parts)
    return Finding("total_vs_parts", "high" if over else severity_of(stated, found), (float(stated), float(found)), unit,
                   tuple(s.text.strip() for s in quoted), arithmetic, tuple((s.start, s.start + len(s.text)) for s in quoted))


_UNWRITTEN_AMOUNT = re.compile(r"(?<![\d.\s万亿千])\s*(?:万元|亿元|千元|元)")  # `退耕还林抚育 点击查看>> 万元`: a number left out


def _listed_parts(sentence: _Sentence, numbers: list[NumberMatch], at: int, next_list: int | None) -> Finding | None:
    """The total right before `其中` at `at` and the amounts listed after it, up to where the list ends:
    a closing bracket (`(其中建筑工程3292万元)`), the clause holding the next 其中 (a new total), a colon
    opening the parts of a part (`项目支出10.80万元，使用内容为：…`), or the sentence's end."""
    text = sentence.text
    before = [n for n in numbers if n.end <= at and _money(n)]
    gap = text[before[-1].end:at] if before else ""
    if not before or not re.fullmatch(r"[\s，,：:（(]*", gap):
        return None
    total = before[-1]
    end = len(text)
    if "(" in gap or "（" in gap:
        close = min((i for i in (text.find(")", at), text.find("）", at)) if i >= 0), default=-1)
        end = close if close >= 0 else end
    if next_list is not None:  # the next list's total opens the clause where this list ends
        next_total = [n for n in numbers if at < n.start and n.end <= next_list and _money(n)]
        cut = next_total[-1].start if next_total else next_list
        end = min(end, max(text.rfind(p, 0, cut) for p in "，,；;。") + 1)
    parts = [n for n in numbers if at < n.start < end and _money(n, _money(total)) and not _is_change(text, n)]
    nested = text.find("：", parts[0].end, end) if parts else -1
    parts = [n for n in parts if nested < 0 or n.start < nested]
    if len(parts) < 2 or _UNWRITTEN_AMOUNT.search(text[at:end]):
        return None
    named = text[at:end]
    whole = len(parts) == 2 and any(all(word in named for word in pair) for pair in _COMPLEMENTS)
    return _sum_finding(total, parts, sentence, sentence, whole=whole)


def total_vs_parts(text: str) -> list[Finding]:
    """Totals stated with their parts in prose whose parts do not add up (see the module docstring)."""
    findings: list[Finding] = []
    sentences = _sentences(text)
    for i, sentence in enumerate(sentences):
        numbers = find_numbers(sentence.text)
        # A: `X万元，其中：A万元，B万元` in one sentence (several such lists may follow one another).
        listed = [m.start() for m in re.finditer("其中", sentence.text)]
        for k, at in enumerate(listed):
            found = _listed_parts(sentence, numbers, at, listed[k + 1] if k + 1 < len(listed) else None)
            if found is not None:
                findings.append(found)
        if listed:
            continue
        # B: a sentence ending in a total, the next one listing its parts clause by clause (；).
        if i + 1 >= len(sentences) or not numbers:
            continue
        last = numbers[-1]
        if _money(last) is None or not re.fullmatch(r"[\s，,。]*", sentence.text[last.end:]) or _is_change(sentence.text, last):
            continue
        following = sentences[i + 1]
        clauses = re.split(r"[；;]", following.text)
        if len(clauses) < 2 or "其中" in following.text:
            continue
        parts: list[NumberMatch] = []
        for clause in clauses:
            money = [n for n in find_numbers(clause) if _money(n, _money(last))]
            if len(money) != 1 or _is_change(clause, money[0]):
                parts = []
                break
            parts.append(money[0])
        if len(parts) >= 2:
            found = _sum_finding(last, parts, sentence, following, whole=False)
            if found is not None:
                findings.append(found)
    return findings


_EXECUTION_RATE = re.compile(r"执行率(?:为|达|达到|是)?\s*(?P<rate>\d+(?:\.\d+)?)\s*%")
_GROWTH = re.compile(
    rf"(?:比|较)(?:上年|上一年|去年|{YEAR_DIGITS}年)[^，,。；;]{{0,10}}?(?P<dir>增加|减少)\s*(?P<change>\d[\d,]*(?:\.\d+)?)\s*"
    rf"(?P<unit>{alternation(MONEY_UNITS)})"
    r"[，,、]?\s*(?:增长|下降|增幅|降幅|增长率|下降率)?(?:为)?\s*(?P<rate>\d+(?:\.\d+)?)\s*%"
)


# A change rate between two amounts the sentence states: `2022年…执行数为3853.06万元，2023年预算安排1450.00
# 万元，比2022年预算执行数减少62.37%` (1450.00 ÷ 3853.06 − 1 = −62.37 %). The baseline is the amount whose
# clause names the period after 比 (2022年, 上年); the other amount is the one compared.
_CHANGE_RATE = re.compile(r"(?:比|较)(?P<base>[^，,。；;%\d]{0,6}(?:\d{4}年)?[^，,。；;%\d]{0,12}?)"
                          r"(?P<dir>增加|减少|增长|下降|降低)了?\s*(?P<rate>\d+(?:\.\d+)?)\s*%")
_PERIOD = re.compile(rf"{YEAR_DIGITS}年|上年|去年|上一年")


def _rate_finding(stated: Decimal, numerator: Decimal, denominator: Decimal, formula: str, sentence: _Sentence,
                  unit: str) -> Finding | None:
    if denominator == 0:
        return None
    computed = numerator / denominator * 100
    # The stated rate is rounded to its own decimals; the amounts may be rounded too.
    tolerance = Decimal(10) ** -decimals_of(stated) / 2 + abs(computed) * Decimal("0.0005")
    if abs(computed - stated) <= tolerance:
        return None
    rounded = computed.quantize(Decimal(10) ** -max(2, decimals_of(stated)))
    arithmetic = f"{formula} = {_fmt(rounded)}%，报告写 {_fmt(stated)}%（容差 ±{_fmt(tolerance.quantize(Decimal('0.001')))}）"
    return Finding("rate", severity_of(stated, computed), (float(stated), float(rounded)), "%", (sentence.text.strip(),),
                   arithmetic, ((sentence.start, sentence.start + len(sentence.text)),))


def stated_rates(text: str) -> list[Finding]:
    """执行率 and 增长率 in prose that their own amounts do not give."""
    findings: list[Finding] = []
    for sentence in _sentences(text):
        for match in _EXECUTION_RATE.finditer(sentence.text):
            money = [n for n in find_numbers(sentence.text[:match.start()]) if _money(n)]
            if len(money) != 2 or any(_is_change(sentence.text, n) for n in money):
                continue
            unit = _money(money[0])
            assert unit is not None
            budget, spent = (_in_unit(n, unit) for n in money)
            found = _rate_finding(Decimal(match["rate"]), spent, budget,
                                  f"{_fmt(spent)} ÷ {_fmt(budget)} {unit}", sentence, unit)
            if found is not None:
                findings.append(found)
        for match in _CHANGE_RATE.finditer(sentence.text):
            found = _two_amounts_change(sentence, match)
            if found is not None:
                findings.append(found)
        for match in _GROWTH.finditer(sentence.text):
            before = [n for n in find_numbers(sentence.text[:match.start()]) if _money(n) == match["unit"]]
            if not before:
                continue
            current, change = before[-1].number, Decimal(match["change"].replace(",", ""))
            base = current - change if match["dir"] == "增加" else current + change
            sign = "-" if match["dir"] == "增加" else "+"
            found = _rate_finding(Decimal(match["rate"]), change, base,
                                  f"{_fmt(change)} ÷ ({_fmt(current)} {sign} {_fmt(change)}) {match['unit']}", sentence,
                                  match["unit"])
            if found is not None:
                findings.append(found)
    return findings


def _clause_at(sentence: str, at: int) -> str:
    start = max(sentence.rfind(p, 0, at) for p in "，,；;") + 1
    return sentence[start:at]


def _two_amounts_change(sentence: _Sentence, match: re.Match[str]) -> Finding | None:
    """The change rate of the two amounts before `比…增加/减少 p%`, when exactly one of them is said of the
    period the 比 names (the baseline) and the other is not; an amount stated as a change is neither."""
    period = _PERIOD.search(match["base"])
    if period is None:
        return None
    money = [n for n in find_numbers(sentence.text[:match.start()]) if _money(n) and not _is_change(sentence.text, n)]
    if len(money) != 2 or _money(money[0]) != _money(money[1]):
        return None
    said = [period[0] in _clause_at(sentence.text, n.start) for n in money]
    if said.count(True) != 1:
        return None
    base, compared = (money[0], money[1]) if said[0] else (money[1], money[0])
    unit = _money(base)
    assert unit is not None
    was, now = _in_unit(base, unit), _in_unit(compared, unit)
    sign = Decimal(1) if match["dir"] in ("增加", "增长") else Decimal(-1)
    return _rate_finding(sign * Decimal(match["rate"]), now - was, was,
                         f"({_fmt(now)} − {_fmt(was)}) ÷ {_fmt(was)} {unit}", sentence, unit)


def table_rates(tables: Iterable[StoredTable]) -> list[Finding]:
    """执行率 cells of a table row that its 执行数 / 预算数 cells do not give."""
    findings: list[Finding] = []
    for table in tables:
        columns = list(table.columns)
        rate = next((j for j, c in enumerate(columns) if "执行率" in c), None)
        spent = next((j for j, c in enumerate(columns) if "执行数" in c), None)
        budget = next((j for j, c in enumerate(columns) if "全年预算" in c), None)
        budget = budget if budget is not None else next((j for j, c in enumerate(columns) if "预算数" in c), None)
        if rate is None or spent is None or budget is None:
            continue
        for row in table.rows:
            cells = [parse_cell_number(row[j]) if j < len(row) else None for j in (rate, spent, budget)]
            if any(c is None for c in cells):
                continue
            stated, done, planned = (c.number for c in cells if c is not None)
            quote = " | ".join(cell for cell in row if cell.strip())
            sentence = _Sentence(quote, table.start)  # placed by its table: the rate's text may occur anywhere
            found = _rate_finding(stated, done, planned, f"{columns[spent]} {_fmt(done)} ÷ {columns[budget]} {_fmt(planned)}",
                                  sentence, table.unit or "")
            if found is not None:
                findings.append(found)
    return findings


_WEIGHT_COLUMN = re.compile(r"^(?:分值|权重|标准分)$")
_SCORE_COLUMN = re.compile(r"^(?:自评)?得分$")
_SCORE_TOTAL = re.compile(r"^(?:总分|合计|总计|综合得分|自评总分|得分合计)")
FULL_MARKS = Decimal(100)


def indicator_scores(tables: Iterable[StoredTable]) -> list[Finding]:
    """Indicator tables whose rows' 得分 do not add up to their 总分 row's."""
    findings: list[Finding] = []
    for table in tables:
        columns = list(table.columns)
        weight_at = next((j for j, c in enumerate(columns) if _WEIGHT_COLUMN.match(c.strip())), None)
        score_at = next((j for j, c in enumerate(columns) if _SCORE_COLUMN.match(c.strip())), None)
        if weight_at is None or score_at is None:
            continue
        parts: list[tuple[Decimal, Decimal, str]] = []
        total: tuple[Decimal | None, Decimal, str] | None = None
        for row in table.rows:
            weight = parse_cell_number(row[weight_at]) if weight_at < len(row) else None
            score = parse_cell_number(row[score_at]) if score_at < len(row) else None
            if any(_SCORE_TOTAL.match(cell.strip()) for cell in row[:weight_at]):
                if score is not None:
                    total = (weight.number if weight else None, score.number, " | ".join(c for c in row if c.strip()))
            elif weight is not None and score is not None:
                parts.append((weight.number, score.number, row[score_at]))
        if total is None or len(parts) < 2:
            continue
        total_weight, stated, total_quote = total
        weights = sum((w for w, _, _ in parts), Decimal(0))
        if weights != (total_weight if total_weight is not None else FULL_MARKS):
            continue  # not the whole grid: a page or rows missing, nothing to say
        computed = sum((sc for _, sc, _ in parts), Decimal(0))
        # Scores are awarded, not rounded: half a unit of the finest decimal written, once.
        tolerance = rounding_tolerance(*(sc for _, sc, _ in parts), stated) / (len(parts) + 1)
        if abs(computed - stated) <= tolerance:
            continue
        listed = " + ".join(_fmt(sc) for _, sc, _ in parts)
        arithmetic = (f"各指标得分 {listed} = {_fmt(computed)} 分，而总分为 {_fmt(stated)} 分"
                      f"（差 {_fmt(abs(computed - stated))}；分值合计 {_fmt(weights)}，表完整；容差 {_fmt(tolerance)}）")
        span = (table.start, table.start + 1)
        findings.append(Finding("indicator_scores", severity_of(stated, computed), (float(stated), float(computed)), "分",
                                (total_quote, f"各指标得分：{listed}"), arithmetic, (span, span)))
    return findings


def table_identities(tables: Iterable[StoredTable]) -> list[Finding]:
    """Sums a statutory table breaks, as checked at ingest."""
    findings: list[Finding] = []
    for table in tables:
        for failed in table.failed:
            stated, computed = Decimal(failed.stated), Decimal(failed.computed)
            title = table.caption or " | ".join(c for c in table.columns if c)
            findings.append(Finding("table_identity", severity_of(stated, computed), (float(stated), float(computed)),
                                    table.unit, (f"{title}：{failed.label}",), failed.arithmetic,
                                    ((failed.start, failed.end),)))
    return findings


_SUBJECT_TOTAL = re.compile(r"^科目\d+ · [^·]* · 合计$")  # the 合计 column of a 科目 row


def restated(figures: list[StoredFigure]) -> list[Finding]:
    """A 科目 amount in prose against the 合计 its statutory tables give for the same 科目."""
    totals: dict[str, list[StoredFigure]] = {}
    for item in figures:
        f = item.figure
        if f.kind == "table_cell" and _SUBJECT_TOTAL.match(f.qualifier or "") and f.unit in MONEY_SCALE:
            totals.setdefault(f.metric, []).append(item)
    findings: list[Finding] = []
    for item in figures:
        f = item.figure
        cells = totals.get(f.metric, [])
        if f.kind != "prose" or f.unit not in MONEY_SCALE or not cells or f.number is None:
            continue
        cells = [c for c in cells if not f.qualifier or f" · {f.qualifier} · " in f" {c.figure.qualifier}"]
        first = _agreed([c.figure for c in cells])
        if first is None:
            continue  # no table amount, or the tables disagree among themselves: not a restatement to judge
        found = _restatement(f, first, named=False)
        if found is not None:
            findings.append(found)
    return findings


def _agreed(cells: list[Figure]) -> Figure | None:
    """The first of the table cells when they all state one amount; None when there is none or they differ."""
    if not cells or not all(same_amount(c.value, c.unit, cells[0].value, cells[0].unit) for c in cells):
        return None
    return cells[0]


def _restatement(prose: Figure, cell: Figure, *, named: bool) -> Finding | None:
    """A prose amount that the table's amount contradicts — not one that rounds the table's amount or
    cuts it (87.70 for 877,080 元: less than its last digit); `named` puts both labels in the arithmetic."""
    table_value = in_money_unit(Decimal(cell.value), str(cell.unit), str(prose.unit))
    prose_value = Decimal(prose.value)
    if same_amount(prose.value, prose.unit, cell.value, cell.unit) or \
            abs(prose_value - table_value) < Decimal(10) ** -decimals_of(prose_value):
        return None
    said, shown = (f"{prose.metric} ", f"{cell.metric} ") if named else ("", "")
    arithmetic = (f"正文 {said}{prose.value} {prose.unit}；表中 {shown}{cell.value} {cell.unit} = {_fmt(table_value)} {prose.unit}"
                  f"（相差 {_fmt(abs(prose_value - table_value))} {prose.unit}）")
    return Finding("restated", severity_of(prose_value, table_value), (float(prose_value), float(table_value)),
                   prose.unit, (prose.quote, cell.quote), arithmetic, ((prose.start, prose.end), (cell.start, cell.end)))


# A document's whole income or spending as prose says it (收入预算16497.86万元) and as its tables' 总计
# row says it (收入总计 164,978,640 元).
_PROSE_TOTALS = {"收入": ("收入预算", "收入总计", "收入合计", "本年收入"), "支出": ("支出预算", "支出总计", "支出合计", "本年支出")}


def stated_totals(figures: list[StoredFigure]) -> list[Finding]:
    """A prose total of income or spending that the document's own 总计 rows contradict (all of them
    agreeing among themselves first)."""
    findings: list[Finding] = []
    for side, names in _PROSE_TOTALS.items():
        first = _agreed([i.figure for i in figures if i.figure.kind == "table_cell" and i.figure.metric == f"{side}总计"
                         and i.figure.unit in MONEY_SCALE and i.figure.number is not None])
        if first is None:
            continue
        for item in figures:
            f = item.figure
            if f.kind != "prose" or f.metric not in names or f.unit not in MONEY_SCALE or f.number is None:
                continue
            found = _restatement(f, first, named=True)
            if found is not None:
                findings.append(found)
    return findings


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per disagreement: a report repeating a sentence (a summary and its section) states
    the same disagreement twice, and it is reported once."""
    seen: set[tuple[str, tuple[float, ...], str]] = set()
    out: list[Finding] = []
    for finding in findings:
        key = (finding.kind, finding.values, finding.arithmetic)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def audit_report(store: Store, report_id: str) -> list[Finding]:
    """Every finding of one stored report, its quotes placed in their sections."""
    row = store.find_report(report_id)
    text = store.report_text(row.id)
    tables = store.tables(row.id)
    figures = store.figures(report_ids=[row.id])
    findings = _unique([*table_identities(tables), *total_vs_parts(text), *restated(figures), *stated_totals(figures), *stated_rates(text),
                        *table_rates(tables), *indicator_scores(tables)])
    section_at = section_finder(store.section_records(row.id))
    return [replace(f, report=row.name, sections=tuple(section_label(section_at(start)) for start, _ in f.spans))
            for f in findings]


def findings_json(findings: list[Finding]) -> dict[str, object]:
    """The audit's JSON contract: {"findings": [{kind, report, severity, values, unit, quotes, sections, arithmetic}]}."""
    return {"findings": [
        {"kind": f.kind, "report": f.report, "severity": f.severity, "values": list(f.values), "unit": f.unit,
         "quotes": list(f.quotes), "sections": list(f.sections), "arithmetic": f.arithmetic}
        for f in findings
    ]}
