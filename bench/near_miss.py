"""Near-miss questions generated from the development reports: thousands of questions a report cannot
answer, each beside the question it can (issue 27 item 3).

Run: .venv/bin/python bench/near_miss.py [--sets real,seed,disclosures] [--per-report 40] [--out FILE]

For every report of the fitting sets (never the validation part), in a data folder holding it alone
(the folders bench/eval_sets.py keeps), from the figures the report states:
  positive      `{label}是多少？` for a stated figure whose label is its own (a metric that names it)
  sibling       the label with one qualifier sibling swapped for another (退休 → 离休, 年初 → 调整, 事业 →
                行政; index/text/vocabulary.SIBLING_SETS) that the report's text never names
  other-year    the label asked of a year the report neither covers nor names
  other-report  another report's label whose words this report's text does not hold
  target-as-actual  an indicator whose target the report states and whose result it does not, asked
                `{label}实际完成了多少？` (a target claimed as the actual is a wrong number)
  level         a money label that names no level of government, asked of a level (中央, 省级, 市级,
                县级) the report's text never names: 省级实际到位资金 of a county's project
  share         a money label asked as a share (`{label}占比是多少？`) in a report that never says 占比 or
                比重: neither the amount nor another rate (资金到位率) is its share
  target-of-done  a value stated as done (a prose figure whose sentence and heading say nothing of a plan,
                and no target of it stated) asked `{label}的目标值是多少？`: what was done is not the target
  period        a label asked of a part of the year (上半年) or of the year before (上年) that the report's
                text never names: the year's value is neither
  rate          a count's or an amount's label asked as its 完成率 in a report that never says 完成率:
                another rate (项目执行率, 受害率) is no answer
  change        in a report that states some change (本年收入决算数比上年减少105.95万元), the change of a
                label whose change it does not state (三公经费比上年增加了多少？)
Every question is asked as a user asks it (`reportqa ask`, no report named). A near miss answered with
a number is a wrong number claimed; the rate is what issue 27 holds at ≤ 1 %.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import SETS, files_for, ingested  # noqa: E402
from index.embed.embedder import load_embedder  # noqa: E402
from index.records import Figure  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.store.sqlite import Store  # noqa: E402
from index.text.vocabulary import SIBLING_SETS, STATES_CHANGE, YEAR_DIGITS, funding_levels, unit_family  # noqa: E402
from qa.assistant import load_assistant  # noqa: E402
from qa.evaluate import same_value  # noqa: E402
from qa.lookup import states_change  # noqa: E402

_PLAIN_LABEL = re.compile(r"^[\u4e00-\u9fff（）()、]{4,16}$")  # a label a person could ask by: words only


@dataclass(frozen=True)
class Generated:
    kind: str  # positive, sibling, other-year, other-report, change, target-as-actual, level, share, target-of-done, period, rate
    report: str
    question: str
    value: float | None = None  # a positive's value
    unit: str | None = None


def _askable(figure: Figure) -> str | None:
    """The figure's label when it reads as something to ask for (words only, no year, not a sentence)."""
    label = figure.metric.strip()
    if figure.number is None or not _PLAIN_LABEL.match(label) or re.search(YEAR_DIGITS, label):
        return None
    return label


def askable_labels(figures: list[Figure]) -> set[str]:
    return {label for f in figures if (label := _askable(f))}


def other_labels(labels: dict[str, set[str]], own: str) -> list[str]:
    """Every label of the reports other than `own` (their other-report questions)."""
    return sorted({label for report, named in labels.items() if report != own for label in named})


