"""Shared fixtures: the seed report (parsed once per session) and temporary data folders."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

if os.environ.get("PYTEST_XDIST_WORKER"):
    # `make test` runs two workers on this two-core machine: one thread each, set before torch loads,
    # instead of two apiece contending for both cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("REPORTQA_EMBEDDING_THREADS", "1")

import pytest  # noqa: E402

from index.pipeline import parse_report  # noqa: E402
from index.records import ParsedReport  # noqa: E402
from index.settings import Settings  # noqa: E402

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/reports.py, the report generator

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"
DATA = Path(__file__).resolve().parent / "data"


def _seed_path() -> Path:
    for candidate in (ROOT / "corpus" / SEED_NAME, ROOT.parent / "shared" / "corpus" / SEED_NAME):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"seed report {SEED_NAME} not found in corpus/ or ../shared/corpus/")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return _seed_path()


@pytest.fixture(scope="session")
def seed(seed_path: Path) -> ParsedReport:
    return parse_report(seed_path, seed_path.read_bytes(), Settings())


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """A data folder with the seed ingested once per session (real default model); tests that change
    their data folder take a copy (`seeded_copy`), which costs a file copy instead of an ingest."""
    from servers import seeded_data

    return seeded_data(tmp_path_factory.mktemp("seeded"), seed_path)


@pytest.fixture()
def seeded_copy(tmp_path: Path, seeded_template: Path) -> Path:
    return Path(shutil.copytree(seeded_template, tmp_path / "seed-data"))


@pytest.fixture()
def corpus_dir(tmp_path: Path, seed_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    return folder


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A throwaway PostgreSQL with pgvector (the pgserver package: a real server in a temporary
    folder, stopped at the end of the session). Yields a function giving the URL of a new, empty
    database on it, one per caller."""
    import itertools

    import pgserver
    import psycopg

    server = pgserver.get_server(tmp_path_factory.mktemp("postgres"), cleanup_mode="stop")
    admin = server.get_uri()
    numbers = itertools.count(1)

    def new_database() -> str:
        name = f"archive_{next(numbers)}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return admin.replace("/postgres?", f"/{name}?", 1)

    yield new_database
    server.cleanup()


@pytest.fixture(scope="session")
def on_backend(request: pytest.FixtureRequest) -> Callable[[str, Path], Settings]:
    """A function giving the settings of a SQLite data folder on a backend: the folder itself for
    "sqlite", or for "postgresql" a new database on the session's server with the folder copied in
    (index/admin/migrate.py copies the vectors too, so nothing is embedded again)."""
    from index.admin.migrate import migrate_to_postgres

    def settings_on(backend: str, data: Path) -> Settings:
        settings = Settings.from_env(data=data)
        if backend == "sqlite":
            return settings
        url = request.getfixturevalue("postgres_server")()
        migrate_to_postgres(settings, url, progress=False)
        return Settings.from_env(data=data, database_url=url)

    return settings_on


# The longest modules (measured with --durations), started first: with `-n 2 --dist loadfile` a whole
# module runs on one worker, and a long one started last leaves the other core idle at the end.
_LONGEST_FIRST = ("test_scorer.py", "test_cli.py", "test_cluster.py", "test_backends.py", "test_workers.py", "test_crash.py",
                  "test_embedder.py", "test_answers.py", "test_retrieval.py", "test_load.py", "test_ui.py",
                  "test_seed_formats.py", "test_library_questions.py")
# A test that uses one of these fixtures loads the real embedding model (an ingest) or starts PostgreSQL.
_MODEL_FIXTURES = frozenset(("seeded_template", "seeded_copy"))
_POSTGRES_FIXTURES = frozenset(("postgres_server",))
_SLOW_MARKERS = ("model", "postgres", "browser", "crash")


def _mark_by_fixtures(item: pytest.Item) -> None:
    """`model` / `postgres` from the fixtures a test uses (directly or through others), and `slow` for
    every test so marked: the fast part (`pytest -m "not slow"`) is what none of them costs."""
    names = set(getattr(item, "fixturenames", ()))
    if names & _MODEL_FIXTURES:
        item.add_marker(pytest.mark.model)
    params = getattr(getattr(item, "callspec", None), "params", {})
    if names & _POSTGRES_FIXTURES or "postgresql" in params.values():
        item.add_marker(pytest.mark.postgres)
    if any(item.get_closest_marker(name) for name in _SLOW_MARKERS):
        item.add_marker(pytest.mark.slow)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return _LONGEST_FIRST.index(name) if name in _LONGEST_FIRST else len(_LONGEST_FIRST)

    for item in items:
        _mark_by_fixtures(item)
    items.sort(key=rank)  # stable: each module keeps its own order
