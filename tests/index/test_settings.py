"""Settings: defaults, then REPORTQA_* environment variables, then explicit overrides."""

from __future__ import annotations

import pytest

from index.settings import Settings


def test_an_override_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTQA_EMBEDDING_THREADS", "3")
    monkeypatch.setenv("REPORTQA_INGEST_PROCESSES", "2")
    assert Settings.from_env().embedding_threads == 3
    settings = Settings.from_env(embedding_threads=1)
    assert (settings.embedding_threads, settings.ingest_processes) == (1, 2)
