"""Every quote under a card is the report's own: prose quoted as written (a substring of the report's
canonical text), a table or form figure shown as its row whose every cell stands in the text — for every
figure of every development report (the seed, the 35 real openings, both disclosure PDFs)."""

from __future__ import annotations

import re

import pytest
from testdata import DATA, ROOT

from index.pipeline import parse_report
from index.records import Figure
from index.settings import Settings
from ui.render import highlight, quote_html, row_cells

pytestmark = [pytest.mark.slow]
DOCUMENTS = (ROOT / "corpus" / "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt",
             *sorted((DATA / "real").glob("*.txt")), *sorted((DATA / "disclosures").glob("*.pdf")))
_UNIT_ADDED = re.compile(r"\s*(?:万元|亿元|千元|元)$")  # the table's unit, written once in its heading


def test_every_figure_is_quoted_as_the_report_writes_it() -> None:
    settings = Settings.from_env()
    checked = 0
    not_verbatim: list[tuple[str, str]] = []
    for path in DOCUMENTS:
        report = parse_report(path, path.read_bytes(), settings)
        flat = re.sub(r"\s+", "", report.text)
        for figure in report.figures:
            checked += 1
            if figure.kind == "prose":
                if figure.quote not in report.text:
                    not_verbatim.append((path.name, figure.quote))
                continue
            _, cells = row_cells(figure.quote, figure.kind)
            for _, cell in cells:
                written = re.sub(r"\s+", "", _UNIT_ADDED.sub("", cell))
                if written and written not in flat:
                    not_verbatim.append((path.name, cell))
    assert checked > 2000  # a reader that stops ingesting cannot pass (2,348 when written)
    assert not_verbatim == [], not_verbatim[:10]


def test_a_table_figure_is_shown_as_its_row_with_its_thousands_separators() -> None:
    head, cells = row_cells("合计：合计 31,214,205.80 元，财政拨款收入 31,214,205.80 元")
    assert head == "合计" and cells == [("合计", "31,214,205.80 元"), ("财政拨款收入", "31,214,205.80 元")]
    assert highlight("涉及资金593,697.88万元", "593697.88") == "涉及资金<mark>593,697.88</mark>万元"
    cell = Figure("公务接待费", "1.74", 1.74, "万元", "table_cell", (), "局机关及二级机构汇总：三公经费合计 1.86 万元，公务接待费 1.74 万元",
                  0, 0)
    shown = quote_html(cell)
    assert shown.startswith("<table class='rq-row'>") and "<th>公务接待费</th>" in shown and "<mark>1.74</mark>" in shown
