"""Answer sentences and the JSON contract of `reportqa ask`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from index.records import Figure
from index.store.rows import PATH_SEPARATOR, ReportRow, figure_record, section_label
from index.text.numbers import MONEY_SCALE, in_money_unit, parse_cell_number
from qa.lists import ItemList
from qa.records import AcrossAsk, Answer, FigureHit, Passage, Question, YearRead

NOT_FOUND = "报告中未找到"
UNSTATED_NAMED = 10  # departments named as stating nothing before the rest are counted only


# The question's content words are kept space-separated for search; shown to a user, Chinese words run
# together as written (向上争取资金, not 向上争取 资金).
_SPACE_BETWEEN_CHINESE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def shown_subject(question: Question) -> str:
    return _SPACE_BETWEEN_CHINESE.sub("", question.content or question.text)


def section_of(figure: Figure) -> str:
    return section_label(figure.section)


# Amounts in 元 this large are read in 万元 (the unit reports talk in) beside the value as written.
READ_IN_WAN_FROM = Decimal(100000)


def converted(figure: Figure, money_unit_asked: str | None = None) -> str:
    """`（合 87.3617 万元）` when the figure's money unit is not the one asked (多少万元 of a cell in 元),
    or when an amount in 元 is large; exact, never rounded. Empty otherwise."""
    if figure.unit not in MONEY_SCALE or figure.number is None:
        return ""
    target = money_unit_asked
    parsed = parse_cell_number(figure.value)
    if parsed is None:
        return ""
    amount = parsed.number
    if target is None and figure.unit == "元" and abs(amount) >= READ_IN_WAN_FROM:
        target = "万元"
    if target is None or target == figure.unit:
        return ""
    text = format(in_money_unit(amount, figure.unit, target).normalize(), "f")
    return f"（合 {text} {target}）"


def figure_sentence(hit: FigureHit, report: ReportRow | None, money_unit_asked: str | None = None) -> str:
    """`2021年度岳阳市科学技术局向上争取资金 9783.6 万元（来源：一、… › …）`; an amount in another money
    unit than asked also in that unit (`873617.00 元（合 87.3617 万元）`)."""
    f = hit.figure
    year = f.year or (report.fiscal_year if report else None)
    who = report.department if report and report.department else hit.report
    entity = f"{f.entity}" if f.entity and f.entity not in (who or "") else ""
    qualifier = f"（{f.qualifier}）" if f.qualifier else ""
    unit = f" {f.unit}" if f.unit else ""
    target = f"，目标 {f.target}" if f.target else ""
    prefix = f"{year}年度" if year else ""
    also = converted(f, money_unit_asked)
    return f"{prefix}{who}{entity}{f.metric}{qualifier} {f.value}{unit}{also}{target}（来源：{section_of(f)}）"


def figure_answer(question: Question, hits: list[FigureHit], others: list[FigureHit], reports: dict[str, ReportRow]) -> str:
    """One sentence per report answered; other values of the same thing are listed with their sources."""
    lines = [figure_sentence(h, reports.get(h.report_id), question.money_unit_asked) for h in hits]
    text = "；".join(lines) if len(lines) > 1 else lines[0]
    if others:
        also = "；".join(figure_sentence(o, reports.get(o.report_id), question.money_unit_asked) for o in others)
        text += f"。报告中另有不同的数字：{also}"
    return text


def per_department_answer(
    question: Question, hits: tuple[FigureHit, ...], reports: dict[str, ReportRow], *, searched: int, held: int,
    unstated: Sequence[str] = (), partial: Sequence[tuple[FigureHit, tuple[str, ...]]] = (),
) -> str:
    """The question names no department and the archive holds several: one line per department that
    states the figure, each with its source, how many of the departments searched do, and a word
    that the question could name one — one department's figure is never given as if it were the only one.
    Over a large archive only the departments whose passages rank best are searched (`searched` of `held`).
    `partial`: the departments whose nearest figure leaves words of the question unsaid, each named with
    its figure, its source and the words it does not say."""
    subject = shown_subject(question)
    listed = "；".join(f"{i}. {figure_sentence(h, reports.get(h.report_id))}" for i, h in enumerate(hits, 1))
    near = "；".join(f"{figure_sentence(h, reports.get(h.report_id))}（未写明“{'、'.join(words)}”）"
                     for h, words in partial)
    near = f"另有{len(partial)}个单位的报告只载有相近的数字，不能确定是所问的：{near}。" if partial else ""
    names = "、".join(unstated[:UNSTATED_NAMED]) + ("等" if len(unstated) > UNSTATED_NAMED else "")
    others = searched - len(hits) - len(partial)
    rest = (f"其余{others}个单位的报告中未找到" + (f"（{names}）" if names else "") + "。" if others > 0 else "")
    scope = f"报告库中{held}个单位" if searched >= held else f"报告库中{held}个单位，在与问题最相关的{searched}个单位"
    # A name several departments answer to (县人大 of two counties) is said as the question wrote it.
    unnamed = f"问题中的“{question.department_mention}”对应多个单位" if question.department else "问题没有指明单位"
    return (f"{unnamed}，{scope}里有{len(hits)}个单位的报告载有“{subject}”：{listed}。"
            f"{near}{rest}如需其中一个单位，请在问题中写明单位名称。")


def year_read_sentence(read: YearRead) -> str:
    """What year 去年 / 今年 was read as, and which reports answer: said before every such answer."""
    if read.answering == (read.asked,):
        return f"“{read.word}”按{read.asked}年度的报告回答。"
    years = [y for y in read.answering if y != read.asked]
    # Over many departments the years are many: each line of the answer names its own year.
    older = (f"按最近的{'、'.join(f'{y}年度' for y in years)}报告回答" if len(years) <= 3
             else "按各自最近一年的报告回答（每条注明年度）")
    which = "部分单位没有该年度的报告，这些单位" if read.asked in read.answering else "报告库中没有该年度的报告，"
    return f"“{read.word}”即{read.asked}年度；{which}{older}，请留意年度。"


def report_label(report: ReportRow | None, file_name: str) -> str:
    """How a person names a report: 岳阳市科学技术局 · 2021年 · 整体支出绩效自评 (the file name only
    when the report's department is unknown)."""
    if report is None or not report.department:
        return file_name
    return " · ".join(x for x in (report.department, f"{report.fiscal_year}年" if report.fiscal_year else None, report.kind) if x)


def passage_answer(passages: list[Passage], report: ReportRow | None = None) -> str:
    """The passage whole (the chat folds a long one behind 展开; nothing is cut), with its source."""
    top = passages[0].chunk
    body = top.text.split("\n", 1)[-1].replace("\n", " ")
    return f"{body}（来源：{report_label(report, top.report)} › {section_label(top.section)}）"


def numbered_text(lead: str, items: Sequence[str], source: str) -> str:
    """A list answer's text: the lead-in (one line, if any), each item numbered and whole (an item may
    run over several lines), the source line last. `numbered_frame` reads it back."""
    return "\n".join([*([lead] if lead else []), *(f"{n}. {item}" for n, item in enumerate(items, 1)), source])


def numbered_frame(text: str) -> tuple[str, str]:
    """(lead-in, source line) of a `numbered_text`: what precedes its first item, and its last line."""
    body, _, source = text.rpartition("\n")
    return ("" if body.startswith("1. ") else body.partition("\n1. ")[0]), source


def list_answer(listed: ItemList, passage: Passage, report: ReportRow | None) -> str:
    """A section read as a list: its lead-in, then each item numbered, whole; the source after."""
    chunk = passage.chunk
    source = f"（来源：{report_label(report, chunk.report)} › {section_label(chunk.section)}）"
    return numbered_text(listed.lead, listed.items, source)


def not_found_answer(
    question: Question, passages: list[Passage], candidates: tuple[FigureHit, ...] = (),
    reports: dict[str, ReportRow] | None = None,
) -> str:
    """Not found, with the nearest passage and, when some figures came close, those as 可能相关 —
    listed with their sources for the reader to judge, never presented as the answer."""
    subject = shown_subject(question)
    near = f"最接近的段落在“{section_label(passages[0].chunk.section)}”。" if passages else ""
    hint = "" if question.in_chinese else "报告为中文，请用中文提问，例如“向上争取了多少资金？”。"
    if candidates:
        listed = "；".join(f"{i}. {figure_sentence(h, (reports or {}).get(h.report_id))}" for i, h in enumerate(candidates, 1))
        return f"{NOT_FOUND}与“{subject}”确切对应的数字。可能相关（请核对出处）：{listed}。{hint}"
    return f"{NOT_FOUND}与“{subject}”对应的内容。{near}{hint}"


def figure_json(hit: FigureHit) -> dict[str, object]:
    f = hit.figure
    return {**figure_record(f, report=hit.report, report_id=hit.report_id), "section": section_of(f)}


def passage_json(passage: Passage) -> dict[str, object]:
    return {
        "report": passage.chunk.report,
        "section": PATH_SEPARATOR.join(passage.chunk.section),
        "text": passage.chunk.text,
        "score": round(passage.score, 6),
    }


def question_error_json(question: str, error: Exception) -> dict[str, object]:
    """`reportqa ask --json`'s object for a question that cannot be asked (empty, only punctuation)."""
    return {"question": question, "found": False, "answer": str(error), "figures": [], "passages": []}


def search_json(passages: Sequence[Passage]) -> list[dict[str, object]]:
    """`reportqa search --json`: the passages with their fused score and each retriever's rank."""
    return [{"report": p.chunk.report, "section": PATH_SEPARATOR.join(p.chunk.section), "text": p.chunk.text,
             "score": p.score, "dense_rank": p.dense_rank, "bm25_rank": p.bm25_rank} for p in passages]


def answer_json(answer: Answer) -> dict[str, object]:
    return {
        "question": answer.question,
        "found": answer.found,
        "answer": answer.text,
        "figures": [figure_json(h) for h in answer.figures],
        "candidates": [{**figure_json(h), "probability": round(h.score, 3)} for h in answer.candidates],
        "passages": [passage_json(p) for p in answer.passages],
    }


_COMPARATOR_WORDS = {"<": "低于", "<=": "不高于", ">": "高于", ">=": "不低于"}


def across_answer(ask: AcrossAsk, metric: str, rows: Sequence[tuple[ReportRow, FigureHit, tuple[FigureHit, ...]]],
                  stated: int, unstated: Sequence[ReportRow]) -> str:
    """A question across departments (or years) answered as a numbered table of claimed figures, each with
    its source; how many departments were asked and state it; and the departments that state none
    (未载明: their report claims no such figure), never filled in. `metric`: what each was asked."""
    asked = stated + len(unstated)
    lines = []
    for i, (report, hit, sides) in enumerate(rows, 1):
        line = figure_sentence(hit, report, "万元" if hit.figure.unit in MONEY_SCALE else None)
        if sides:
            line = f"{report_label(report, hit.report)}：{hit.figure.value}{hit.figure.unit or ''}（计算：{hit.figure.quote}）"
        lines.append(f"{i}. {line}")
    if ask.kind == "series":
        head = f"{rows[0][0].department}逐年的“{metric}”（{len(rows)}个年度载明）：" if rows else f"各年度报告均未载明“{metric}”。"
    elif ask.kind == "filter":
        threshold = f"{_COMPARATOR_WORDS.get(ask.comparator or '', '')}{ask.threshold}{ask.threshold_unit or ''}"
        head = f"“{metric}”{threshold}的单位有 {len(rows)} 个" + ("：" if rows else "。")
    elif ask.kind == "change":
        head = f"“{metric}”比上年{'增加' if ask.direction == 'up' else '减少'}的单位有 {len(rows)} 个" + ("：" if rows else "。")
    elif ask.kind == "rank" and not rows:
        head = f"各单位载明的“{metric}”计量单位不同，无法排序。" if stated else f"各单位的报告均未载明“{metric}”，无法排序。"
    elif ask.kind == "rank":
        end = "最少（最低）" if ask.lowest else "最多（最高）"
        head = (f"按各单位报告中载明的“{metric}”，{end}的是：" if ask.top == 1
                else f"按各单位报告中载明的“{metric}”{'从低到高' if ask.lowest else '从高到低'}"
                     f"{f'（前{ask.top}名）' if ask.top else ''}：")
    else:
        head = f"载明“{metric}”的单位有 {stated} 个" + ("：" if rows else "。")
    kind = "年度" if ask.kind == "series" else "单位"
    names = "、".join(report_label(r, r.name) for r in unstated[:UNSTATED_NAMED])
    more = f"等{len(unstated)}个" if len(unstated) > UNSTATED_NAMED else ""
    tail = (f"共查{asked}个{kind}的报告，{stated}个载明" + (f"；未载明或未能确认的：{names}{more}" if unstated else "")
            + "。表中每个数字均为报告原文所载（见来源），未载明的不作推断。")
    body = "\n".join(lines)
    return "\n".join(part for part in (head, body, tail) if part)
