"""The genre's standard metrics (qa/data/standard_metrics.tsv): what `reportqa prepare` readies for
questions across departments, so that a meeting's first question on one answers from stored claims."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STANDARD_METRICS = Path(__file__).parent / "data" / "standard_metrics.tsv"


@dataclass(frozen=True)
class StandardMetric:
    metric: str  # as a question names it (三公经费)
    unit: str  # the unit a filter on it names (万元 of 超过1000万元), "" when none

    def questions(self, year: int | None) -> list[str]:
        """Questions across departments whose per-department question is this metric's (of `year`, or of
        none): listed as a table, and filtered by a value in its unit."""
        named = f"{year}年{self.metric}" if year is not None else self.metric
        table = f"各单位的{named}"
        return [table, f"哪些单位{named}超过0{self.unit}？"] if self.unit else [table]


def parse_standard_metrics(text: str) -> list[StandardMetric]:
    """`metric<TAB>unit` lines; `#` starts a comment."""
    metrics = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        metric, _, unit = line.partition("\t")
        metrics.append(StandardMetric(metric.strip(), unit.strip()))
    return metrics


def load_standard_metrics(path: Path = STANDARD_METRICS) -> list[StandardMetric]:
    return parse_standard_metrics(path.read_text(encoding="utf-8"))