def generate(report: str, text: str, figures: list[Figure], others: list[str], fiscal_year: int | None,
             rng: random.Random, per_report: int) -> list[Generated]:
    """Positives and near misses of one report (at most `per_report` of each kind)."""
    labels: dict[str, Figure] = {}
    for figure in figures:
        label = _askable(figure)
        if label and label not in labels and not figure.entity and not figure.qualifier:
            labels[label] = figure
    chosen = rng.sample(sorted(labels), min(per_report, len(labels)))
    made = [Generated("positive", report, f"{label}是多少？", labels[label].number, labels[label].unit)
            for label in chosen]
    siblings = []
    for label in labels:
        for group in SIBLING_SETS:
            if not any(w in label for w in group.when):
                continue
            for member in group.members:
                spelling = next((s for s in member if s in label), None)
                if spelling is None:
                    continue
                for other in group.members:
                    if other is member or any(s in text for s in other):
                        continue
                    siblings.append(Generated("sibling", report, f"{label.replace(spelling, other[0], 1)}是多少？"))
    made += rng.sample(siblings, min(per_report, len(siblings)))
    named_years = {int(y) for y in re.findall(YEAR_DIGITS, text)}
    free_years = [y for y in range(2010, 2026) if y not in named_years and (fiscal_year is None or abs(y - fiscal_year) > 1)]
    if free_years:
        made += [Generated("other-year", report, f"{rng.choice(free_years)}年{label}是多少？") for label in chosen]
    foreign = [label for label in others if label not in labels and sum(ch in text for ch in set(label)) < 0.5 * len(set(label))]
    made += [Generated("other-report", report, f"{label}是多少？")
             for label in rng.sample(foreign, min(per_report, len(foreign)))]
    changed = [f.metric for f in figures if states_change(f)]
    unchanged = [label for label in labels if not STATES_CHANGE.search(label)
                 and not any(label in metric for metric in changed)] if changed else []
    made += [Generated("change", report, f"{label}比上年增加了多少？")
             for label in rng.sample(unchanged, min(per_report, len(unchanged)))]
    made += [Generated("target-as-actual", report, f"{metric}实际完成了多少？")
             for metric in rng.sample(planned_only(figures), min(per_report, len(planned_only(figures))))]
    unnamed = funding_levels(text)
    absent_levels = [word for word, level in _LEVEL_WORDS if level not in unnamed]
    leveled = [f"{word}{label}是多少？" for label, figure in labels.items() for word in absent_levels
               if unit_family(figure.unit) == "money" and not funding_levels(label)]
    made += [Generated("level", report, q) for q in rng.sample(leveled, min(per_report, len(leveled)))]
    if "占比" not in text and "比重" not in text:
        amounts = [label for label, figure in labels.items() if unit_family(figure.unit) == "money"]
        made += [Generated("share", report, f"{label}占比是多少？")
                 for label in rng.sample(amounts, min(per_report, len(amounts)))]
    done = done_only(labels, figures)
    made += [Generated("target-of-done", report, f"{label}的目标值是多少？")
             for label in rng.sample(done, min(per_report, len(done)))]
    periods = [f"{period}{label}是多少？" for period, unsaid in (("上半年", "上半年"), ("上年", "上年|上一年|去年"))
               if not re.search(unsaid, text) for label in labels]
    made += [Generated("period", report, q) for q in rng.sample(periods, min(per_report, len(periods)))]
    if "完成率" not in text:
        quantities = [label for label, figure in labels.items()
                      if unit_family(figure.unit) not in (None, "percent") and "率" not in label]
        made += [Generated("rate", report, f"{label}的完成率是多少？")
                 for label in rng.sample(quantities, min(per_report, len(quantities)))]
    return made


# Words that state a plan rather than what was done, in a sentence or a heading.
_PLAN_WORDS = re.compile(r"目标|计划|指标|预期|任务|要求|应达到|力争|[≥≤＞＜>]|不低于|不少于|不高于|不超过")


def done_only(labels: dict[str, Figure], figures: list[Figure]) -> list[str]:
    """Labels of prose figures stated as done: no target of them stated, nothing planned in their
    sentence or headings."""
    planned = {f.metric.removesuffix("（目标）") for f in figures if f.kind in ("target", "target_actual")}
    return sorted(label for label, f in labels.items()
                  if f.kind == "prose" and not any(label in p or p in label for p in planned)
                  and not _PLAN_WORDS.search(" ".join((f.quote, *f.section))))


# The levels of government a fund is asked of, as a question says them.
_LEVEL_WORDS = (("中央", "central"), ("省级", "province"), ("市级", "city"), ("县级", "county"))


