"""Where an archive lives, chosen in Settings: SQLite + FAISS + BM25 in the data folder (the default),
or PostgreSQL + pgvector when `database_url` is set. Everything above index/ opens stores and search
indexes through these functions and never knows which."""

from __future__ import annotations

from typing import TYPE_CHECKING

from index import search_index
from index.embed import Embedder
from index.settings import Settings
from index.store import Store

if TYPE_CHECKING:
    from index.pg_search import PgSearchIndex



def open_store(settings: Settings, *, create: bool = True, shared: bool = False) -> Store:
    """The archive's store; `create=False` raises StoreError when there is none yet."""
    if settings.database_url:
        from index.pg_store import PostgresStore

        return PostgresStore.open_url(settings.database_url, create=create, shared=shared)
    return Store.open(settings.db_path, create=create, shared=shared)


def build_index(store: Store, embedder: Embedder, settings: Settings, *, progress: bool = False) -> search_index.IndexMeta:
    """Embed what lacks a vector and make the new index generation current."""
    if settings.database_url:
        from index.pg_search import build_pg_index
        from index.pg_store import PostgresStore

        assert isinstance(store, PostgresStore)
        return build_pg_index(store, embedder, settings, progress=progress)
    return search_index.build_index(store, embedder, settings, progress=progress)


def read_meta(settings: Settings, store: Store) -> search_index.IndexMeta | None:
    """How the current index generation was built (None: no index yet)."""
    if settings.database_url:
        from index.pg_search import read_pg_meta
        from index.pg_store import PostgresStore

        assert isinstance(store, PostgresStore)
        return read_pg_meta(store)
    return search_index.read_meta(settings)


def load_index(settings: Settings, store: Store, embedder: Embedder | None = None) -> search_index.SearchIndex | PgSearchIndex:
    """The current generation, checked against the store and the configured model."""
    if settings.database_url:
        from index.pg_search import load_pg_index
        from index.pg_store import PostgresStore

        assert isinstance(store, PostgresStore)
        return load_pg_index(settings, store, embedder)
    return search_index.load_index(settings, store, embedder)


def current_generation(settings: Settings, store: Store) -> str | None:
    """The generation searches should use now; another process's ingest changes it."""
    if settings.database_url:
        from index.pg_search import pg_generation
        from index.pg_store import PostgresStore

        assert isinstance(store, PostgresStore)
        return pg_generation(store)
    return search_index.current_generation(settings)


def index_summary(settings: Settings, store: Store | None = None) -> dict[str, object]:
    """What `reportqa info` shows of the index."""
    if settings.database_url:
        meta = read_meta(settings, store) if store is not None else None
        return {"index_type": meta.index_type if meta else None, "index_size": meta.count if meta else None,
                "index_bytes": None, "index_model": meta.model if meta else None}
    return search_index.index_summary(settings)
