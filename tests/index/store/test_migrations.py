"""A data folder written by an older reportqa is migrated in place on open, numbered step by step,
and keeps answering; a folder from a newer reportqa is refused with a clear error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index.errors import StoreError
from index.settings import Settings
from index.store.schema import FORMAT_VERSION
from index.store.sqlite import Store
from qa.assistant import load_assistant
from qa.records import Filters


def _make_format_1(db_path: Path) -> None:
    """What format 1 was: no document type column, no record of the sums a table breaks."""
    with sqlite3.connect(db_path) as db:
        db.execute("ALTER TABLE reports DROP COLUMN doc_type")
        db.execute("ALTER TABLE tables DROP COLUMN failed")
        db.execute("UPDATE meta SET value='1' WHERE key='format_version'")


def test_a_format_1_folder_is_migrated_and_keeps_answering(seeded_copy: Path) -> None:
    settings = Settings.from_env(data=seeded_copy)
    _make_format_1(settings.db_path)
    with Store.open(settings.db_path) as store:  # opening migrates
        (report,) = store.reports()
        tables = store.tables(report.id)
    with sqlite3.connect(settings.db_path) as db:
        version = db.execute("SELECT value FROM meta WHERE key='format_version'").fetchone()[0]
    assert int(version) == FORMAT_VERSION
    assert report.department == "岳阳市科学技术局" and report.doc_type is None  # not known before the migration
    assert tables and all(t.failed == () for t in tables)  # no failures recorded: none were checked
    answer = load_assistant(settings).ask("向上争取了多少资金？")
    assert answer.found and answer.figures[0].figure.value == "9783.6"  # type: ignore[attr-defined]


def test_documents_are_typed_and_the_type_filters(seeded_copy: Path) -> None:
    settings = Settings.from_env(data=seeded_copy)
    assistant = load_assistant(settings)
    (report,) = assistant.reports.values()
    assert report.doc_type == "整体支出绩效自评"
    assert assistant.ask("向上争取了多少资金？", filters=Filters(doc_type="整体支出绩效自评")).found
    refused = assistant.ask("向上争取了多少资金？", filters=Filters(doc_type="部门决算"))
    assert not refused.found and not refused.figures


def test_a_folder_from_a_newer_reportqa_is_refused(seeded_copy: Path) -> None:
    settings = Settings.from_env(data=seeded_copy)
    with sqlite3.connect(settings.db_path) as db:
        db.execute("UPDATE meta SET value=? WHERE key='format_version'", (str(FORMAT_VERSION + 1),))
    with pytest.raises(StoreError, match="更新"):
        Store.open(settings.db_path)