def planned_only(figures: list[Figure]) -> list[str]:
    """Indicators whose target the report states (`X（目标）`, a 指标值 column) and whose result it does
    not: what was reached is not stated, and the target is no answer to it."""
    stated = {f.metric for f in figures if f.kind != "target"}
    planned = {f.metric.removesuffix("（目标）") for f in figures if f.kind == "target" and f.number is not None}
    return sorted(m for m in planned
                  if _PLAIN_LABEL.match(m) and not any(m in other or other in m for other in stated))


def near_misses(store: Store, rng: random.Random, per_report: int,
                reports: Collection[str] | None = None) -> list[Generated]:
    """Positives and near misses for every report of a store (or those named), each report's
    other-report questions drawn from the labels of every other report the store holds."""
    figures: dict[str, list[Figure]] = {}
    for stored in store.figures():
        figures.setdefault(stored.report_id, []).append(stored.figure)
    rows = [r for r in store.reports() if reports is None or r.name in reports]
    labels = {r.id: askable_labels(figures.get(r.id, [])) for r in store.reports()}
    made = []
    for row in rows:
        made += generate(row.name, store.report_text(row.id), figures.get(row.id, []), other_labels(labels, row.id),
                         row.fiscal_year, rng, per_report)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="real,seed,disclosures")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportqa-eval"))
    parser.add_argument("--per-report", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write every generated question with its outcome (JSON lines)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    embedder = load_embedder(Settings.from_env())
    rng = random.Random(args.seed)
    folders: list[tuple[str, Path, Path]] = []
    for name in args.sets.split(","):
        items = [json.loads(line) for line in SETS[name][0].read_text(encoding="utf-8").splitlines() if line.strip()]
        folders += [(name, Path(report), path) for report, path in files_for(items, SETS[name][1]).items()]
    assistants = {}
    every_label: dict[str, set[str]] = {}
    for name, report, path in folders:
        assistant = load_assistant(ingested(args.work / name / str(report), [path], embedder), embedder=embedder)
        assistants[str(report)] = assistant
        every_label[str(report)] = askable_labels([f.figure for f in assistant.retriever.store.figures()])
    counts: Counter[tuple[str, str]] = Counter()
    lines = []
    for _, report, _ in folders:
        assistant = assistants[str(report)]
        store = assistant.retriever.store
        (row,) = store.reports()
        made = generate(str(report), store.report_text(row.id), [f.figure for f in store.figures()],
                        other_labels(every_label, str(report)), row.fiscal_year, rng, args.per_report)
        for g in made:
            answer = assistant.ask(g.question)
            top = answer.figures[0].figure if answer.found and answer.figures else None
            if g.kind == "positive":
                outcome = "refused" if top is None else (
                    "right" if same_value(top.answer_value, g.value, got_unit=top.unit, gold_unit=g.unit) else "wrong")
            else:
                outcome = "refused" if top is None else "number"
            counts[(g.kind, outcome)] += 1
            lines.append({"kind": g.kind, "report": g.report, "question": g.question, "outcome": outcome,
                          "answer": answer.text[:200]})
    print("| kind | questions | answered right | refused | answered with a number (wrong) |")
    print("|---|---|---|---|---|")
    for kind in ("positive", "sibling", "other-year", "other-report", "change", "target-as-actual", "level", "share",
                 "target-of-done", "period", "rate"):
        total = sum(n for (k, _), n in counts.items() if k == kind)
        wrong = counts[(kind, "wrong")] + counts[(kind, "number")]
        print(f"| {kind} | {total} | {counts[(kind, 'right')]} | {counts[(kind, 'refused')]} | {wrong} ({wrong / max(1, total):.1%}) |")
    misses = sum(n for (k, o), n in counts.items() if k != "positive")
    numbers = sum(n for (k, o), n in counts.items() if k != "positive" and o == "number")
    print(f"near misses answered with a number: {numbers}/{misses} = {numbers / max(1, misses):.1%}")
    if args.out:
        args.out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


if __name__ == "__main__":
    main()
