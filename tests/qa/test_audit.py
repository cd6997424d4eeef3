"""一致性检查: planted errors in generated reports are found, consistent reports give no finding, and
the known disagreements of the seed and of a real disclosure are listed with their arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audit_reports import ALSO_FOUND, EXPECTED_KIND, PLANTS, generate
from fakes import BigramEmbedder
from testdata import DATA

from index.ingest import ingest_paths
from index.settings import Settings
from index.store.sqlite import Store
from qa.audit import Finding, audit_report
from ui.cli import main

pytestmark = [pytest.mark.slow]

SEEDS = range(20)
DISCLOSURES = DATA / "disclosures"


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Finding]]:
    """Findings per generated file: `ok-3.txt` consistent, `cell-3.txt` with a changed table cell…"""
    folder = tmp_path_factory.mktemp("audit-reports")
    for seed in SEEDS:
        (folder / f"ok-{seed}.txt").write_text(generate(seed), encoding="utf-8")
        for plant in PLANTS:
            (folder / f"{plant}-{seed}.txt").write_text(generate(seed, plant), encoding="utf-8")
    settings = Settings.from_env(data=tmp_path_factory.mktemp("audit-data"))
    results = ingest_paths([folder], settings, progress=False, embedder=BigramEmbedder())
    assert all(r.ok for r in results)
    with Store.open(settings.db_path) as store:
        return {row.name: audit_report(store, row.id) for row in store.reports()}


def test_consistent_reports_give_no_finding(audited: dict[str, list[Finding]]) -> None:
    noisy = {name: [f.arithmetic for f in found] for name, found in audited.items() if name.startswith("ok-") and found}
    assert noisy == {}
    assert sum(name.startswith("ok-") for name in audited) == len(SEEDS)


@pytest.mark.parametrize("plant", PLANTS)
def test_planted_errors_are_found_and_nothing_else(audited: dict[str, list[Finding]], plant: str) -> None:
    found = {name: fs for name, fs in audited.items() if name.startswith(f"{plant}-")}
    assert len(found) == len(SEEDS)
    hits = [name for name, fs in found.items() if any(f.kind == EXPECTED_KIND[plant] for f in fs)]
    assert len(hits) >= 0.95 * len(SEEDS), f"{plant}: found in {len(hits)} of {len(SEEDS)}"
    # Precision: a planted error raises findings of its own kind only (one typo, one disagreement).
    allowed = {EXPECTED_KIND[plant], *ALSO_FOUND.get(plant, ())}
    others = {name: [f.kind for f in fs if f.kind not in allowed] for name, fs in found.items()}
    assert all(not kinds for kinds in others.values()), others


def test_a_finding_carries_both_values_quotes_sections_and_arithmetic(audited: dict[str, list[Finding]]) -> None:
    (finding,) = [f for f in audited["execution_rate-0.txt"] if f.kind == "rate"]
    assert finding.unit == "%" and len(finding.values) == 2 and finding.values[0] != finding.values[1]
    assert "执行率" in finding.quotes[0] and finding.sections[0].endswith(" › 二、预算执行情况")
    assert "÷" in finding.arithmetic and "容差" in finding.arithmetic


def test_seed_audit_lists_the_raised_funds_that_do_not_add_up(capsys: pytest.CaptureFixture[str], seeded_copy: Path) -> None:
    assert main(["audit", "--json", "--data", str(seeded_copy)]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [set(f) for f in findings] == [{"kind", "report", "severity", "values", "unit", "quotes", "sections", "arithmetic"}]
    (finding,) = findings
    assert finding["kind"] == "total_vs_parts" and finding["values"] == [9783.6, 9883.6] and finding["unit"] == "万元"
    assert finding["severity"] == "high" and "660 + 5623.6 + 3600 = 9883.6" in finding["arithmetic"]
    assert "争取资金9783.6万元" in finding["quotes"][0] and all(s.startswith("一、部门（单位）基本概况") for s in finding["sections"])


def test_real_disclosure_restates_a_table_amount_wrongly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """普陀区财政局 2025: 职业年金缴费支出 887.36 万元 in the text, 873,617.00 元 in its tables; its other
    restated 科目 amounts (87.70 万元 for 877,080.00 元, cut rather than rounded) are not findings."""
    data = tmp_path / "data"
    settings = Settings.from_env(data=data)
    ingest_paths([DISCLOSURES / "shanghai-putuo-2025-caizhengju-bumenyusuan.pdf"], settings, progress=False,
                 embedder=BigramEmbedder())
    assert main(["audit", "shanghai-putuo-2025-caizhengju-bumenyusuan.pdf", "--json", "--data", str(data)]) == 0
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["kind"] == "restated" and finding["values"] == [887.36, 87.3617] and finding["unit"] == "万元"
    assert "887.36万元" in finding["quotes"][0] and "873,617.00" in finding["quotes"][1]
    assert main(["audit", "no-such-report", "--data", str(data)]) == 2
