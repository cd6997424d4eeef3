"""The same archive in SQLite + FAISS + BM25 and in PostgreSQL + pgvector (a real server started by
pgserver): the store holds the same rows, search finds the same passages, the seed's questions are
answered alike, and an ingest by one process is seen by another. Each test runs on both backends."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from servers import running_apps
from testdata import TESTS

from index.admin.migrate import migrate_to_postgres
from index.backend import open_store, read_meta
from index.errors import ReportNotFoundError, StoreError
from index.ingest import ingest_paths, remove_report
from index.settings import Settings
from qa.assistant import load_assistant
from qa.evaluate import evaluate
from qa.retrieve import open_retriever

HERE = TESTS
SEED_QA = HERE / "data" / "seed_qa.jsonl"
OTHER = HERE / "data" / "liuyang-2022-wenlvju.txt"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seeded_template: Path) -> Settings:
    """The seed's archive on either backend: a copy of the session's seeded SQLite folder, or that
    folder copied into a new PostgreSQL database (index/admin/migrate.py: its vectors, no embedding again)."""
    data = Path(shutil.copytree(seeded_template, tmp_path_factory.mktemp(request.param) / "data"))
    if request.param == "sqlite":
        return Settings.from_env(data=data)
    new_database: Callable[[], str] = request.getfixturevalue("postgres_server")
    url = new_database()
    copied = migrate_to_postgres(Settings.from_env(data=data), url, progress=False)
    assert copied.reports == 1 and copied.vectors > 0 and copied.statement_vectors > 0
    return Settings.from_env(data=data, database_url=url)


@pytest.fixture(scope="module")
def sqlite_figures(seeded_template: Path) -> list[dict[str, object]]:
    with open_store(Settings.from_env(data=seeded_template)) as store:
        return [f.to_json() for f in store.figures()]


def test_the_store_holds_the_same_rows(archive: Settings, sqlite_figures: list[dict[str, object]]) -> None:
    with open_store(archive, create=False) as store:
        (report,) = store.reports()
        assert report.department == "岳阳市科学技术局" and report.fiscal_year == 2021
        assert store.find_report(report.name).id == report.id == store.find_report(report.id[:8]).id
        figures = [f.to_json() for f in store.figures()]
        assert figures == sqlite_figures  # every figure, value, unit, quote and position alike
        assert store.counts() == {"reports": 1, "chunks": report.n_chunks, "figures": report.n_figures}
        tables = store.tables(report.id)
        assert len(tables) == report.n_tables and any("9783.6" in json.dumps(t.rows, ensure_ascii=False) for t in tables)
        assert [s.path for s in store.section_records(report.id)][:2] == [p for p, _ in store.sections(report.id)][:2]
        with pytest.raises(ReportNotFoundError, match="没有与"):
            store.find_report("no-such-report.txt")


def test_search_finds_the_passage_on_both(archive: Settings) -> None:
    retriever = open_retriever(archive)
    passages = retriever.search("向上争取资金", k=5)
    assert passages and any("9783.6" in p.chunk.text for p in passages[:3])
    dense = retriever.search("科技局存在哪些主要问题", k=3, mode="dense")
    assert dense and all(p.meaning is not None and 0.5 < p.meaning <= 1.0 for p in dense)
    lexical = retriever.search("高新技术企业", k=3, mode="bm25")
    assert lexical and "高新技术企业" in lexical[0].chunk.text
    rarity, background = retriever.index.rarities(["高新技术企业", "资金"], backgrounds=(0, 300))
    assert rarity["高新技术企业"] > rarity["资金"]
    # Against a background of chunks that hold neither, the report's everyday word weighs more than
    # over the one report alone, and still less than the rare one (passages are weighed so).
    assert rarity["资金"] < background["资金"] < background["高新技术企业"]


def test_the_seed_questions_are_answered_alike(archive: Settings) -> None:
    """Measured when written: 42/42 figures, 9/9 passages, 4/4 absent on both (PostgreSQL's lexical
    ranking is BM25 as bm25s computes it; with plain ts_rank 市级五类科技计划 was refused there)."""
    result = evaluate(load_assistant(archive), SEED_QA)
    assert result.overall.get("figure", "wrong") == 0, result.misses
    assert result.overall.get("figure", "right") == result.overall.total("figure"), result.misses
    assert result.overall.get("passage", "right") == result.overall.total("passage"), result.misses
    assert result.overall.get("absent", "right") == result.overall.total("absent"), result.misses


def test_an_ingest_by_one_process_is_seen_by_another_and_removal_undoes_it(archive: Settings, tmp_path: Path) -> None:
    reader = load_assistant(archive)
    before = reader.retriever.generation
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(OTHER, corpus / OTHER.name)
    assert all(r.ok for r in ingest_paths([corpus], archive, progress=False))
    assert reader.retriever.behind()  # the other writer switched the generation
    reader.reload()
    assert reader.retriever.generation != before and len(reader.reports) == 2
    answer = reader.ask("浏阳市文化旅游广电局的在职人数是多少？")
    assert answer.found and {h.report for h in answer.figures} == {OTHER.name}
    remove_report(archive, OTHER.name)
    reader.reload()
    assert len(reader.reports) == 1
    with open_store(archive, create=False) as store:
        assert [r.name for r in store.reports()] == ["yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"]


def test_an_archive_that_is_not_there_is_a_clear_error(tmp_path: Path, postgres_server: Callable[[], str]) -> None:
    with pytest.raises(StoreError, match="没有索引"):
        open_store(Settings.from_env(data=tmp_path / "none"), create=False)
    with pytest.raises(StoreError, match="没有 reportqa 的报告库"):
        open_store(Settings.from_env(data=tmp_path, database_url=postgres_server()), create=False)
    with pytest.raises(StoreError, match=r"无法连接 PostgreSQL：postgresql://reportqa:\*\*\*@"):
        open_store(Settings.from_env(data=tmp_path, database_url="postgresql://reportqa:secret@127.0.0.1:1/none"))


def test_two_servers_share_one_postgresql_archive(tmp_path: Path, postgres_server: Callable[[], str], seeded_copy: Path,
                                                  sqlite_figures: list[dict[str, object]]) -> None:
    """`reportqa migrate-to-postgres` copies a SQLite folder (same figures, same vectors, nothing embedded
    again); then a report uploaded through one server is answered through the other at once, and
    kill -9 of the first loses nothing (its upload was committed, the second keeps answering)."""
    from gradio_client import Client, handle_file

    from bench.load import _ask

    url = postgres_server()
    # The archive is copied in by the CLI (twice: an interrupted copy is simply repeated, no duplicates).
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "ui.cli", "migrate-to-postgres", url, "--data", str(seeded_copy)],
                              capture_output=True, text=True, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        assert done.returncode == 0, done.stderr
        assert "复制 1 份报告" in done.stdout
    settings = Settings.from_env(data=seeded_copy, database_url=url)
    with open_store(settings, create=False) as store, open_store(Settings.from_env(data=seeded_copy)) as sqlite:
        assert [f.to_json() for f in store.figures()] == sqlite_figures
        meta = read_meta(settings, store)
        assert meta is not None and meta.index_type == "pgvector-hnsw"
        assert len(store.vectors(meta.model)[0]) == len(sqlite.vectors(meta.model)[0]) == store.counts()["chunks"]
    question = "浏阳市文化旅游广电局的在职人数是多少？"
    with running_apps([tmp_path / "a", tmp_path / "b"], database_url=url) as (first, second):
        before = _ask(second, "before", question)
        assert "报告中未找到" in before or "<b>" not in before
        Client(first, verbose=False).predict([handle_file(str(OTHER))], api_name="/upload")
        after = _ask(second, "after", question)
        assert "浏阳市文化旅游广电局" in after and "<b>" in after, after
        server_pid = _pid_listening(first)
        os.kill(server_pid, signal.SIGKILL)
        again = _ask(second, "again", "2021年岳阳市科技局向上争取了多少资金？")
        assert "<b>9783.6</b>" in again
    with open_store(Settings.from_env(data=tmp_path, database_url=url), create=False) as store:
        assert sorted(r.name for r in store.reports()) == sorted([OTHER.name, "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"])


def _pid_listening(url: str) -> int:
    """The process serving on the URL's port (the test started it: a child of this process)."""
    import psutil

    port = int(url.rstrip("/").rsplit(":", 1)[1])
    for child in psutil.Process().children(recursive=True):
        try:
            if any(c.laddr.port == port and c.status == psutil.CONN_LISTEN for c in child.net_connections()):
                return child.pid
        except psutil.Error:
            continue
    raise AssertionError(f"no child process listens on {port}")


def test_filters_and_info_read_alike(archive: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.records import Filters
    from ui.cli import main

    retriever = open_retriever(archive)
    department = retriever.search("三公经费", k=5, filters=Filters(department="科学技术局", year=2021))
    assert department and all(p.chunk.department == "岳阳市科学技术局" and p.chunk.fiscal_year == 2021 for p in department)
    assert retriever.search("三公经费", k=5, filters=Filters(year=2019)) == []
    section = retriever.search("问题", k=5, filters=Filters(section="存在的主要问题"))
    assert section and all("存在的主要问题" in " ".join(p.chunk.section) for p in section)
    if archive.database_url:
        monkeypatch.setenv("REPORTQA_DATABASE_URL", archive.database_url)
    assert main(["info", "--data", str(archive.data), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["reports"] == 1 and info["chunks"] == retriever.index.meta.count
    assert info["index_type"] == ("pgvector-hnsw" if archive.database_url else "flat")
