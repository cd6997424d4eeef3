"""The seed's figures against a reviewed snapshot (tests/data/seed_figures.tsv): any change, a figure
gained, lost or renamed, fails until the snapshot is reviewed again.

After a deliberate change, rewrite the snapshot and read its diff before committing:
    REPORTQA_UPDATE_SNAPSHOT=1 .venv/bin/pytest tests/test_seed_snapshot.py
"""

from __future__ import annotations

import difflib
import os

from testdata import DATA

from index.records import Figure, ParsedReport

SNAPSHOT = DATA / "seed_figures.tsv"
HEADER = "kind\tentity\tmetric\tqualifier\tvalue\tunit\tyear\ttarget\tsection"


def _line(figure: Figure) -> str:
    fields = (figure.kind, figure.entity, figure.metric, figure.qualifier, figure.value, figure.unit, figure.year,
              figure.target, " › ".join(figure.section))
    return "\t".join("" if field is None else str(field).replace("\t", " ").replace("\n", " ") for field in fields)


def test_the_seed_s_figures_match_the_reviewed_snapshot(seed: ParsedReport) -> None:
    lines = [HEADER, *(_line(f) for f in seed.figures)]
    if os.environ.get("REPORTQA_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    diff = list(difflib.unified_diff(expected, lines, "reviewed", "now", lineterm="", n=0))
    assert not diff, "the seed's figures changed:\n" + "\n".join(diff[:60])
